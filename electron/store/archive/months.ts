// Months of the delivery log, as archives cut it: a month is 'YYYY-MM' in China Standard Time
// (UTC+8, the gateway's and the operators' clock), and an archive holds the messages whose
// created_at falls inside it. created_at never changes, so a message belongs to one month forever.
import { CHINA_UTC_OFFSET_MINUTES } from '../../../shared/time-format.js';

const OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;

/** A month's number since year 0 (year * 12 + month - 1): months compare and step as integers. */
export function monthIndexOf(ms: number): number {
  const d = new Date(ms + OFFSET_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function monthName(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The index of a 'YYYY-MM' name; null when it is not one. */
export function parseMonth(name: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(name);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return Number(m[1]) * 12 + month - 1;
}

/** [start, end) of a month in ms since the epoch. */
export function monthRange(index: number): [from: number, to: number] {
  const start = (i: number) => Date.UTC(Math.floor(i / 12), i % 12, 1) - OFFSET_MS;
  return [start(index), start(index + 1)];
}

/**
 * The newest month due for archiving when the live log keeps `keepMonths` months: the current
 * month and the `keepMonths` before it stay live, so with 6 on any day of December, May and older
 * are due. null when retention is off (0).
 */
export function lastDueMonth(now: number, keepMonths: number): number | null {
  if (keepMonths === 0) return null;
  return monthIndexOf(now) - keepMonths - 1;
}

/** Whether [from, to) (either end open) overlaps the month. */
export function rangeReachesMonth(index: number, from: number | undefined, to: number | undefined): boolean {
  const [start, end] = monthRange(index);
  return (from === undefined || from < end) && (to === undefined || to > start);
}
