// The support log's API: what every part of the engine reports to (connection events, logins,
// errors with stacks, campaign starts and ends, lease changes, disk-full and recovery), so that an
// operator can hand one folder to support. The parts take a SupportLog and never know where it
// writes; nullSupportLog is the default wherever none is given (tests, benchmarks).
//
// An entry is an event name (kebab-case, stable: support greps for it), optional fields and an
// optional error. Redaction happens where the line is written (log-line.ts), so a caller can pass
// a field named `text` or `secret` without thinking: at the default level neither reaches the file.
import { LOG_LEVELS, type LogLevel } from '../../../shared/log-level.js';

export { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from '../../../shared/log-level.js';

export type LogFields = Record<string, unknown>;

export interface SupportLog {
  error(event: string, fields?: LogFields, error?: unknown): void;
  warn(event: string, fields?: LogFields, error?: unknown): void;
  info(event: string, fields?: LogFields, error?: unknown): void;
  debug(event: string, fields?: LogFields, error?: unknown): void;
  /** A log that adds these fields to every entry (e.g. { account: 'gw1' }). */
  child?(fields: LogFields): SupportLog;
}

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && (LOG_LEVELS as readonly string[]).includes(v);
}

/** True when an entry at `level` is written under the setting `threshold`. */
export function levelEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

const ignore = (): void => {};

export const nullSupportLog: SupportLog = Object.freeze({
  error: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
  child: () => nullSupportLog,
});

/** `log.child(fields)` when the log has children, else a wrapper that merges the fields itself. */
export function childLog(log: SupportLog, fields: LogFields): SupportLog {
  if (log.child) return log.child(fields);
  const merged =
    (level: LogLevel) =>
    (event: string, more?: LogFields, error?: unknown): void =>
      log[level](event, { ...fields, ...more }, error);
  return { error: merged('error'), warn: merged('warn'), info: merged('info'), debug: merged('debug'), child: (f) => childLog(log, { ...fields, ...f }) };
}
