// The built-in ISMG: a real CMPP 2.0/3.0 server (TCP or TLS) for the demo gateway, the tests and
// the CLI. Well behaved by default (no faults, no rate limit, every report DELIVRD within a
// second); every oddity of real gateways is opt-in through the options, setters and `faults`.
// This file holds the server, its connections and its settings; what it does with each PDU is
// ismg-handler.ts, MO traffic mo-traffic.ts, reports reports.ts, faults faults.ts.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { CmppFramingError } from '../cmpp/wire/errors.js';
import { AccountState } from './account-state.js';
import { FaultState, malformedFrame } from './faults.js';
import { IsmgHandler } from './ismg-handler.js';
import { MoTraffic } from './mo-traffic.js';
import { MsgIdSource } from './msg-id-source.js';
import { Outbox } from './outbox.js';
import { bump } from './query-counters.js';
import { ReportPolicy } from './report-behaviour.js';
import { ReportScheduler } from './reports.js';
import { SimSession, type SessionHost } from './session.js';
import { systemClock, TimerQueue, type SimClock } from './timer-queue.js';
import type { MalformedKind, MoRequest, RecordedPdu, ReportBehaviour, SimFaults, SimStats, SimulatorOptions } from './types.js';

const DEFAULT_PORT = 7890;
const MAX_ISMG_CODE = 0x3fffff; // 22 bits, docs/protocol.md "Msg_Id"
/** How long stop() waits for TERMINATE_RESP before it resets what is left. */
const STOP_GRACE_MS = 300;

export class IsmgSimulator extends EventEmitter implements SessionHost {
  readonly host: string;
  private boundPort = 0;
  readonly received: RecordedPdu[] = [];
  readonly stats: SimStats = {
    maxOutstanding: 0,
    windowViolations: 0,
    submits: 0,
    reportsSent: 0,
    reportsAcked: 0,
    deliversResent: 0,
    flowControlled: 0,
    maxMessagesInAnySecond: 0,
    mosSent: 0,
    mosAcked: 0,
    badFrames: 0,
  };
  readonly faults: SimFaults;
  private readonly fault: FaultState;

  private readonly server: net.Server;
  private readonly accounts = new Map<string, AccountState>();
  private readonly sessions = new Set<SimSession>();
  private readonly clock: SimClock;
  private readonly timers: TimerQueue;
  private readonly ids = new MsgIdSource();
  private readonly outbox: Outbox;
  private readonly reports: ReportScheduler;
  private readonly handler: IsmgHandler;
  private readonly mo: MoTraffic;
  private policy: ReportPolicy;
  private rateLimit: number | undefined;
  private readonly logLine: (line: string) => void;
  private nextConnectionId = 1;
  private stopping = false;

  static async start(opts: SimulatorOptions): Promise<IsmgSimulator> {
    const sim = new IsmgSimulator(opts);
    await sim.listen(opts.port ?? DEFAULT_PORT);
    return sim;
  }

  private constructor(opts: SimulatorOptions) {
    super();
    this.host = opts.host ?? '127.0.0.1';
    const ismgCode = opts.ismgCode ?? 1;
    checkIsmgCode(ismgCode, 'ismgCode');
    if (!Array.isArray(opts.accounts)) throw new TypeError('accounts must be an array');
    for (const a of opts.accounts) {
      // Source_Addr is 6 octets (docs/protocol.md "Message bodies"): a longer SP_Id could never log in.
      if (typeof a.spId !== 'string' || !/^[\x21-\x7e]{1,6}$/.test(a.spId)) throw new RangeError(`account spId must be 1-6 printable ASCII characters, got '${a.spId}'`);
      if (typeof a.secret !== 'string') throw new TypeError(`account ${a.spId}: secret must be a string`);
      if (a.version !== '2.0' && a.version !== '3.0') throw new RangeError(`account ${a.spId}: version must be '2.0' or '3.0', got '${String(a.version)}'`);
      if (a.ismgCode !== undefined) checkIsmgCode(a.ismgCode, `account ${a.spId} ismgCode`);
      if (this.accounts.has(a.spId)) throw new RangeError(`account ${a.spId} is listed twice`);
      this.accounts.set(a.spId, new AccountState({ ...a }, a.ismgCode ?? ismgCode));
    }
    const window = opts.window ?? 16;
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a whole number >= 1, got ${window}`);
    const resendMs = opts.deliverResendMs ?? 60_000;
    if (!(resendMs > 0)) throw new RangeError(`deliverResendMs must be > 0, got ${resendMs}`);
    const maxSends = opts.deliverMaxSends ?? 3;
    if (!(Number.isInteger(maxSends) && maxSends >= 1)) throw new RangeError(`deliverMaxSends must be a whole number >= 1, got ${maxSends}`);
    const activeTestIntervalMs = opts.activeTestIntervalMs ?? 0;
    if (!(activeTestIntervalMs >= 0)) throw new RangeError(`activeTestIntervalMs must be >= 0, got ${activeTestIntervalMs}`);
    this.setRateLimit(opts.rateLimit);
    this.policy = new ReportPolicy(opts.reports);
    this.logLine = opts.log ?? (() => {});
    this.clock = opts.clock ?? systemClock;
    this.timers = new TimerQueue((err) => this.log(`internal error in a timer task: ${String(err)}`), this.clock);
    this.faults = this.fault = new FaultState({
      malformed: (kind) => this.sendMalformed(kind),
      kill: (spId) => this.kill(spId),
      silenceEnded: () => {
        for (const acc of this.accounts.values()) {
          const s = acc.pick();
          if (s) this.outbox.flushHeld(acc, s);
        }
      },
    });
    this.outbox = new Outbox({
      timers: this.timers,
      resendMs,
      maxSends,
      silent: () => this.fault.silent,
      sent: (out, resend) => {
        if (resend) this.stats.deliversResent++;
        else if (out.kind === 'report') this.stats.reportsSent++;
        else this.stats.mosSent++;
      },
      acked: (out, result) => {
        if (out.kind === 'report') this.stats.reportsAcked++;
        else {
          this.stats.mosAcked++;
          bump(out.counters, 'MO_WT', -1);
          bump(out.counters, result === 0 ? 'MO_Scs' : 'MO_FL');
        }
        this.emit('deliver-acked', { msgId: out.msgId, spId: out.account.account.spId, kind: out.kind, result });
      },
      log: (line) => this.log(line),
    });
    this.reports = new ReportScheduler({
      timers: this.timers,
      outbox: this.outbox,
      policy: () => this.policy,
      deliverId: (acc) => this.ids.next(acc.ismgCode, 1, this.clock.now()),
    });
    // The handler reads the rate limit as it is when a SUBMIT arrives.
    const sim = this;
    this.handler = new IsmgHandler({
      stats: this.stats,
      fault: this.fault,
      accounts: this.accounts,
      ids: this.ids,
      outbox: this.outbox,
      reports: this.reports,
      timers: this.timers,
      window,
      activeTestIntervalMs,
      record: opts.record ?? true,
      received: this.received,
      get rateLimit() {
        return sim.rateLimit;
      },
      emit: (event, payload) => this.emit(event, payload),
      listenerCount: (event) => this.listenerCount(event),
      log: (line) => this.log(line),
    });
    this.mo = new MoTraffic({ ids: this.ids, outbox: this.outbox, timers: this.timers, accountFor: (spId) => this.accountFor(spId), log: (line) => this.log(line) });
    const onSocket = (socket: net.Socket) => this.accept(socket);
    this.server = opts.tls
      ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onSocket)
      : net.createServer(onSocket);
    // A failed TLS handshake is the client's problem; note it and carry on.
    this.server.on('tlsClientError', (err: Error) => this.log(`TLS handshake failed: ${err.message}`));
  }

  get port(): number {
    return this.boundPort;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, this.host, () => {
        this.server.off('error', onError);
        this.server.on('error', (err) => this.log(`server error: ${err.message}`));
        this.boundPort = (this.server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  /** Closes everything: TERMINATE to logged-in connections, a short grace, then resets; clears all timers. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.mo.cancelAll();
    this.timers.stop();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const open = [...this.sessions];
    for (const s of open) {
      if (s.loggedIn && !this.fault.silent) s.send({ Command_Id: 'CMPP_TERMINATE', Sequence_Id: s.nextSeq() });
      else s.destroy();
    }
    const allClosed = open.map((s) => (s.closed ? Promise.resolve() : new Promise<void>((r) => s.socket.once('close', () => r()))));
    await Promise.race([Promise.all(allClosed), new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
    for (const s of this.sessions) s.destroy();
    await closed;
  }

  setReports(b: ReportBehaviour): void {
    this.policy = new ReportPolicy(b);
  }

  setRateLimit(r: number | undefined): void {
    if (r !== undefined && !(r > 0)) throw new RangeError(`rateLimit must be > 0 messages/s, got ${r}`);
    this.rateLimit = r;
  }

  clearReceived(): void {
    this.received.length = 0;
  }

  /** Live logged-in connections, of one account or all. */
  connections(spId?: string): number {
    let n = 0;
    for (const s of this.sessions) if (s.loggedIn && !s.closed && (spId === undefined || s.spId === spId)) n++;
    return n;
  }

  /**
   * Sends an MO as one DELIVER, or as UDH segments when it is long (docs/protocol.md "Long messages and encodings"), on a live connection
   * of the account; with none, it waits for the account's next login like on a real ISMG.
   */
  sendMo(mo: MoRequest): Promise<void> {
    return this.mo.sendMo(mo);
  }

  /** Sends `mo` every `everyMs` until the returned function is called (or stop()). */
  scheduleMo(mo: MoRequest, everyMs: number): () => void {
    return this.mo.scheduleMo(mo, everyMs);
  }

  /** The simulator's time (its clock's, SimulatorOptions.clock). */
  now(): number {
    return this.clock.now();
  }

  // ---- SessionHost -------------------------------------------------------------------------

  onFrames(s: SimSession, frames: Buffer[]): void {
    for (const f of frames) {
      if (s.closed) return;
      this.handler.onFrame(s, f);
    }
  }

  onFramingError(s: SimSession, err: unknown): void {
    this.stats.badFrames++;
    const detail = err instanceof CmppFramingError ? err.message : String(err);
    this.log(`connection ${s.id}: framing error, closing: ${detail}`);
    s.destroy();
  }

  onFlushed(s: SimSession, answered: number): void {
    s.awaiting -= answered;
  }

  onClose(s: SimSession): void {
    this.sessions.delete(s);
    this.timers.cancel(s.linkTimer);
    if (s.account) {
      s.account.remove(s);
      if (!this.stopping) this.outbox.connectionClosed(s);
    }
    s.loggedIn = false;
    this.emit('close', { connectionId: s.id, spId: s.spId });
  }

  // ---- connection handling -----------------------------------------------------------------

  private accept(socket: net.Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const s = new SimSession(this.nextConnectionId++, socket, this);
    this.sessions.add(s);
  }

  private sendMalformed(kind: MalformedKind): void {
    for (const s of this.sessions) if (!s.closed) s.sendRaw(malformedFrame(kind, s.layout, s.nextSeq()));
  }

  private kill(spId?: string): void {
    for (const s of this.sessions) if (spId === undefined || s.spId === spId) s.destroy();
  }

  private accountFor(spId: string | undefined): AccountState {
    if (spId === undefined) {
      const first = this.accounts.values().next();
      if (first.done) throw new RangeError('the simulator has no accounts');
      return first.value;
    }
    const acc = this.accounts.get(spId);
    if (!acc) throw new RangeError(`no account with SP_Id '${spId}'`);
    return acc;
  }

  private log(line: string): void {
    this.logLine(line);
  }
}

function checkIsmgCode(code: number, what: string): void {
  if (!(Number.isInteger(code) && code >= 0 && code <= MAX_ISMG_CODE)) throw new RangeError(`${what} must be 0..${MAX_ISMG_CODE} (22 bits), got ${code}`);
}
