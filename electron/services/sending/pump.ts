// The outbox pump: takes queued work in order (direct sends first, then running
// campaigns oldest first), hands SUBMITs to the account pools, and records every outcome.
// Its parts, each in its own file:
// - the lease (pump-lease.ts): one pump per database. Crash recovery (outbox.recoverAfterCrash)
//   runs only after the lease is ours, never while another pump has work on the wire.
// - the gate (send-gate.ts): quiet hours and campaign schedules, against the engine's clock.
// - the hand-over (hand-over.ts): claims into each account's lane (lane.ts) and hands the pool
//   what its window has room for, the hand-over mark committed and synced first.
// - the outcome recorder (outcome-recorder.ts): outcomes committed once per event-loop turn; a
//   slot is freed when its outcome is COMMITTED, so a kill leaves at most connections x window PDUs
//   in doubt, and outcomes the store refuses wait in memory and are retried with back-off.
// This file holds the pump's life (start, stop, one-shot, the operator's pause and cancel) and
// the periodic housekeeping (refreshMs): lease renewal, campaign states (another process may
// pause or cancel), resend of free in-doubt messages (flagged as possible duplicates), campaign
// completion, the report-wait sweep (segments without a report after the account's wait become
// unknown). A write that fails never escapes: it waits for its back-off (StoreFaults).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CmppAccountPool } from '../../cmpp/session/client.js';
import { ConcatRefCounter } from '../settings/settings.js';
import type { Campaign } from '../../store/campaigns.js';
import type { EngineCore, Emits } from '../engine.js';
import { HandOver } from './hand-over.js';
import { Lane } from './lane.js';
import type { LeaseHolder } from './lease-holder.js';
import { OutcomeRecorder, type RecorderEngine } from './outcome-recorder.js';
import { PumpLease } from './pump-lease.js';
import { dueByAccount, SendGate } from './send-gate.js';

/** What the pump needs of the engine (the Workspace is one); late reports go back to the router. */
export type PumpEngine = Pick<EngineCore, 'actor' | 'db' | 'existingPool' | 'faults' | 'log' | 'now' | 'pool' | 'settings' | 'store' | 'supportLog'> &
  Emits<'campaign', [Campaign]> &
  RecorderEngine;

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

type PumpState = 'stopped' | 'waiting' | 'running' | 'stopping';

export class Pump {
  readonly holder: string;
  private state: PumpState = 'stopped';
  private readonly lanes = new Map<number, Lane>();
  private readonly lease: PumpLease;
  private readonly gate = new SendGate();
  private readonly recorder: OutcomeRecorder;
  private readonly handOver: HandOver;
  private readonly refreshMs: number;
  private timer: NodeJS.Timeout | undefined;
  private lastSettingsReload = 0;
  private lastSweep = 0;
  private sweeping = false;
  private refreshing = false;
  private rounds = 0;
  /** Accounts whose pool could not be built, with the message last logged. */
  private readonly unusable = new Map<number, string>();
  /** Set by oneShot(): the only account this pump sends for, without the lease. */
  private oneShotAccount: number | null = null;

  constructor(
    private readonly ws: PumpEngine,
    opts: PumpOptions = {},
  ) {
    this.refreshMs = opts.refreshMs ?? 250;
    this.holder = opts.holder ?? `${hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;
    this.lease = new PumpLease(ws, this.holder, opts.leaseTtlMs ?? 20_000);
    this.recorder = new OutcomeRecorder(ws, () => this.lanes.values(), (lane) => this.handOver.fill(lane));
    this.handOver = new HandOver(ws, new ConcatRefCounter(ws.db, ws.now), this.recorder, opts.claimBatch ?? 500, () => this.gateOpen());
  }

  /** True while this process holds the lease and sends. */
  get holdsLease(): boolean {
    return this.state === 'running';
  }

  get status(): PumpState {
    return this.state;
  }

  /**
   * Housekeeping rounds run to their end (each fills every lane as far as the gate lets it): a
   * point after which anything the pump would have done has been done.
   */
  get completedRounds(): number {
    return this.rounds;
  }

  /** When the quiet hours holding sends back end (as of the last round); null when none do. */
  heldUntil(): number | null {
    return this.gate.heldUntil(this.ws.now());
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
    for (const lane of this.lanes.values()) this.handOver.releaseBacklog(lane, () => true);
    this.flushAll();
    if (!held) this.state = 'stopped';
  }

  /** Records every outcome received so far (synchronously). */
  flushAll(): void {
    for (const lane of this.lanes.values()) this.recorder.flush(lane);
  }

  /** Outcomes and the caller's write in one transaction (see OutcomeRecorder.flushAllWith). */
  flushAllWith<T>(write: () => T): T {
    return this.recorder.flushAllWith(write);
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
    this.recorder.cancelRetries();
    if ((this.state === 'stopping' || this.state === 'running') && this.oneShotAccount === null) this.lease.release();
    this.state = 'stopped';
  }

  /** Pause or cancel: hand the campaign's backlog back to the queue at once. */
  campaignStopped(campaignId: number): void {
    for (const lane of this.lanes.values()) {
      this.handOver.releaseBacklog(lane, (j) => j.campaignId === campaignId);
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

  /** Who holds the pump lease now (null: nobody, or an expired holder). */
  leaseHolder(): LeaseHolder | null {
    return this.lease.current();
  }

  /**
   * Whether anything may be handed over now: the pump runs, on a lease renewed within its TTL
   * (one-shot sending has none), outside the quiet hours.
   */
  private gateOpen(): boolean {
    if (this.state !== 'running') return false;
    const now = this.ws.now();
    if (this.oneShotAccount === null && !this.lease.fresh(now)) return false;
    return this.gate.heldUntil(now) === null;
  }

  // ---- lease ----------------------------------------------------------------------------------

  /**
   * Takes the lease (or finds another live holder and says who), then runs crash recovery; only
   * when recovery has committed does the pump run. A failure leaves it waiting: the next refresh
   * (after the back-off) tries again, so recovery runs in the end. Never throws.
   */
  private tryAcquire(): void {
    if (this.ws.faults.waitMs('recovery') > 0) return;
    try {
      const now = this.ws.now();
      if (!this.lease.take(now)) return;
      // The lease is ours: whatever a previous pump left on the wire is now known to be orphaned.
      const r = this.ws.store.outbox.recoverAfterCrash(now);
      if (r.requeued + r.inDoubt > 0) {
        this.ws.log({ level: 'warn', code: 'crash-recovery', message: `recovered after an unclean stop: ${r.requeued} segments back in the queue, ${r.inDoubt} in doubt`, params: { requeued: r.requeued, inDoubt: r.inDoubt } });
      }
      this.lease.announce();
      this.state = 'running';
      this.ws.faults.ok('recovery');
    } catch (e) {
      this.ws.faults.failed('recovery', e);
    }
  }

  private renew(now: number): void {
    if (this.lease.renew(now)) return;
    // Someone took the lease (we stalled past the TTL): stop sending at once.
    this.ws.log({ level: 'error', code: 'lease-lost', message: 'the pump lease was taken by another process; this process stops sending' });
    for (const lane of this.lanes.values()) this.handOver.releaseBacklog(lane, () => true);
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
      this.gate.update(this.ws.settings.quietHours, now);
      this.updateLanes(now);
      for (const lane of this.lanes.values()) {
        this.resendFreeInDoubt(lane);
        this.handOver.fill(lane);
      }
      if (this.oneShotAccount === null) this.checkCompletion();
      if (this.oneShotAccount === null && now - this.lastSweep >= this.ws.settings.reportSweepIntervalMs && !this.sweeping) {
        this.lastSweep = now;
        void this.sweepReports();
      }
      this.ws.faults.ok('housekeeping');
      this.rounds++;
    } catch (e) {
      this.ws.faults.failed('housekeeping', e);
    } finally {
      this.refreshing = false;
    }
  }

  /** Lanes for accounts with running (due) campaigns or queued direct sends. */
  private updateLanes(now: number): void {
    const byAccount = dueByAccount(this.oneShotAccount === null ? this.ws.store.campaigns.list('running') : [], now);
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
          if (this.unusable.get(accountId) !== message) this.ws.log({ level: 'error', code: 'account-failed', message, accountId, params: { account: this.ws.store.accounts.list().find((a) => a.id === accountId)?.name ?? String(accountId) } });
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
      this.handOver.releaseBacklog(lane, (j) => j.campaignId !== null && !ids.has(j.campaignId));
      lane.sources = [null, ...campaigns];
      lane.empty.clear();
      if (lane.pool.state === 'failed') {
        if (!lane.failed) this.ws.log({ level: 'error', code: 'account-failed', message: `account ${lane.account.name} cannot log in; its campaigns wait`, accountId, params: { account: lane.account.name } });
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
}
