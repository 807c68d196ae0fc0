// Statistics: what the daily aggregates count (docs/glossary.md "Statistics"), the day they count on,
// and the one result type the store, the services, the CLI and the IPC contract return.
// Browser-safe: no Node builtins, no packages.
import type { OptEvent } from './inbox-message.js';
import type { MessageState } from './message-state.js';
import { parseReason, ReasonCodes } from './reasons.js';
import { CHINA_UTC_OFFSET_MINUTES } from './time-format.js';

// ---- the day ------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;
let cachedEpochDay = NaN;
let cachedDay = 0;

/**
 * The statistics day of a moment: YYYYMMDD as an integer (20261206) at the desk's UTC offset
 * (China Standard Time, shared/time-format.ts), whatever the machine's zone.
 */
export function statisticsDay(ms: number): number {
  const epochDay = Math.floor((ms + OFFSET_MS) / DAY_MS);
  if (epochDay !== cachedEpochDay) {
    const d = new Date(epochDay * DAY_MS);
    cachedDay = d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    cachedEpochDay = epochDay;
  }
  return cachedDay;
}

/** The moments a statistics day covers, [start, end) in epoch ms (always 24 hours: UTC+8 has no daylight saving). */
export function statisticsDayBounds(day: number): { start: number; end: number } {
  const s = String(day);
  const start = Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) - OFFSET_MS;
  return { start, end: start + DAY_MS };
}

/** 20261206 -> '2026-12-06'. */
export function dayText(day: number): string {
  const s = String(day);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** 'YYYY-MM-DD' -> 20261206, or null when the text is no real calendar date. */
export function dayFromText(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return y * 10_000 + mo * 100 + d;
}

/** The day `n` days after (negative: before) `day`. */
export function addDays(day: number, n: number): number {
  const s = String(day);
  const ms = Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) + n * DAY_MS;
  const d = new Date(ms);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

// ---- what a message counts as --------------------------------------------------------------------

/** The outcome column: a message's state, or `mo` for a mobile-originated message. */
export type StatisticsOutcome = MessageState | 'mo';

/** A reason text's code (shared/reasons.ts), '' for none, `other` for text no builder writes. */
export function reasonCode(reason: string | null): string {
  if (reason === null) return '';
  return parseReason(reason)?.code ?? 'other';
}

/**
 * The (result, code) a message is counted under: a refused message by its SUBMIT_RESP Result; a
 * delivered, failed or unknown one by its Stat; a skipped, failed or unknown one without a Stat by
 * its reason's code; anything else under neither.
 */
export function statisticsCode(state: MessageState, result: number | null, stat: string | null, reason: string | null): [result: number, code: string] {
  if (state === 'failed' && result !== null && result !== 0) return [result, ''];
  if ((state === 'delivered' || state === 'failed' || state === 'unknown') && stat !== null) return [0, stat];
  if (state === 'failed' || state === 'unknown' || state === 'skipped') return [0, reasonCode(reason)];
  return [0, ''];
}

// ---- the result type ----------------------------------------------------------------------------

export type StatisticsGrouping = 'day' | 'account' | 'campaign' | 'reason';
export const StatisticsGroupings: readonly StatisticsGrouping[] = ['day', 'account', 'campaign', 'reason'];

export interface StatisticsQuery {
  /** First and last day, inclusive, as YYYYMMDD integers (statisticsDay). */
  fromDay: number;
  toDay: number;
  accountId?: number | null;
  /** A campaign's id; 0 = direct sends only. */
  campaignId?: number | null;
  /** How `groups` are formed; default 'day'. */
  by?: StatisticsGrouping;
}

/** The counters of a set of messages and MO (docs/glossary.md "Statistics"). */
export interface StatisticsCounters {
  /** Every message counted (MO not included), in whatever state. */
  messages: number;
  /** Messages handed to the gateway at least once, and their segments. */
  submitted: number;
  segmentsSubmitted: number;
  /** Billed segments (billed_count) of the messages handed over that the gateway did not refuse. */
  billed: number;
  /** Failed with a SUBMIT_RESP Result other than 0 and 8. */
  refused: number;
  delivered: number;
  /** Failed otherwise: a failing Stat, or never sendable. */
  failed: number;
  unknown: number;
  inDoubt: number;
  /** Submitted, no final status report yet. */
  awaitingReport: number;
  /** Queued or being submitted. */
  queued: number;
  skipped: number;
  cancelled: number;
  moReceived: number;
  optOuts: number;
}

export const emptyCounters = (): StatisticsCounters => ({
  messages: 0,
  submitted: 0,
  segmentsSubmitted: 0,
  billed: 0,
  refused: 0,
  delivered: 0,
  failed: 0,
  unknown: 0,
  inDoubt: 0,
  awaitingReport: 0,
  queued: 0,
  skipped: 0,
  cancelled: 0,
  moReceived: 0,
  optOuts: 0,
});

/** Delivered messages per message handed to the gateway (0..1), null when none was. */
export function deliveryRate(c: StatisticsCounters): number | null {
  return c.submitted === 0 ? null : c.delivered / c.submitted;
}

/** What a failure-reasons row names: a SUBMIT_RESP Result, a report Stat, or a reason code (shared/reasons.ts). */
export type StatisticsReasonKind = 'result' | 'stat' | 'reason';

export interface StatisticsReason {
  /** The outcome the messages ended in (failed, unknown, skipped, ...); refusals are `failed` with kind `result`. */
  outcome: MessageState;
  kind: StatisticsReasonKind;
  /** The Result as decimal text, the raw Stat (MK:0001, UNDELIV), or the reason code (opt-out). */
  code: string;
  messages: number;
  segments: number;
}

export interface StatisticsGroup extends StatisticsCounters {
  /**
   * by day: 'YYYY-MM-DD' (every day of the range, empty ones too); by account: the account id;
   * by campaign: the campaign id ('0' = direct sends); by reason: `${outcome}/${kind}/${code}`.
   */
  key: string;
  /** The account's or campaign's name (null when it was deleted or for direct sends); null otherwise. */
  name: string | null;
}

export interface StatisticsResult {
  fromDay: number;
  toDay: number;
  accountId: number | null;
  campaignId: number | null;
  by: StatisticsGrouping;
  totals: StatisticsCounters;
  groups: StatisticsGroup[];
  /** Why messages did not end delivered, most frequent first (delivered, queued and submitted not listed). */
  reasons: StatisticsReason[];
}

/** One stored row of the aggregate table, as the store reads it. */
export interface StatisticsCell {
  outcome: StatisticsOutcome;
  sent: 0 | 1;
  result: number;
  code: string;
  messages: number;
  segments: number;
  billed: number;
}

/** An MO row's code is its opt event (shared/inbox-message.ts). */
const OPT_OUT: OptEvent = 'opt_out';

/** Adds a stored row to counters. */
export function addCell(c: StatisticsCounters, cell: StatisticsCell): void {
  const n = cell.messages;
  if (cell.outcome === 'mo') {
    c.moReceived += n;
    if (cell.code === OPT_OUT) c.optOuts += n;
    return;
  }
  c.messages += n;
  const refused = cell.outcome === 'failed' && cell.result !== 0;
  if (cell.sent === 1) {
    c.submitted += n;
    c.segmentsSubmitted += cell.segments;
    if (!refused) c.billed += cell.billed;
  }
  switch (cell.outcome) {
    case 'delivered': c.delivered += n; break;
    case 'failed': if (refused) c.refused += n; else c.failed += n; break;
    case 'unknown': c.unknown += n; break;
    case 'in_doubt': c.inDoubt += n; break;
    case 'submitted': c.awaitingReport += n; break;
    case 'queued': case 'submitting': c.queued += n; break;
    case 'skipped': c.skipped += n; break;
    case 'cancelled': c.cancelled += n; break;
  }
}

/** The failure-reasons row a stored row belongs to, or null (delivered, queued, submitted, MO). */
export function reasonOf(cell: StatisticsCell): Omit<StatisticsReason, 'messages' | 'segments'> | null {
  if (cell.outcome === 'mo' || cell.outcome === 'delivered' || cell.outcome === 'queued' || cell.outcome === 'submitting' || cell.outcome === 'submitted') return null;
  if (cell.outcome === 'failed' && cell.result !== 0) return { outcome: 'failed', kind: 'result', code: String(cell.result) };
  const isStat = (cell.outcome === 'failed' || cell.outcome === 'unknown') && cell.code !== '' && cell.code !== 'other' && !ReasonCodes.has(cell.code);
  return { outcome: cell.outcome, kind: isStat ? 'stat' : 'reason', code: cell.code };
}

