// What reconciliation with the gateway needs beyond the daily statistics (docs/protocol.md "Gateway
// counters and reconciliation"): for one account and one day, the segments still waiting for a
// report, the reports that match nothing of ours, and the MO DELIVERs received part by part (the
// statistics count an MO once, the gateway each part). Every figure reads a partial or time index,
// never the log; one statement, so all come from the same snapshot while the pump and the report
// intake write (test/services/reconcile.test.ts checks the plan).
import type Database from 'better-sqlite3';
import { OUTCOME_CODE } from './report-columns.js';
import { checkInt } from './validate.js';
import { sqlState } from './state-codes.js';

export interface ReconcileFacts {
  /** Segments accepted with a report requested and none received yet (answered in the day). */
  awaitingReport: number;
  /** Status reports received in the day matching none of our segments, by outcome. */
  unmatchedDelivered: number;
  unmatchedFailed: number;
  /** MO DELIVERs received in the day: the parts of assembled MOs and the parts still waiting for theirs. */
  moParts: number;
}

// The day's range picks the rows (the time indexes, named so no other is taken); the account only
// filters them: `+account_id` keeps it from choosing an index of every report or MO part it ever had.
export const RECONCILE_FACTS_SQL = `
  SELECT
    (SELECT count(*) FROM segments WHERE account_id = @account AND response_at >= @start AND response_at < @end
      AND state = ${sqlState('submitted')} AND report_expected = 1) AS awaitingReport,
    (SELECT count(*) FROM status_reports INDEXED BY reports_unmatched_time WHERE segment_id IS NULL AND received_at >= @start AND received_at < @end
      AND +account_id = @account AND outcome = ${OUTCOME_CODE.delivered}) AS unmatchedDelivered,
    (SELECT count(*) FROM status_reports INDEXED BY reports_unmatched_time WHERE segment_id IS NULL AND received_at >= @start AND received_at < @end
      AND +account_id = @account AND outcome IN (${OUTCOME_CODE.failed}, ${OUTCOME_CODE.unknown})) AS unmatchedFailed,
    (SELECT coalesce(sum(segment_received), 0) FROM mo_messages WHERE received_at >= @start AND received_at < @end AND account_id = @account)
      + (SELECT count(*) FROM mo_segments INDEXED BY mo_segments_pending_time WHERE mo_message_id IS NULL AND received_at >= @start AND received_at < @end
      AND +account_id = @account) AS moParts
`;

export class ReconcileFactsReader {
  private readonly facts;

  constructor(db: Database.Database) {
    this.facts = db.prepare(RECONCILE_FACTS_SQL);
  }

  /** The facts of [start, end) for one account. */
  of(accountId: number, start: number, end: number): ReconcileFacts {
    checkInt(accountId, 'account id', 1, Number.MAX_SAFE_INTEGER);
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start < end)) throw new RangeError(`day bounds must be whole milliseconds, start before end: ${start}, ${end}`);
    return this.facts.get({ account: accountId, start, end }) as ReconcileFacts;
  }
}
