// Support: the support log's level and where its files are (Settings, "Support log").
// Channel names: ../channels/support.ts. Values are JSON-safe (../contract.ts says what that means).
import { LOG_LEVELS, type LogLevel } from '../../log-level.js';
import { type } from '../spec.js';
import { none, oneOf } from '../validate.js';
import { invoke } from './fields.js';

export interface SupportLogInfo {
  level: LogLevel;
  /**
   * How "open the log" works here: the desktop opens the folder in the file manager; browser mode
   * cannot open a folder on the server, so it downloads the current log file instead.
   */
  opens: 'folder' | 'download';
  /** The log folder's path on the desktop; null in browser mode (no server path reaches a page). */
  folder: string | null;
}

export interface OpenLogsResult {
  /** 'cancelled' when the download was not taken (no page to receive it). */
  opened: 'folder' | 'download' | 'cancelled';
  /** The folder opened (desktop) or the downloaded file's name (browser mode). */
  name: string;
}

export const supportContract = {
  'support.logInfo': invoke(none(), type<SupportLogInfo>()),
  /** Takes effect at once and is kept for the next start (the CLI uses it too). */
  'support.setLogLevel': invoke(oneOf(...LOG_LEVELS), type<SupportLogInfo>()),
  'support.openLogs': invoke(none(), type<OpenLogsResult>()),
} as const;
