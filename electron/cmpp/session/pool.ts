// The SP side of one gateway account: several connections (a setting), one FIFO of waiting work,
// one rate limiter shared by the connections, reconnects with back-off, DELIVERs of every
// connection surfaced through one handler, and a graceful stop. The application (outbox, pump,
// CLI) talks only to this class.
//
// Flow of a SUBMIT: submit() encodes it once and queues a Job; drain() (coalesced, once per
// microtask turn) hands queued jobs to the ready connection with the most free window slots while
// the rate limiter allows; the connection writes them in one batch per event-loop turn; the
// response resolves the submit's promise. Waiting costs nothing: no polling, one limiter timer.
import { EventEmitter } from 'node:events';
import { resolveAccountConfig, type AccountConnectionConfig, type ResolvedAccountConfig } from './account-config.js';
import { Backoff } from './backoff.js';
import { encodePdu } from '../wire/codec.js';
import { CmppConnection, type CloseCode, type CloseInfo, type ConnectionHost, type LogLevel } from './connection.js';
import { counterDelta, Counters, type CounterValues } from './counters.js';
import { CmppEncodeError, CmppError } from '../wire/errors.js';
import { Job } from './job.js';
import { Deque } from './job-queue.js';
import {
  isCharged,
  type CancelOutcome,
  type DeliverInfo,
  type QueryOutcome,
  type QueryRequest,
  type RequestFailureCode,
  type StopOptions,
  type StopResult,
  type SubmitFailure,
  type SubmitOutcome,
  type SubmitRequest,
} from './outcomes.js';
import type { CancelResp, Deliver, Pdu, QueryResp, SubmitResp } from '../wire/pdu.js';
import { RateLimiter } from './rate-limiter.js';
import { decodeReport } from '../wire/report.js';
import { submitResultText } from '../wire/result-codes.js';
import type { TraceEntry } from './trace.js';
import { ymdText } from '../../../shared/time-format.js';

export type SlotState = 'idle' | 'connecting' | 'logging-in' | 'ready' | 'backing-off' | 'stopped' | 'failed';
export type PoolState = 'idle' | 'connecting' | 'ready' | 'stopping' | 'stopped' | 'failed';

export interface ConnectionStateEvent {
  at: number;
  account: string;
  slot: number;
  /** 0 when the slot has no connection (e.g. stopped while backing off). */
  connectionId: number;
  state: SlotState;
  /** Why the previous connection ended (backing-off, failed, stopped). */
  code?: CloseCode;
  reason?: string;
  /** CONNECT_RESP Status when the login was refused. */
  status?: number;
  /** Delay before the next attempt (backing-off). */
  retryInMs?: number;
}

export interface PoolStateEvent {
  at: number;
  account: string;
  state: PoolState;
  reason?: string;
}

export interface LogEvent {
  at: number;
  account: string;
  level: LogLevel;
  /** Stable code, e.g. 'framing', 'authenticator', 'late-response', 'deliver-not-acked'. */
  code: string;
  message: string;
  connectionId?: number;
  slot?: number;
  /** The frame (or its beginning) concerned, for support. */
  hex?: string;
}

export interface ConnectionLoad {
  slot: number;
  connectionId: number;
  state: SlotState;
  /** Requests awaiting responses (window occupancy). */
  inFlight: number;
  window: number;
}

export interface CountersEvent {
  at: number;
  account: string;
  /** Length of the interval `interval` covers. */
  intervalMs: number;
  interval: CounterValues;
  totals: CounterValues;
  /** Work waiting for a connection or rate tokens. */
  queueDepth: number;
  connections: ConnectionLoad[];
  /** Messages/s in force now (lower than configured after Result 8); null = unlimited. */
  rate: number | null;
}

export interface PoolEvents {
  state: [ConnectionStateEvent];
  'pool-state': [PoolStateEvent];
  counters: [CountersEvent];
  log: [LogEvent];
  trace: [TraceEntry];
}

/** The account cannot work (fatal login error) or was stopped; carries the reason. */
export class CmppAccountError extends CmppError {
  readonly info: CloseInfo | undefined;
  constructor(message: string, info?: CloseInfo) {
    super(info ? `CMPP_${info.code.toUpperCase().replace(/-/g, '_')}` : 'CMPP_STOPPED', message);
    this.info = info;
  }
}

interface Slot {
  index: number;
  state: SlotState;
  conn: CmppConnection | undefined;
  backoff: Backoff;
  timer: NodeJS.Timeout | undefined;
}

export class CmppAccountPool extends EventEmitter<PoolEvents> implements ConnectionHost {
  readonly counters = new Counters();
  traceOn = false;
  readonly config: ResolvedAccountConfig;

  private readonly limiter: RateLimiter;
  private readonly queue = new Deque<Job>();
  /** SUBMITs every ready connection has already given up on (docs/protocol.md "Timers and flow control" N): they wait for a new connection. */
  private readonly parked: Job[] = [];
  private readonly slots: Slot[];
  private live: CmppConnection[] = [];
  private rr = 0;
  private drainScheduled = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
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
    this.slots = Array.from({ length: cfg.connections }, (_, index) => ({
      index,
      state: 'idle' as SlotState,
      conn: undefined,
      backoff: new Backoff(cfg.backoff),
      timer: undefined,
    }));
    this.lastTotals = this.counters.snapshot();
  }

  get state(): PoolState {
    return this.poolState;
  }

  /** Work waiting for a connection or for rate tokens. */
  get queueDepth(): number {
    return this.queue.length + this.parked.length;
  }

  /** The rate in force now (messages/s); Infinity when unlimited. */
  get currentRate(): number {
    return this.limiter.currentRate(performance.now());
  }

  /** Per-slot state and window occupancy. */
  connections(): ConnectionLoad[] {
    return this.slots.map((s) => ({
      slot: s.index,
      connectionId: s.conn?.id ?? 0,
      state: s.state,
      inFlight: s.conn?.inFlight ?? 0,
      window: this.config.window,
    }));
  }

  /** Connects the first connection; the others follow once the account has logged in once. */
  start(): void {
    if (this.poolState !== 'idle') return;
    this.setPoolState('connecting');
    this.lastTotalsAt = performance.now();
    this.countersTimer = setInterval(() => this.emitCounters(), 1000);
    this.countersTimer.unref();
    // One login first: a wrong secret then costs the gateway exactly one CONNECT, not one per connection.
    this.openSlot(this.slots[0]!);
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
    const dests = req.Dest_terminal_Id;
    const n = Array.isArray(dests) ? dests.length : 0;
    if (n > this.config.maxDestinations) {
      return Promise.resolve(
        invalid('Dest_terminal_Id', `${n} destinations in one SUBMIT; the account allows at most ${this.config.maxDestinations} (docs/protocol.md "Group sends")`),
      );
    }
    const rate = this.limiter.configuredRate;
    if (n > rate) {
      return Promise.resolve(invalid('Dest_terminal_Id', `${n} destinations in one SUBMIT exceed the account rate of ${rate} messages/s`));
    }
    const content = req.Msg_Content;
    if (req.DestUsr_tl !== undefined && req.DestUsr_tl !== n) {
      return Promise.resolve(invalid('DestUsr_tl', `DestUsr_tl ${req.DestUsr_tl} disagrees with ${n} Dest_terminal_Id entries`));
    }
    if (req.Msg_Length !== undefined && content && req.Msg_Length !== content.length) {
      return Promise.resolve(invalid('Msg_Length', `Msg_Length ${req.Msg_Length} disagrees with Msg_Content of ${content.length} bytes`));
    }
    let buf: Buffer;
    try {
      buf = encodePdu(
        { ...req, Command_Id: 'CMPP_SUBMIT', Sequence_Id: 0, Msg_Id: 0n, DestUsr_tl: n, Msg_Length: content ? content.length : 0 },
        this.config.version,
      );
    } catch (e) {
      if (e instanceof CmppEncodeError) return Promise.resolve(invalid(e.field, e.message));
      throw e;
    }
    return new Promise<SubmitOutcome>((resolve) => {
      this.queue.push(new Job('submit', buf, n, req, resolve as (r: unknown) => void));
      this.requestDrain();
    });
  }

  /** CMPP_QUERY (docs/protocol.md "Message bodies"): the gateway's counters for a day, in total or for one Service_Id. */
  query(q: QueryRequest = {}): Promise<QueryOutcome> {
    return this.request<QueryResp>('query', {
      Command_Id: 'CMPP_QUERY',
      Sequence_Id: 0,
      Time: q.time ?? ymdText(new Date()),
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

  private request<T>(kind: 'query' | 'cancel', pdu: Pdu): Promise<{ ok: true; value: T; connectionId: number } | RequestFail> {
    const refused = this.refusal();
    if (refused !== undefined) return Promise.resolve({ ok: false, code: refused.code, reason: refused.reason });
    let buf: Buffer;
    try {
      buf = encodePdu(pdu, this.config.version);
    } catch (e) {
      if (e instanceof CmppEncodeError) return Promise.resolve({ ok: false, code: 'invalid', reason: e.message, field: e.field });
      throw e;
    }
    return new Promise((resolve) => {
      this.queue.push(new Job(kind, buf, 0, undefined, resolve as (r: unknown) => void));
      this.requestDrain();
    });
  }

  requestDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    queueMicrotask(this.drain);
  }

  private readonly drain = (): void => {
    this.drainScheduled = false;
    const st = this.poolState;
    if (st === 'failed' || st === 'stopped' || st === 'idle') return;
    const now = performance.now();
    const live = this.live;
    // Timed-out requests first: they already hold their window slots (docs/protocol.md "Timers and flow control": same Sequence_Id).
    for (let i = 0; i < live.length; i++) {
      const c = live[i]!;
      const rq = c.resendQueue;
      while (rq.length > 0) {
        const job = rq.peek()!;
        if (c.state !== 'ready' || !c.ownsForResend(job)) {
          rq.shift();
          continue;
        }
        // A resend is a message to the gateway's counter too.
        if (job.weight > 0) {
          const wait = this.limiter.take(job.weight, now);
          if (wait > 0) return this.wakeIn(wait, now);
        }
        rq.shift();
        c.resend(job, now);
      }
    }
    if (st === 'stopping') return;
    const queue = this.queue;
    while (queue.length > 0) {
      const conn = this.pickConnection();
      if (conn === undefined) return;
      const job = queue.peek()!;
      const target = conn.hasGivenUp(job) ? this.connectionFor(job) : conn;
      if (target === undefined) {
        // Another ready connection that has not given up on it takes it once its window frees.
        if (this.live.some((c) => c.state === 'ready' && !c.hasGivenUp(job))) return;
        queue.shift();
        this.parked.push(job);
        // Every connection already sent it N times unanswered: a fresh connection is the only way
        // it goes out again (the operator's resend, a free message's automatic one), so replace
        // this one rather than leave the work parked while a connection that ignores it stays up.
        conn.fail({ code: 'unanswered', reason: 'the gateway left a SUBMIT unanswered on this connection after every allowed send; reconnecting to send it again', fatal: false });
        continue;
      }
      if (job.weight > 0) {
        const wait = this.limiter.take(job.weight, now);
        if (wait > 0) return this.wakeIn(wait, now);
      }
      queue.shift();
      target.send(job, now);
    }
  };

  /** A ready connection with a free slot that has not given up on `job`. */
  private connectionFor(job: Job): CmppConnection | undefined {
    for (const c of this.live) if (c.state === 'ready' && c.window.free > 0 && !c.hasGivenUp(job)) return c;
    return undefined;
  }

  /** Parked work goes back to the front of the line when the set of connections changes. */
  private unpark(): void {
    for (let i = this.parked.length - 1; i >= 0; i--) this.queue.unshift(this.parked[i]!);
    this.parked.length = 0;
  }

  /** The ready connection with the most free window slots; ties rotate. */
  private pickConnection(): CmppConnection | undefined {
    const live = this.live;
    const n = live.length;
    let best: CmppConnection | undefined;
    let bestFree = 0;
    for (let k = 0; k < n; k++) {
      const c = live[(this.rr + k) % n]!;
      const free = c.window.free;
      if (free > bestFree && c.state === 'ready') {
        best = c;
        bestFree = free;
      }
    }
    if (best !== undefined) this.rr = (this.rr + 1) % n;
    return best;
  }

  private wakeIn(waitMs: number, now: number): void {
    const at = now + waitMs;
    if (this.wakeTimer !== undefined && this.wakeAt <= at) return;
    clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(this.wake, Math.max(1, Math.ceil(waitMs)));
  }

  private readonly wake = (): void => {
    this.wakeTimer = undefined;
    this.wakeAt = Infinity;
    this.drain();
  };

  // ---- ConnectionHost ----

  onLoggingIn(conn: CmppConnection): void {
    this.setSlotState(this.slots[conn.slot]!, 'logging-in', conn);
  }

  onReady(conn: CmppConnection): void {
    const slot = this.slots[conn.slot]!;
    if (this.poolState === 'stopping' || this.poolState === 'stopped' || this.poolState === 'failed') {
      conn.fail({ code: 'stopped', reason: 'stopped while logging in', fatal: false });
      return;
    }
    this.counters.logins++;
    this.live.push(conn);
    this.unpark();
    this.setSlotState(slot, 'ready', conn);
    if (!this.accountVerified) {
      this.accountVerified = true;
      for (const s of this.slots) if (s.state === 'idle') this.openSlot(s);
    }
    this.updatePoolState();
    this.requestDrain();
  }

  onResponse(conn: CmppConnection, job: Job, pdu: Pdu): void {
    const c = this.counters;
    if (job.kind === 'submit') {
      const r = pdu as SubmitResp;
      const result = r.Result;
      if (result === 0) {
        c.responsesOk++;
        (job.resolve as (o: SubmitOutcome) => void)({ ok: true, msgId: r.Msg_Id, connectionId: conn.id, sequenceId: job.seq, sends: job.sends });
      } else {
        c.failed(result);
        if (result === 8) this.onFlowControl(conn, job);
        else {
          this.settle(job, {
            ok: false,
            code: 'result',
            result,
            msgId: r.Msg_Id,
            reason: `SUBMIT refused by the gateway: Result ${result} (${submitResultText(result)})`,
            written: true,
            inDoubt: false,
            connectionId: conn.id,
            sequenceId: job.seq,
            sends: job.sends,
          });
        }
      }
    } else {
      job.resolve({ ok: true, value: pdu as QueryResp & CancelResp, connectionId: conn.id });
    }
    this.requestDrain();
    if (this.stopWaiter !== undefined) this.checkStop();
  }

  /** docs/protocol.md "Timers and flow control": Result 8 = send slower and resend; bounded, never a storm. */
  private onFlowControl(conn: CmppConnection, job: Job): void {
    if (this.limiter.onFlowControl(performance.now())) {
      this.log('warn', 'flow-control', `gateway flow control (Result 8): rate lowered to ${fmtRate(this.currentRate)} messages/s`, conn);
    }
    const max = this.config.maxFlowControlResends;
    if (job.flowResends >= max || this.poolState !== 'ready') {
      this.settle(job, {
        ok: false,
        code: 'flow-control',
        result: 8,
        reason:
          this.poolState !== 'ready'
            ? 'gateway flow control (Result 8) while the account was stopping'
            : `gateway flow control (Result 8) persisted after ${max} slower resends`,
        written: true,
        inDoubt: false,
        connectionId: conn.id,
        sequenceId: job.seq,
        sends: job.sends,
      });
      return;
    }
    // Definitely refused, so not in doubt: back to the front of the line with a new Sequence_Id.
    job.flowResends++;
    job.attempts = 0;
    job.phase = 'queued';
    job.connectionId = 0;
    this.counters.requeued++;
    this.queue.unshift(job);
  }

  onGiveUp(conn: CmppConnection, job: Job): void {
    const what = job.kind === 'submit' ? 'SUBMIT_RESP' : job.kind === 'query' ? 'QUERY_RESP' : 'CANCEL_RESP';
    const reason = `no ${what} after ${job.sends} sends (${this.config.requestTimeoutMs} ms each): outcome unknown`;
    if (job.kind === 'submit') {
      this.counters.timeouts++;
      this.settle(job, { ok: false, code: 'timeout', reason, written: true, inDoubt: true, connectionId: conn.id, sequenceId: job.seq, sends: job.sends });
    } else {
      job.resolve({ ok: false, code: 'timeout', reason });
    }
    if (this.stopWaiter !== undefined) this.checkStop();
  }

  onDeliver(conn: CmppConnection, d: Deliver): void {
    const info: DeliverInfo = { account: this.config.name, connectionId: conn.id, slot: conn.slot, receivedAt: Date.now() };
    if (d.Registered_Delivery === 1) {
      this.counters.reports++;
      try {
        info.report = decodeReport(d.Msg_Content);
      } catch (e) {
        info.reportError = (e as Error).message;
        this.log('warn', 'report-decode', `status report content did not decode (handed over raw): ${info.reportError}`, conn);
      }
    } else {
      this.counters.mos++;
    }
    let kept: Promise<void> | void;
    try {
      kept = this.config.onDeliver(d, info);
    } catch (e) {
      this.notAcked(conn, d, e);
      return;
    }
    if (kept !== undefined && typeof (kept as Promise<void>).then === 'function') {
      (kept as Promise<void>).then(
        () => this.ack(conn, d),
        (e: unknown) => this.notAcked(conn, d, e),
      );
    } else {
      this.ack(conn, d);
    }
  }

  private ack(conn: CmppConnection, d: Deliver): void {
    // DELIVER_RESP only now that the application has kept it; on the connection it came on.
    if (conn.respond({ Command_Id: 'CMPP_DELIVER_RESP', Sequence_Id: d.Sequence_Id, Msg_Id: d.Msg_Id, Result: 0 })) {
      this.counters.deliversAcked++;
    } else {
      this.counters.deliversNotAcked++;
      this.log('info', 'deliver-not-acked', `DELIVER Msg_Id ${d.Msg_Id} was kept but its connection closed before DELIVER_RESP; the gateway will send it again`, conn);
    }
  }

  private notAcked(conn: CmppConnection, d: Deliver, e: unknown): void {
    this.counters.deliversNotAcked++;
    this.log('warn', 'deliver-not-acked', `DELIVER Msg_Id ${d.Msg_Id} not acknowledged (the gateway will resend it): the application did not keep it: ${errText(e)}`, conn);
  }

  onClosed(conn: CmppConnection, info: CloseInfo, jobs: Job[]): void {
    const slot = this.slots[conn.slot]!;
    if (slot.conn === conn) slot.conn = undefined;
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
    for (const job of jobs) this.handBack(job, conn, info, requeue);
    for (let i = requeue.length - 1; i >= 0; i--) this.queue.unshift(requeue[i]!);
    if (this.parked.length > 0 && !ours) this.unpark();

    if (ours) {
      this.setSlotState(slot, st === 'failed' && slot.state === 'failed' ? 'failed' : 'stopped', conn, info);
    } else if (info.fatal) {
      this.setSlotState(slot, 'failed', conn, info);
      this.failAccount(info);
    } else {
      if (wasReady && performance.now() - conn.readyAt >= this.config.backoff.resetAfterMs) slot.backoff.reset();
      const delay = slot.backoff.next();
      this.setSlotState(slot, 'backing-off', conn, info, delay);
      slot.timer = setTimeout(() => {
        slot.timer = undefined;
        if (this.poolState === 'connecting' || this.poolState === 'ready') this.openSlot(slot);
      }, delay);
    }
    this.updatePoolState();
    this.requestDrain();
    if (this.stopWaiter !== undefined) this.checkStop();
  }

  /** A request that was in the window of a connection that closed. */
  private handBack(job: Job, conn: CmppConnection, info: CloseInfo, requeue: Job[]): void {
    const st = this.poolState;
    job.connectionId = 0;
    if (job.phase === 'done') return;
    job.phase = 'queued';
    if (!job.written) {
      // Never reached a socket: it simply waits for the next connection.
      if (st === 'stopping' || st === 'stopped') this.handBackStopped(job, false);
      else if (st === 'failed') this.settleRefused(job, 'login-failed', this.failure?.reason ?? info.reason);
      else requeue.push(job);
      return;
    }
    if (st === 'stopping' || st === 'stopped') {
      this.handBackStopped(job, true);
      return;
    }
    const lost = `connection ${conn.id} lost (${info.reason}) after the request was written, before its response`;
    if (st !== 'failed' && job.attempts < this.config.maxSends) {
      let decision: 'resubmit' | 'hand-back' = 'resubmit';
      if (job.kind === 'submit') {
        const req = job.request!;
        const charged = isCharged(req);
        const policy = this.config.onInFlightLost;
        decision = policy ? policy(req, { connectionId: conn.id, sends: job.sends, charged }) : charged ? 'hand-back' : 'resubmit';
      }
      if (decision === 'resubmit') {
        this.counters.requeued++;
        requeue.push(job);
        return;
      }
      this.settle(job, { ok: false, code: 'connection-lost', reason: `${lost}; handed back (charged message), outcome unknown`, written: true, inDoubt: true, connectionId: conn.id, sequenceId: job.seq, sends: job.sends });
      return;
    }
    const reason = `${lost}; ${job.attempts} sends without an answer, outcome unknown`;
    if (job.kind === 'submit') {
      this.settle(job, { ok: false, code: 'connection-lost', reason, written: true, inDoubt: true, connectionId: conn.id, sequenceId: job.seq, sends: job.sends });
    } else {
      job.resolve({ ok: false, code: 'connection-lost', reason });
    }
  }

  private handBackStopped(job: Job, written: boolean): void {
    const reason = written ? 'stopped before the response arrived: outcome unknown' : 'stopped before it was sent';
    if (job.kind === 'submit') {
      this.settle(job, { ok: false, code: 'stopped', reason, written, inDoubt: written, sends: job.sends, ...(written ? { sequenceId: job.seq } : {}) });
      if (this.stopResult) (written ? this.stopResult.inDoubt : this.stopResult.notSent).push(job.request!);
    } else {
      job.resolve({ ok: false, code: 'stopped', reason });
    }
  }

  private settleRefused(job: Job, code: 'login-failed' | 'stopped', reason: string): void {
    if (job.kind === 'submit') this.settle(job, failure(code, reason, false, job.sends));
    else job.resolve({ ok: false, code, reason });
  }

  private settle(job: Job, outcome: SubmitFailure): void {
    job.phase = 'done';
    job.resolve(outcome);
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

  private openSlot(slot: Slot): void {
    const conn = new CmppConnection(this.config, slot.index, this);
    slot.conn = conn;
    this.setSlotState(slot, 'connecting', conn);
    conn.open();
  }

  private setSlotState(slot: Slot, state: SlotState, conn: CmppConnection | undefined, info?: CloseInfo, retryInMs?: number): void {
    slot.state = state;
    if (this.listenerCount('state') === 0) return;
    const e: ConnectionStateEvent = { at: Date.now(), account: this.config.name, slot: slot.index, connectionId: conn?.id ?? 0, state };
    if (info) {
      e.code = info.code;
      e.reason = info.reason;
      if (info.status !== undefined) e.status = info.status;
    }
    if (retryInMs !== undefined) e.retryInMs = retryInMs;
    this.emit('state', e);
  }

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
    for (const s of this.slots) {
      clearTimeout(s.timer);
      s.timer = undefined;
      if (s.conn !== undefined) s.conn.fail({ code: 'stopped', reason: `account failed: ${info.reason}`, fatal: false });
      else if (s.state !== 'failed') this.setSlotState(s, 'stopped', undefined, info);
    }
    this.unpark();
    for (const job of this.queue.drain()) this.settleRefused(job, 'login-failed', info.reason);
    this.clearTimers();
    this.rejectReadyWaiters(new CmppAccountError(info.reason, info));
  }

  private clearTimers(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    clearInterval(this.countersTimer);
    this.countersTimer = undefined;
  }

  private pendingRequests(): number {
    let n = 0;
    for (const s of this.slots) if (s.conn !== undefined) n += s.conn.pendingRequests;
    return n;
  }

  private checkStop(): void {
    if (this.stopWaiter !== undefined && this.pendingRequests() === 0) {
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
    for (const s of this.slots) {
      clearTimeout(s.timer);
      s.timer = undefined;
      const c = s.conn;
      if (c !== undefined && c.state !== 'ready') c.fail({ code: 'stopped', reason: 'stopped', fatal: false });
      if (c === undefined && s.state !== 'failed') this.setSlotState(s, 'stopped', undefined);
    }
    this.unpark();
    for (const job of this.queue.drain()) this.handBackStopped(job, false);
    // Bounded wait for the responses to what is in flight (timeout resends still go out meanwhile).
    if (this.pendingRequests() > 0) {
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
    const conns = this.slots.map((s) => s.conn).filter((c): c is CmppConnection => c !== undefined);
    const done = await Promise.all(conns.map((c) => c.terminate(terminateTimeoutMs)));
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
      queueDepth: this.queue.length,
      connections: this.connections(),
      rate: rate === Infinity ? null : rate,
    });
  }
}

type RequestFail = { ok: false; code: RequestFailureCode; reason: string; field?: string };

function failure(code: SubmitFailure['code'], reason: string, written: boolean, sends: number): SubmitFailure {
  return { ok: false, code, reason, written, inDoubt: false, sends };
}

function invalid(field: string, reason: string): SubmitFailure {
  return { ok: false, code: 'invalid', reason, field, written: false, inDoubt: false, sends: 0 };
}

function fmtRate(r: number): string {
  return r === Infinity ? 'unlimited' : r.toFixed(r < 10 ? 1 : 0);
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
