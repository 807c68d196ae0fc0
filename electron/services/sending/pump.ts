// The outbox pump: takes queued work in order (direct sends first, then running
// campaigns oldest first), hands SUBMITs to the account pools, and records every outcome.
//
// - One pump per database: a lease row ('pump') with expiry, renewed every ttl/3. A holder whose
//   process is gone (same host, pid not running) is taken over at once, so a restart after a kill
//   does not wait for the expiry. Crash recovery (outbox.recoverAfterCrash) runs only after the
//   lease is ours, never while another pump has work on the wire.
// - Bounded in-doubt exposure: per account at most connections x window PDUs are "handed over and
//   not yet recorded" at any moment (a slot is freed when its outcome is COMMITTED, not when it
//   arrives). A kill therefore leaves at most connections x W PDUs in_doubt.
// - markHandedOver commits, and is synced to disk (store.durable()), before pool.submit() (the
//   pool writes later, under its rate and window); outcomes are batched and committed once per event-loop turn, so 10,000 messages/s do
//   not mean 10,000 transactions/s.
// - Claimed-but-not-handed-over work (the backlog) is still send_count 0: a crash sends it back to
//   the queue; pause and cancel send it back at once.
// - Quiet hours: nothing is handed over inside the window; work waits for its end.
// - Periodic (refreshMs): lease renewal, campaign states (another process may pause or cancel),
//   resend of free in-doubt messages (flagged as possible duplicates), campaign completion,
//   the report-wait sweep (segments without a report after the account's wait become unknown).
// - A write that fails (another program holds the database, the disk is full) never escapes: its
//   work stays in memory and is retried with back-off (StoreFaults). Outcomes not yet recorded keep
//   their slots, so nothing new is handed over meanwhile: sending pauses and resumes by itself.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CmppAccountPool, SubmitOutcome } from '../../cmpp/session/client.js';
import type { Account } from '../../store/accounts.js';
import type { Campaign } from '../../store/campaigns.js';
import type { ResponseSummary, SubmitResponse } from '../../store/outbox.js';
import { reasons } from '../../../shared/reasons.js';
import { ConcatRefCounter, quietHoursEnd } from '../settings/settings.js';
import { buildPdus, PlanCache, type PduJob } from '../campaigns/submit-batches.js';
import { faultKind } from './store-faults.js';
import { describeHolder, holderIsDead, type LeaseHolder } from './lease-holder.js';
import type { EngineCore } from '../engine.js';

/** What the pump needs of the engine (the Workspace is one); late reports go back to the router. */
export type PumpEngine = Pick<EngineCore, 'actor' | 'db' | 'emit' | 'existingPool' | 'faults' | 'log' | 'now' | 'pool' | 'settings' | 'store' | 'supportLog'> & {
  readonly router: { publishLate(accountId: number, matches: readonly { reportId: number; segmentId: number }[]): void };
};

export interface PumpOptions {
  /** Lease time to live. Default 20 s (renewed every third). */
  leaseTtlMs?: number;
  /** Housekeeping period: campaign states, completion, in-doubt resends. Default 250 ms. */
  refreshMs?: number;
  /** Messages claimed per claim transaction at most. Default 500 (about 10 ms). */
  claimBatch?: number;
  /** Identity in the lease; default host|pid|random. */
  holder?: string;
}

export const PUMP_LEASE = 'pump';

type PumpState = 'stopped' | 'waiting' | 'running' | 'stopping';

interface Done {
  job: PduJob;
  o: SubmitOutcome;
}

/** One account's sending: its pool, its sources of work, its backlog and in-flight count. */
class Lane {
  account: Account;
  pool: CmppAccountPool;
  /** PDUs handed over and not yet recorded, at most `capacity`. */
  inFlight = 0;
  backlog: PduJob[] = [];
  outcomes: Done[] = [];
  flushScheduled = false;
  /** Running campaigns of the account, oldest first (null = the direct sends, always first). */
  sources: (Campaign | null)[] = [null];
  /** Sources found empty since the last refresh (no claim attempts until then or a kick). */
  empty = new Set<number | null>();
  failed = false;
  /** Set while this lane's outcomes wait for their retry (the store refused their last write). */
  retryTimer: NodeJS.Timeout | undefined;
  /** Segments claimed whose PDUs could not be built (a write failed): back to the queue next fill. */
  orphans: number[] = [];

  constructor(account: Account, pool: CmppAccountPool) {
    this.account = account;
    this.pool = pool;
  }

  get capacity(): number {
    return this.account.connections * this.account.window;
  }
}

export class Pump {
  readonly holder: string;
  /** Who held the lease when we last found it taken (logged once per holder). */
  private state: PumpState = 'stopped';
  private readonly lanes = new Map<number, Lane>();
  private readonly plans = new PlanCache();
  private readonly refs: ConcatRefCounter;
  private readonly ttl: number;
  private readonly refreshMs: number;
  private readonly claimBatch: number;
  private timer: NodeJS.Timeout | undefined;
  private lastRenew = 0;
  private lastSettingsReload = 0;
  private lastSweep = 0;
  private sweeping = false;
  private quietUntil: number | null = null;
  private refreshing = false;
  /** Accounts whose pool could not be built, with the message last logged. */
  private readonly unusable = new Map<number, string>();
  /** Set by oneShot(): the only account this pump sends for, without the lease. */
  private oneShotAccount: number | null = null;
  /** The other lease holder last reported (said once per holder). */
  private reportedHolder: string | null = null;

  constructor(
    private readonly ws: PumpEngine,
    opts: PumpOptions = {},
  ) {
    this.ttl = opts.leaseTtlMs ?? 20_000;
    this.refreshMs = opts.refreshMs ?? 250;
    this.claimBatch = opts.claimBatch ?? 500;
    this.holder = opts.holder ?? `${hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;
    this.refs = new ConcatRefCounter(ws.db, ws.now);
  }

  /** True while this process holds the lease and sends. */
  get holdsLease(): boolean {
    return this.state === 'running';
  }

  get status(): PumpState {
    return this.state;
  }

  /**
   * Starts pumping if the lease can be had; otherwise keeps trying every refresh (another pump,
   * e.g. the app, is sending). Resolves to whether this process holds the lease now.
   */
  async start(): Promise<boolean> {
    if (this.state === 'running' || this.state === 'waiting') return this.state === 'running';
    if (this.state === 'stopping') throw new Error('the pump is stopping');
    this.state = 'waiting';
    // One-shot: no lease and no recovery, which belong to the process that pumps the database.
    if (this.oneShotAccount !== null) this.state = 'running';
    else this.tryAcquire();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref?.();
    if (this.holdsLease) await this.refresh();
    return this.holdsLease;
  }

  /** New work may be there (a campaign started or resumed, a direct send queued). */
  kick(): void {
    this.unusable.clear();
    if (this.state !== 'running') return;
    for (const lane of this.lanes.values()) lane.empty.clear();
    void this.refresh();
  }

  /**
   * Stops claiming and hands the backlog back to the queue. Outcomes of what is in flight are
   * still recorded as they arrive (Workspace.close stops the pools, then calls flushAll and
   * releaseLease).
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    const held = this.state === 'running';
    this.state = 'stopping';
    clearInterval(this.timer);
    this.timer = undefined;
    for (const lane of this.lanes.values()) this.releaseBacklog(lane, () => true);
    this.flushAll();
    if (!held) this.state = 'stopped';
  }

  /** Records every outcome received so far (synchronously). */
  flushAll(): void {
    for (const lane of this.lanes.values()) this.flush(lane);
  }

  /**
   * One-shot sending (the CLI's `send` into a shared database): only the direct sends of this
   * account, without the lease, crash recovery, campaign completion or the report sweep, so a
   * quick send never touches other campaigns or logs other accounts in, and never disturbs the
   * pump of the app on the same file. Call before start().
   */
  oneShot(accountId: number): void {
    if (this.state !== 'stopped') throw new Error('oneShot() must come before the pump starts');
    this.oneShotAccount = accountId;
  }

  /** Gives the lease up (after the pools have stopped and their outcomes are recorded). */
  releaseLease(): void {
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.retryTimer);
      lane.retryTimer = undefined;
    }
    if ((this.state === 'stopping' || this.state === 'running') && this.oneShotAccount === null) {
      try {
        this.ws.store.leases.release(PUMP_LEASE, this.holder);
        this.ws.supportLog.info('lease-released', { lease: PUMP_LEASE, holder: this.holder });
      } catch {
        // closing database: the lease expires by itself
      }
    }
    this.state = 'stopped';
  }

  /** Pause or cancel: hand the campaign's backlog back to the queue at once. */
  campaignStopped(campaignId: number): void {
    for (const lane of this.lanes.values()) {
      this.releaseBacklog(lane, (j) => j.campaignId === campaignId);
      lane.sources = lane.sources.filter((c) => c === null || c.id !== campaignId);
    }
  }

  /** Figures for the live monitor: work of the account's running campaigns. */
  storeFigures(accountId: number): Record<string, number> {
    const lane = this.lanes.get(accountId);
    const figures: Record<string, number> = { inFlight: lane?.inFlight ?? 0, backlog: lane?.backlog.length ?? 0, queued: 0, submitted: 0, inDoubt: 0 };
    for (const c of lane?.sources ?? []) {
      if (c === null) continue;
      const n = this.ws.store.campaigns.counts(c.id);
      figures.queued! += n.queued;
      figures.submitted! += n.submitted;
      figures.inDoubt! += n.in_doubt;
    }
    return figures;
  }

  // ---- lease --------------------------------------------------------------------------------

  /** Who holds the pump lease now (null: nobody, or an expired holder). */
  leaseHolder(): LeaseHolder | null {
    const cur = this.ws.store.leases.get(PUMP_LEASE);
    if (!cur || cur.expiresAt <= this.ws.now()) return null;
    return describeHolder(cur.holder, cur.acquiredAt);
  }

  /**
   * Takes the lease (or finds another live holder and says who), then runs crash recovery; only
   * when recovery has committed does the pump run. A failure leaves it waiting: the next refresh
   * (after the back-off) tries again, so recovery runs in the end. Never throws.
   */
  private tryAcquire(): void {
    if (this.ws.faults.waitMs('recovery') > 0) return;
    try {
      const leases = this.ws.store.leases;
      const now = this.ws.now();
      let ok = leases.acquire(PUMP_LEASE, this.holder, this.ttl, now);
      if (!ok) {
        const cur = leases.get(PUMP_LEASE);
        if (cur && holderIsDead(cur.holder)) {
          ok = leases.takeOver(PUMP_LEASE, cur.holder, this.holder, this.ttl, now);
          if (ok) this.ws.log({ level: 'warn', code: 'lease-taken-over', message: `pump lease taken over from ${cur.holder} (process gone)` });
        }
        if (!ok && cur && cur.holder !== this.reportedHolder) {
          this.reportedHolder = cur.holder;
          const h = describeHolder(cur.holder, cur.acquiredAt);
          this.ws.log({ level: 'info', code: 'lease-held', message: `${h.text} holds the pump lease and sends; this process waits for it` });
        }
      }
      if (!ok) return;
      this.lastRenew = now;
      // The lease is ours: whatever a previous pump left on the wire is now known to be orphaned.
      const r = this.ws.store.outbox.recoverAfterCrash(now);
      if (r.requeued + r.inDoubt > 0) {
        this.ws.log({ level: 'warn', code: 'crash-recovery', message: `recovered after an unclean stop: ${r.requeued} segments back in the queue, ${r.inDoubt} in doubt` });
      }
      // Said to the operator after a wait; for support (ws.log writes there too) every time, once.
      if (this.reportedHolder !== null) this.ws.log({ level: 'info', code: 'lease-acquired', message: 'this process now holds the pump lease and sends' });
      else this.ws.supportLog.info('lease-acquired', { lease: PUMP_LEASE, holder: this.holder });
      this.reportedHolder = null;
      this.state = 'running';
      this.ws.faults.ok('recovery');
    } catch (e) {
      this.ws.faults.failed('recovery', e);
    }
  }

  private renew(now: number): void {
    if (now - this.lastRenew < this.ttl / 3) return;
    if (this.ws.store.leases.acquire(PUMP_LEASE, this.holder, this.ttl, now)) {
      this.lastRenew = now;
      return;
    }
    // Someone took the lease (we stalled past the TTL): stop sending at once.
    this.ws.log({ level: 'error', code: 'lease-lost', message: 'the pump lease was taken by another process; this process stops sending' });
    for (const lane of this.lanes.values()) this.releaseBacklog(lane, () => true);
    this.state = 'waiting';
  }

  // ---- housekeeping -------------------------------------------------------------------------

  private async refresh(): Promise<void> {
    if (this.refreshing) return;
    if (this.state === 'waiting') this.tryAcquire();
    if (this.state !== 'running' || this.ws.faults.waitMs('housekeeping') > 0) return;
    this.refreshing = true;
    try {
      const now = this.ws.now();
      if (this.oneShotAccount === null) this.renew(now);
      if (this.state !== 'running') return;
      if (now - this.lastSettingsReload > 2000) {
        this.ws.settings.reload();
        this.lastSettingsReload = now;
      }
      this.quietUntil = quietHoursEnd(this.ws.settings.quietHours, now);
      this.updateLanes(now);
      for (const lane of this.lanes.values()) {
        this.resendFreeInDoubt(lane);
        this.fill(lane);
      }
      if (this.oneShotAccount === null) this.checkCompletion();
      if (this.oneShotAccount === null && now - this.lastSweep >= this.ws.settings.reportSweepIntervalMs && !this.sweeping) {
        this.lastSweep = now;
        void this.sweepReports();
      }
      this.ws.faults.ok('housekeeping');
    } catch (e) {
      this.ws.faults.failed('housekeeping', e);
    } finally {
      this.refreshing = false;
    }
  }

  /** Lanes for accounts with running (due) campaigns or queued direct sends. */
  private updateLanes(now: number): void {
    const running = this.oneShotAccount === null ? this.ws.store.campaigns.list('running') : [];
    const byAccount = new Map<number, Campaign[]>();
    for (const c of running) {
      if (c.scheduleAt !== null && c.scheduleAt > now) continue;
      let l = byAccount.get(c.accountId);
      if (!l) byAccount.set(c.accountId, (l = []));
      l.push(c);
    }
    const accounts = new Set<number>([...byAccount.keys(), ...this.lanes.keys()]);
    if (this.oneShotAccount !== null) accounts.add(this.oneShotAccount);
    else for (const a of this.ws.store.accounts.list()) if (this.ws.store.outbox.hasQueued(a.id, null)) accounts.add(a.id);
    for (const accountId of accounts) {
      const campaigns = (byAccount.get(accountId) ?? []).sort((x, y) => x.id - y.id);
      let lane = this.lanes.get(accountId);
      if (!lane) {
        if (campaigns.length === 0 && !this.ws.store.outbox.hasQueued(accountId, null)) continue;
        let pool: CmppAccountPool;
        try {
          pool = this.ws.pool(accountId);
        } catch (e) {
          // e.g. the secret was written with another cipher: say it once, retry on the next kick.
          const message = `account ${accountId} cannot be used: ${(e as Error).message}`;
          if (this.unusable.get(accountId) !== message) this.ws.log({ level: 'error', code: 'account-failed', message, accountId });
          this.unusable.set(accountId, message);
          continue;
        }
        this.unusable.delete(accountId);
        lane = new Lane(this.ws.store.accounts.get(accountId), pool);
        this.lanes.set(accountId, lane);
      } else {
        lane.account = this.ws.store.accounts.get(accountId);
        // The pool was reset (account edited after a failed login, ...): take the new one.
        if ((lane.pool.state === 'stopped' || lane.pool.state === 'failed') && lane.inFlight === 0 && this.ws.existingPool(accountId) !== lane.pool) {
          try {
            lane.pool = this.ws.pool(accountId);
            lane.failed = false;
          } catch {
            // reported by the next lane creation attempt
          }
        }
      }
      const ids = new Set(campaigns.map((c) => c.id));
      // Work of campaigns no longer running (paused or cancelled elsewhere) goes back to the queue.
      this.releaseBacklog(lane, (j) => j.campaignId !== null && !ids.has(j.campaignId));
      lane.sources = [null, ...campaigns];
      lane.empty.clear();
      if (lane.pool.state === 'failed') {
        if (!lane.failed) this.ws.log({ level: 'error', code: 'account-failed', message: `account ${lane.account.name} cannot log in; its campaigns wait`, accountId });
        lane.failed = true;
      }
    }
  }

  /** Free in-doubt messages are resent automatically (at-least-once, flagged possible duplicate). */
  private resendFreeInDoubt(lane: Lane): void {
    if (lane.failed) return;
    const outbox = this.ws.store.outbox;
    const ids = outbox.freeInDoubt(lane.account.id, 1000);
    if (ids.length > 0) outbox.resendInDoubt(ids, this.ws.now());
  }

  /** Running campaigns with nothing left to do become completed. */
  private checkCompletion(): void {
    for (const c of this.ws.store.campaigns.list('running')) {
      const lane = this.lanes.get(c.accountId);
      if (lane && (lane.backlog.some((j) => j.campaignId === c.id) || lane.inFlight > 0)) continue;
      const n = this.ws.store.campaigns.counts(c.id);
      const waitingReports = c.registeredDelivery === 1 ? n.submitted : 0;
      // Charged in-doubt messages wait for the operator: the campaign is done as far as the pump goes.
      const freeInDoubt = c.charged ? 0 : n.in_doubt;
      if (n.queued + n.submitting + waitingReports + freeInDoubt > 0) continue;
      try {
        const done = this.ws.store.campaigns.setState(c.id, 'completed', this.ws.now());
        this.ws.store.audit.append({ actor: this.ws.actor, action: 'campaign.completed', accountId: c.accountId, campaignId: c.id, details: { counts: n } });
        this.ws.emit('campaign', done);
      } catch {
        // changed meanwhile (paused, cancelled): the next refresh sees it
      }
    }
  }

  /** Segments past their account's report wait become unknown (a late report still updates them). */
  private async sweepReports(): Promise<void> {
    this.sweeping = true;
    try {
      for (const a of this.ws.store.accounts.list()) {
        const cutoff = this.ws.now() - a.reportWaitMs;
        while (this.state === 'running' && this.ws.store.outbox.expireReports(a.id, cutoff, 2000, this.ws.now()) === 2000) await yieldToEventLoop();
      }
    } catch (e) {
      this.ws.faults.failed('housekeeping', e);
    } finally {
      this.sweeping = false;
    }
  }

  // ---- sending ------------------------------------------------------------------------------

  /** Claims and hands over what the lane has room for. Never throws: a failed write waits its back-off. */
  private fill(lane: Lane): void {
    try {
      this.fillLane(lane);
    } catch (e) {
      this.ws.faults.failed('claim', e);
    }
  }

  private fillLane(lane: Lane): void {
    if (this.state !== 'running' || lane.failed) return;
    // Outcomes waiting to be recorded: nothing new goes out until the store takes writes again.
    if (lane.retryTimer !== undefined) return;
    // A lease not renewed within its TTL (renewals refused by a locked database) may be another
    // process's by now: nothing is handed over until a renewal commits.
    if (this.oneShotAccount === null && this.ws.now() - this.lastRenew > this.ttl) return;
    if (this.quietUntil !== null && this.quietUntil > this.ws.now()) return;
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
    const outbox = this.ws.store.outbox;
    try {
      outbox.markHandedOver(
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
    // The SUBMITs go to the pool only once the hand-over mark is on disk (one sync shared by every
    // mark of the moment): after a power loss a lost mark would put the segment back in the queue
    // and send it again without the possible-duplicate flag.
    this.ws.store.durable().then(
      () => {
        for (const job of jobs) {
          lane.pool.submit(job.req).then(
            (o) => this.onOutcome(lane, job, o),
            // The pool settles every submit; should it ever reject, the segment is on the safe side.
            (e: unknown) => this.onOutcome(lane, job, { ok: false, code: 'stopped', reason: String(e), written: true, inDoubt: true, sends: 1 }),
          );
        }
      },
      (e: unknown) => {
        const reason = `the hand-over could not be synced to disk, not sent: ${(e as Error).message}`;
        this.ws.log({ level: 'error', code: 'pump', message: reason, accountId: lane.account.id });
        for (const job of jobs) this.onOutcome(lane, job, { ok: false, code: 'stopped', reason, written: false, inDoubt: false, sends: 0 });
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

  private releaseBacklog(lane: Lane, which: (j: PduJob) => boolean): void {
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

  private onOutcome(lane: Lane, job: PduJob, o: SubmitOutcome): void {
    lane.outcomes.push({ job, o });
    if (lane.flushScheduled || lane.retryTimer !== undefined) return;
    lane.flushScheduled = true;
    // One transaction per event-loop turn: every response read in this turn is committed together.
    setImmediate(() => {
      lane.flushScheduled = false;
      this.flush(lane);
      this.fill(lane);
    });
  }

  private flush(lane: Lane): void {
    const plan = this.planFlush(lane);
    if (!plan) return;
    try {
      this.ws.store.outbox.transaction(() => this.writeFlush(plan));
    } catch (e) {
      this.flushFailed(plan, e);
      return;
    }
    this.ws.faults.ok('outcomes');
    this.afterFlush(plan);
  }

  /**
   * Records every outcome received so far and runs `write` (the deliver router's status reports
   * of the same turn) in ONE transaction: one commit instead of two, and a message whose
   * SUBMIT_RESP and report came in the same turn is written once. If that transaction fails, the
   * outcomes are recorded on their own and the error goes to the caller for its own fallback.
   */
  flushAllWith<T>(write: () => T): T {
    const plans = [...this.lanes.values()]
      .filter((lane) => lane.retryTimer === undefined)
      .map((lane) => this.planFlush(lane))
      .filter((p) => p !== null);
    const outbox = this.ws.store.outbox;
    let result: T;
    try {
      result = outbox.transaction(() => {
        for (const p of plans) this.writeFlush(p);
        return write();
      });
    } catch (e) {
      // A locked or full database refuses the outcomes as well: they wait for their retry. Any
      // other error may be the caller's write alone, so the outcomes are tried on their own.
      for (const p of plans) {
        if (faultKind(e) !== 'other') {
          this.flushFailed(p, e);
          continue;
        }
        try {
          outbox.transaction(() => this.writeFlush(p));
        } catch (e2) {
          this.flushFailed(p, e2);
          continue;
        }
        this.afterFlush(p);
      }
      throw e;
    }
    if (plans.length > 0) this.ws.faults.ok('outcomes');
    for (const p of plans) this.afterFlush(p);
    return result;
  }

  /** Sorts a lane's outcomes into what the store is to record (nothing written yet). */
  private planFlush(lane: Lane): FlushPlan | null {
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
  private writeFlush(p: FlushPlan): void {
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
  private flushFailed(p: FlushPlan, e: unknown): void {
    const lane = p.lane;
    lane.outcomes.unshift(...p.outs);
    const delay = this.ws.faults.failed('outcomes', e);
    if (lane.retryTimer !== undefined) return;
    lane.retryTimer = setTimeout(() => {
      lane.retryTimer = undefined;
      this.flush(lane);
      this.fill(lane);
    }, delay);
  }

  /** After the commit (or its failure): the lane's slots, the live feed, progress. */
  private afterFlush(p: FlushPlan): void {
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

/** A lane's outcomes of one turn, sorted into the store's writes (see Pump.planFlush). */
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
