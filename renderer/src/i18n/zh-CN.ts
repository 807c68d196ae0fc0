// Simplified Chinese, the default UI language: one file per domain in zh-CN/ (the same domains as
// shared/ipc/contract/). en.ts must have exactly the same keys (the type says so, and
// test/ui/i18n.test.ts checks it at run time).
import { sharedZhCN } from '../../../shared/i18n/catalogue.js';
import { accountsZhCN } from './zh-CN/accounts.js';
import { appZhCN } from './zh-CN/app.js';
import { autoreplyZhCN } from './zh-CN/autoreply.js';
import { campaignsZhCN } from './zh-CN/campaigns.js';
import { commonZhCN } from './zh-CN/common.js';
import { composerZhCN } from './zh-CN/composer.js';
import { contactsZhCN } from './zh-CN/contacts.js';
import { demoZhCN } from './zh-CN/demo.js';
import { inboxZhCN } from './zh-CN/inbox.js';
import { jobsZhCN } from './zh-CN/jobs.js';
import { logZhCN } from './zh-CN/log.js';
import { monitorZhCN } from './zh-CN/monitor.js';
import { settingsZhCN } from './zh-CN/settings.js';
import { statisticsZhCN } from './zh-CN/statistics.js';
import { supportZhCN } from './zh-CN/support.js';

export const zhCN = {
  ...appZhCN,
  ...commonZhCN,
  ...demoZhCN,
  ...monitorZhCN,
  ...composerZhCN,
  ...campaignsZhCN,
  ...inboxZhCN,
  ...logZhCN,
  ...statisticsZhCN,
  ...contactsZhCN,
  ...accountsZhCN,
  ...settingsZhCN,
  ...autoreplyZhCN,
  ...supportZhCN,
  ...jobsZhCN,
  ...sharedZhCN,
} as const;

export type MessageKey = keyof typeof zhCN;
