// Small formatting and error helpers shared by the live screens (monitor, composer, campaigns, inbox).
import type { AccountFailure, LiveLog } from '../../../shared/ipc/contract/monitor.js';
import { connectStatusText } from '../../../shared/i18n/code-text.js';
import { hasKey, type Translate } from '../i18n/index.js';
import { clockText, dateTimeText } from '../../../shared/time-format.js';

/** HH:MM:SS (local time): what an operator reads next to a live report. */
export const clock: (ms: number) => string = clockText;

/** YYYY-MM-DD HH:MM:SS (local time). */
export function dateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : dateTimeText(ms);
}

/** A share as a percentage with one decimal, or '—' when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  return `${((100 * part) / whole).toFixed(1)}%`;
}

/** 1234567 -> "1,234,567". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Seconds as "1 h 2 min 3 s" pieces, in the UI language. */
export function duration(t: Translate, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return t('live.durationHours', { h, m });
  if (m > 0) return t('live.durationMinutes', { m, s: r });
  return t('live.durationSeconds', { s: r });
}

/** A catalogue text for a key built from data (a state name), or the raw value when there is none. */
export function tKey(t: Translate, key: string, fallback: string): string {
  return hasKey(key) ? t(key) : fallback;
}

/**
 * An engine event's line in the UI's language: a connection or login failure from its close code
 * (the catalogue explains each), other events from their code and params; main's English only
 * for an event the catalogues do not know.
 */
export function logText(l: LiveLog, t: Translate): string {
  if (l.code === 'account-failed' && l.failure) return t('monitor.event.account-refused', { ...l.params, why: closeText(l.failure, t) });
  if (l.code !== 'connection-failed' || !l.close) {
    const key = `monitor.event.${l.code}`;
    return hasKey(key) ? t(key, l.params) : l.message;
  }
  const why = closeText(l.close, t);
  const retry = l.close.retryInMs === undefined ? '' : t('monitor.retryIn', { seconds: Math.max(1, Math.round(l.close.retryInMs / 1000)) });
  return t('monitor.event.connection-failed', { account: l.close.account, connection: l.close.connection, why, retry });
}

/** An engine event's code as a short label in the UI's language (the code itself where none is known). */
export function logCodeText(code: string, t: Translate): string {
  const key = `monitor.eventCode.${code}`;
  return hasKey(key) ? t(key) : code;
}

/**
 * Why a connection closed or an account failed, from the session's close code; a refused login
 * adds the CONNECT_RESP Status and its meaning (shared/connect-status.ts).
 */
export function closeText(c: AccountFailure, t: Translate): string {
  const whyKey = `monitor.close.${c.code}`;
  const why = hasKey(whyKey) ? t(whyKey) : t('monitor.close.other', { code: c.code });
  if (c.code !== 'login-status' || c.status === undefined) return why;
  return t('monitor.close.withStatus', { why, status: c.status, meaning: connectStatusText(c.status, t) });
}
