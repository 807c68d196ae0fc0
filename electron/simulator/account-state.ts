// Run-time state of one SP account on the simulator: its live connections, the DELIVERs waiting
// for a connection or an acknowledgement, its rate window, pending reports and QUERY counters.
import type { Pdu } from '../cmpp/wire/pdu.js';
import type { StatusReport } from '../cmpp/wire/report.js';
import type { CmppVersion } from '../cmpp/wire/version.js';
import { QueryCounters, type CounterPair } from './query-counters.js';
import { SlidingSecond } from './sliding-second.js';
import type { TimerTask } from './timer-queue.js';
import type { SimAccount } from './types.js';

/**
 * What the account, the outbox and the reports need of a connection (session.ts's SimConnection is
 * one): its state, its form of the protocol, the DELIVERs it has not acknowledged, and a way to
 * write a PDU with a fresh Sequence_Id.
 */
export interface SimConnection {
  readonly loggedIn: boolean;
  readonly closed: boolean;
  readonly isEnding: boolean;
  readonly layout: CmppVersion;
  readonly account: AccountState | undefined;
  readonly unacked: Set<Outgoing>;
  nextSeq(): number;
  send(pdu: Pdu): void;
}

export interface Outgoing {
  /** The DELIVER's own Msg_Id (not the SUBMIT's). */
  msgId: bigint;
  account: AccountState;
  kind: 'report' | 'mo';
  destId: string;
  serviceId: string;
  srcTerminalId: string;
  tpUdhi: number;
  msgFmt: number;
  linkId: string;
  /** MO content; for a report, encoded at its first send in that connection's form. */
  content?: Buffer;
  report?: StatusReport;
  reportForm?: (layout: '2.0' | '3.0') => 60 | 71;
  preferred?: SimConnection;
  session?: SimConnection;
  seq: number;
  sendsHere: number;
  sent: boolean;
  acked: boolean;
  resendTask?: TimerTask;
  counters?: CounterPair;
}

export interface ReportGroup {
  submitMsgId: bigint;
  account: AccountState;
  /** Tasks still waiting for their time. */
  pending: Set<ReportTask>;
  submitTime: string;
  /** The SUBMIT's Src_Id and Service_Id, echoed in the report DELIVER's Dest_Id and Service_Id. */
  srcId: string;
  serviceId: string;
  session: SimConnection;
  counters: CounterPair;
}

export interface ReportTask {
  group: ReportGroup;
  msgId: bigint;
  dest: string;
  stat: string;
  duplicate: boolean;
  timer?: TimerTask;
}


export class AccountState {
  readonly sessions: SimConnection[] = [];
  /** DELIVERs with no connection to go to (or held by silence), in order. */
  held: Outgoing[] = [];
  /** Every DELIVER sent and not acknowledged, by its own Msg_Id. */
  readonly unacked = new Map<bigint, Outgoing>();
  /** Reports still waiting for their time, by the SUBMIT_RESP Msg_Id (what CANCEL names). */
  readonly pendingReports = new Map<bigint, ReportGroup>();
  /** Accepted messages in the last second, for rateLimit. */
  readonly accepted = new SlidingSecond();
  readonly counters = new QueryCounters();
  private rr = 0;

  constructor(
    readonly account: SimAccount,
    readonly ismgCode: number,
  ) {}

  /** The preferred connection if it is still usable, else the next live one in turn. */
  pick(preferred?: SimConnection): SimConnection | undefined {
    if (preferred && usable(preferred)) return preferred;
    const n = this.sessions.length;
    for (let k = 0; k < n; k++) {
      const s = this.sessions[(this.rr++ & 0x7fffffff) % n]!;
      if (usable(s)) return s;
    }
    return undefined;
  }

  remove(session: SimConnection): void {
    const i = this.sessions.indexOf(session);
    if (i >= 0) this.sessions.splice(i, 1);
  }
}

function usable(s: SimConnection): boolean {
  return s.loggedIn && !s.closed && !s.isEnding;
}
