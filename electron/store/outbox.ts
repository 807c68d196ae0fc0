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
//
// This class is the one door to the outbox; the work is done by its parts in ./outbox/, each
// over the same rollup (./outbox/rollup.ts: transactions, message re-derivation, campaign counters).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { MessageState } from '../../shared/message-state.js';
import { Enqueuer, type EnqueueOptions, type EnqueueProgress, type EnqueueTarget, type Recipient } from './enqueue.js';
import { OutboxClaims, type ClaimedMessage, type ClaimRequest, type SentPdu } from './outbox/claims.js';
import { OutboxInDoubt, type InDoubtMessage } from './outbox/in-doubt.js';
import { OutboxOutcomes, type ResponseSummary, type SubmitResponse } from './outbox/outcomes.js';
import { OutboxQueries, type SegmentOwner } from './outbox/queries.js';
import { OutboxRecovery } from './outbox/recovery.js';
import type { FoldedFields } from './folded-reports.js';
import { OutboxRollup, type AppliedReport } from './outbox/rollup.js';
import { OutboxWithdrawal, type SubmittedSegment } from './outbox/withdrawal.js';

export type { ClaimedMessage, ClaimedSegment, ClaimRequest, SentPdu } from './outbox/claims.js';
export type { InDoubtMessage } from './outbox/in-doubt.js';
export { describeResult, type ResponseSummary, type SubmitResponse } from './outbox/outcomes.js';
export type { SegmentOwner } from './outbox/queries.js';
export type { AppliedReport } from './outbox/rollup.js';
export type { SubmittedSegment } from './outbox/withdrawal.js';
export type { EnqueueOptions, EnqueueProgress, EnqueueTarget, Recipient };

export class Outbox {
  private readonly enqueuer: Enqueuer;
  private readonly rollup: OutboxRollup;
  private readonly claims: OutboxClaims;
  private readonly outcomes: OutboxOutcomes;
  private readonly doubt: OutboxInDoubt;
  private readonly recovery: OutboxRecovery;
  private readonly withdrawal: OutboxWithdrawal;
  private readonly queries: OutboxQueries;

  constructor(db: Database.Database) {
    this.enqueuer = new Enqueuer(db);
    this.rollup = new OutboxRollup(db);
    this.claims = new OutboxClaims(db, this.rollup);
    this.outcomes = new OutboxOutcomes(db, this.rollup);
    this.doubt = new OutboxInDoubt(db, this.rollup);
    this.recovery = new OutboxRecovery(db, this.rollup);
    this.withdrawal = new OutboxWithdrawal(db, this.rollup);
    this.queries = new OutboxQueries(db);
  }

  // ---- enqueue (./enqueue.ts) ------------------------------------------------------------------

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

  // ---- the send path: claims (./outbox/claims.ts) and outcomes (./outbox/outcomes.ts) ----------

  claim(req: ClaimRequest): ClaimedMessage[] { return this.claims.claim(req); }
  setConcatRef(messageIds: readonly number[], ref: number): void { this.claims.setConcatRef(messageIds, ref); }
  concatRefOf(messageId: number): number | null { return this.claims.concatRefOf(messageId); }
  markSent(pdus: readonly SentPdu[]): void { this.claims.markSent(pdus); }
  markHandedOver(segmentIds: readonly number[], now = Date.now()): void { this.claims.markHandedOver(segmentIds, now); }
  recordResponses(responses: readonly SubmitResponse[]): ResponseSummary { return this.outcomes.recordResponses(responses); }
  markInDoubt(segmentIds: readonly number[], reason: string, now = Date.now()): number { return this.outcomes.markInDoubt(segmentIds, reason, now); }
  requeueUnsent(segmentIds: readonly number[], handedOver: boolean, reason: string | null = null, now = Date.now()): number {
    return this.outcomes.requeueUnsent(segmentIds, handedOver, reason, now);
  }
  failSegments(segmentIds: readonly number[], reason: string, now = Date.now()): number { return this.outcomes.failSegments(segmentIds, reason, now); }
  flagPossibleDuplicate(messageIds: readonly number[]): void { this.outcomes.flagPossibleDuplicate(messageIds); }

  // ---- in-doubt resolution (./outbox/in-doubt.ts) and stale work (./outbox/recovery.ts) --------

  inDoubt(limit = 1000): InDoubtMessage[] { return this.doubt.inDoubt(limit); }
  freeInDoubt(accountId: number, limit = 1000): number[] { return this.doubt.freeInDoubt(accountId, limit); }
  resendInDoubt(messageIds: readonly number[], now = Date.now()): number { return this.doubt.resendInDoubt(messageIds, now); }
  dropInDoubt(messageIds: readonly number[], now = Date.now()): number { return this.doubt.dropInDoubt(messageIds, now); }
  recoverAfterCrash(now = Date.now()): { requeued: number; inDoubt: number } { return this.recovery.recoverAfterCrash(now); }
  expireReports(accountId: number, cutoff: number, limit = 5_000, now = Date.now()): number {
    return this.recovery.expireReports(accountId, cutoff, limit, now);
  }

  // ---- withdrawing a campaign's work (./outbox/withdrawal.ts) ---------------------------------

  cancelQueued(accountId: number, campaignId: number, limit = 5_000, now = Date.now()): number {
    return this.withdrawal.cancelQueued(accountId, campaignId, limit, now);
  }
  submittedSegments(campaignId: number, after?: { createdAt: number; messageId: number }, limit?: number): SubmittedSegment[] {
    return this.withdrawal.submittedSegments(campaignId, after, limit);
  }
  cancelSubmitted(segmentIds: readonly number[], reason: string, now = Date.now()): number { return this.withdrawal.cancelSubmitted(segmentIds, reason, now); }
  deleteMessagesOf(campaignId: number, limit = 5_000): number { return this.withdrawal.deleteMessagesOf(campaignId, limit); }

  // ---- queries (./outbox/queries.ts) -----------------------------------------------------------

  stateOf(messageId: number): MessageState { return this.queries.stateOf(messageId); }
  queueDepth(accountId: number): number { return this.queries.queueDepth(accountId); }
  hasQueued(accountId: number, campaignId: number | null): boolean { return this.queries.hasQueued(accountId, campaignId); }
  segmentOwner(segmentId: number): SegmentOwner | null { return this.queries.segmentOwner(segmentId); }
  recentTo(number: string, since: number): number { return this.queries.recentTo(number, since); }

  // ---- the rollup (./outbox/rollup.ts), shared with reports.ts ---------------------------------

  transaction<T>(fn: () => T): T { return this.rollup.transaction(fn); }
  applyReport(segmentId: number, r: AppliedReport, now: number): void { this.rollup.applyReport(segmentId, r, now); }
  foldReport(segmentId: number, r: AppliedReport, f: FoldedFields, now: number): boolean { return this.rollup.foldReport(segmentId, r, f, now); }
  recount(campaignId: number): void { this.rollup.recount(campaignId); }
}
