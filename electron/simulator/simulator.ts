// The built-in ISMG: a real CMPP 2.0/3.0 server (TCP or TLS) for the demo gateway, the tests and
// the CLI. Well behaved by default (no faults, no rate limit, every report DELIVRD within a
// second); every oddity of real gateways is opt-in through the options, setters and `faults`.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { authenticatorIsmg, authenticatorSource } from '../cmpp/wire/auth.js';
import { decodePdu, encodePdu, readHeader } from '../cmpp/wire/codec.js';
import { CommandId, commandLabel } from '../cmpp/wire/commands.js';
import { CmppDecodeError, CmppFramingError, CmppUnknownCommandError } from '../cmpp/wire/errors.js';
import type { Cancel, Connect, Deliver, DeliverResp, Pdu, Query, Submit } from '../cmpp/wire/pdu.js';
import { layoutOfVersionByte, VERSION_BYTE, versionByteText } from '../cmpp/wire/version.js';
import { AccountState, type Outgoing } from './account-state.js';
import { FaultState } from './faults.js';
import { defaultMoFormat, splitMo } from './mo-split.js';
import { MsgIdSource } from './msg-id-source.js';
import { Outbox } from './outbox.js';
import { bump } from './query-counters.js';
import { chance, ReportPolicy } from './report-behaviour.js';
import { ReportScheduler } from './reports.js';
import { SimSession, type SessionHost } from './session.js';
import { SlidingSecond } from './sliding-second.js';
import { checkSubmit, RESULT } from './submit-check.js';
import { TimerQueue, type TimerTask } from './timer-queue.js';
import type {
  MalformedKind,
  MoRequest,
  RecordedPdu,
  ReportBehaviour,
  SimFaults,
  SimStats,
  SimulatorOptions,
} from './types.js';

const DEFAULT_PORT = 7890;
const MAX_ISMG_CODE = 0x3fffff; // 22 bits, docs/protocol.md "Msg_Id"
/** docs/protocol.md "Timers and flow control" N: after this many unanswered link tests the connection is dropped. */
const LINK_TEST_TRIES = 3;
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
  private readonly timers: TimerQueue;
  private readonly ids = new MsgIdSource();
  private readonly outbox: Outbox;
  private readonly reports: ReportScheduler;
  private readonly allMessages = new SlidingSecond();
  private readonly moSchedules = new Set<() => void>();
  private policy: ReportPolicy;
  private rateLimit: number | undefined;
  private readonly window: number;
  private readonly record: boolean;
  private readonly activeTestIntervalMs: number;
  private readonly logLine: (line: string) => void;
  private nextConnectionId = 1;
  private moRef = Math.floor(Math.random() * 0x10000);
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
    this.window = opts.window ?? 16;
    if (!(Number.isInteger(this.window) && this.window >= 1)) throw new RangeError(`window must be a whole number >= 1, got ${this.window}`);
    const resendMs = opts.deliverResendMs ?? 60_000;
    if (!(resendMs > 0)) throw new RangeError(`deliverResendMs must be > 0, got ${resendMs}`);
    const maxSends = opts.deliverMaxSends ?? 3;
    if (!(Number.isInteger(maxSends) && maxSends >= 1)) throw new RangeError(`deliverMaxSends must be a whole number >= 1, got ${maxSends}`);
    this.activeTestIntervalMs = opts.activeTestIntervalMs ?? 0;
    if (!(this.activeTestIntervalMs >= 0)) throw new RangeError(`activeTestIntervalMs must be >= 0, got ${this.activeTestIntervalMs}`);
    this.setRateLimit(opts.rateLimit);
    this.policy = new ReportPolicy(opts.reports);
    this.record = opts.record ?? true;
    this.logLine = opts.log ?? (() => {});
    this.timers = new TimerQueue((err) => this.log(`internal error in a timer task: ${String(err)}`));
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
      deliverId: (acc) => this.ids.next(acc.ismgCode),
    });
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
    for (const cancel of this.moSchedules) cancel();
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
  async sendMo(mo: MoRequest): Promise<void> {
    const acc = this.accountFor(mo.spId);
    checkField('from (Src_terminal_Id)', mo.from, 21);
    checkField('to (Dest_Id)', mo.to, 21);
    checkField('serviceId', mo.serviceId ?? '', 10, true);
    checkField('linkId', mo.linkId ?? '', 20, true);
    if (typeof mo.text !== 'string' || mo.text === '') throw new RangeError('MO text must be a non-empty string');
    const msgFmt = mo.msgFmt ?? defaultMoFormat(mo.text);
    if (msgFmt !== 0 && msgFmt !== 8 && msgFmt !== 15) throw new RangeError(`MO msgFmt must be 0, 8 or 15, got ${String(msgFmt)}`);
    const udhLength = mo.udhLength ?? 6;
    if (udhLength !== 6 && udhLength !== 7) throw new RangeError(`MO udhLength must be 6 or 7, got ${String(udhLength)}`);
    const tpUdhi = mo.tpUdhi ?? 1;
    if (tpUdhi !== 1 && tpUdhi !== 0x40) throw new RangeError(`MO tpUdhi must be 1 or 0x40, got ${String(tpUdhi)}`);
    this.moRef = (this.moRef + 1) & 0xffff;
    const segments = splitMo(mo.text, { msgFmt, udhLength, tpUdhi, reference: udhLength === 6 ? this.moRef & 0xff : this.moRef });
    const order = segments.map((_, i) => i);
    if (mo.shuffle && order.length > 1) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      // "Shuffled" must really be out of order, or the test proves nothing.
      if (order.every((v, i) => v === i)) order.reverse();
    }
    if (mo.duplicate) order.splice(Math.floor(Math.random() * (order.length + 1)), 0, order[Math.floor(Math.random() * order.length)]!);
    const serviceId = mo.serviceId ?? '';
    const counters = acc.counters.pair(serviceId);
    for (const i of order) {
      const seg = segments[i]!;
      bump(counters, 'MO_WT');
      const out: Outgoing = {
        msgId: this.ids.next(acc.ismgCode),
        account: acc,
        kind: 'mo',
        destId: mo.to,
        serviceId,
        srcTerminalId: mo.from,
        tpUdhi: seg.tpUdhi,
        msgFmt: seg.msgFmt,
        linkId: mo.linkId ?? '',
        content: seg.content,
        seq: 0,
        sendsHere: 0,
        sent: false,
        acked: false,
        counters,
      };
      this.outbox.deliver(out);
    }
    // Resolve once the DELIVERs are on the socket (writes are batched per tick).
    await new Promise((r) => setImmediate(r));
  }

  /** Sends `mo` every `everyMs` until the returned function is called (or stop()). */
  scheduleMo(mo: MoRequest, everyMs: number): () => void {
    if (!(everyMs > 0)) throw new RangeError(`scheduleMo: everyMs must be > 0, got ${everyMs}`);
    this.accountFor(mo.spId); // fail now, not in a timer
    let task: TimerTask | undefined;
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      this.timers.cancel(task);
      this.moSchedules.delete(cancel);
    };
    const tick = () => {
      if (cancelled) return;
      this.sendMo(mo).catch((err: unknown) => this.log(`scheduled MO failed: ${String(err)}`));
      task = this.timers.after(everyMs, tick);
    };
    task = this.timers.after(everyMs, tick);
    this.moSchedules.add(cancel);
    return cancel;
  }

  // ---- SessionHost -------------------------------------------------------------------------

  onFrames(s: SimSession, frames: Buffer[]): void {
    for (const f of frames) {
      if (s.closed) return;
      this.onFrame(s, f);
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

  private onFrame(s: SimSession, frame: Buffer): void {
    s.pdus++;
    let pdu: Pdu;
    try {
      pdu = decodePdu(frame, s.layout);
    } catch (err) {
      this.stats.badFrames++;
      if (err instanceof CmppUnknownCommandError) {
        // Not fatal: skip the frame, keep the connection.
        this.log(`connection ${s.id}: ${err.message}`);
      } else if (err instanceof CmppDecodeError) {
        this.log(`connection ${s.id}: undecodable ${commandLabel(readHeader(frame).Command_Id)}: ${err.message}`);
        this.answerUndecodable(s, frame, err);
      } else {
        this.log(`connection ${s.id}: cannot decode a frame, closing: ${String(err)}`);
        s.destroy();
      }
      return;
    }
    if (this.record || this.listenerCount('pdu')) {
      const rec: RecordedPdu = { at: Date.now(), connectionId: s.id, pdu };
      const spId = s.spId ?? (pdu.Command_Id === 'CMPP_CONNECT' ? pdu.Source_Addr : undefined);
      if (spId !== undefined) rec.spId = spId;
      if (this.record) this.received.push(rec);
      this.emit('pdu', rec);
    }
    const f = this.fault;
    if ((f.disconnectAfterPdus !== undefined && s.pdus >= f.disconnectAfterPdus) || chance(f.disconnectRate)) {
      this.log(`connection ${s.id}: fault: disconnecting on PDU ${s.pdus} (${pdu.Command_Id})`);
      s.destroy();
      return;
    }
    if (f.silent) return;
    if (!s.loggedIn && pdu.Command_Id !== 'CMPP_CONNECT') {
      // docs/protocol.md "Message bodies": CONNECT comes first; anything else means a confused peer.
      this.log(`connection ${s.id}: ${pdu.Command_Id} before CONNECT, closing`);
      s.destroy();
      return;
    }
    switch (pdu.Command_Id) {
      case 'CMPP_CONNECT':
        return this.onConnect(s, pdu);
      case 'CMPP_SUBMIT':
        return this.onSubmit(s, pdu);
      case 'CMPP_DELIVER_RESP':
        return this.onDeliverResp(s, pdu);
      case 'CMPP_QUERY':
        return this.onQuery(s, pdu);
      case 'CMPP_CANCEL':
        return this.onCancel(s, pdu);
      case 'CMPP_ACTIVE_TEST':
        return this.respond(s, { Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: pdu.Sequence_Id, Reserved: 0 }, false);
      case 'CMPP_ACTIVE_TEST_RESP':
        s.unansweredTests = 0;
        return;
      case 'CMPP_TERMINATE':
        s.answer({ Command_Id: 'CMPP_TERMINATE_RESP', Sequence_Id: pdu.Sequence_Id }, false);
        s.endAfterFlush();
        return;
      case 'CMPP_TERMINATE_RESP':
        s.endAfterFlush();
        return;
      default:
        this.log(`connection ${s.id}: unexpected ${pdu.Command_Id} from the SP, ignored`);
    }
  }

  /** A known command whose body does not fit: answer with an error where the response has a code. */
  private answerUndecodable(s: SimSession, frame: Buffer, err: CmppDecodeError): void {
    const { Command_Id, Sequence_Id } = readHeader(frame);
    if (Command_Id === CommandId.CMPP_CONNECT) {
      s.answer({ Command_Id: 'CMPP_CONNECT_RESP', Sequence_Id, Status: 1, AuthenticatorISMG: Buffer.alloc(16), Version: 0x20 }, false);
      s.endAfterFlush();
    } else if (!s.loggedIn) {
      s.destroy();
    } else if (Command_Id === CommandId.CMPP_SUBMIT) {
      this.request(s);
      // docs/protocol.md "Result and Status codes": Result 4 is a length error, 1 any other structure error.
      const result = err.field === 'Total_Length' || err.field === 'Msg_Length' ? 4 : 1;
      this.respond(s, { Command_Id: 'CMPP_SUBMIT_RESP', Sequence_Id, Msg_Id: 0n, Result: result }, true);
    } else if (Command_Id === CommandId.CMPP_CANCEL) {
      this.request(s);
      this.respond(s, { Command_Id: 'CMPP_CANCEL_RESP', Sequence_Id, Success_Id: 1 }, true);
    }
  }

  private onConnect(s: SimSession, c: Connect): void {
    if (s.loggedIn) {
      this.log(`connection ${s.id}: second CONNECT on a logged-in connection, answered Status 1`);
      s.answer({ Command_Id: 'CMPP_CONNECT_RESP', Sequence_Id: c.Sequence_Id, Status: 1, AuthenticatorISMG: Buffer.alloc(16), Version: s.versionByte }, false);
      return;
    }
    // Answer in the layout the client asked for (docs/protocol.md "Result and Status codes": Status is 1 byte in 2.x, 4 in 3.0).
    const layout = layoutOfVersionByte(c.Version);
    s.layout = layout;
    s.versionByte = c.Version;
    const acc = this.accounts.get(c.Source_Addr);
    const major = c.Version >> 4;
    let status: number;
    let version = c.Version;
    if (!acc) status = 2;
    // The client's Timestamp is used as sent: no clock-skew check (real clients drift).
    else if (!authenticatorSource(acc.account.spId, acc.account.secret, c.Timestamp).equals(c.AuthenticatorSource)) status = 3;
    else if (major > (acc.account.version === '3.0' ? 3 : 2)) {
      status = 4;
      version = VERSION_BYTE[acc.account.version]; // the highest it supports
    } else if (acc.account.version === '3.0' && layout === '2.0' && acc.account.acceptOlder === false) {
      // Too old is not "too high": vendors answer an "other" Status (>= 5).
      status = 5;
      version = VERSION_BYTE['3.0'];
    } else {
      status = 0;
      // 0x00/0x01 clients are answered as 2.0; 0x20, 0x21 and 0x3x get their own byte back.
      if (layout === '2.0' && c.Version !== 0x20 && c.Version !== 0x21) version = 0x20;
    }
    let auth = acc ? authenticatorIsmg(status, layout, c.AuthenticatorSource, acc.account.secret) : Buffer.alloc(16);
    if (this.fault.badAuthenticator) auth = Buffer.from(auth.map((b) => b ^ 0xff));
    s.answer({ Command_Id: 'CMPP_CONNECT_RESP', Sequence_Id: c.Sequence_Id, Status: status, AuthenticatorISMG: auth, Version: version }, false);
    this.emit('login', { connectionId: s.id, spId: c.Source_Addr, status, version: c.Version });
    if (status !== 0) {
      this.log(`connection ${s.id}: login of '${c.Source_Addr}' (Version ${versionByteText(c.Version)}) refused with Status ${status}`);
      s.endAfterFlush();
      return;
    }
    if (this.fault.closeLogin) {
      this.log(`connection ${s.id}: fault: closing right after the login of ${c.Source_Addr}`);
      s.endAfterFlush();
      return;
    }
    s.loggedIn = true;
    s.account = acc!;
    acc!.sessions.push(s);
    this.outbox.flushHeld(acc!, s);
    if (this.activeTestIntervalMs > 0) s.linkTimer = this.timers.after(this.activeTestIntervalMs, () => this.linkTest(s));
  }

  private onSubmit(s: SimSession, p: Submit): void {
    this.request(s);
    const acc = s.account!;
    const now = Date.now();
    const n = p.Dest_terminal_Id.length;
    this.stats.submits++;
    this.allMessages.add(now, n);
    this.stats.maxMessagesInAnySecond = this.allMessages.max;
    const counters = acc.counters.pair(p.Service_Id, now);
    bump(counters, 'MT_TLMsg');
    bump(counters, 'MT_Tlusr', n);
    let result = checkSubmit(p, acc.account);
    if (result === RESULT.ok && chance(this.fault.flowRate)) result = RESULT.flowControl;
    // docs/protocol.md "Timers and flow control": the gateway counts messages, each SUBMIT DestUsr_tl times, in a sliding second;
    // only accepted messages fill the window, so a client that backs off gets through again.
    if (result === RESULT.ok && this.rateLimit !== undefined && acc.accepted.total(now) + n > this.rateLimit) result = RESULT.flowControl;
    if (result === RESULT.flowControl) this.stats.flowControlled++;
    let msgId = 0n;
    if (result === RESULT.ok) {
      acc.accepted.add(now, n);
      msgId = this.ids.next(acc.ismgCode, n, now);
      bump(counters, 'MT_WT', n);
      this.reports.schedule(acc, s, msgId, p.Dest_terminal_Id, p.Src_Id, p.Service_Id, counters, p.Registered_Delivery === 1);
    } else {
      bump(counters, 'MT_FL', n);
    }
    this.respond(s, { Command_Id: 'CMPP_SUBMIT_RESP', Sequence_Id: p.Sequence_Id, Msg_Id: msgId, Result: result }, true);
  }

  private onDeliverResp(s: SimSession, p: DeliverResp): void {
    if (!this.outbox.ack(s.account!, p.Msg_Id, p.Result)) {
      this.log(`connection ${s.id}: DELIVER_RESP for Msg_Id ${p.Msg_Id} which is not awaiting one (duplicate or unknown)`);
    }
  }

  private onQuery(s: SimSession, q: Query): void {
    this.request(s);
    const c = s.account!.counters.lookup(q.Time, q.Query_Type, q.Query_Code);
    this.respond(s, { Command_Id: 'CMPP_QUERY_RESP', Sequence_Id: q.Sequence_Id, Time: q.Time, Query_Type: q.Query_Type, Query_Code: q.Query_Code, ...c }, true);
  }

  private onCancel(s: SimSession, c: Cancel): void {
    this.request(s);
    const ok = this.reports.cancel(s.account!, c.Msg_Id);
    this.respond(s, { Command_Id: 'CMPP_CANCEL_RESP', Sequence_Id: c.Sequence_Id, Success_Id: ok ? 0 : 1 }, true);
  }

  /**
   * A request that counts toward the window (SUBMIT, QUERY, CANCEL; link tests and TERMINATE do
   * not). Outstanding = received and not yet answered on the socket: the SP cannot have seen a
   * response that was not written, so this never over-counts a well-behaved client.
   */
  private request(s: SimSession): void {
    const outstanding = ++s.awaiting;
    if (outstanding > this.stats.maxOutstanding) this.stats.maxOutstanding = outstanding;
    if (outstanding > this.window) {
      this.stats.windowViolations++;
      this.emit('window-violation', { connectionId: s.id, spId: s.spId, outstanding, window: this.window });
    }
  }

  /** Sends a response through the response faults (drop, delay); CONNECT and TERMINATE bypass them. */
  private respond(s: SimSession, resp: Pdu, counted: boolean): void {
    const f = this.fault;
    if (chance(f.dropRate)) {
      // A lost response: the SP keeps the slot until its own timeout, we stop counting it.
      if (counted) s.awaiting--;
      return;
    }
    if (f.delayMs > 0) {
      this.timers.after(f.delayMs, () => s.answer(resp, counted));
      return;
    }
    s.answer(resp, counted);
  }

  private linkTest(s: SimSession): void {
    if (s.closed) return;
    const iv = this.activeTestIntervalMs;
    if (!this.fault.silent && Date.now() - s.lastRx >= iv) {
      if (s.unansweredTests >= LINK_TEST_TRIES) {
        this.log(`connection ${s.id}: ${LINK_TEST_TRIES} ACTIVE_TESTs unanswered, closing`);
        s.destroy();
        return;
      }
      s.unansweredTests++;
      s.send({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: s.nextSeq() });
    }
    s.linkTimer = this.timers.after(iv, () => this.linkTest(s));
  }

  private sendMalformed(kind: MalformedKind): void {
    for (const s of this.sessions) {
      if (s.closed) continue;
      let frame: Buffer;
      if (kind === 'bad-body') {
        // A well-framed DELIVER whose Msg_Length claims 10 bytes more than it carries.
        const content = Buffer.from('malformed');
        const pdu: Deliver = {
          Command_Id: 'CMPP_DELIVER',
          Sequence_Id: s.nextSeq(),
          Msg_Id: 0n,
          Dest_Id: '',
          Service_Id: '',
          TP_pid: 0,
          TP_udhi: 0,
          Msg_Fmt: 0,
          Src_terminal_Id: '',
          Registered_Delivery: 0,
          Msg_Length: content.length,
          Msg_Content: content,
        };
        frame = encodePdu(pdu, s.layout);
        const trailer = s.layout === '3.0' ? 20 : 8; // LinkID / Reserved after the content
        frame[frame.length - trailer - content.length - 1] = content.length + 10;
      } else {
        frame = Buffer.alloc(12);
        frame.writeUInt32BE(kind === 'too-long' ? 5000 : 5, 0);
        frame.writeUInt32BE(CommandId.CMPP_DELIVER, 4);
        frame.writeUInt32BE(s.nextSeq(), 8);
      }
      s.sendRaw(frame);
    }
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

function checkField(what: string, value: string, max: number, mayBeEmpty = false): void {
  if (typeof value !== 'string' || (!mayBeEmpty && value === '') || value.length > max || !/^[\x20-\x7e]*$/.test(value)) {
    throw new RangeError(`MO ${what} must be ${mayBeEmpty ? 'up to' : '1 to'} ${max} ASCII characters, got '${String(value)}'`);
  }
}
