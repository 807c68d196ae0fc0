// One account's own figures for one day, as reconciliation with the gateway's CMPP_QUERY counters
// needs them (docs/protocol.md "Gateway counters and reconciliation"). The day of a segment is the
// day it was first sent, the day the gateway counts its SUBMIT and, later, its outcome under; MOs
// and unmatched reports count on the day they arrived. One statement, so every figure comes from
// the same snapshot even while the pump and the report intake write.
import type Database from 'better-sqlite3';
import type { OurDayFigures } from '../../shared/reconcile.js';
import { checkInt } from './validate.js';

const FIGURES = `
  WITH day AS (
    SELECT state, result, report_expected, message_id, pdu_msg_id, connection, sequence_id, response_at
    FROM segments WHERE account_id = @account AND submit_at >= @start AND submit_at < @end
  )
  SELECT
    (SELECT count(DISTINCT message_id) FROM day WHERE result = 0) AS messages,
    (SELECT count(*) FROM day WHERE result = 0) AS segments,
    (SELECT coalesce(sum(billed_count), 0) FROM messages WHERE id IN (SELECT message_id FROM day WHERE result = 0)) AS billed,
    (SELECT count(DISTINCT pdu_msg_id) FROM day WHERE result = 0)
      + (SELECT count(*) FROM (SELECT DISTINCT connection, sequence_id, response_at FROM day WHERE state = 'failed' AND result <> 0)) AS pdus,
    (SELECT count(*) FROM day WHERE state = 'failed' AND result <> 0) AS refused,
    (SELECT count(*) FROM day WHERE state = 'delivered') AS delivered,
    (SELECT count(*) FROM day WHERE state = 'failed' AND result = 0) AS failed,
    (SELECT count(*) FROM day WHERE state = 'unknown') AS unknown,
    (SELECT count(*) FROM day WHERE state = 'submitted' AND report_expected = 1) AS awaitingReport,
    (SELECT count(*) FROM day WHERE state = 'submitted' AND report_expected = 0) AS noReportRequested,
    (SELECT count(*) FROM day WHERE state = 'in_doubt') AS inDoubt,
    (SELECT count(*) FROM status_reports WHERE segment_id IS NULL AND received_at >= @start AND received_at < @end
      AND account_id = @account AND outcome = 'delivered') AS unmatchedDelivered,
    (SELECT count(*) FROM status_reports WHERE segment_id IS NULL AND received_at >= @start AND received_at < @end
      AND account_id = @account AND outcome IN ('failed', 'unknown')) AS unmatchedFailed,
    (SELECT count(*) FROM mo_segments WHERE account_id = @account AND received_at >= @start AND received_at < @end) AS moReceived
`;

export class DayFigures {
  private readonly figures;

  constructor(db: Database.Database) {
    this.figures = db.prepare(FIGURES);
  }

  /**
   * The figures of [start, end) for one account. Result 8 answers are not kept once the segment is
   * sent again, so `flowControlled` is null (not counted).
   */
  of(accountId: number, start: number, end: number): OurDayFigures {
    checkInt(accountId, 'account id', 1, Number.MAX_SAFE_INTEGER);
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start < end)) throw new RangeError(`day bounds must be whole milliseconds, start before end: ${start}, ${end}`);
    const r = this.figures.get({ account: accountId, start, end }) as Omit<OurDayFigures, 'flowControlled'>;
    return { ...r, flowControlled: null };
  }
}
