// A segment's first status report kept in the segment row instead of a status_reports row (schema
// version 19; docs/architecture.md "Row size"): when the report was matched on arrival by the
// segment's own Msg_Id and destination and its Stat is final, the segment already holds its Stat,
// Done_time, outcome (the segment's state: delivered, failed and unknown share their codes with the
// report outcomes) and receipt time (report_at), so the row adds only the DELIVER's Msg_Id, the
// Submit_time (as its distance from Done_time), the SMSC sequence, the Dest_Id/Service_Id origin, and
// the connection and raw Dest_terminal_Id where they differ. Such a report reads back exactly as
// received, under the id -segment_id (status_reports ids are positive). A segment with a report in
// status_reports never takes one here, and a second report of a segment moves the first into
// status_reports (unfold) before it is stored: a folded report is always its segment's only one.
import { rawTimeToColumn } from './report-columns.js';
import { segmentStatSql } from './segment-columns.js';

/** How the segment keeps a report's Submit_time: Done_time minus it when both are ten digits, else the text received. */
export function foldedSubmitTime(submitTime: string, doneTime: string): bigint | string {
  const s = rawTimeToColumn(submitTime);
  const d = rawTimeToColumn(doneTime);
  return typeof s === 'bigint' && typeof d === 'bigint' ? d - s : submitTime;
}

/** The Submit_time of the folded report of `s` as status_reports stores one (INTEGER when ten digits). */
const SUBMIT_TIME = `CASE WHEN typeof(s.report_submit_time) = 'integer' THEN s.done_time - s.report_submit_time
  WHEN s.report_submit_time GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN CAST(s.report_submit_time AS INTEGER)
  ELSE s.report_submit_time END`;

/**
 * The folded report of segment `s` (message `m`, origin `o`) under REPORT_COLUMNS' names: a report
 * matched on arrival by its segment's Msg_Id, so its number and Msg_Id are the segment's and its
 * match time its receipt.
 */
export const FOLDED_COLUMNS = `-s.id AS id, s.account_id, s.report_at AS received_at, s.report_deliver_msg_id AS deliver_msg_id, s.msg_id, ${segmentStatSql('s')} AS stat,
  s.state AS outcome, ${SUBMIT_TIME} AS submit_time, s.done_time, coalesce(s.report_dest_terminal_id, CAST(m.number AS TEXT)) AS dest_terminal_id,
  CAST(m.number AS TEXT) AS number, s.report_smsc_sequence AS smsc_sequence, o.dest_id, o.service_id, coalesce(s.report_connection, s.connection) AS connection,
  s.id AS segment_id, s.report_at AS matched_at`;
/** The segments with a folded report, their messages and origins (add a WHERE on s). */
export const FOLDED_FROM = `segments s JOIN messages m ON m.id = s.message_id JOIN report_origins o ON o.id = s.report_origin_id`;

/** The folded report's columns cleared (after it moved to status_reports). */
export const CLEAR_FOLDED = `report_deliver_msg_id = NULL, report_submit_time = NULL, report_smsc_sequence = NULL, report_origin_id = NULL,
  report_connection = NULL, report_dest_terminal_id = NULL`;

/**
 * INSERT of the folded reports of the segments `where` selects (on `s`) into status_reports, as
 * reports.ts would have stored them (matched by the segment's Msg_Id: no msg_id or number).
 */
export function unfoldSql(where: string): string {
  return `INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
    dest_terminal_id, number, smsc_sequence, origin_id, connection, segment_id, matched_after)
    SELECT s.account_id, s.report_at, s.report_deliver_msg_id, NULL, ${segmentStatSql('s')}, s.state, ${SUBMIT_TIME}, s.done_time,
      s.report_dest_terminal_id, NULL, s.report_smsc_sequence, s.report_origin_id, coalesce(s.report_connection, s.connection), s.id, 0
    FROM segments s WHERE s.report_deliver_msg_id IS NOT NULL AND ${where} ORDER BY s.id`;
}

/** What a folded report adds to its segment (reports.ts). */
export interface FoldedFields {
  deliverMsgId: bigint;
  submitTime: bigint | string;
  smscSequence: number;
  originId: number;
  connection: string | null;
  /** Raw, where it differs from the message's number. */
  destTerminalId: string | null;
}

/**
 * Every report, in status_reports or folded, as a table `(id, account_id, received_at, deliver_msg_id,
 * segment_id)` for counts and checks that need no more (FROM ${EVERY_REPORT} r).
 */
export const EVERY_REPORT = `(SELECT id, account_id, received_at, deliver_msg_id, segment_id FROM status_reports
  UNION ALL SELECT -id, account_id, report_at, report_deliver_msg_id, id FROM segments WHERE report_deliver_msg_id IS NOT NULL)`;
