// Messages (one per recipient) and segments (one per PDU and destination): chunked enqueue, the
// pump's claim of queued work in order, and every state change in batches inside transactions.
// Each segment change re-derives its message's state with shared/message-state.ts, so the stored
// message state always follows the rollup rules.
//
// Segment lifecycle (pump side):
//   claim()            message queued -> segments created (or re-claimed) as submitting, send_count 0
//   markSent()         committed BEFORE the PDU is written: send_count + 1, Sequence_Id, connection
//   recordResponses()  Result 0 -> submitted (Msg_Id kept), 8 -> queued again, other -> failed
//   markInDoubt()      connection lost / N sends without response: may have been delivered
//   recoverAfterCrash() at start: submitting with send_count 0 -> queued (never on the wire),
//                      send_count > 0 -> in_doubt
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { isFinalState, messageStateFromSegments, MessageStates, type MessageState, type StatOutcome } from '../../shared/message-state.js';
import { reasons } from '../../shared/reasons.js';
import { Enqueuer, type EnqueueOptions, type EnqueueProgress, type EnqueueTarget, type Recipient } from './enqueue.js';
import { conflict, notFound } from './errors.js';
import { msgIdForDestination, msgIdFromColumn, msgIdToColumn } from './msg-id-column.js';
import { checkInt, isCharged } from './validate.js';
import { writeTransaction } from './transactions.js';

export interface ClaimRequest {
  accountId: number;
  campaignId: number | null;
  /** At most this many messages (the pump claims no more than it can put on the wire now). */
  limit: number;
  /** Registered_Delivery != 0: a report will be waited for. */
  reportExpected: boolean;
  now?: number;
}

export interface ClaimedSegment {
  segmentId: number;
  pkNumber: number;
  pkTotal: number;
}

export interface ClaimedMessage {
  messageId: number;
  campaignId: number | null;
  number: string;
  /** null: the campaign's text. */
  text: string | null;
  srcId: string | null;
  serviceId: string | null;
  linkId: string | null;
  possibleDuplicate: boolean;
  /** The concatenation reference given to the message (long messages; null until assigned). */
  concatRef: number | null;
  /** Only the segments to send now (a re-claimed message resends only what is not done). */
  segments: ClaimedSegment[];
}

export interface SentPdu {
  /** Segments carried by this PDU, one per destination, in Dest_terminal_Id order. */
  segmentIds: number[];
  sequenceId: number;
  connection: string;
  at?: number;
}

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

export interface InDoubtMessage {
  messageId: number;
  campaignId: number | null;
  accountId: number;
  number: string;
  /** FeeCode > 0: the operator decides; free ones may be resent automatically. */
  charged: boolean;
  createdAt: number;
}

/** The report fields a segment takes (reports.ts records the report row itself). */
export interface AppliedReport {
  reportId: number;
  stat: string;
  outcome: StatOutcome;
  receivedAt: number;
  doneTime: string;
}

/** The reason text of a failing SUBMIT_RESP Result (docs/protocol.md "Result and Status codes"). */
export const describeResult = reasons.submitResult;

export type { EnqueueOptions, EnqueueProgress, EnqueueTarget, Recipient };

/** What recompute() reads of each segment. */
interface SegmentRow {
  pk_number: number;
  pk_total: number;
  state: MessageState;
  result: number | null;
  stat: string | null;
  reason: string | null;
  submit_at: number | null;
  /** JSON [state, campaign_id, result, stat, reason, submitted_at] of the message (messageBefore). */
  message_before?: string;
}
const segmentRowColumns = 'pk_number, pk_total, state, result, stat, reason, submit_at';
/**
 * Returned beside a changed segment: its message as it is before recompute() (RETURNING sees the
 * message row untouched), so recompute() need not read it again.
 */
const messageBefore = `(SELECT json_array(state, campaign_id, result, stat, reason, submitted_at) FROM messages m
  WHERE m.id = segments.message_id) AS message_before`;

export class Outbox {
  private readonly s;
  private readonly enqueuer: Enqueuer;

  constructor(private readonly db: Database.Database) {
    this.enqueuer = new Enqueuer(db);
    this.s = {
      // `claimed`: the message has segments already (Result 8 or an in-doubt resend put it back),
      // asked inside the one query rather than one statement per message.
      queuedOfCampaign: db.prepare(`SELECT id, campaign_id, number, segment_count, text, src_id, service_id, link_id,
        possible_duplicate, concat_ref, EXISTS (SELECT 1 FROM segments s WHERE s.message_id = messages.id) AS claimed
        FROM messages WHERE campaign_id = ? AND state = 'queued' AND +account_id = ?
        ORDER BY created_at, id LIMIT ?`),
      queuedDirect: db.prepare(`SELECT id, campaign_id, number, segment_count, text, src_id, service_id, link_id,
        possible_duplicate, concat_ref, EXISTS (SELECT 1 FROM segments s WHERE s.message_id = messages.id) AS claimed
        FROM messages WHERE campaign_id IS NULL AND state = 'queued' AND +account_id = ?
        ORDER BY created_at, id LIMIT ?`),
      reclaim: db.prepare(`UPDATE segments SET state = 'submitting', report_expected = ?, reason = NULL
        WHERE message_id = ? AND state = 'queued' RETURNING id, pk_number, pk_total`),
      // Set-based: one statement per claim or hand-over batch, not one per message or segment.
      setSubmitting: db.prepare(`UPDATE messages SET state = 'submitting', updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`),
      insertSegment: db.prepare(`INSERT INTO segments (message_id, account_id, number, pk_number, pk_total, state,
        report_expected) VALUES (?, ?, ?, ?, ?, 'submitting', ?)`),
      // The message's submitted_at is derived from its segments' submit_at by recompute().
      markSent: db.prepare(`UPDATE segments SET send_count = send_count + 1, sequence_id = ?, connection = ?,
        submit_at = coalesce(submit_at, ?) WHERE id = ? AND state = 'submitting'`),
      // Each response update checks the state and returns what the caller needs in one statement;
      // no row back means the segment is missing or no longer on the wire (see recordResponses).
      segmentSubmitted: db.prepare(`UPDATE segments SET state = 'submitted', msg_id = ?, pdu_msg_id = ?, result = 0,
        response_at = ?, reason = NULL, sequence_id = coalesce(?, sequence_id), connection = coalesce(?, connection)
        WHERE id = ? AND state IN ('submitting', 'in_doubt')
        RETURNING message_id, account_id, number, ${segmentRowColumns}, ${messageBefore}`),
      segmentRequeued: db.prepare(`UPDATE segments SET state = 'queued', result = ?, response_at = ?, reason = ?,
        sequence_id = coalesce(?, sequence_id), connection = coalesce(?, connection) WHERE id = ? AND state IN ('submitting', 'in_doubt')
        RETURNING message_id, account_id, number, ${segmentRowColumns}, ${messageBefore}`),
      segmentFailed: db.prepare(`UPDATE segments SET state = 'failed', result = ?, response_at = ?, reason = ?,
        sequence_id = coalesce(?, sequence_id), connection = coalesce(?, connection) WHERE id = ? AND state IN ('submitting', 'in_doubt')
        RETURNING message_id, account_id, number, ${segmentRowColumns}, ${messageBefore}`),
      segmentExists: db.prepare('SELECT 1 FROM segments WHERE id = ?').pluck(),
      cancelSiblings: db.prepare(`UPDATE segments SET state = 'cancelled', reason = ? WHERE message_id = ? AND state = 'queued'`),
      unmatchedReports: db.prepare(`SELECT id, stat, outcome, received_at, done_time FROM status_reports
        WHERE account_id = ? AND msg_id = ? AND number = ? AND segment_id IS NULL`),
      // One look at the partial index per batch: with no unmatched report at all (the usual case),
      // no response needs to look for its early reports.
      anyUnmatched: db.prepare('SELECT EXISTS (SELECT 1 FROM status_reports WHERE segment_id IS NULL)').pluck(),
      linkReport: db.prepare('UPDATE status_reports SET segment_id = ?, matched_at = ? WHERE id = ?'),
      // UNKNOWN never overrides a final outcome (the WHERE); every other final report does.
      segmentReport: db.prepare(`UPDATE segments SET state = ?, stat = ?, report_at = ?, done_time = ?, reason = ?
        WHERE id = ? AND (? <> 'unknown' OR state NOT IN ('delivered', 'failed')) RETURNING message_id, ${segmentRowColumns}, ${messageBefore}`),
      segmentReportStatOnly: db.prepare('UPDATE segments SET report_at = ?, done_time = ? WHERE id = ?'),
      // No ORDER BY on the hot per-row statements: with `col = ?` plus ORDER BY, this SQLite build
      // (STAT4) re-prepares the statement on every bind, 8-10 us each; rows are sorted in JS.
      // recompute() (every response and every report) reads these two, not one join of messages and
      // segments: measured, the join costs ~35-45 us a call against ~12 us for both together (it
      // appears to be re-planned on every bind, like the ORDER BY case above); it halved the bench.
      segmentStates: db.prepare(`SELECT ${segmentRowColumns} FROM segments WHERE message_id = ?`),
      messageNow: db.prepare('SELECT state, campaign_id, result, stat, reason, submitted_at FROM messages WHERE id = ?'),
      countAdd: db.prepare('UPDATE campaign_counts SET n = n + ? WHERE campaign_id = ? AND state = ?'),
      // Positional: binding by name costs a lookup per parameter on the hottest statement.
      updateMessage: db.prepare(`UPDATE messages SET done_at = CASE WHEN ? = 0 THEN NULL WHEN state <> ? OR done_at IS NULL THEN ?
        ELSE done_at END, state = ?, result = ?, stat = ?, reason = ?, submitted_at = ?, updated_at = ? WHERE id = ?`),
      inDoubtSegments: db.prepare(`UPDATE segments SET state = 'in_doubt', reason = ? WHERE id = ? AND state = 'submitting' RETURNING message_id`),
      inFlight: db.prepare(`SELECT id, message_id, send_count FROM segments WHERE account_id = ? AND state = 'submitting'`),
      accounts: db.prepare('SELECT id FROM accounts'),
      crashQueued: db.prepare(`UPDATE segments SET state = 'queued', reason = NULL WHERE id = ?`),
      crashInDoubt: db.prepare(`UPDATE segments SET state = 'in_doubt', reason = ? WHERE id = ?`),
      inDoubtList: db.prepare(`SELECT m.id AS messageId, m.campaign_id AS campaignId, m.account_id AS accountId,
        m.number, m.created_at AS createdAt, coalesce(c.fee_code, a.fee_code) AS feeCode
        FROM messages m LEFT JOIN campaigns c ON c.id = m.campaign_id JOIN accounts a ON a.id = m.account_id
        WHERE m.state = 'in_doubt' ORDER BY m.created_at, m.id LIMIT ?`),
      messageState: db.prepare('SELECT state FROM messages WHERE id = ?'),
      resendSegments: db.prepare(`UPDATE segments SET state = 'queued', reason = NULL WHERE message_id = ? AND state = 'in_doubt'`),
      flagDuplicate: db.prepare('UPDATE messages SET possible_duplicate = 1 WHERE id = ?'),
      dropSegments: db.prepare(`UPDATE segments SET state = 'unknown', reason = ? WHERE message_id = ? AND state = 'in_doubt'`),
      cancelQueuedMessages: db.prepare(`UPDATE messages SET state = 'cancelled', reason = ?, done_at = ?, updated_at = ?
        WHERE id IN (SELECT id FROM messages WHERE account_id = ? AND campaign_id = ? AND state = 'queued' ORDER BY id LIMIT ?)
        RETURNING id, campaign_id`),
      cancelQueuedSegments: db.prepare(`UPDATE segments SET state = 'cancelled', reason = ? WHERE message_id = ? AND state = 'queued'`),
      awaiting: db.prepare(`SELECT id, message_id FROM segments
        WHERE account_id = ? AND state = 'submitted' AND report_expected = 1 AND response_at < ? ORDER BY response_at LIMIT ?`),
      expire: db.prepare(`UPDATE segments SET state = 'unknown', reason = ? WHERE id = ?`),
            recountSet: db.prepare(`UPDATE campaign_counts SET n = (SELECT count(*) FROM messages WHERE campaign_id = @id AND state = @state)
        WHERE campaign_id = @id AND state = @state`),
      queueDepth: db.prepare(`SELECT count(*) AS n FROM messages WHERE account_id = ? AND state = 'queued'`),
      // ---- added for the services' pump (engineer A) ----
      setConcatRef: db.prepare('UPDATE messages SET concat_ref = ? WHERE id = ? AND concat_ref IS NULL'),
      concatRefOf: db.prepare('SELECT concat_ref FROM messages WHERE id = ?').pluck(),
      handedOver: db.prepare(`UPDATE segments SET send_count = send_count + 1, submit_at = coalesce(submit_at, ?)
        WHERE id IN (SELECT value FROM json_each(?)) AND state = 'submitting'`),
      notSubmitting: db.prepare(`SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM segments WHERE id = value AND state = 'submitting')`).pluck(),
      requeueUnsent: db.prepare(`UPDATE segments SET state = 'queued', send_count = max(send_count - ?, 0), reason = ?
        WHERE id = ? AND state = 'submitting' RETURNING message_id`),
      failSegment: db.prepare(`UPDATE segments SET state = 'failed', reason = ? WHERE id = ?
        AND state IN ('queued', 'submitting', 'in_doubt') RETURNING message_id`),
      cancelSubmittedSegment: db.prepare(`UPDATE segments SET state = 'cancelled', reason = ? WHERE id = ? AND state = 'submitted'
        RETURNING message_id`),
      freeInDoubt: db.prepare(`SELECT m.id FROM messages m LEFT JOIN campaigns c ON c.id = m.campaign_id
        JOIN accounts a ON a.id = m.account_id
        WHERE m.state = 'in_doubt' AND +m.account_id = ? AND coalesce(c.fee_code, a.fee_code) NOT GLOB '*[1-9]*'
          AND (m.campaign_id IS NULL OR c.state = 'running')
        ORDER BY m.created_at, m.id LIMIT ?`).pluck(),
      hasQueuedCampaign: db.prepare(`SELECT 1 FROM messages WHERE campaign_id = ? AND state = 'queued' AND +account_id = ? LIMIT 1`).pluck(),
      hasQueuedDirect: db.prepare(`SELECT 1 FROM messages WHERE campaign_id IS NULL AND state = 'queued' AND +account_id = ? LIMIT 1`).pluck(),
      segmentOwner: db.prepare(`SELECT m.id AS messageId, m.campaign_id AS campaignId, m.number, m.state AS messageState
        FROM segments s JOIN messages m ON m.id = s.message_id WHERE s.id = ?`),
      // Keyset on (created_at, id): the order of messages_by_campaign, so no sort of the whole state.
      submittedOfCampaign: db.prepare(`SELECT s.id, s.pdu_msg_id, s.account_id, m.id AS message_id, m.created_at FROM messages m
        JOIN segments s ON s.message_id = m.id
        WHERE m.campaign_id = @campaignId AND m.state = 'submitted' AND s.state = 'submitted' AND s.pdu_msg_id IS NOT NULL
          AND m.created_at >= @cAt AND (m.created_at > @cAt OR m.id > @cId)
        ORDER BY m.created_at, m.id LIMIT @limit`).safeIntegers(true),
      recentTo: db.prepare(`SELECT count(*) FROM messages WHERE number = ? AND created_at >= ?
        AND state <> 'skipped' AND state <> 'cancelled'`).pluck(),
      deleteMessagesOf: db.prepare(`DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE campaign_id = ? LIMIT ?)`),
    };
  }

  // ---- enqueue -------------------------------------------------------------------------------

  /**
   * Enqueues recipients in chunks: every `next()` is one bounded step (validate and stage a chunk,
   * or write a chunk of messages in one transaction), so the caller yields to the event loop
   * between steps (see enqueueAsync and enqueue.ts for the two phases).
   */
  enqueue(target: EnqueueTarget, recipients: Iterable<Recipient>, options: EnqueueOptions = {}): Generator<EnqueueProgress, EnqueueProgress> {
    return this.enqueuer.run(target, recipients, options);
  }

  /** enqueue() run to the end, yielding to the event loop after every step. */
  async enqueueAsync(
    target: EnqueueTarget,
    recipients: Iterable<Recipient>,
    options: EnqueueOptions & { onProgress?: (p: EnqueueProgress) => void } = {},
  ): Promise<EnqueueProgress> {
    const gen = this.enqueue(target, recipients, options);
    for (;;) {
      const step = gen.next();
      if (step.done) return step.value;
      options.onProgress?.(step.value);
      await yieldToEventLoop();
    }
  }

  // ---- the pump ------------------------------------------------------------------------------

  /**
   * Claims up to `limit` queued messages of one campaign (or the direct sends) in queue order, and
   * returns their segments to send, created now (first claim) or re-claimed (after Result 8 or an
   * in-doubt resend). Everything claimed is `submitting` with send_count unchanged until markSent.
   */
  claim(req: ClaimRequest): ClaimedMessage[] {
    checkInt(req.limit, 'claim limit', 1, 100_000);
    const now = req.now ?? Date.now();
    const expected = req.reportExpected ? 1 : 0;
    return this.transaction(() => {
      const rows = (
        req.campaignId === null
          ? this.s.queuedDirect.all(req.accountId, req.limit)
          : this.s.queuedOfCampaign.all(req.campaignId, req.accountId, req.limit)
      ) as {
        id: number;
        campaign_id: number | null;
        number: string;
        segment_count: number;
        text: string | null;
        src_id: string | null;
        service_id: string | null;
        link_id: string | null;
        possible_duplicate: number;
        concat_ref: number | null;
        claimed: number;
      }[];
      const out: ClaimedMessage[] = [];
      const fresh: number[] = [];
      for (const m of rows) {
        let segments: ClaimedSegment[] = [];
        if (m.claimed === 0) {
          // First claim: every segment is created on the wire's doorstep, so the message is submitting.
          for (let k = 1; k <= m.segment_count; k++) {
            const id = Number(this.s.insertSegment.run(m.id, req.accountId, m.number, k, m.segment_count, expected).lastInsertRowid);
            segments.push({ segmentId: id, pkNumber: k, pkTotal: m.segment_count });
          }
          fresh.push(m.id);
          this.countMove(m.campaign_id, 'queued', 'submitting');
        } else {
          segments = (this.s.reclaim.all(expected, m.id) as { id: number; pk_number: number; pk_total: number }[])
            .map((s) => ({ segmentId: s.id, pkNumber: s.pk_number, pkTotal: s.pk_total }))
            .sort((a, b) => a.pkNumber - b.pkNumber);
          this.recompute(m.id, now);
        }
        if (segments.length === 0) continue; // nothing left to send: the rollup settled it
        out.push({
          messageId: m.id,
          campaignId: m.campaign_id,
          number: m.number,
          text: m.text,
          srcId: m.src_id,
          serviceId: m.service_id,
          linkId: m.link_id,
          possibleDuplicate: m.possible_duplicate === 1,
          concatRef: m.concat_ref,
          segments,
        });
      }
      if (fresh.length > 0) this.s.setSubmitting.run(now, JSON.stringify(fresh));
      return out;
    });
  }

  /**
   * Records that PDUs are about to be written: commit this, then write. A crash after the commit
   * leaves the segments in_doubt (safe side); before it, they go back to the queue.
   */
  markSent(pdus: readonly SentPdu[]): void {
    this.transaction(() => {
      for (const p of pdus) {
        const at = p.at ?? Date.now();
        for (const id of p.segmentIds) {
          if (this.s.markSent.run(p.sequenceId, p.connection, at, id).changes === 0) {
            throw conflict(`segment ${id} is not being submitted; it cannot be marked sent`);
          }
        }
      }
    });
  }

  /** Applies SUBMIT_RESPs. A response for a segment that is no longer on the wire is ignored. */
  recordResponses(responses: readonly SubmitResponse[]): ResponseSummary {
    const summary: ResponseSummary = { submitted: 0, requeued: 0, failed: 0, ignored: 0, reportsMatched: 0, lateReports: [] };
    this.transaction(() => {
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
          type Hit = SegmentRow & { message_id: number; account_id: number; number: string };
          let seg: Hit | undefined;
          let row: SegmentRow | undefined;
          if (resp.result === 0) {
            const msgId = msgIdToColumn(msgIdForDestination(resp.msgId, i));
            seg = this.s.segmentSubmitted.get(msgId, pduMsgId, at, seq, conn, id) as Hit | undefined;
            if (seg) {
              summary.submitted++;
              row = seg;
              // docs/protocol.md "Gateway quirks tolerated": reports can arrive before their SUBMIT_RESP; they were kept, match them now.
              const early = (mayHaveEarly ? this.s.unmatchedReports.all(seg.account_id, msgId, seg.number) : []) as {
                id: number;
                stat: string;
                outcome: StatOutcome;
                received_at: number;
                done_time: string;
              }[];
              for (const rep of early.sort((a, b) => a.id - b.id)) {
                row = undefined; // the report changed the segment after the row was read
                this.s.linkReport.run(id, at, rep.id);
                this.applyReport(id, { reportId: rep.id, stat: rep.stat, outcome: rep.outcome, receivedAt: rep.received_at, doneTime: rep.done_time }, at);
                summary.reportsMatched++;
                summary.lateReports.push({ reportId: rep.id, segmentId: id });
              }
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
      for (const [messageId, t] of touched) this.recompute(messageId, t.at, t.row);
    });
    return summary;
  }

  /**
   * Segments that were on the wire without a response (connection lost, N sends unanswered):
   * they may have been delivered. Only segments still `submitting` change.
   */
  markInDoubt(segmentIds: readonly number[], reason: string, now = Date.now()): number {
    return this.transaction(() => {
      const touched = new Set<number>();
      for (const id of segmentIds) {
        const r = this.s.inDoubtSegments.get(reason, id) as { message_id: number } | undefined;
        if (r) touched.add(r.message_id);
      }
      for (const m of touched) this.recompute(m, now);
      return touched.size;
    });
  }

  /**
   * Run once at start, before the pump: segments left `submitting` by a crash go back to the queue
   * if they were never written (send_count 0) and become in_doubt otherwise.
   */
  recoverAfterCrash(now = Date.now()): { requeued: number; inDoubt: number } {
    return this.transaction(() => {
      let requeued = 0;
      let inDoubt = 0;
      const touched = new Set<number>();
      for (const { id: accountId } of this.s.accounts.all() as { id: number }[]) {
        for (const s of this.s.inFlight.all(accountId) as { id: number; message_id: number; send_count: number }[]) {
          if (s.send_count === 0) {
            this.s.crashQueued.run(s.id);
            requeued++;
          } else {
            this.s.crashInDoubt.run(reasons.crashInDoubt(), s.id);
            inDoubt++;
          }
          touched.add(s.message_id);
        }
      }
      for (const m of touched) this.recompute(m, now);
      return { requeued, inDoubt };
    });
  }

  /** Messages waiting in doubt, oldest first, with whether they are charged. */
  inDoubt(limit = 1000): InDoubtMessage[] {
    return (this.s.inDoubtList.all(limit) as (Omit<InDoubtMessage, 'charged'> & { feeCode: string })[]).map(({ feeCode, ...m }) => ({
      ...m,
      charged: isCharged(feeCode),
    }));
  }

  /**
   * Resends in-doubt messages (at-least-once): their in-doubt segments go back to the queue and the
   * message is flagged as a possible duplicate. Free messages automatically, charged ones only on
   * the operator's word (docs/glossary.md "In doubt"). Returns how many messages were requeued.
   */
  resendInDoubt(messageIds: readonly number[], now = Date.now()): number {
    return this.transaction(() => {
      let n = 0;
      for (const id of messageIds) {
        if (this.s.resendSegments.run(id).changes === 0) continue;
        this.s.flagDuplicate.run(id);
        this.recompute(id, now);
        n++;
      }
      return n;
    });
  }

  /** The operator gives up on in-doubt messages: their outcome stays unknown. */
  dropInDoubt(messageIds: readonly number[], now = Date.now()): number {
    return this.transaction(() => {
      let n = 0;
      for (const id of messageIds) {
        if (this.s.dropSegments.run(reasons.droppedInDoubt(), id).changes === 0) continue;
        this.recompute(id, now);
        n++;
      }
      return n;
    });
  }

  /**
   * Cancels up to `limit` queued messages of a campaign (and their queued segments); call until it
   * returns 0, yielding between calls. Messages already on the wire are not touched.
   */
  cancelQueued(accountId: number, campaignId: number, limit = 5_000, now = Date.now()): number {
    checkInt(limit, 'cancel limit', 1, 1_000_000);
    return this.transaction(() => {
      const ids = this.s.cancelQueuedMessages.all(reasons.cancelledByOperator(), now, now, accountId, campaignId, limit) as { id: number; campaign_id: number }[];
      for (const { id, campaign_id } of ids) {
        this.s.cancelQueuedSegments.run(reasons.cancelledByOperator(), id);
        this.countMove(campaign_id, 'queued', 'cancelled');
      }
      return ids.length;
    });
  }

  /**
   * Segments of the account still waiting for a report whose SUBMIT_RESP came before `cutoff`
   * become unknown, up to `limit` per call (docs/protocol.md "Message bodies": 48 h by default; a late report still updates).
   */
  expireReports(accountId: number, cutoff: number, limit = 5_000, now = Date.now()): number {
    return this.transaction(() => {
      const rows = this.s.awaiting.all(accountId, cutoff, limit) as { id: number; message_id: number }[];
      const touched = new Set<number>();
      for (const r of rows) {
        this.s.expire.run(reasons.reportWaitExpired(), r.id);
        touched.add(r.message_id);
      }
      for (const m of touched) this.recompute(m, now);
      return rows.length;
    });
  }

  /** Messages queued for the account (its queue depth, for the monitor). */
  queueDepth(accountId: number): number {
    return (this.s.queueDepth.get(accountId) as { n: number }).n;
  }

  /** Rebuilds a campaign's per-state counters from its messages (repair; counts every row). */
  recount(campaignId: number): void {
    this.transaction(() => {
      for (const state of MessageStates) {
        this.s.recountSet.run({ id: campaignId, state });
      }
    });
  }

  // ---- added for the services' pump (engineer A) -----------------------------------------------

  /** Gives messages their concatenation reference (only those without one: a resend keeps it). */
  setConcatRef(messageIds: readonly number[], ref: number): void {
    checkInt(ref, 'concatenation reference', 0, 0xffff);
    this.transaction(() => {
      for (const id of messageIds) this.s.setConcatRef.run(ref, id);
    });
  }

  concatRefOf(messageId: number): number | null {
    return (this.s.concatRefOf.get(messageId) as number | null | undefined) ?? null;
  }

  /**
   * The pump hands these segments to the account pool right after this commits: send_count + 1
   * and the first submit time. The pool writes the PDU later (rate, window), and says which
   * connection and Sequence_Id with the outcome (recordResponses). A crash after this commit leaves
   * them in_doubt (the safe side), before it they go back to the queue (docs/glossary.md "In doubt").
   */
  markHandedOver(segmentIds: readonly number[], now = Date.now()): void {
    if (segmentIds.length === 0) return;
    const ids = JSON.stringify(segmentIds);
    this.transaction(() => {
      if (this.s.handedOver.run(now, ids).changes === new Set(segmentIds).size) return;
      const bad = this.s.notSubmitting.all(ids) as number[];
      throw conflict(`segment ${bad[0] ?? segmentIds[0]} is not being submitted; it cannot be handed over`);
    });
  }

  /**
   * Claimed segments that never reached a socket go back to the queue in their place:
   * `handedOver` = markHandedOver had counted a send that did not happen (undone here).
   */
  requeueUnsent(segmentIds: readonly number[], handedOver: boolean, reason: string | null = null, now = Date.now()): number {
    return this.transaction(() => {
      const touched = new Set<number>();
      for (const id of segmentIds) {
        const r = this.s.requeueUnsent.get(handedOver ? 1 : 0, reason, id) as { message_id: number } | undefined;
        if (r) touched.add(r.message_id);
      }
      for (const m of touched) this.recompute(m, now);
      return touched.size;
    });
  }

  /** Segments that cannot be sent at all (the PDU cannot be built or encoded): failed with the reason. */
  failSegments(segmentIds: readonly number[], reason: string, now = Date.now()): number {
    return this.transaction(() => {
      const touched = new Set<number>();
      for (const id of segmentIds) {
        const r = this.s.failSegment.get(reason, id) as { message_id: number } | undefined;
        if (r) {
          touched.add(r.message_id);
          this.s.cancelSiblings.run(reasons.siblingFailed(reason), r.message_id);
        }
      }
      for (const m of touched) this.recompute(m, now);
      return touched.size;
    });
  }

  /** The gateway may have these messages twice (a PDU resent after a lost response). */
  flagPossibleDuplicate(messageIds: readonly number[]): void {
    this.transaction(() => {
      for (const id of messageIds) this.s.flagDuplicate.run(id);
    });
  }

  /**
   * In-doubt messages of the account that are free (FeeCode 0) and belong to a running campaign or
   * are direct sends: the pump resends them automatically. Oldest first.
   */
  freeInDoubt(accountId: number, limit = 1000): number[] {
    return this.s.freeInDoubt.all(accountId, limit) as number[];
  }

  /** Whether the campaign (null: the direct sends) has queued messages on the account. */
  hasQueued(accountId: number, campaignId: number | null): boolean {
    return (campaignId === null ? this.s.hasQueuedDirect.get(accountId) : this.s.hasQueuedCampaign.get(campaignId, accountId)) !== undefined;
  }

  /** The message a segment belongs to (for the live feed). */
  segmentOwner(segmentId: number): { messageId: number; campaignId: number | null; number: string; messageState: MessageState } | null {
    return (this.s.segmentOwner.get(segmentId) as { messageId: number; campaignId: number | null; number: string; messageState: MessageState } | undefined) ?? null;
  }

  /**
   * Segments of the campaign accepted by the gateway and still waiting (messages `submitted`),
   * keyset-paged by message id: what a CMPP_CANCEL can still withdraw (scheduled At_Time sends).
   */
  submittedSegments(
    campaignId: number,
    after: { createdAt: number; messageId: number } = { createdAt: 0, messageId: 0 },
    limit = 1000,
  ): { segmentId: number; pduMsgId: bigint; accountId: number; messageId: number; createdAt: number }[] {
    const rows = this.s.submittedOfCampaign.all({ campaignId, cAt: after.createdAt, cId: after.messageId, limit }) as {
      id: bigint;
      pdu_msg_id: bigint;
      account_id: bigint;
      message_id: bigint;
      created_at: bigint;
    }[];
    return rows.map((r) => ({
      segmentId: Number(r.id),
      pduMsgId: msgIdFromColumn(r.pdu_msg_id),
      accountId: Number(r.account_id),
      messageId: Number(r.message_id),
      createdAt: Number(r.created_at),
    }));
  }

  /** Segments withdrawn by a successful CMPP_CANCEL. */
  cancelSubmitted(segmentIds: readonly number[], reason: string, now = Date.now()): number {
    return this.transaction(() => {
      const touched = new Set<number>();
      for (const id of segmentIds) {
        const r = this.s.cancelSubmittedSegment.get(reason, id) as { message_id: number } | undefined;
        if (r) touched.add(r.message_id);
      }
      for (const m of touched) this.recompute(m, now);
      return touched.size;
    });
  }

  /** Messages to the number created since `since` (not skipped or cancelled): the frequency cap. */
  recentTo(number: string, since: number): number {
    return this.s.recentTo.get(number, since) as number;
  }

  /** Deletes up to `limit` messages of a campaign (their segments cascade); only for a draft being discarded. */
  deleteMessagesOf(campaignId: number, limit = 5_000): number {
    return this.s.deleteMessagesOf.run(campaignId, limit).changes;
  }

  // ---- shared with reports.ts ------------------------------------------------------------------

  /**
   * Applies a report (already stored and linked to the segment) to the segment, inside the
   * caller's transaction, and re-derives its message.
   * ACCEPTD changes nothing but the report times; UNKNOWN never overrides a delivered/failed
   * outcome; otherwise the latest final report wins (a late report updates an unknown segment).
   */
  applyReport(segmentId: number, r: AppliedReport, now: number): void {
    if (r.outcome === 'pending') {
      this.s.segmentReportStatOnly.run(r.receivedAt, r.doneTime, segmentId);
      return;
    }
    const reason = r.outcome === 'delivered' ? null : reasons.reportStat(r.stat);
    const hit = this.s.segmentReport.get(r.outcome, r.stat, r.receivedAt, r.doneTime, reason, segmentId, r.outcome) as
      | (SegmentRow & { message_id: number })
      | undefined;
    if (hit) this.recompute(hit.message_id, now, hit);
  }

  /**
   * Re-derives a message's state, result, Stat and reason from its segments (in a transaction).
   * `changed`: the segment row an UPDATE ... RETURNING just gave; when it is the message's only
   * segment (most SMS), it is all there is to read.
   */
  recompute(messageId: number, now: number, changed?: SegmentRow): void {
    // Inside a transaction: once per message, at its end (the latest change's row is kept; until
    // then no message row is written, so its message_before is still the message as it was).
    if (this.deferred !== null) {
      this.deferred.set(messageId, { now, changed });
      return;
    }
    this.rederive(messageId, now, changed);
  }

  private rederive(messageId: number, now: number, changed?: SegmentRow): void {
    const segs =
      changed !== undefined && changed.pk_total === 1
        ? [changed]
        : (this.s.segmentStates.all(messageId) as SegmentRow[]).sort((a, b) => a.pk_number - b.pk_number);
    const state = messageStateFromSegments(segs.map((s) => s.state));
    if (state === null) return;
    const lead = segs.find((s) => s.state === state)!;
    const lastStat = [...segs].reverse().find((s) => s.stat !== null)?.stat ?? null;
    const failedResult = segs.find((s) => s.result !== null && s.result !== 0 && s.result !== 8)?.result ?? null;
    let submittedAt: number | null = null;
    for (const s of segs) if (s.submit_at !== null && (submittedAt === null || s.submit_at < submittedAt)) submittedAt = s.submit_at;
    const next = {
      state,
      result: state === 'failed' ? lead.result : failedResult,
      stat: lead.stat ?? lastStat,
      reason: state === 'delivered' ? null : lead.reason,
      submittedAt,
    };
    type Old = { state: MessageState; campaign_id: number | null; result: number | null; stat: string | null; reason: string | null; submitted_at: number | null };
    let old: Old;
    if (changed?.message_before !== undefined) {
      const [st, campaignId, result, stat, reason, submittedAt] = JSON.parse(changed.message_before) as [MessageState, number | null, number | null, string | null, string | null, number | null];
      old = { state: st, campaign_id: campaignId, result, stat, reason, submitted_at: submittedAt };
    } else {
      old = this.s.messageNow.get(messageId) as Old;
    }
    if (
      old.state === next.state &&
      old.result === next.result &&
      old.stat === next.stat &&
      old.reason === next.reason &&
      old.submitted_at === next.submittedAt
    ) {
      return;
    }
    const final = isFinalState(state) ? 1 : 0;
    this.s.updateMessage.run(final, state, now, state, next.result, next.stat, next.reason, next.submittedAt, now, messageId);
    this.countMove(old.campaign_id, old.state, state);
  }

  // ---- campaign counters -------------------------------------------------------------------------

  /**
   * Per-(campaign, state) count changes of the running transaction, written once at its end: a
   * trigger doing it per row cost 3 us per state change (a third of a message's state update).
   * Every statement here that changes messages.state calls countMove; recount() repairs.
   */
  private readonly deltas = new Map<string, { campaignId: number; state: MessageState; n: number }>();

  private countMove(campaignId: number | null, from: MessageState, to: MessageState): void {
    if (campaignId === null || from === to) return;
    for (const [state, d] of [[from, -1], [to, 1]] as const) {
      const key = `${campaignId}:${state}`;
      const e = this.deltas.get(key);
      if (e) e.n += d;
      else this.deltas.set(key, { campaignId, state, n: d });
    }
  }

  /** Outbox.transaction calls running now (the outermost one writes the counters). */
  private depth = 0;
  /**
   * Messages to re-derive when the running transaction ends. A SUBMIT_RESP and its status report
   * recorded in one transaction (the usual case when reports come right behind responses) then
   * write the message once, submitting -> delivered, not twice: the intermediate state is never
   * visible to anyone, as it never committed.
   */
  private deferred: Map<number, { now: number; changed: SegmentRow | undefined }> | null = null;

  /**
   * Runs fn in one transaction and writes its counter changes before it commits; on an error
   * nothing of it remains, counters included.
   * Nested in another Outbox.transaction it simply joins it: no savepoint, so an error aborts the
   * whole enclosing transaction. Measured: a savepoint per nested call (the pump's flush wraps
   * recordResponses and friends) costs ~15% of the campaign path, as SQLite then journals every
   * page it first touches. No caller catches an outbox error inside its own transaction.
   * Nested in a transaction of someone else (Store.transaction), it is a savepoint as before.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    const outer = [...this.deltas.entries()];
    this.deltas.clear();
    try {
      return writeTransaction(this.db, () => {
        this.depth++;
        const deferred = new Map<number, { now: number; changed: SegmentRow | undefined }>();
        this.deferred = deferred;
        try {
          const result = fn();
          this.deferred = null;
          for (const [messageId, d] of deferred) this.rederive(messageId, d.now, d.changed);
          for (const d of this.deltas.values()) if (d.n !== 0) this.s.countAdd.run(d.n, d.campaignId, d.state);
          return result;
        } finally {
          this.deferred = null;
          this.depth--;
        }
      });
    } finally {
      this.deltas.clear();
      for (const [k, v] of outer) this.deltas.set(k, v);
    }
  }

  /** Throws unless the message exists; returns its stored state. */
  stateOf(messageId: number): MessageState {
    const r = this.s.messageState.get(messageId) as { state: MessageState } | undefined;
    if (!r) throw notFound(`message ${messageId} does not exist`);
    return r.state;
  }
}
