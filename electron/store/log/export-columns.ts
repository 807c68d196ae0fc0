// The export scan's columns (FROM messages m LEFT JOIN segments s): the numbers first, then the
// text, in the order export-batches.ts packs them and export-record.ts reads them back.
import { messageColumnsSql } from '../message-columns.js';
import { rawTimeSql } from '../report-columns.js';
import { segmentStatSql } from '../segment-columns.js';
import { stateNameSql } from '../state-codes.js';

export const NUMERIC = [
  'm.created_at',
  'm.id',
  'm.campaign_id',
  'm.account_id',
  'coalesce(s.result, m.result)',
  // The Msg_Id as its two 32-bit halves (exact JS numbers; SQLite's >> keeps the sign, so the
  // high half is read back unsigned): a BigInt per row would cost more than the rest of the row.
  's.msg_id >> 32',
  's.msg_id & 4294967295',
  's.pk_number',
  'coalesce(s.pk_total, m.segment_count)',
  's.submit_at',
  's.response_at',
  's.report_at',
  'm.billed_count',
  'm.possible_duplicate',
  's.send_count',
] as const;
// The message's state and Stat as they read before version 17, its number as before 20 (message-columns.ts), the segment's state
// and Done_time as before version 18 (../state-codes.ts, ../report-columns.ts).
export const TEXTUAL = [
  messageColumnsSql('m').number,
  stateNameSql('m.state'),
  stateNameSql('s.state'),
  'coalesce(s.reason, m.reason)',
  `coalesce(${segmentStatSql('s')}, ${messageColumnsSql('m').stat})`,
  rawTimeSql('s.done_time'),
  'm.src_id',
  'm.service_id',
  'm.text',
] as const;
/** Numbers per row. */
export const NN = NUMERIC.length;
/** Texts per row. */
export const NT = TEXTUAL.length;

/** The SELECT list of the export's scan queries. */
export const SCAN_COLUMNS = [...NUMERIC, ...TEXTUAL].join(', ');
