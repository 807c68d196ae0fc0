// The pump's sending half: claims queued work into a lane's backlog (direct sends first, then its
// campaigns oldest first), and hands the pool what the window has room for. markHandedOver commits,
// and is synced to disk (store.durable()), before pool.submit(); the pool writes later, under its
// rate and window. Claimed work not yet handed over (the backlog) is still send_count 0: a crash
// sends it back to the queue; pause and cancel send it back at once (releaseBacklog).
import type { PduJob } from '../campaigns/submit-batches.js';
import { buildPdus, PlanCache } from '../campaigns/submit-batches.js';
import type { EngineCore } from '../engine.js';
import type { ConcatRefCounter } from '../settings/settings.js';
import type { Lane } from './lane.js';
import type { OutcomeRecorder } from './outcome-recorder.js';

/** What the hand-over needs of the engine. */
export type HandOverEngine = Pick<EngineCore, 'faults' | 'log' | 'now' | 'store'>;

export class HandOver {
  private readonly plans = new PlanCache();

  constructor(
    private readonly ws: HandOverEngine,
    private readonly refs: ConcatRefCounter,
    private readonly recorder: OutcomeRecorder,
    /** Messages claimed per claim transaction at most. */
    private readonly claimBatch: number,
    /** Whether the pump may hand anything over now (running, on a fresh lease, outside quiet hours). */
    private readonly gateOpen: () => boolean,
  ) {}

  /** Claims and hands over what the lane has room for. Never throws: a failed write waits its back-off. */
  fill(lane: Lane): void {
    try {
      this.fillLane(lane);
    } catch (e) {
      this.ws.faults.failed('claim', e);
    }
  }

  /** Hands the backlog's matching work back to the queue (pause, cancel, a lost lease, stop). */
  releaseBacklog(lane: Lane, which: (j: PduJob) => boolean): void {
    const keep: PduJob[] = [];
    const back: number[] = [];
    for (const j of lane.backlog) {
      if (which(j)) back.push(...j.segmentIds);
      else keep.push(j);
    }
    lane.backlog = keep;
    if (back.length === 0) return;
    try {
      this.ws.store.outbox.requeueUnsent(back, false, null, this.ws.now());
    } catch (e) {
      // Still `submitting` with send_count 0: the next fill (or, if this process ends first, the
      // next start) puts them back in the queue.
      lane.orphans.push(...back);
      this.ws.faults.failed('claim', e);
    }
  }

  private fillLane(lane: Lane): void {
    // Outcomes waiting to be recorded (lane.retryTimer): nothing new goes out until the store takes writes again.
    if (!this.gateOpen() || lane.failed || lane.retryTimer !== undefined) return;
    if (lane.pool.state === 'failed') {
      lane.failed = true;
      return;
    }
    // Nothing is handed over while no connection is logged in: it would only wait inside the pool,
    // counted as sent (in doubt after a crash) without having been written. The pool's 'ready'
    // kicks the pump again (Workspace.pool).
    if (lane.pool.state !== 'ready') return;
    if (lane.orphans.length > 0) {
      this.ws.store.outbox.requeueUnsent(lane.orphans, false, null, this.ws.now());
      lane.orphans = [];
    }
    if (lane.backlog.length < lane.capacity && this.ws.faults.waitMs('claim') === 0) {
      this.topUp(lane);
      this.ws.faults.ok('claim');
    }
    const n = Math.min(lane.capacity - lane.inFlight, lane.backlog.length);
    if (n <= 0) return;
    const jobs = lane.backlog.splice(0, n);
    try {
      this.ws.store.outbox.markHandedOver(
        jobs.flatMap((j) => j.segmentIds),
        this.ws.now(),
      );
    } catch (e) {
      // Nothing was written: the jobs wait at the head of the backlog for the next attempt.
      lane.backlog.unshift(...jobs);
      const delay = this.ws.faults.failed('hand-over', e);
      setTimeout(() => this.fill(lane), delay).unref?.();
      return;
    }
    this.ws.faults.ok('hand-over');
    lane.inFlight += jobs.length;
    const recorder = this.recorder;
    // The SUBMITs go to the pool only once the hand-over mark is on disk (one sync shared by every
    // mark of the moment): after a power loss a lost mark would put the segment back in the queue
    // and send it again without the possible-duplicate flag.
    this.ws.store.durable().then(
      () => {
        for (const job of jobs) {
          lane.pool.submit(job.req).then(
            (o) => recorder.onOutcome(lane, job, o),
            // The pool settles every submit; should it ever reject, the segment is on the safe side.
            (e: unknown) => recorder.onOutcome(lane, job, { ok: false, code: 'stopped', reason: String(e), written: true, inDoubt: true, sends: 1 }),
          );
        }
      },
      (e: unknown) => {
        const reason = `the hand-over could not be synced to disk, not sent: ${(e as Error).message}`;
        this.ws.log({ level: 'error', code: 'hand-over', message: reason, accountId: lane.account.id, params: { account: lane.account.name } });
        for (const job of jobs) recorder.onOutcome(lane, job, { ok: false, code: 'stopped', reason, written: false, inDoubt: false, sends: 0 });
      },
    );
  }

  /** Claims queued messages into the backlog: direct sends first, then campaigns oldest first. */
  private topUp(lane: Lane): void {
    const outbox = this.ws.store.outbox;
    const d = lane.account.destsPerSubmit;
    for (const src of lane.sources) {
      if (lane.backlog.length >= lane.capacity) return;
      const key = src === null ? null : src.id;
      if (lane.empty.has(key)) continue;
      const limit = Math.max(1, Math.min(this.claimBatch, (lane.capacity * 2 - lane.backlog.length) * d));
      const claimed = outbox.claim({
        accountId: lane.account.id,
        campaignId: key,
        limit,
        reportExpected: (src?.registeredDelivery ?? lane.account.registeredDelivery) === 1,
        now: this.ws.now(),
      });
      if (claimed.length === 0) {
        lane.empty.add(key);
        continue;
      }
      let built: ReturnType<typeof buildPdus>;
      try {
        built = buildPdus(
          claimed,
          lane.account,
          src,
          this.plans,
          () => this.refs.next(lane.account.id),
          (ids, ref) => outbox.setConcatRef(ids, ref),
        );
      } catch (e) {
        // Claimed (submitting, never sent) but not in memory: back to the queue on the next fill.
        lane.orphans.push(...claimed.flatMap((m) => m.segments.map((s) => s.segmentId)));
        throw e;
      }
      lane.backlog.push(...built.jobs);
      for (const [i, u] of built.unsendable.entries()) {
        try {
          outbox.failSegments(u.segmentIds, u.reason, this.ws.now());
        } catch (e) {
          lane.orphans.push(...built.unsendable.slice(i).flatMap((x) => x.segmentIds));
          throw e;
        }
      }
      if (claimed.length < limit) lane.empty.add(key);
    }
  }
}
