// The SP side of one gateway account: several connections (a setting), one FIFO of waiting work,
// one rate limiter shared by the connections, reconnects with back-off, DELIVERs of every
// connection surfaced through one handler, and a graceful stop. The application (outbox, pump,
// CLI) talks only to this class.
//
// Flow of a SUBMIT: submit() encodes it once and queues a Job; the dispatcher (dispatcher.ts) hands
// queued jobs to the ready connection with the most free window slots while the rate limiter
// allows; the connection writes them in one batch per event-loop turn; the response settles the
// submit's promise (settlement.ts). Waiting costs nothing: no polling, one limiter timer. This file
// holds the account's life: its connection slots, login and reconnect with back-off, the pool's
// state, the stop.
import { EventEmitter } from 'node:events';
import { resolveAccountConfig, type AccountConnectionConfig, type ResolvedAccountConfig } from './account-config.js';
import { encodePdu } from '../wire/codec.js';
import type { CmppConnection, ConnectionHost } from './connection.js';
import type { CloseInfo } from './connection-state.js';
import { counterDelta, Counters, type CounterValues } from './counters.js';
import { takeDeliver } from './deliver-intake.js';
import { Dispatcher } from './dispatcher.js';
import { CmppEncodeError } from '../wire/errors.js';
import { Job } from './job.js';
import type { CancelOutcome, QueryOutcome, QueryRequest, RequestOutcome, StopOptions, StopResult, SubmitOutcome, SubmitRequest } from './outcomes.js';
import { CmppAccountError, type ConnectionLoad, type LogEvent, type LogLevel, type PoolEvents, type PoolState } from './pool-events.js';
import type { CancelResp, Deliver, Pdu, QueryResp } from '../wire/pdu.js';
import { RateLimiter } from './rate-limiter.js';
import { failure, handBack, handBackStopped, settleGiveUp, settleRefused, settleResponse, type SettleHost } from './settlement.js';
import { ConnectionSlots } from './slots.js';
import { encodeSubmit } from './submit-request.js';
import type { TraceEntry } from './trace.js';
import { statisticsDay } from '../../../shared/statistics.js';

export { CmppAccountError } from './pool-events.js';
export type { ConnectionLoad, ConnectionStateEvent, CountersEvent, LogEvent, PoolEvents, PoolState, PoolStateEvent, SlotState } from './pool-events.js';

export class CmppAccountPool extends EventEmitter<PoolEvents> implements ConnectionHost {
  readonly counters = new Counters();
  traceOn = false;
  readonly config: ResolvedAccountConfig;

  private readonly limiter: RateLimiter;
  private readonly dispatcher: Dispatcher;
  private readonly settling: SettleHost;
  private readonly slots: ConnectionSlots;
  /** The connections that have logged in and not closed. */
  private readonly live: CmppConnection[] = [];
  private poolState: PoolState = 'idle';
  private accountVerified = false;
  private failure: CloseInfo | undefined;
  private stopping: Promise<StopResult> | undefined;
  private stopResult: StopResult | undefined;
  private stopWaiter: (() => void) | undefined;
  private countersTimer: NodeJS.Timeout | undefined;
  private lastTotals: CounterValues;
  private lastTotalsAt = 0;
  private readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(config: AccountConnectionConfig) {
    super();
    this.config = resolveAccountConfig(config);
    const cfg = this.config;
    this.limiter = new RateLimiter({ rate: cfg.rate, guardMs: cfg.rateGuardMs, flowControl: cfg.flowControl });
    this.slots = new ConnectionSlots(cfg, this, () => (this.listenerCount('state') === 0 ? undefined : (e) => this.emit('state', e)));
    this.lastTotals = this.counters.snapshot();
    // The hosts below read the pool's state as it is at each call, not as it was here.
    const pool = this;
    this.dispatcher = new Dispatcher(this.limiter, {
      get state() {
        return pool.poolState;
      },
      live: this.live,
    });
    this.settling = {
      config: cfg,
      counters: this.counters,
      get state() {
        return pool.poolState;
      },
      get failureReason() {
        return pool.failure?.reason;
      },
      get stopResult() {
        return pool.stopResult;
      },
      slowDown: (conn) => {
        if (this.limiter.onFlowControl(performance.now())) {
          this.log('warn', 'flow-control', `gateway flow control (Result 8): rate lowered to ${fmtRate(this.currentRate)} messages/s`, conn);
        }
      },
      requeue: (job) => this.dispatcher.requeueFront([job]),
      log: (level, code, message, conn) => this.log(level, code, message, conn),
    };
  }

  get state(): PoolState {
    return this.poolState;
  }

  /** Why the account failed (its fatal close), while it is 'failed'. */
  get failureInfo(): CloseInfo | undefined {
    return this.poolState === 'failed' ? this.failure : undefined;
  }

  /** Work waiting for a connection or for rate tokens. */
  get queueDepth(): number {
    return this.dispatcher.depth;
  }

  /** The rate in force now (messages/s); Infinity when unlimited. */
  get currentRate(): number {
    return this.limiter.currentRate(performance.now());
  }

  /** Per-slot state and window occupancy. */
  connections(): ConnectionLoad[] {
    return this.slots.loads();
  }

  /** Connects the first connection; the others follow once the account has logged in once. */
  start(): void {
    if (this.poolState !== 'idle') return;
    this.setPoolState('connecting');
    this.lastTotalsAt = performance.now();
    this.countersTimer = setInterval(() => this.emitCounters(), 1000);
    this.countersTimer.unref();
    this.slots.openFirst();
  }

  /** Resolves when at least one connection is ready; rejects if the account fails or stops first. */
  whenReady(): Promise<void> {
    if (this.live.length > 0) return Promise.resolve();
    if (this.poolState === 'failed') return Promise.reject(new CmppAccountError(this.failure!.reason, this.failure));
    if (this.poolState === 'stopping' || this.poolState === 'stopped') return Promise.reject(new CmppAccountError('the account pool is stopped'));
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Hex trace of every PDU in and out as 'trace' events (off by default). */
  setTrace(on: boolean): void {
    this.traceOn = on;
  }

  /** Changes the configured rate (messages/s; undefined or 0 = unlimited). */
  setRate(rate: number | undefined): void {
    this.limiter.setRate(rate);
    this.requestDrain();
  }

  /**
   * Queues one SUBMIT. Resolves (never rejects) with its outcome: the SUBMIT_RESP Msg_Id, or why
   * not, with `written` / `inDoubt` telling "never sent" from "sent, outcome unknown".
   */
  submit(req: SubmitRequest): Promise<SubmitOutcome> {
    const refused = this.refusal();
    if (refused !== undefined) return Promise.resolve(failure(refused.code, refused.reason, false, 0));
    const encoded = encodeSubmit(req, this.config, this.limiter.configuredRate);
    if (!('buf' in encoded)) return Promise.resolve(encoded);
    return new Promise<SubmitOutcome>((resolve) => {
      this.dispatcher.enqueue(new Job('submit', encoded.buf, encoded.destinations, req, resolve as (r: unknown) => void));
    });
  }

  /** CMPP_QUERY (docs/protocol.md "Message bodies"): the gateway's counters for a day, in total or for one Service_Id. */
  query(q: QueryRequest = {}): Promise<QueryOutcome> {
    return this.request<QueryResp>('query', {
      Command_Id: 'CMPP_QUERY',
      Sequence_Id: 0,
      Time: q.time ?? String(statisticsDay(Date.now())),
      Query_Type: q.type ?? 0,
      Query_Code: q.code ?? '',
      Reserve: '',
    });
  }

  /** CMPP_CANCEL of a message not yet delivered; value.Success_Id 0 = cancelled. */
  cancel(msgId: bigint): Promise<CancelOutcome> {
    return this.request<CancelResp>('cancel', { Command_Id: 'CMPP_CANCEL', Sequence_Id: 0, Msg_Id: msgId });
  }

  /**
   * Graceful stop: take no new work, hand back what was never written, wait (bounded) for the
   * responses to what is in flight, TERMINATE each connection (bounded), close. Idempotent.
   */
  stop(opts: StopOptions = {}): Promise<StopResult> {
    this.stopping ??= this.doStop(opts);
    return this.stopping;
  }

  // ---- internals: work ----

  private refusal(): { code: 'stopped' | 'login-failed'; reason: string } | undefined {
    if (this.poolState === 'failed') return { code: 'login-failed', reason: this.failure!.reason };
    if (this.poolState === 'stopping' || this.poolState === 'stopped') return { code: 'stopped', reason: 'the account pool is stopping or stopped' };
    return undefined;
  }

  private request<T>(kind: 'query' | 'cancel', pdu: Pdu): Promise<RequestOutcome<T>> {
    const refused = this.refusal();
    if (refused !== undefined) return Promise.resolve({ ok: false, code: refused.code, reason: refused.reason });
    let buf: Buffer;
    try {
      buf = encodePdu(pdu, this.config.version);
    } catch (e) {
      if (e instanceof CmppEncodeError) return Promise.resolve({ ok: false, code: 'invalid', reason: e.message, field: e.field });
      throw e;
    }
    return new Promise((resolve) => this.dispatcher.enqueue(new Job(kind, buf, 0, undefined, resolve as (r: unknown) => void)));
  }

  requestDrain(): void {
    this.dispatcher.request();
  }

  // ---- ConnectionHost ----

  onLoggingIn(conn: CmppConnection): void {
    this.slots.set(conn, 'logging-in');
  }

  onReady(conn: CmppConnection): void {
    if (this.poolState === 'stopping' || this.poolState === 'stopped' || this.poolState === 'failed') {
      conn.fail({ code: 'stopped', reason: 'stopped while logging in', fatal: false });
      return;
    }
    this.counters.logins++;
    this.live.push(conn);
    this.dispatcher.unpark();
    this.slots.set(conn, 'ready');
    if (!this.accountVerified) {
      this.accountVerified = true;
      this.slots.openIdle();
    }
    this.updatePoolState();
    this.requestDrain();
  }

  onResponse(conn: CmppConnection, job: Job, pdu: Pdu): void {
    settleResponse(this.settling, conn, job, pdu);
    this.requestDrain();
    if (this.stopWaiter !== undefined) this.checkStop();
  }

  onGiveUp(conn: CmppConnection, job: Job): void {
    settleGiveUp(this.settling, conn, job);
    if (this.stopWaiter !== undefined) this.checkStop();
  }

  onDeliver(conn: CmppConnection, d: Deliver): void {
    takeDeliver(this, conn, d);
  }

  onClosed(conn: CmppConnection, info: CloseInfo, jobs: Job[]): void {
    const slotState = this.slots.release(conn);
    const idx = this.live.indexOf(conn);
    if (idx >= 0) this.live.splice(idx, 1);
    const wasReady = conn.readyAt > 0;
    const st = this.poolState;
    const ours = st === 'stopping' || st === 'stopped' || st === 'failed';
    if (info.code !== 'stopped' && !ours) {
      if (wasReady) this.counters.disconnects++;
      this.log(info.fatal ? 'error' : 'warn', info.code, info.reason, conn);
    }
    const requeue: Job[] = [];
    for (const job of jobs) handBack(this.settling, job, conn, info, requeue);
    this.dispatcher.requeueFront(requeue);
    if (!ours) this.dispatcher.unpark();

    if (ours) {
      this.slots.set(conn, st === 'failed' && slotState === 'failed' ? 'failed' : 'stopped', info);
    } else if (info.fatal) {
      this.slots.set(conn, 'failed', info);
      this.failAccount(info);
    } else {
      this.slots.reconnect(conn, info, () => this.poolState === 'connecting' || this.poolState === 'ready');
    }
    this.updatePoolState();
    this.requestDrain();
    if (this.stopWaiter !== undefined) this.checkStop();
  }

  log(level: LogLevel, code: string, message: string, conn?: CmppConnection, hex?: string): void {
    if (level !== 'info') this.counters.errors++;
    if (this.listenerCount('log') === 0) return;
    const e: LogEvent = { at: Date.now(), account: this.config.name, level, code, message };
    if (conn) {
      e.connectionId = conn.id;
      e.slot = conn.slot;
    }
    if (hex !== undefined) e.hex = hex;
    this.emit('log', e);
  }

  trace(entry: TraceEntry): void {
    this.emit('trace', entry);
  }

  // ---- internals: slots and states ----

  private setPoolState(state: PoolState, reason?: string): void {
    if (this.poolState === state) return;
    this.poolState = state;
    this.emit('pool-state', { at: Date.now(), account: this.config.name, state, ...(reason !== undefined ? { reason } : {}) });
  }

  private updatePoolState(): void {
    const st = this.poolState;
    if (st !== 'connecting' && st !== 'ready') return;
    this.setPoolState(this.live.length > 0 ? 'ready' : 'connecting');
    if (this.live.length > 0 && this.readyWaiters.length > 0) {
      const w = this.readyWaiters;
      this.readyWaiters = [];
      for (const x of w) x.resolve();
    }
  }

  private rejectReadyWaiters(err: Error): void {
    const w = this.readyWaiters;
    this.readyWaiters = [];
    for (const x of w) x.reject(err);
  }

  /** docs/protocol.md "Timers and flow control": a configuration error stops the account; no reconnect loop. */
  private failAccount(info: CloseInfo): void {
    if (this.poolState === 'failed') return;
    this.failure = info;
    this.setPoolState('failed', info.reason);
    this.slots.stopAll(`account failed: ${info.reason}`, true, info);
    for (const job of this.dispatcher.takeAll()) settleRefused(job, 'login-failed', info.reason);
    this.clearTimers();
    this.rejectReadyWaiters(new CmppAccountError(info.reason, info));
  }

  private clearTimers(): void {
    this.dispatcher.stop();
    clearInterval(this.countersTimer);
    this.countersTimer = undefined;
  }

  private checkStop(): void {
    if (this.stopWaiter !== undefined && this.slots.pendingRequests() === 0) {
      const w = this.stopWaiter;
      this.stopWaiter = undefined;
      w();
    }
  }

  private async doStop(opts: StopOptions): Promise<StopResult> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    const terminateTimeoutMs = opts.terminateTimeoutMs ?? 2000;
    const wasFailed = this.poolState === 'failed';
    const result: StopResult = { notSent: [], inDoubt: [], terminated: 0, connections: this.live.length };
    this.stopResult = result;
    if (!wasFailed) this.setPoolState('stopping');
    this.slots.stopAll('stopped', false);
    for (const job of this.dispatcher.takeAll()) handBackStopped(this.settling, job, false);
    // Bounded wait for the responses to what is in flight (timeout resends still go out meanwhile).
    if (this.slots.pendingRequests() > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.stopWaiter = undefined;
          resolve();
        }, timeoutMs);
        this.stopWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const done = await Promise.all(this.slots.open().map((c) => c.terminate(terminateTimeoutMs)));
    result.terminated = done.filter(Boolean).length;
    this.clearTimers();
    if (!wasFailed) this.setPoolState('stopped');
    this.rejectReadyWaiters(new CmppAccountError('the account pool was stopped'));
    this.emitCounters();
    return result;
  }

  private emitCounters(): void {
    const now = performance.now();
    const totals = this.counters.snapshot();
    const interval = counterDelta(totals, this.lastTotals);
    const intervalMs = now - this.lastTotalsAt;
    this.lastTotals = totals;
    this.lastTotalsAt = now;
    if (this.listenerCount('counters') === 0) return;
    const rate = this.limiter.currentRate(now);
    this.emit('counters', {
      at: Date.now(),
      account: this.config.name,
      intervalMs,
      interval,
      totals,
      queueDepth: this.dispatcher.queued,
      connections: this.connections(),
      rate: rate === Infinity ? null : rate,
    });
  }
}

function fmtRate(r: number): string {
  return r === Infinity ? 'unlimited' : r.toFixed(r < 10 ? 1 : 0);
}
