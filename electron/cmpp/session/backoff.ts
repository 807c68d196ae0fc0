// Reconnect delays: exponential with jitter (docs/protocol.md "Timers and flow control", "Gateway quirks tolerated": reconnect loops without back-off are a
// classic fault; jitter keeps several connections of one account from reconnecting in lockstep).

export interface BackoffOptions {
  /** First delay. Default 1000 ms. */
  initialMs?: number;
  /** Ceiling. Default 60000 ms. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay that is random: the delay is drawn from [d * (1 - jitter), d]. Default 0.5. */
  jitter?: number;
  /** Injectable for tests. */
  random?: () => number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  /** Delays handed out since the last reset. */
  attempts = 0;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 1000;
    this.maxMs = opts.maxMs ?? 60_000;
    this.factor = opts.factor ?? 2;
    this.jitter = opts.jitter ?? 0.5;
    this.random = opts.random ?? Math.random;
    if (!(this.initialMs >= 0) || !(this.maxMs >= this.initialMs)) throw new RangeError('backoff: need 0 <= initialMs <= maxMs');
    if (!(this.factor >= 1)) throw new RangeError('backoff: factor must be >= 1');
    if (!(this.jitter >= 0 && this.jitter <= 1)) throw new RangeError('backoff: jitter must be in [0, 1]');
  }

  /** The delay before the next attempt. */
  next(): number {
    const d = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempts);
    this.attempts++;
    return Math.round(d * (1 - this.jitter * this.random()));
  }

  reset(): void {
    this.attempts = 0;
  }
}
