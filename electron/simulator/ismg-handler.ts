// What the built-in ISMG does with each PDU an SP sends: the login (Status, AuthenticatorISMG, the
// layout the client asked for), SUBMIT checks with the rate limit and the window count, QUERY from
// the day's counters, CANCEL, DELIVER_RESP, link tests both ways and TERMINATE, every response passing
// through the response faults (drop, delay).
import { authenticatorIsmg, authenticatorSource } from '../cmpp/wire/auth.js';
import { decodePdu, readHeader } from '../cmpp/wire/codec.js';
import { CommandId, commandLabel } from '../cmpp/wire/commands.js';
import { CmppDecodeError, CmppUnknownCommandError } from '../cmpp/wire/errors.js';
import type { Cancel, Connect, DeliverResp, Pdu, Query, Submit } from '../cmpp/wire/pdu.js';
import { layoutOfVersionByte, VERSION_BYTE, versionByteText } from '../cmpp/wire/version.js';
import type { AccountState } from './account-state.js';
import type { FaultState } from './faults.js';
import type { MsgIdSource } from './msg-id-source.js';
import type { Outbox } from './outbox.js';
import { bump } from './query-counters.js';
import { chance } from './report-behaviour.js';
import type { ReportScheduler } from './reports.js';
import type { SimSession } from './session.js';
import { SlidingSecond } from './sliding-second.js';
import { checkSubmit, RESULT } from './submit-check.js';
import type { TimerQueue } from './timer-queue.js';
import type { RecordedPdu, SimStats } from './types.js';

/** docs/protocol.md "Timers and flow control" N: after this many unanswered link tests the connection is dropped. */
const LINK_TEST_TRIES = 3;

/** What the handler shares with the simulator that owns it. */
export interface IsmgContext {
  readonly stats: SimStats;
  readonly fault: FaultState;
  readonly accounts: ReadonlyMap<string, AccountState>;
  readonly ids: MsgIdSource;
  readonly outbox: Outbox;
  readonly reports: ReportScheduler;
  readonly timers: TimerQueue;
  /** Outstanding requests tolerated per connection (more are recorded as violations). */
  readonly window: number;
  readonly activeTestIntervalMs: number;
  readonly record: boolean;
  readonly received: RecordedPdu[];
  /** Messages/s per account (undefined: no limit); changes at run time. */
  readonly rateLimit: number | undefined;
  emit(event: string, payload: unknown): void;
  listenerCount(event: string): number;
  log(line: string): void;
}

export class IsmgHandler {
  /** Every SUBMITted message of every account, for the stats' busiest second. */
  private readonly allMessages = new SlidingSecond();

  constructor(private readonly ctx: IsmgContext) {}

  /** One frame of an SP: decoded, recorded, passed through the faults, answered. */
  onFrame(s: SimSession, frame: Buffer): void {
    s.pdus++;
    let pdu: Pdu;
    try {
      pdu = decodePdu(frame, s.layout);
    } catch (err) {
      this.ctx.stats.badFrames++;
      if (err instanceof CmppUnknownCommandError) {
        // Not fatal: skip the frame, keep the connection.
        this.ctx.log(`connection ${s.id}: ${err.message}`);
      } else if (err instanceof CmppDecodeError) {
        this.ctx.log(`connection ${s.id}: undecodable ${commandLabel(readHeader(frame).Command_Id)}: ${err.message}`);
        this.answerUndecodable(s, frame, err);
      } else {
        this.ctx.log(`connection ${s.id}: cannot decode a frame, closing: ${String(err)}`);
        s.destroy();
      }
      return;
    }
    if (this.ctx.record || this.ctx.listenerCount('pdu')) {
      const rec: RecordedPdu = { at: this.ctx.timers.now(), connectionId: s.id, pdu };
      const spId = s.spId ?? (pdu.Command_Id === 'CMPP_CONNECT' ? pdu.Source_Addr : undefined);
      if (spId !== undefined) rec.spId = spId;
      if (this.ctx.record) this.ctx.received.push(rec);
      this.ctx.emit('pdu', rec);
    }
    const f = this.ctx.fault;
    if ((f.disconnectAfterPdus !== undefined && s.pdus >= f.disconnectAfterPdus) || chance(f.disconnectRate)) {
      this.ctx.log(`connection ${s.id}: fault: disconnecting on PDU ${s.pdus} (${pdu.Command_Id})`);
      s.destroy();
      return;
    }
    if (f.silent) return;
    if (!s.loggedIn && pdu.Command_Id !== 'CMPP_CONNECT') {
      // docs/protocol.md "Message bodies": CONNECT comes first; anything else means a confused peer.
      this.ctx.log(`connection ${s.id}: ${pdu.Command_Id} before CONNECT, closing`);
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
        this.ctx.log(`connection ${s.id}: unexpected ${pdu.Command_Id} from the SP, ignored`);
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
      this.ctx.log(`connection ${s.id}: second CONNECT on a logged-in connection, answered Status 1`);
      s.answer({ Command_Id: 'CMPP_CONNECT_RESP', Sequence_Id: c.Sequence_Id, Status: 1, AuthenticatorISMG: Buffer.alloc(16), Version: s.versionByte }, false);
      return;
    }
    // Answer in the layout the client asked for (docs/protocol.md "Result and Status codes": Status is 1 byte in 2.x, 4 in 3.0).
    const layout = layoutOfVersionByte(c.Version);
    s.layout = layout;
    s.versionByte = c.Version;
    const acc = this.ctx.accounts.get(c.Source_Addr);
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
    if (this.ctx.fault.badAuthenticator) auth = Buffer.from(auth.map((b) => b ^ 0xff));
    s.answer({ Command_Id: 'CMPP_CONNECT_RESP', Sequence_Id: c.Sequence_Id, Status: status, AuthenticatorISMG: auth, Version: version }, false);
    this.ctx.emit('login', { connectionId: s.id, spId: c.Source_Addr, status, version: c.Version });
    if (status !== 0) {
      this.ctx.log(`connection ${s.id}: login of '${c.Source_Addr}' (Version ${versionByteText(c.Version)}) refused with Status ${status}`);
      s.endAfterFlush();
      return;
    }
    if (this.ctx.fault.closeLogin) {
      this.ctx.log(`connection ${s.id}: fault: closing right after the login of ${c.Source_Addr}`);
      s.endAfterFlush();
      return;
    }
    s.loggedIn = true;
    s.account = acc!;
    acc!.sessions.push(s);
    this.ctx.outbox.flushHeld(acc!, s);
    if (this.ctx.activeTestIntervalMs > 0) s.linkTimer = this.ctx.timers.after(this.ctx.activeTestIntervalMs, () => this.linkTest(s));
  }

  private onSubmit(s: SimSession, p: Submit): void {
    this.request(s);
    const acc = s.account!;
    const now = this.ctx.timers.now();
    const n = p.Dest_terminal_Id.length;
    this.ctx.stats.submits++;
    this.allMessages.add(now, n);
    this.ctx.stats.maxMessagesInAnySecond = this.allMessages.max;
    const counters = acc.counters.pair(p.Service_Id, now);
    bump(counters, 'MT_TLMsg');
    bump(counters, 'MT_Tlusr', n);
    let result = checkSubmit(p, acc.account);
    if (result === RESULT.ok && chance(this.ctx.fault.flowRate)) result = RESULT.flowControl;
    // docs/protocol.md "Timers and flow control": the gateway counts messages, each SUBMIT DestUsr_tl times, in a sliding second;
    // only accepted messages fill the window, so a client that backs off gets through again.
    if (result === RESULT.ok && this.ctx.rateLimit !== undefined && acc.accepted.total(now) + n > this.ctx.rateLimit) result = RESULT.flowControl;
    if (result === RESULT.flowControl) this.ctx.stats.flowControlled++;
    let msgId = 0n;
    if (result === RESULT.ok) {
      acc.accepted.add(now, n);
      msgId = this.ctx.ids.next(acc.ismgCode, n, now);
      bump(counters, 'MT_WT', n);
      this.ctx.reports.schedule(acc, s, msgId, p.Dest_terminal_Id, p.Src_Id, p.Service_Id, counters, p.Registered_Delivery === 1);
    } else {
      bump(counters, 'MT_FL', n);
    }
    this.respond(s, { Command_Id: 'CMPP_SUBMIT_RESP', Sequence_Id: p.Sequence_Id, Msg_Id: msgId, Result: result }, true);
  }

  private onDeliverResp(s: SimSession, p: DeliverResp): void {
    if (!this.ctx.outbox.ack(s.account!, p.Msg_Id, p.Result)) {
      this.ctx.log(`connection ${s.id}: DELIVER_RESP for Msg_Id ${p.Msg_Id} which is not awaiting one (duplicate or unknown)`);
    }
  }

  private onQuery(s: SimSession, q: Query): void {
    this.request(s);
    const c = s.account!.counters.lookup(q.Time, q.Query_Type, q.Query_Code);
    this.respond(s, { Command_Id: 'CMPP_QUERY_RESP', Sequence_Id: q.Sequence_Id, Time: q.Time, Query_Type: q.Query_Type, Query_Code: q.Query_Code, ...c }, true);
  }

  private onCancel(s: SimSession, c: Cancel): void {
    this.request(s);
    const ok = this.ctx.reports.cancel(s.account!, c.Msg_Id);
    this.respond(s, { Command_Id: 'CMPP_CANCEL_RESP', Sequence_Id: c.Sequence_Id, Success_Id: ok ? 0 : 1 }, true);
  }

  /**
   * A request that counts toward the window (SUBMIT, QUERY, CANCEL; link tests and TERMINATE do
   * not). Outstanding = received and not yet answered on the socket: the SP cannot have seen a
   * response that was not written, so this never over-counts a well-behaved client.
   */
  private request(s: SimSession): void {
    const outstanding = ++s.awaiting;
    if (outstanding > this.ctx.stats.maxOutstanding) this.ctx.stats.maxOutstanding = outstanding;
    if (outstanding > this.ctx.window) {
      this.ctx.stats.windowViolations++;
      this.ctx.emit('window-violation', { connectionId: s.id, spId: s.spId, outstanding, window: this.ctx.window });
    }
  }

  /** Sends a response through the response faults (drop, delay); CONNECT and TERMINATE bypass them. */
  private respond(s: SimSession, resp: Pdu, counted: boolean): void {
    const f = this.ctx.fault;
    if (chance(f.dropRate)) {
      // A lost response: the SP keeps the slot until its own timeout, we stop counting it.
      if (counted) s.awaiting--;
      return;
    }
    if (f.delayMs > 0) {
      this.ctx.timers.after(f.delayMs, () => s.answer(resp, counted));
      return;
    }
    s.answer(resp, counted);
  }

  /** The simulator's own ACTIVE_TEST on a quiet connection; N unanswered ones close it. */
  linkTest(s: SimSession): void {
    if (s.closed) return;
    const iv = this.ctx.activeTestIntervalMs;
    if (!this.ctx.fault.silent && this.ctx.timers.now() - s.lastRx >= iv) {
      if (s.unansweredTests >= LINK_TEST_TRIES) {
        this.ctx.log(`connection ${s.id}: ${LINK_TEST_TRIES} ACTIVE_TESTs unanswered, closing`);
        s.destroy();
        return;
      }
      s.unansweredTests++;
      s.send({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: s.nextSeq() });
    }
    s.linkTimer = this.ctx.timers.after(iv, () => this.linkTest(s));
  }
}
