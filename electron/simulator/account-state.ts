// Run-time state of one SP account on the simulator: its live connections, the DELIVERs waiting
// for a connection or an acknowledgement, its rate window, pending reports and QUERY counters.
import type { Outgoing } from './outbox.js';
import { QueryCounters } from './query-counters.js';
import type { ReportGroup } from './reports.js';
import type { SimSession } from './session.js';
import { SlidingSecond } from './sliding-second.js';
import type { SimAccount } from './types.js';

export class AccountState {
  readonly sessions: SimSession[] = [];
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
  pick(preferred?: SimSession): SimSession | undefined {
    if (preferred && usable(preferred)) return preferred;
    const n = this.sessions.length;
    for (let k = 0; k < n; k++) {
      const s = this.sessions[(this.rr++ & 0x7fffffff) % n]!;
      if (usable(s)) return s;
    }
    return undefined;
  }

  remove(session: SimSession): void {
    const i = this.sessions.indexOf(session);
    if (i >= 0) this.sessions.splice(i, 1);
  }
}

function usable(s: SimSession): boolean {
  return s.loggedIn && !s.closed && !s.isEnding;
}
