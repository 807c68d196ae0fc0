// Recording what became of each PDU the pump handed over. Outcomes are batched and committed once
// per event-loop turn (10,000 messages/s must not mean 10,000 transactions/s), and a lane's slot is
// freed only when its outcome is COMMITTED, not when it arrives: a kill therefore leaves at most
// connections x window PDUs in doubt. A write the store refuses (another program holds the
// database, the disk is full) never escapes: the outcomes stay in memory, keep their slots (so
// nothing new is handed over) and are written again after the back-off (StoreFaults).
import type { SubmitOutcome } from '../../cmpp/session/client.js';
import type { ResponseSummary, SubmitResponse } from '../../store/outbox.js';
import { reasons } from '../../../shared/reasons.js';
import type { PduJob } from '../campaigns/submit-batches.js';
import type { EngineCore, Emits } from '../engine.js';
import type { Done, Lane } from './lane.js';
import { faultKind } from './store-faults.js';

/** The 'progress' event: the outcomes of one flush of one account, committed. */
export interface ProgressEvent {
  accountId: number;
  /** Campaigns whose messages changed in this flush (null = direct sends). */
  campaignIds: (number | null)[];
  submitted: number;
  failed: number;
  requeued: number;
  inDoubt: number;
}

/** What the recorder needs of the engine; late reports go back to the deliver router. */
export type RecorderEngine = Pick<EngineCore, 'faults' | 'now' | 'store'> & Emits<'progress', [ProgressEvent]> & {
  readonly router: { publishLate(accountId: number, matches: readonly { reportId: number; segmentId: number }[]): void };
};

/** A lane's outcomes of one turn, sorted into the store's writes (see OutcomeRecorder.plan). */
interface FlushPlan {
  lane: Lane;
  outs: Done[];
  now: number;
  responses: SubmitResponse[];
  /** reason -> segments */
  inDoubt: Map<string, number[]>;
  unsent: number[];
  unsendable: { ids: number[]; reason: string }[];
  duplicates: number[];
  freeResend: number[];
  /** Failures the store does not count (invalid PDUs, Result != 0 counted by the caller). */
  failed: number;
  summary: Pick<ResponseSummary, 'submitted' | 'requeued' | 'failed' | 'lateReports'>;
  inDoubtCount: number;
}

export class OutcomeRecorder {
  constructor(
    private readonly ws: RecorderEngine,
    private readonly lanes: () => Iterable<Lane>,
    /** Called after a lane's outcomes were recorded: its freed slots may take new work. */
    private readonly refill: (lane: Lane) => void,
  ) {}

  /** The pool settled a PDU: recorded with the rest of this event-loop turn's outcomes. */
  onOutcome(lane: Lane, job: PduJob, o: SubmitOutcome): void {
    lane.outcomes.push({ job, o });
    if (lane.flushScheduled || lane.retryTimer !== undefined) return;
    lane.flushScheduled = true;
    // One transaction per event-loop turn: every response read in this turn is committed together.
    setImmediate(() => {
      lane.flushScheduled = false;
      this.flush(lane);
      this.refill(lane);
    });
  }

  /** Records the lane's outcomes received so far (synchronously). */
  flush(lane: Lane): void {
    const plan = this.plan(lane);
    if (!plan) return;
    try {
      this.ws.store.outbox.transaction(() => this.write(plan));
    } catch (e) {
      this.failed(plan, e);
      return;
    }
    this.ws.faults.ok('outcomes');
    this.after(plan);
  }

  /**
   * Records every outcome received so far and runs `write` (the deliver router's status reports
   * of the same turn) in ONE transaction: one commit instead of two, and a message whose
   * SUBMIT_RESP and report came in the same turn is written once. If that transaction fails, the
   * outcomes are recorded on their own and the error goes to the caller for its own fallback.
   */
  flushAllWith<T>(write: () => T): T {
    const plans = [...this.lanes()]
      .filter((lane) => lane.retryTimer === undefined)
      .map((lane) => this.plan(lane))
      .filter((p) => p !== null);
    const outbox = this.ws.store.outbox;
    let result: T;
    try {
      result = outbox.transaction(() => {
        for (const p of plans) this.write(p);
        return write();
      });
    } catch (e) {
      // A locked or full database refuses the outcomes as well: they wait for their retry. Any
      // other error may be the caller's write alone, so the outcomes are tried on their own.
      for (const p of plans) {
        if (faultKind(e) !== 'other') {
          this.failed(p, e);
          continue;
        }
        try {
          outbox.transaction(() => this.write(p));
        } catch (e2) {
          this.failed(p, e2);
          continue;
        }
        this.after(p);
      }
      throw e;
    }
    if (plans.length > 0) this.ws.faults.ok('outcomes');
    for (const p of plans) this.after(p);
    return result;
  }

  /** Stops every waiting retry (the pump gives its lease up). */
  cancelRetries(): void {
    for (const lane of this.lanes()) {
      clearTimeout(lane.retryTimer);
      lane.retryTimer = undefined;
    }
  }

  /** Sorts a lane's outcomes into what the store is to record (nothing written yet). */
  private plan(lane: Lane): FlushPlan | null {
    const outs = lane.outcomes;
    if (outs.length === 0) return null;
    lane.outcomes = [];
    const p: FlushPlan = {
      lane,
      outs,
      now: this.ws.now(),
      responses: [],
      inDoubt: new Map(),
      unsent: [],
      unsendable: [],
      duplicates: [],
      freeResend: [],
      failed: 0,
      summary: { submitted: 0, requeued: 0, failed: 0, lateReports: [] },
      inDoubtCount: 0,
    };
    const now = p.now;
    for (const { job, o } of outs) {
      if (o.ok) {
        p.responses.push({ segmentIds: job.segmentIds, msgId: o.msgId, result: 0, at: now, sequenceId: o.sequenceId, connection: String(o.connectionId) });
        // The pool wrote it more than once (a response was lost): the gateway may have it twice.
        if (o.sends > 1) p.duplicates.push(...job.messageIds);
        continue;
      }
      const wire = { ...(o.sequenceId !== undefined ? { sequenceId: o.sequenceId } : {}), ...(o.connectionId !== undefined ? { connection: String(o.connectionId) } : {}) };
      if (o.code === 'result' && o.result !== undefined) {
        p.responses.push({ segmentIds: job.segmentIds, msgId: o.msgId ?? 0n, result: o.result, at: now, ...wire });
        p.failed++;
      } else if (o.code === 'flow-control') {
        // docs/protocol.md "Timers and flow control": Result 8 after the pool's own slower resends: back in the queue in its place.
        p.responses.push({ segmentIds: job.segmentIds, msgId: o.msgId ?? 0n, result: 8, at: now, ...wire });
      } else if (o.code === 'invalid') {
        p.unsendable.push({ ids: job.segmentIds, reason: reasons.notSent(o.reason) });
        p.failed++;
      } else if (o.written || o.inDoubt) {
        const why = reasons.inDoubt(o.code, o.reason);
        const list = p.inDoubt.get(why) ?? [];
        list.push(...job.segmentIds);
        p.inDoubt.set(why, list);
        if (!job.charged) p.freeResend.push(...job.messageIds);
      } else {
        p.unsent.push(...job.segmentIds);
      }
    }
    return p;
  }

  /** The plan's writes, inside the caller's transaction (may run twice: after a failed combined one). */
  private write(p: FlushPlan): void {
    const outbox = this.ws.store.outbox;
    const now = p.now;
    p.summary = p.responses.length > 0 ? outbox.recordResponses(p.responses) : { submitted: 0, requeued: 0, failed: 0, lateReports: [] };
    p.inDoubtCount = 0;
    for (const [reason, ids] of p.inDoubt) p.inDoubtCount += outbox.markInDoubt(ids, reason, now);
    if (p.unsent.length > 0) outbox.requeueUnsent(p.unsent, true, reasons.connectionUnavailable(), now);
    for (const u of p.unsendable) outbox.failSegments(u.ids, u.reason, now);
    if (p.duplicates.length > 0) outbox.flagPossibleDuplicate(p.duplicates);
    // Free messages in doubt go straight back to the queue, flagged (docs/glossary.md "In doubt").
    if (p.freeResend.length > 0 && !p.lane.failed) outbox.resendInDoubt(p.freeResend, now);
  }

  /**
   * The outcomes go back to the head of the lane's list, keeping their slots (nothing new is
   * handed over), and are written again after the back-off. Only a process exit before that
   * leaves them `submitting`, which the next start makes in_doubt (the safe side).
   */
  private failed(p: FlushPlan, e: unknown): void {
    const lane = p.lane;
    lane.outcomes.unshift(...p.outs);
    const delay = this.ws.faults.failed('outcomes', e);
    if (lane.retryTimer !== undefined) return;
    lane.retryTimer = setTimeout(() => {
      lane.retryTimer = undefined;
      this.flush(lane);
      this.refill(lane);
    }, delay);
  }

  /** After the commit (or its failure): the lane's slots, the live feed, progress. */
  private after(p: FlushPlan): void {
    const lane = p.lane;
    lane.inFlight -= p.outs.length;
    if (p.summary.lateReports.length > 0) this.ws.router.publishLate(lane.account.id, p.summary.lateReports);
    if (p.unsent.length > 0 || p.inDoubt.size > 0) for (const k of lane.sources) lane.empty.delete(k === null ? null : k.id);
    this.ws.emit('progress', {
      accountId: lane.account.id,
      campaignIds: [...new Set(p.outs.map((d) => d.job.campaignId))],
      submitted: p.summary.submitted,
      failed: p.summary.failed + p.failed,
      requeued: p.summary.requeued + p.unsent.length,
      inDoubt: p.inDoubtCount,
    });
  }
}
