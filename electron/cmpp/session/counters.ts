// Counters for the live monitor (once a second, batched, never one UI event per PDU: docs/glossary.md "Live feed").
// The hot path only increments plain fields of one object; per-second figures are differences of two
// snapshots taken by the pool's 1-second timer.

export interface CounterValues {
  /** SUBMIT PDUs written for the first time. */
  submits: number;
  /** Messages written as the gateway counts them (PDUs x DestUsr_tl), every send included. */
  messages: number;
  /** Timeout resends with the same Sequence_Id (docs/protocol.md "Timers and flow control"). */
  resends: number;
  /** SUBMITs put back in line after Result 8 or a lost connection (new Sequence_Id). */
  requeued: number;
  responsesOk: number;
  /** Non-zero SUBMIT_RESP Results, Result 8 included. */
  responsesFailed: number;
  /** Result code (decimal) -> count. */
  failedByResult: Record<string, number>;
  /** SUBMIT_RESP Result 8. */
  flowControl: number;
  /** SUBMITs given up after N sends without a response. */
  timeouts: number;
  /** DELIVERs with Registered_Delivery = 1. */
  reports: number;
  /** DELIVERs with Registered_Delivery = 0. */
  mos: number;
  /** DELIVER_RESPs sent after the application kept the DELIVER. */
  deliversAcked: number;
  /** DELIVERs the application did not confirm (no DELIVER_RESP: the gateway resends). */
  deliversNotAcked: number;
  /** Logged problems (warnings and errors). */
  errors: number;
  /** Connections that reached 'ready'. */
  logins: number;
  /** Connections lost (any reason other than our own stop). */
  disconnects: number;
}

/** Every counter at zero; typed as CounterValues, so a counter added there cannot be missed here. */
const zero = (): CounterValues => ({
  submits: 0, messages: 0, resends: 0, requeued: 0, responsesOk: 0, responsesFailed: 0, failedByResult: {}, flowControl: 0,
  timeouts: 0, reports: 0, mos: 0, deliversAcked: 0, deliversNotAcked: 0, errors: 0, logins: 0, disconnects: 0,
});

// The class carries CounterValues' fields (declaration merging) without listing them a second time.
export interface Counters extends CounterValues {}
export class Counters {
  constructor() {
    Object.assign(this, zero());
  }

  failed(result: number): void {
    this.responsesFailed++;
    this.failedByResult[result] = (this.failedByResult[result] ?? 0) + 1;
    if (result === 8) this.flowControl++;
  }

  snapshot(): CounterValues {
    return { ...this, failedByResult: { ...this.failedByResult } };
  }
}

/** later - earlier, field by field. */
export function counterDelta(later: CounterValues, earlier: CounterValues): CounterValues {
  const out = { ...later, failedByResult: {} as Record<string, number> };
  for (const k of Object.keys(later) as (keyof CounterValues)[]) {
    if (k !== 'failedByResult') (out[k] as number) = (later[k] as number) - (earlier[k] as number);
  }
  for (const [code, n] of Object.entries(later.failedByResult)) {
    const d = n - (earlier.failedByResult[code] ?? 0);
    if (d !== 0) out.failedByResult[code] = d;
  }
  return out;
}
