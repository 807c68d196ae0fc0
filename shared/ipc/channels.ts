// The channel NAMES of the IPC contract as plain lists, one file per domain in channels/. The
// sandboxed preload iterates over these to expose one method per channel without pulling the
// validators into its bundle; contract.ts is keyed by the same names (checked by `satisfies`),
// so a channel cannot exist in one and not the other.
import { ACCOUNTS_EVENTS, ACCOUNTS_INVOKE } from './channels/accounts.js';
import { APP_EVENTS, APP_INVOKE } from './channels/app.js';
import { AUTOREPLY_EVENTS, AUTOREPLY_INVOKE } from './channels/autoreply.js';
import { CAMPAIGNS_EVENTS, CAMPAIGNS_INVOKE } from './channels/campaigns.js';
import { COMPOSER_EVENTS, COMPOSER_INVOKE } from './channels/composer.js';
import { CONTACTS_EVENTS, CONTACTS_INVOKE } from './channels/contacts.js';
import { DEMO_EVENTS, DEMO_INVOKE } from './channels/demo.js';
import { INBOX_EVENTS, INBOX_INVOKE } from './channels/inbox.js';
import { JOBS_EVENTS, JOBS_INVOKE } from './channels/jobs.js';
import { LOG_EVENTS, LOG_INVOKE } from './channels/log.js';
import { MONITOR_EVENTS, MONITOR_INVOKE } from './channels/monitor.js';
import { SETTINGS_EVENTS, SETTINGS_INVOKE } from './channels/settings.js';
import { STATISTICS_EVENTS, STATISTICS_INVOKE } from './channels/statistics.js';
import { SUPPORT_EVENTS, SUPPORT_INVOKE } from './channels/support.js';

/** Renderer -> main request/response channels, `namespace.method`. */
export const INVOKE_CHANNELS = [
  ...APP_INVOKE,
  ...DEMO_INVOKE,
  ...MONITOR_INVOKE,
  ...COMPOSER_INVOKE,
  ...CAMPAIGNS_INVOKE,
  ...INBOX_INVOKE,
  ...LOG_INVOKE,
  ...STATISTICS_INVOKE,
  ...CONTACTS_INVOKE,
  ...ACCOUNTS_INVOKE,
  ...SETTINGS_INVOKE,
  ...AUTOREPLY_INVOKE,
  ...SUPPORT_INVOKE,
  ...JOBS_INVOKE,
] as const;

/** Main -> renderer event channels, delivered in batches (see electron/ipc/events.ts). */
export const EVENT_CHANNELS = [
  ...APP_EVENTS,
  ...DEMO_EVENTS,
  ...MONITOR_EVENTS,
  ...COMPOSER_EVENTS,
  ...CAMPAIGNS_EVENTS,
  ...INBOX_EVENTS,
  ...LOG_EVENTS,
  ...STATISTICS_EVENTS,
  ...CONTACTS_EVENTS,
  ...ACCOUNTS_EVENTS,
  ...SETTINGS_EVENTS,
  ...AUTOREPLY_EVENTS,
  ...SUPPORT_EVENTS,
  ...JOBS_EVENTS,
] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];
