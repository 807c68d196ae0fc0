// DELIVERs (MOs and status reports) from the simulator to the SP, kept until acknowledged like a
// real ISMG does: an unacknowledged DELIVER is sent again after deliverResendMs on the same
// connection with the same Sequence_Id (docs/protocol.md "Timers and flow control"), at most deliverMaxSends times there, and again
// on the account's next connection (new Sequence_Id). It always keeps its own Msg_Id so the SP
// can recognise the duplicate.
import type { Deliver } from '../cmpp/wire/pdu.js';
import { encodeReport } from '../cmpp/wire/report.js';
import type { AccountState, Outgoing, SimConnection } from './account-state.js';
import type { TimerQueue } from './timer-queue.js';

export interface OutboxHost {
  readonly timers: TimerQueue;
  readonly resendMs: number;
  readonly maxSends: number;
  silent(): boolean;
  sent(out: Outgoing, resend: boolean): void;
  acked(out: Outgoing, result: number): void;
  log(line: string): void;
}

export class Outbox {
  constructor(private readonly host: OutboxHost) {}

  /** Sends on the preferred connection, any live one of the account, or holds it for the next login. */
  deliver(out: Outgoing): void {
    const acc = out.account;
    const s = this.host.silent() ? undefined : acc.pick(out.preferred);
    if (!s) {
      acc.held.push(out);
      return;
    }
    this.sendOn(s, out);
  }

  /** After a login or the end of silence: everything held goes out on that connection, in order. */
  flushHeld(acc: AccountState, session: SimConnection): void {
    if (!acc.held.length || this.host.silent()) return;
    const held = acc.held;
    acc.held = [];
    for (const out of held) if (!out.acked) this.sendOn(session, out);
  }

  ack(acc: AccountState, msgId: bigint, result: number): boolean {
    const out = acc.unacked.get(msgId);
    if (!out) return false;
    acc.unacked.delete(msgId);
    out.acked = true;
    out.session?.unacked.delete(out);
    this.host.timers.cancel(out.resendTask);
    this.host.acked(out, result);
    return true;
  }

  /** A connection closed: its unacknowledged DELIVERs move to another live connection or wait for the next login. */
  connectionClosed(session: SimConnection): void {
    const acc = session.account;
    if (!acc) return;
    const moved = [...session.unacked];
    session.unacked.clear();
    for (const out of moved) {
      this.host.timers.cancel(out.resendTask);
      out.session = undefined;
      out.preferred = undefined;
      this.deliver(out);
    }
  }

  private sendOn(s: SimConnection, out: Outgoing): void {
    const acc = out.account;
    const resend = out.sent;
    out.session = s;
    out.seq = s.nextSeq();
    out.sendsHere = 0;
    if (!out.content && out.report) out.content = encodeReport(out.report, out.reportForm!(s.layout));
    acc.unacked.set(out.msgId, out);
    s.unacked.add(out);
    this.write(s, out);
    out.sent = true;
    this.host.sent(out, resend);
  }

  private write(s: SimConnection, out: Outgoing): void {
    out.sendsHere++;
    const content = out.content!;
    // Src_terminal_type (3.0) and Reserved (2.0) default to 0 / ""; LinkID exists in 3.0 only.
    const pdu: Deliver = {
      Command_Id: 'CMPP_DELIVER',
      Sequence_Id: out.seq,
      Msg_Id: out.msgId,
      Dest_Id: out.destId,
      Service_Id: out.serviceId,
      TP_pid: 0,
      TP_udhi: out.tpUdhi,
      Msg_Fmt: out.msgFmt,
      Src_terminal_Id: out.srcTerminalId,
      Registered_Delivery: out.kind === 'report' ? 1 : 0,
      Msg_Length: content.length,
      Msg_Content: content,
      ...(s.layout === '3.0' ? { LinkID: out.linkId } : {}),
    };
    s.send(pdu);
    out.resendTask = this.host.timers.after(this.host.resendMs, () => this.resend(out));
  }

  private resend(out: Outgoing): void {
    if (out.acked) return;
    const s = out.session;
    if (!s || s.closed) return; // connectionClosed has moved it
    if (this.host.silent()) {
      // A dead peer sends nothing; try again later.
      out.resendTask = this.host.timers.after(this.host.resendMs, () => this.resend(out));
      return;
    }
    if (out.sendsHere >= this.host.maxSends) return; // waits for the account's next connection
    this.write(s, out);
    this.host.sent(out, true);
  }
}
