// One SP -> ISMG connection: TCP or TLS, the login (login.ts), the requests in its window with their
// timeouts and resends (request-tracker.ts), link tests, reading and dispatching frames, and the
// TERMINATE exchange. It knows nothing of queues, rates or the application: its host (the account
// pool) feeds it work and receives what comes in.
//
// Hot path: one write per event-loop turn per connection (write-batch.ts), one interval timer per
// connection for every deadline (docs/protocol.md "Timers and flow control" timers are seconds; a
// 5-250 ms tick is precise enough), no per-PDU timers or closures.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ResolvedAccountConfig } from './account-config.js';
import type { CloseInfo, ConnectionState } from './connection-state.js';
import { decodePdu, encodePdu } from '../wire/codec.js';
import { CommandId, commandLabel } from '../wire/commands.js';
import { CmppDecodeError, CmppFramingError } from '../wire/errors.js';
import { FrameReader } from '../wire/frame-reader.js';
import { Job } from './job.js';
import type { Deque } from './job-queue.js';
import { connectRequest, judgeConnectResp, peerCloseInfo } from './login.js';
import type { Deliver, Pdu } from '../wire/pdu.js';
import type { LogLevel } from './pool-events.js';
import { traceEntry } from './trace.js';
import { RequestTracker } from './request-tracker.js';
import type { InFlightWindow } from './window.js';
import { WriteBatch, type WriteTarget } from './write-batch.js';

/** What the connection needs from its owner. */
export interface ConnectionHost extends WriteTarget {
  log(level: LogLevel, code: string, message: string, conn: CmppConnection, hex?: string): void;
  onLoggingIn(conn: CmppConnection): void;
  onReady(conn: CmppConnection): void;
  /** A SUBMIT_RESP / QUERY_RESP / CANCEL_RESP matched to its job (already out of the window). */
  onResponse(conn: CmppConnection, job: Job, pdu: Pdu): void;
  /** A job sent maxSends times without a response (already out of the window). */
  onGiveUp(conn: CmppConnection, job: Job): void;
  onDeliver(conn: CmppConnection, deliver: Deliver): void;
  /** The socket is gone; `jobs` are every request that was in its window (written or not). */
  onClosed(conn: CmppConnection, info: CloseInfo, jobs: Job[]): void;
  /** Timed-out requests wait in `resendQueue` for rate tokens. */
  requestDrain(): void;
}

let nextConnectionId = 1;

export class CmppConnection {
  /** Unique in the process, for events and DeliverInfo. */
  readonly id = nextConnectionId++;
  state: ConnectionState = 'connecting';
  readonly window: InFlightWindow<Job>;
  /** Requests whose response timed out, to be written again (same Sequence_Id) when tokens allow. */
  readonly resendQueue: Deque<Job>;
  /** performance.now() of reaching 'ready' (0 before). */
  readyAt = 0;
  /** Resolves once the socket is closed and onClosed has run. */
  readonly closed: Promise<void>;

  private readonly cfg: ResolvedAccountConfig;
  private socket: net.Socket | undefined;
  private readonly reader = new FrameReader();
  private readonly writes: WriteBatch;
  private tickTimer: NodeJS.Timeout | undefined;
  private loginTimer: NodeJS.Timeout | undefined;
  private terminateTimer: NodeJS.Timeout | undefined;
  private lastReceived = 0;
  private receivedSinceReady = 0;
  private linkTest: Job | undefined;
  private closeInfo: CloseInfo | undefined;
  private socketError: Error | undefined;
  private authSource: Buffer = Buffer.alloc(16);
  private connectSeq = 0;
  private terminateSeq = -1;
  private terminated = false;
  private resolveClosed!: () => void;
  private readonly tickMs: number;
  private readonly requests: RequestTracker;

  constructor(
    cfg: ResolvedAccountConfig,
    readonly slot: number,
    private readonly host: ConnectionHost,
  ) {
    this.cfg = cfg;
    this.closed = new Promise((r) => (this.resolveClosed = r));
    this.writes = new WriteBatch(() => (this.state === 'closed' ? undefined : this.socket), host, this.id);
    this.requests = new RequestTracker(cfg, this.id, (buf, job) => this.queueOut(buf, job));
    this.window = this.requests.window;
    this.resendQueue = this.requests.resendQueue;
    this.tickMs = Math.max(5, Math.min(250, Math.floor(Math.min(cfg.requestTimeoutMs, cfg.activeTestTimeoutMs, cfg.activeTestIntervalMs) / 4)));
  }

  /** Opens the socket and logs in; progress is reported through the host. */
  open(): void {
    const { host, port } = this.cfg;
    const socket = this.cfg.tls
      ? tls.connect({ servername: net.isIP(host) ? undefined : host, ...this.cfg.tls, host, port })
      : net.connect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on(this.cfg.tls ? 'secureConnect' : 'connect', () => this.onConnected());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => {
      this.socketError ??= err;
    });
    socket.on('close', () => this.onSocketClose());
    this.loginTimer = setTimeout(() => {
      this.fail({
        code: 'login-timeout',
        reason: `no CONNECT_RESP within ${this.cfg.loginTimeoutMs} ms (${this.state === 'connecting' ? 'TCP/TLS connect did not complete' : 'CONNECT sent'})`,
        fatal: false,
      });
    }, this.cfg.loginTimeoutMs);
  }

  /** Requests awaiting responses, the link test included. */
  get inFlight(): number {
    return this.window.size;
  }

  /** Requests of the application awaiting responses (the link test excluded). */
  get pendingRequests(): number {
    return this.window.size - (this.linkTest !== undefined ? 1 : 0);
  }

  /** Writes a new request (assigns its Sequence_Id). The caller checked state and window.free and took rate tokens. */
  send(job: Job, now: number): void {
    this.requests.send(job, now);
  }

  /** Writes a timed-out request again with the same Sequence_Id (docs/protocol.md "Timers and flow control"). */
  resend(job: Job, now: number): void {
    this.requests.resend(job, now);
  }

  /** True when this connection gave up on the same SUBMIT after N unanswered sends. */
  hasGivenUp(job: Job): boolean {
    return this.requests.hasGivenUp(job);
  }

  /** True when `job` is still waiting in this connection's window for a resend. */
  ownsForResend(job: Job): boolean {
    return this.requests.ownsForResend(job);
  }

  /** Sends a response PDU (DELIVER_RESP etc.); false when the connection can no longer write. */
  respond(pdu: Pdu): boolean {
    const socket = this.socket;
    if (this.state === 'closed' || socket === undefined || socket.destroyed || socket.writableEnded) return false;
    this.queueOut(encodePdu(pdu, this.cfg.version));
    return true;
  }

  /**
   * Graceful end: TERMINATE, wait (bounded) for TERMINATE_RESP, close. Resolves true when the
   * exchange completed. Whatever is still in the window is handed to onClosed as usual.
   */
  async terminate(timeoutMs: number): Promise<boolean> {
    if (this.state !== 'ready') {
      this.fail({ code: 'stopped', reason: 'stopped', fatal: false });
      await this.closed;
      return false;
    }
    this.state = 'terminating';
    this.closeInfo = { code: 'stopped', reason: 'stopped by the application', fatal: false };
    this.terminateSeq = this.window.allocate();
    this.queueOut(encodePdu({ Command_Id: 'CMPP_TERMINATE', Sequence_Id: this.terminateSeq }, this.cfg.version));
    this.terminateTimer = setTimeout(() => this.destroy(), timeoutMs);
    await this.closed;
    return this.terminated;
  }

  /** Closes at once (no TERMINATE) with the given reason. */
  fail(info: CloseInfo): void {
    this.closeInfo ??= info;
    this.destroy();
  }

  private destroy(): void {
    if (this.socket === undefined) {
      this.onSocketClose();
      return;
    }
    this.socket.destroy();
  }

  private queueOut(buf: Buffer, job?: Job): void {
    this.writes.queue(buf, job);
  }

  // ---- login ----

  private onConnected(): void {
    this.state = 'logging-in';
    this.host.onLoggingIn(this);
    this.connectSeq = this.window.allocate();
    const { frame, authSource } = connectRequest(this.cfg, this.connectSeq);
    this.authSource = authSource;
    this.queueOut(frame);
  }

  private onConnectResp(frame: Buffer): void {
    clearTimeout(this.loginTimer);
    const verdict = judgeConnectResp(frame, this.cfg, this.authSource);
    for (const n of verdict.notes) this.host.log(n.level, n.code, n.message, this, n.hex);
    if (!verdict.ok) {
      this.fail(verdict.info);
      return;
    }
    this.state = 'ready';
    const now = performance.now();
    this.readyAt = now;
    this.lastReceived = now;
    this.tickTimer = setInterval(this.tick, this.tickMs);
    this.host.onReady(this);
  }

  // ---- reading ----

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      if (!(e instanceof CmppFramingError)) throw e;
      // The frames before the bad length are intact: take them (e.g. acknowledge reports) first.
      if (e.frames.length > 0) this.lastReceived = performance.now();
      for (const f of e.frames) {
        this.onFrame(f);
        if (this.socket?.destroyed) return;
      }
      this.host.log('error', 'framing', `${e.message}; resetting the connection`, this, chunk.subarray(0, 64).toString('hex'));
      this.fail({ code: 'framing', reason: `unframeable data from the gateway: ${e.message}`, fatal: false });
      return;
    }
    // Liveness counts complete PDUs only: a peer trickling bytes of a frame that never completes
    // is as good as silent (docs/protocol.md "Timers and flow control": the link test is about answers, not bytes).
    if (frames.length > 0) this.lastReceived = performance.now();
    for (let i = 0; i < frames.length; i++) {
      this.onFrame(frames[i]!);
      if (this.socket?.destroyed) return;
    }
  }

  private onFrame(frame: Buffer): void {
    if (this.host.traceOn) this.host.trace(traceEntry(frame, 'in', this.id));
    const cmd = frame.readUInt32BE(4);
    const seq = frame.readUInt32BE(8);
    if (this.state === 'logging-in') {
      if (cmd === CommandId.CMPP_CONNECT_RESP) this.onConnectResp(frame);
      else this.host.log('warn', 'unexpected', `${commandLabel(cmd)} before CONNECT_RESP ignored`, this, frame.toString('hex'));
      return;
    }
    this.receivedSinceReady++;
    switch (cmd) {
      case CommandId.CMPP_SUBMIT_RESP:
      case CommandId.CMPP_QUERY_RESP:
      case CommandId.CMPP_CANCEL_RESP:
        this.onResponse(cmd, seq, frame);
        return;
      case CommandId.CMPP_DELIVER:
        this.onDeliver(frame);
        return;
      case CommandId.CMPP_ACTIVE_TEST:
        // docs/protocol.md "Timers and flow control": either side may test the link; answer at once (13 bytes, docs/protocol.md "Message bodies").
        this.respond({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: seq, Reserved: 0 });
        return;
      case CommandId.CMPP_ACTIVE_TEST_RESP: {
        const job = this.window.get(seq);
        if (job !== undefined && job.kind === 'active-test') {
          this.window.take(seq);
          job.phase = 'done';
          this.linkTest = undefined;
        }
        return;
      }
      case CommandId.CMPP_TERMINATE:
        this.respond({ Command_Id: 'CMPP_TERMINATE_RESP', Sequence_Id: seq });
        this.closeInfo ??= { code: 'peer-terminate', reason: 'the gateway ended the session (TERMINATE)', fatal: false };
        this.writes.flush();
        this.socket?.end();
        return;
      case CommandId.CMPP_TERMINATE_RESP:
        if (this.state === 'terminating' && seq === this.terminateSeq) {
          this.terminated = true;
          clearTimeout(this.terminateTimer);
          // docs/protocol.md "Message bodies": after the response the connection is released. A FIN, and a bounded wait for theirs.
          this.socket?.end();
          this.terminateTimer = setTimeout(() => this.destroy(), 1000);
        }
        return;
      default:
        this.host.log('warn', 'unexpected', `unexpected ${commandLabel(cmd)} (Sequence_Id ${seq}) from the gateway ignored`, this, frame.toString('hex'));
    }
  }

  private onResponse(cmd: number, seq: number, frame: Buffer): void {
    const job = this.window.get(seq);
    const expected =
      job === undefined
        ? undefined
        : job.kind === 'submit'
          ? CommandId.CMPP_SUBMIT_RESP
          : job.kind === 'query'
            ? CommandId.CMPP_QUERY_RESP
            : job.kind === 'cancel'
              ? CommandId.CMPP_CANCEL_RESP
              : undefined;
    if (job === undefined || expected !== cmd) {
      // A response after we gave up, or to nothing we sent: visible, never silently matched.
      this.host.log('warn', 'late-response', `${commandLabel(cmd)} with Sequence_Id ${seq} matches no request awaiting a response (late after giving up, or unknown)`, this, frame.toString('hex'));
      return;
    }
    let pdu: Pdu;
    try {
      pdu = decodePdu(frame, this.cfg.version);
    } catch (e) {
      // The request stays in the window: it times out and is resent like a lost response.
      this.host.log('error', 'decode', `undecodable ${commandLabel(cmd)}: ${(e as Error).message}`, this, frame.toString('hex'));
      return;
    }
    this.window.take(seq);
    job.phase = 'done';
    this.host.onResponse(this, job, pdu);
  }

  private onDeliver(frame: Buffer): void {
    let pdu: Deliver;
    try {
      pdu = decodePdu(frame, this.cfg.version) as Deliver;
    } catch (e) {
      const seq = frame.readUInt32BE(8);
      const msgId = frame.length >= 20 ? frame.readBigUInt64BE(12) : 0n;
      // Decision: answer Result 1 (structure error) so the gateway does not resend the same
      // undecodable bytes forever; the whole frame is logged for support, so nothing is lost silently.
      this.host.log('error', 'decode', `undecodable CMPP_DELIVER answered with Result 1: ${(e as Error).message}`, this, frame.toString('hex'));
      if (e instanceof CmppDecodeError || frame.length >= 20) {
        this.respond({ Command_Id: 'CMPP_DELIVER_RESP', Sequence_Id: seq, Msg_Id: msgId, Result: 1 });
      }
      return;
    }
    this.host.onDeliver(this, pdu);
  }

  // ---- timers ----

  private readonly tick = (): void => {
    // While terminating, the terminate timer bounds everything; no resends after TERMINATE.
    if (this.state !== 'ready') return;
    const now = performance.now();
    const cfg = this.cfg;
    const expired = this.requests.expire(now, (job) => this.host.onGiveUp(this, job));
    if (expired === 'link-dead') {
      this.linkTest = undefined;
      const reason = `the gateway answered none of ${cfg.activeTestMaxSends} ACTIVE_TESTs (${cfg.activeTestTimeoutMs} ms each): link dead`;
      this.fail({ code: 'dead-peer', reason, fatal: false });
      return;
    }
    const silent = now - this.lastReceived;
    // Watchdog for a window full of unanswered requests, where no ACTIVE_TEST can go out.
    if (silent >= cfg.activeTestIntervalMs + cfg.activeTestTimeoutMs * cfg.activeTestMaxSends) {
      this.fail({ code: 'dead-peer', reason: `nothing received from the gateway for ${Math.round(silent)} ms: link dead`, fatal: false });
      return;
    }
    // docs/protocol.md "Timers and flow control": when idle, an ACTIVE_TEST every C.
    if (this.linkTest === undefined && silent >= cfg.activeTestIntervalMs && this.window.free > 0) {
      const job = new Job('active-test', encodePdu({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: 0 }, cfg.version), 0, undefined, noop);
      this.linkTest = job;
      this.send(job, now);
    }
    if (expired) this.host.requestDrain();
  };

  // ---- closing ----

  private onSocketClose(): void {
    if (this.state === 'closed') return;
    const prev = this.state;
    this.state = 'closed';
    clearTimeout(this.loginTimer);
    clearTimeout(this.terminateTimer);
    clearInterval(this.tickTimer);
    this.writes.clear();
    this.resendQueue.drain();
    this.linkTest = undefined;
    const info =
      this.closeInfo ??
      peerCloseInfo(this.cfg, { prev, socketError: this.socketError, receivedSinceReady: this.receivedSinceReady, readyAt: this.readyAt });
    const jobs = this.window.takeAll().filter((j) => j.kind !== 'active-test');
    this.host.onClosed(this, info, jobs);
    this.resolveClosed();
  }
}

function noop(): void {}
