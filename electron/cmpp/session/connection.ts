// One SP -> ISMG connection: TCP or TLS, CONNECT, the sliding window, request timeouts with resends
// of the same Sequence_Id, link tests, and the TERMINATE exchange. It knows nothing of queues,
// rates or the application: its host (the account pool) feeds it work and receives what comes in.
//
// Hot path: one write per event-loop turn per connection (PDUs gathered and concatenated in a
// setImmediate flush), one interval timer per connection for every deadline (docs/protocol.md "Timers and flow control" timers are
// seconds; a 5-250 ms tick is precise enough), no per-PDU timers or closures.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ResolvedAccountConfig } from './account-config.js';
import { authenticatorIsmg, authenticatorSource, authenticatorsEqual } from '../wire/auth.js';
import { decodePdu, encodePdu, inferVersion } from '../wire/codec.js';
import { CommandId, commandLabel } from '../wire/commands.js';
import type { Counters } from './counters.js';
import { CmppDecodeError, CmppFramingError } from '../wire/errors.js';
import { FrameReader } from '../wire/frame-reader.js';
import { Job } from './job.js';
import type { ConnectResp, Deliver, Pdu } from '../wire/pdu.js';
import { connectStatusText, isConfigurationStatus } from '../wire/result-codes.js';
import { cmppTimestamp } from '../wire/timestamp.js';
import { traceEntry, type TraceEntry } from './trace.js';
import { Deque } from './job-queue.js';
import { InFlightWindow } from './window.js';

export type ConnectionState = 'connecting' | 'logging-in' | 'ready' | 'terminating' | 'closed';

export type CloseCode =
  /** CONNECT_RESP Status != 0. */
  | 'login-status'
  /** AuthenticatorISMG mismatch with strictAuthenticator. */
  | 'authenticator'
  | 'login-timeout'
  /** CONNECT_RESP that could not be decoded. */
  | 'login-malformed'
  /** Closed by the gateway after CONNECT, without a CONNECT_RESP. */
  | 'closed-during-login'
  /** Closed by the gateway right after a successful login, nothing else received. */
  | 'closed-after-login'
  /** TCP connect or TLS handshake failed. */
  | 'network'
  /** Closed by the gateway (or reset) while ready. */
  | 'peer-closed'
  | 'peer-terminate'
  /** Link test or watchdog: nothing received for C + N x T. */
  | 'dead-peer'
  /** Unframeable bytes from the gateway (docs/protocol.md "Gateway quirks tolerated"). */
  | 'framing'
  /** Closed by us: the gateway left a SUBMIT unanswered N times here and it must go out again. */
  | 'unanswered'
  /** Closed by us: stop() or the account failed. */
  | 'stopped';

export interface CloseInfo {
  code: CloseCode;
  reason: string;
  /** Reconnecting cannot help (docs/protocol.md "Timers and flow control": login Status 2, 3, 4; strict authenticator). */
  fatal: boolean;
  /** CONNECT_RESP Status for 'login-status'. */
  status?: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** What the connection needs from its owner. */
export interface ConnectionHost {
  readonly counters: Counters;
  /** Checked per frame; when false nothing of the trace is built. */
  readonly traceOn: boolean;
  trace(entry: TraceEntry): void;
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

const LOGIN_HINT: Record<number, string> = {
  2: 'check the account SP_Id (Source_Addr)',
  3: 'check the shared secret',
  4: 'the gateway does not support this version: set the account version to 2.0',
};

const ALLOW_LIST_HINT = "check that this machine's IP is on the gateway's allow-list";

let nextConnectionId = 1;

export class CmppConnection {
  /** Unique in the process, for events and DeliverInfo. */
  readonly id = nextConnectionId++;
  state: ConnectionState = 'connecting';
  readonly window: InFlightWindow<Job>;
  /** Requests whose response timed out, to be written again (same Sequence_Id) when tokens allow. */
  readonly resendQueue = new Deque<Job>();
  /** performance.now() of reaching 'ready' (0 before). */
  readyAt = 0;
  /** Resolves once the socket is closed and onClosed has run. */
  readonly closed: Promise<void>;

  private readonly cfg: ResolvedAccountConfig;
  private socket: net.Socket | undefined;
  private readonly reader = new FrameReader();
  private out: Buffer[] = [];
  private outJobs: Job[] = [];
  private flushScheduled = false;
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
  private readonly expired: Job[] = [];
  /** SUBMITs given up here after maxSends unanswered writes (by their bytes after the header). */
  private readonly unanswered = new Set<string>();

  constructor(
    cfg: ResolvedAccountConfig,
    readonly slot: number,
    private readonly host: ConnectionHost,
  ) {
    this.cfg = cfg;
    this.window = new InFlightWindow<Job>(cfg.window);
    this.closed = new Promise((r) => (this.resolveClosed = r));
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
    const seq = this.window.allocate();
    job.seq = seq;
    job.buf.writeUInt32BE(seq, 8);
    job.connectionId = this.id;
    job.phase = 'inflight';
    job.resending = false;
    job.deadline = now + this.cfg.requestTimeoutMs;
    this.window.add(job);
    this.queueOut(job.buf, job);
  }

  /** Writes a timed-out request again with the same Sequence_Id (docs/protocol.md "Timers and flow control"). */
  resend(job: Job, now: number): void {
    job.phase = 'inflight';
    job.resending = true;
    job.deadline = now + (job.kind === 'active-test' ? this.cfg.activeTestTimeoutMs : this.cfg.requestTimeoutMs);
    this.queueOut(job.buf, job);
  }

  /**
   * docs/protocol.md "Timers and flow control" bounds the sends of one SUBMIT at N; an application handing the same message over again
   * after an unknown outcome must not reset that count on a connection that already ignored it N times.
   */
  hasGivenUp(job: Job): boolean {
    return job.kind === 'submit' && this.unanswered.size > 0 && this.unanswered.has(submitKey(job));
  }

  /** True when `job` is still waiting in this connection's window for a resend. */
  ownsForResend(job: Job): boolean {
    return job.phase === 'resend' && job.connectionId === this.id && this.window.get(job.seq) === job;
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

  // ---- writing ----

  private queueOut(buf: Buffer, job?: Job): void {
    this.out.push(buf);
    if (job !== undefined) this.outJobs.push(job);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const out = this.out;
    const jobs = this.outJobs;
    if (out.length === 0) return;
    this.out = [];
    this.outJobs = [];
    const socket = this.socket;
    // A dead socket writes nothing: its jobs stay "never written" and go back in line.
    if (socket === undefined || socket.destroyed || socket.writableEnded || this.state === 'closed') return;
    const counters = this.host.counters;
    for (let i = 0; i < jobs.length; i++) {
      const j = jobs[i]!;
      j.written = true;
      j.sends++;
      j.attempts++;
      if (j.kind === 'submit') {
        counters.messages += j.weight;
        if (j.sends === 1) counters.submits++;
        if (j.resending) counters.resends++;
      }
      j.resending = false;
    }
    if (this.host.traceOn) for (const b of out) this.host.trace(traceEntry(b, 'out', this.id));
    socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
  };

  // ---- login ----

  private onConnected(): void {
    this.state = 'logging-in';
    this.host.onLoggingIn(this);
    const timestamp = cmppTimestamp(new Date());
    this.authSource = authenticatorSource(this.cfg.spId, this.cfg.secret, timestamp);
    this.connectSeq = this.window.allocate();
    this.queueOut(
      encodePdu(
        {
          Command_Id: 'CMPP_CONNECT',
          Sequence_Id: this.connectSeq,
          Source_Addr: this.cfg.spId,
          AuthenticatorSource: this.authSource,
          Version: this.cfg.versionByte,
          Timestamp: timestamp,
        },
        this.cfg.version,
      ),
    );
  }

  private onConnectResp(frame: Buffer): void {
    clearTimeout(this.loginTimer);
    // docs/protocol.md "Message bodies": CONNECT_RESP is 30 bytes in 2.x, 33 in 3.0; judge by the length, since a gateway
    // refusing our version may answer in its own layout.
    const layout = inferVersion(frame, this.cfg.version)?.version ?? this.cfg.version;
    let resp: ConnectResp;
    try {
      resp = decodePdu(frame, layout) as ConnectResp;
    } catch (e) {
      this.host.log('error', 'login-malformed', `undecodable CONNECT_RESP: ${(e as Error).message}`, this, frame.toString('hex'));
      this.fail({ code: 'login-malformed', reason: `undecodable CONNECT_RESP: ${(e as Error).message}`, fatal: false });
      return;
    }
    if (resp.Status !== 0) {
      const s = resp.Status;
      const hint = LOGIN_HINT[s];
      this.fail({
        code: 'login-status',
        status: s,
        fatal: isConfigurationStatus(s),
        reason: `login refused by the gateway: Status ${s} (${connectStatusText(s)})${hint ? `: ${hint}` : ''}`,
      });
      return;
    }
    // docs/protocol.md "Authenticators": AuthenticatorISMG = MD5(Status as sent + AuthenticatorSource + secret).
    const expected = authenticatorIsmg(resp.Status, layout, this.authSource, this.cfg.secret);
    if (!authenticatorsEqual(expected, resp.AuthenticatorISMG)) {
      const what = 'AuthenticatorISMG in CONNECT_RESP does not match the shared secret';
      if (this.cfg.strictAuthenticator) {
        this.fail({ code: 'authenticator', fatal: true, reason: `${what}: login refused (the account requires a valid AuthenticatorISMG)` });
        return;
      }
      this.host.log('warn', 'authenticator', `${what}; continuing (the account does not require it)`, this);
    }
    if (layout !== this.cfg.version) {
      this.host.log('warn', 'version', `CONNECT_RESP arrived in the ${layout} layout although we logged in with ${this.cfg.version}`, this);
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
        this.flush();
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
    const expired = this.expired;
    this.window.collectExpired(now, expired);
    let drain = false;
    for (let i = 0; i < expired.length; i++) {
      const job = expired[i]!;
      if (job.phase !== 'inflight') continue;
      const max = job.kind === 'active-test' ? cfg.activeTestMaxSends : cfg.maxSends;
      if (job.attempts < max) {
        if (job.kind === 'active-test') {
          this.resend(job, now);
        } else {
          job.phase = 'resend';
          this.resendQueue.push(job);
          drain = true;
        }
        continue;
      }
      this.window.take(job.seq);
      job.phase = 'done';
      if (job.kind === 'active-test') {
        this.linkTest = undefined;
        expired.length = 0;
        this.fail({
          code: 'dead-peer',
          reason: `the gateway answered none of ${max} ACTIVE_TESTs (${cfg.activeTestTimeoutMs} ms each): link dead`,
          fatal: false,
        });
        return;
      }
      if (job.kind === 'submit' && this.unanswered.size < MAX_UNANSWERED) this.unanswered.add(submitKey(job));
      this.host.onGiveUp(this, job);
      drain = true;
    }
    expired.length = 0;
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
      job.deadline = now + cfg.activeTestTimeoutMs;
    }
    if (drain) this.host.requestDrain();
  };

  // ---- closing ----

  private onSocketClose(): void {
    if (this.state === 'closed') return;
    const prev = this.state;
    this.state = 'closed';
    clearTimeout(this.loginTimer);
    clearTimeout(this.terminateTimer);
    clearInterval(this.tickTimer);
    this.out = [];
    this.outJobs = [];
    this.resendQueue.drain();
    this.linkTest = undefined;
    const info = this.closeInfo ?? this.peerCloseInfo(prev);
    const jobs = this.window.takeAll().filter((j) => j.kind !== 'active-test');
    this.host.onClosed(this, info, jobs);
    this.resolveClosed();
  }

  private peerCloseInfo(prev: ConnectionState): CloseInfo {
    const err = this.socketError;
    const detail = err ? `: ${err.message}` : '';
    const where = `${this.cfg.host}:${this.cfg.port}`;
    if (prev === 'connecting') {
      const code = err && this.cfg.tls && !(err as NodeJS.ErrnoException).syscall ? 'TLS handshake failed' : 'cannot connect';
      return { code: 'network', reason: `${code} to ${where}${detail}`, fatal: false };
    }
    if (prev === 'logging-in') {
      return { code: 'closed-during-login', reason: `closed by the gateway after CONNECT, without a CONNECT_RESP: ${ALLOW_LIST_HINT}${detail}`, fatal: false };
    }
    if (this.receivedSinceReady === 0 && performance.now() - this.readyAt < this.cfg.closedAfterLoginMs) {
      return { code: 'closed-after-login', reason: `closed by the gateway right after login: ${ALLOW_LIST_HINT}`, fatal: false };
    }
    return { code: 'peer-closed', reason: `connection closed by the gateway${detail}`, fatal: false };
  }
}

function noop(): void {}

/** Bounds the memory of given-up SUBMITs on a connection that keeps ignoring requests. */
const MAX_UNANSWERED = 4096;

/** The SUBMIT's bytes after the header: the same message handed over again has the same key. */
function submitKey(job: Job): string {
  return job.buf.toString('latin1', 12);
}
