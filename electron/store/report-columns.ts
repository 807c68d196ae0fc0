// How a status report is stored in few bytes and read back exactly as received (schema version 10):
// the outcome as a small code, the raw YYMMDDHHMM times as INTEGERs when they are ten digits, the
// raw Dest_terminal_Id only where it differs from the normalised number, the DELIVER's Dest_Id and
// Service_Id as one shared report_origins row, the match time as its delay after receipt, and for a
// matched report neither the number nor a Msg_Id its segment already holds.
import type { StatOutcome } from '../../shared/message-state.js';

/** status_reports.outcome: the code is the index (the column's CHECK allows 0..3). */
export const OUTCOME_CODES: readonly StatOutcome[] = ['delivered', 'failed', 'unknown', 'pending'];

/** Each outcome's code, for SQL that counts reports by outcome. */
export const OUTCOME_CODE = Object.fromEntries(OUTCOME_CODES.map((o, i) => [o, i])) as Record<StatOutcome, number>;

export function outcomeToColumn(outcome: StatOutcome): number {
  return OUTCOME_CODES.indexOf(outcome);
}

export function outcomeFromColumn(code: bigint | number): StatOutcome {
  const o = OUTCOME_CODES[Number(code)];
  if (o === undefined) throw new Error(`status report outcome code ${String(code)} is not one of 0..${OUTCOME_CODES.length - 1}`);
  return o;
}

const TEN_DIGITS = /^\d{10}$/;

/**
 * A raw Submit_time / Done_time: ten digits are stored as their INTEGER (6 bytes, not 10), anything
 * else as received. A BigInt: the driver binds a JS number as REAL (8 bytes), which an ANY column keeps.
 */
export function rawTimeToColumn(raw: string): bigint | string {
  return TEN_DIGITS.test(raw) ? BigInt(raw) : raw;
}

/** The stored time back as the raw text (an INTEGER was ten digits: its leading zeros come back). */
export function rawTimeFromColumn(v: bigint | number | string): string {
  return typeof v === 'string' ? v : String(v).padStart(10, '0');
}

/** An SQL expression reading a raw-time column back as the text received (rawTimeFromColumn in SQL). */
export function rawTimeSql(column: string): string {
  return `CASE WHEN typeof(${column}) = 'integer' THEN printf('%010d', ${column}) ELSE ${column} END`;
}

/**
 * The report's columns as the StatusReport API has always read them; `r` is status_reports, `o` its
 * report_origins row, `s` and `m` its segment and message (a matched report takes its number, and
 * its Msg_Id when it is the segment's, from them; the message's number as text, message-columns.ts). CROSS JOIN keeps the report table leading, so
 * its index decides the plan.
 */
export const REPORT_COLUMNS = `r.id, r.account_id, r.received_at, r.deliver_msg_id, coalesce(r.msg_id, s.msg_id) AS msg_id, r.stat,
  r.outcome, r.submit_time, r.done_time, coalesce(r.dest_terminal_id, r.number, CAST(m.number AS TEXT)) AS dest_terminal_id,
  coalesce(r.number, CAST(m.number AS TEXT)) AS number, r.smsc_sequence, o.dest_id, o.service_id, r.connection, r.segment_id,
  r.received_at + r.matched_after AS matched_at`;
/** The joins REPORT_COLUMNS reads, after `status_reports r` (and its INDEXED BY, if any). */
export const REPORT_JOINS = `CROSS JOIN report_origins o ON o.id = r.origin_id LEFT JOIN segments s ON s.id = r.segment_id
  LEFT JOIN messages m ON m.id = s.message_id`;
export const REPORT_FROM = `status_reports r ${REPORT_JOINS}`;
