// The send path's second half: what became of each PDU. SUBMIT_RESP Results (0 submitted, 8 back in
// the queue, other failed), PDUs that may have been delivered without an answer (in doubt), PDUs that
// never reached a socket (back in the queue) or cannot be built (failed). Claims: ./claims.ts.
import type Database from 'better-sqlite3';
import { reasons } from '../../../shared/reasons.js';
import { notFound } from '../errors.js';
import { msgIdForDestination, msgIdToColumn } from '../msg-id-column.js';
import { outcomeFromColumn, rawTimeFromColumn } from '../report-columns.js';
import { checkInt } from '../validate.js';
import { MESSAGE_COLUMNS } from '../message-columns.js';
import { messageBefore, segmentRowColumns, type OutboxRollup, type SegmentRow } from './rollup.js';
import { sqlState, sqlStates } from '../state-codes.js';

export interface SubmitResponse {
  /** The same list, in the same order, as given to markSent for the PDU. */
  segmentIds: number[];
  /** SUBMIT_RESP Msg_Id, unsigned 64-bit. */
  msgId: bigint;
  result: number;
  at?: number;
  /** Sequence_Id and connection of the send that was answered (shown in the detail drawer). */
  sequenceId?: number;
  connection?: string;
}

export interface ResponseSummary {
  submitted: number;
  /** Result 8: back in the queue. */
  requeued: number;
  failed: number;
  /** Responses for segments no longer on the wire (duplicates), ignored. */
  ignored: number;
  /** Reports that had arrived before this SUBMIT_RESP and now matched. */
  reportsMatched: number;
  /** Those reports (the live feed shows them again, matched). */
  lateReports: { reportId: number; segmentId: number }[];
}

/** The reason text of a failing SUBMIT_RESP Result (docs/protocol.md "Result and Status codes"). */
export const describeResult = reasons.submitResult;

/** A segment a response changed, with what the rollup and the early-report match need. */
type Hit = SegmentRow & { message_id: number; account_id: number };

export class OutboxOutcomes {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly rollup: OutboxRollup,
  ) {
    const changed = `RETURNING message_id, account_id, ${segmentRowColumns}, ${messageBefore}`;
    this.s = {
      // Each response update checks the state and returns what the caller needs in one statement;
      // no row back means the segment is missing or no longer on the wire (see recordResponses).
      segmentSubmitted: db.prepare(`UPDATE segments SET state = ${sqlState('submitted')}, msg_id = ?, pdu_msg_id = ?, result = 0,
        response_at = ?, reason = NULL, sequence_id = coalesce(?, sequence_id), connection = coalesce(?, connection)
        WHERE id = ? AND state IN (${sqlStates(['submitting', 'in_doubt'])}) ${changed}`),
      segmentRequeued: db.prepare(`UPDATE segments SET state = ${sqlState('queued')}, result = ?, response_at = ?, reason = ?,
        sequence_id = coalesce(?, sequence_id), connection = coalesce(?, connection) WHERE id = ? AND state IN (${sqlStates(['submitting', 'in_doubt'])})
        ${changed}`),
      segmentFailed: db.prepare(`UPDATE segments SET state = ${sqlState('failed')}, result = ?, response_at = ?, reason = ?,
        sequence_id = coalesce(?, sequence_id), connection = coalesce(?, connection) WHERE id = ? AND state IN (${sqlStates(['submitting', 'in_doubt'])})
        ${changed}`),
      segmentExists: db.prepare('SELECT 1 FROM segments WHERE id = ?').pluck(),
      cancelSiblings: db.prepare(`UPDATE segments SET state = ${sqlState('cancelled')}, reason = ? WHERE message_id = ? AND state = ${sqlState('queued')}`),
      numberOf: db.prepare(`SELECT ${MESSAGE_COLUMNS.number} FROM messages WHERE id = ?`).pluck(),
      unmatchedReports: db.prepare(`SELECT id, stat, outcome, received_at, done_time FROM status_reports
        WHERE account_id = ? AND msg_id = ? AND number = ? AND segment_id IS NULL`),
      // One look at the partial index per batch: with no unmatched report at all (the usual case),
      // no response needs to look for its early reports.
      anyUnmatched: db.prepare('SELECT EXISTS (SELECT 1 FROM status_reports WHERE segment_id IS NULL)').pluck(),
      // Found by the segment's own Msg_Id and its message's number: the report need not keep them.
      linkReport: db.prepare('UPDATE status_reports SET segment_id = ?, matched_after = ? - received_at, msg_id = NULL, number = NULL WHERE id = ?'),
      inDoubtSegments: db.prepare(`UPDATE segments SET state = ${sqlState('in_doubt')}, reason = ? WHERE id = ? AND state = ${sqlState('submitting')} RETURNING message_id`),
      requeueUnsent: db.prepare(`UPDATE segments SET state = ${sqlState('queued')}, send_count = max(send_count - ?, 0), reason = ?
        WHERE id = ? AND state = ${sqlState('submitting')} RETURNING message_id`),
      failSegment: db.prepare(`UPDATE segments SET state = ${sqlState('failed')}, reason = ? WHERE id = ?
        AND state IN (${sqlStates(['queued', 'submitting', 'in_doubt'])}) RETURNING message_id`),
      flagDuplicate: db.prepare('UPDATE messages SET possible_duplicate = 1 WHERE id = ?'),
    };
  }

  /** Applies SUBMIT_RESPs. A response for a segment that is no longer on the wire is ignored. */
  recordResponses(responses: readonly SubmitResponse[]): ResponseSummary {
    const summary: ResponseSummary = { submitted: 0, requeued: 0, failed: 0, ignored: 0, reportsMatched: 0, lateReports: [] };
    this.rollup.transaction(() => {
      // message id -> when, and the segment row when it alone decides the message (see recompute)
      const touched = new Map<number, { at: number; row: SegmentRow | undefined }>();
      const mayHaveEarly = this.s.anyUnmatched.get() === 1;
      for (const resp of responses) {
        const at = resp.at ?? Date.now();
        checkInt(resp.result, 'Result', 0, 0xffffffff);
        const pduMsgId = msgIdToColumn(resp.msgId);
        const seq = resp.sequenceId ?? null;
        const conn = resp.connection ?? null;
        resp.segmentIds.forEach((id, i) => {
          let seg: Hit | undefined;
          let row: SegmentRow | undefined;
          if (resp.result === 0) {
            const msgId = msgIdToColumn(msgIdForDestination(resp.msgId, i));
            // The SUBMIT_RESP Msg_Id is stored only where it differs from the destination's.
            seg = this.s.segmentSubmitted.get(msgId, msgId === pduMsgId ? null : pduMsgId, at, seq, conn, id) as Hit | undefined;
            if (seg) {
              summary.submitted++;
              row = mayHaveEarly && this.matchEarlyReports(seg, id, msgId, at, summary) ? undefined : seg;
            }
          } else if (resp.result === 8) {
            // docs/protocol.md "Timers and flow control": flow control, send slower and resend; back into the queue in its place.
            seg = this.s.segmentRequeued.get(8, at, reasons.flowControl(), seq, conn, id) as Hit | undefined;
            if (seg) {
              summary.requeued++;
              row = seg;
            }
          } else {
            seg = this.s.segmentFailed.get(resp.result, at, describeResult(resp.result), seq, conn, id) as Hit | undefined;
            if (seg) {
              // The message cannot be delivered whole: do not spend more PDUs on it.
              this.s.cancelSiblings.run(reasons.segmentFailed(seg.pk_number), seg.message_id);
              summary.failed++;
              row = seg;
            }
          }
          if (!seg) {
            if (this.s.segmentExists.get(id) === undefined) throw notFound(`segment ${id} does not exist`);
            summary.ignored++; // a duplicate or late response for a segment no longer on the wire
            return;
          }
          // A message touched twice in the batch (several segments) is re-read whole.
          touched.set(seg.message_id, { at, row: touched.has(seg.message_id) ? undefined : row });
        });
      }
      for (const [messageId, t] of touched) this.rollup.recompute(messageId, t.at, t.row);
    });
    return summary;
  }

  /**
   * docs/protocol.md "Gateway quirks tolerated": reports can arrive before their SUBMIT_RESP; they
   * were kept, match them now. Returns whether any did (the segment then changed after `seg` was read).
   */
  private matchEarlyReports(seg: Hit, segmentId: number, msgId: bigint, at: number, summary: ResponseSummary): boolean {
    const number = this.s.numberOf.get(seg.message_id) as string;
    const early = this.s.unmatchedReports.all(seg.account_id, msgId, number) as {
      id: number;
      stat: string;
      outcome: number;
      received_at: number;
      done_time: number | string;
    }[];
    for (const rep of early.sort((a, b) => a.id - b.id)) {
      this.s.linkReport.run(segmentId, at, rep.id);
      const applied = { reportId: rep.id, stat: rep.stat, outcome: outcomeFromColumn(rep.outcome), receivedAt: rep.received_at, doneTime: rawTimeFromColumn(rep.done_time) };
      this.rollup.applyReport(segmentId, applied, at);
      summary.reportsMatched++;
      summary.lateReports.push({ reportId: rep.id, segmentId });
    }
    return early.length > 0;
  }

  /**
   * Segments that were on the wire without a response (connection lost, N sends unanswered):
   * they may have been delivered. Only segments still `submitting` change.
   */
  markInDoubt(segmentIds: readonly number[], reason: string, now = Date.now()): number {
    return this.rollup.changeSegments(segmentIds, now, (id) => (this.s.inDoubtSegments.get(reason, id) as { message_id: number } | undefined)?.message_id);
  }

  /**
   * Claimed segments that never reached a socket go back to the queue in their place:
   * `handedOver` = markHandedOver had counted a send that did not happen (undone here).
   */
  requeueUnsent(segmentIds: readonly number[], handedOver: boolean, reason: string | null = null, now = Date.now()): number {
    const undo = handedOver ? 1 : 0;
    return this.rollup.changeSegments(segmentIds, now, (id) => (this.s.requeueUnsent.get(undo, reason, id) as { message_id: number } | undefined)?.message_id);
  }

  /** Segments that cannot be sent at all (the PDU cannot be built or encoded): failed with the reason. */
  failSegments(segmentIds: readonly number[], reason: string, now = Date.now()): number {
    return this.rollup.changeSegments(segmentIds, now, (id) => {
      const r = this.s.failSegment.get(reason, id) as { message_id: number } | undefined;
      if (r) this.s.cancelSiblings.run(reasons.siblingFailed(reason), r.message_id);
      return r?.message_id;
    });
  }

  /** The gateway may have these messages twice (a PDU resent after a lost response). */
  flagPossibleDuplicate(messageIds: readonly number[]): void {
    this.rollup.transaction(() => {
      for (const id of messageIds) this.s.flagDuplicate.run(id);
    });
  }
}
