// Small formatting and error helpers shared by the live screens (monitor, composer, campaigns, inbox).
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

// Engine events and close reasons are worded where the CLI words them too.
export { engineEventText as logText, engineEventCodeText as logCodeText, closeText } from '../../../shared/i18n/engine-event-text.js';
