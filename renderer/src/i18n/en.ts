// English catalogue: one file per domain in en/, the same keys as zh-CN.ts (typed as
// Record<MessageKey, string>).
import { sharedEn } from '../../../shared/i18n/catalogue.js';
import { accountsEn } from './en/accounts.js';
import { appEn } from './en/app.js';
import { autoreplyEn } from './en/autoreply.js';
import { campaignsEn } from './en/campaigns.js';
import { commonEn } from './en/common.js';
import { composerEn } from './en/composer.js';
import { contactsEn } from './en/contacts.js';
import { demoEn } from './en/demo.js';
import { inboxEn } from './en/inbox.js';
import { jobsEn } from './en/jobs.js';
import { logEn } from './en/log.js';
import { monitorEn } from './en/monitor.js';
import { settingsEn } from './en/settings.js';
import { statisticsEn } from './en/statistics.js';
import { supportEn } from './en/support.js';
import type { MessageKey } from './zh-CN.js';

export const en: Record<MessageKey, string> = {
  ...appEn,
  ...commonEn,
  ...demoEn,
  ...monitorEn,
  ...composerEn,
  ...campaignsEn,
  ...inboxEn,
  ...logEn,
  ...statisticsEn,
  ...contactsEn,
  ...accountsEn,
  ...settingsEn,
  ...autoreplyEn,
  ...supportEn,
  ...jobsEn,
  ...sharedEn,
};
