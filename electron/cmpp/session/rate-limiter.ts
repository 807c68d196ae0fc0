// Per-account message-rate limiter, shared by all connections of the account.
//
// docs/protocol.md "Timers and flow control": the gateway counts messages, i.e. each SUBMIT PDU DestUsr_tl times, and answers Result 8
// above its per-account rate. Two mechanisms work together:
//  - a token bucket (refill `rate`/s, capacity `burstMs` worth) keeps the flow smooth: never more
//    than ~50 ms worth of messages in one go;
//  - a sliding log of what was sent in the last (1 s + guardMs) is the hard cap: whatever the
//    weights and timer jitter, no window of that length carries more than `rate` messages. The
//    guard absorbs delay variation between our socket and the gateway's clock (its 1-second window
//    maps onto a slightly longer one at our end when a packet is delayed). Decision: 50 ms by
//    default, which costs ~5 % of peak throughput and buys "never trips the gateway's limit".
// On Result 8 the rate is halved at most once per `holdMs` (responses to messages already on the wire
// must not cut it again: no resend storm, no collapse), then recovers linearly.

export interface FlowControlOptions {
  /** After a cut, further Result 8 within this time do not cut again; recovery starts after it. Default 1000. */
  holdMs?: number;
  /** Multiplier applied on a cut. Default 0.5. */
  factor?: number;
  /** Floor of the adaptive rate in messages/s. Default 1. */
  minRate?: number;
  /** Recovery speed: fraction of the pre-cut rate regained per second. Default 0.1. */
  recoverPerSecond?: number;
}

export interface RateLimiterOptions {
  /** Messages per second as the gateway counts them; undefined or 0 = unlimited until a Result 8. */
  rate?: number;
  /** Extra length of the hard window beyond 1 s. Default 50. */
  guardMs?: number;
  /** Token-bucket capacity expressed as time at full rate. Default 50. */
  burstMs?: number;
  flowControl?: FlowControlOptions;
}

const WINDOW_MS = 1000;

export class RateLimiter {
  private base: number; // configured rate; Infinity = unlimited
  private readonly windowMs: number;
  private readonly burstMs: number;
  private readonly holdMs: number;
  private readonly factor: number;
  private readonly minRate: number;
  private readonly recoverPerSecond: number;

  private tokens: number;
  private refilledAt: number;

  // Sliding log of (time, weight), oldest first, as a ring buffer.
  private times = new Float64Array(256);
  private weights = new Float64Array(256);
  private head = 0;
  private count = 0;
  private sum = 0;

  // Adaptive state after Result 8.
  private cutAt: number | undefined;
  private reduced = Infinity;
  private preCut = Infinity;

  /** Number of cuts made on Result 8 (for counters and tests). */
  cuts = 0;

  constructor(opts: RateLimiterOptions = {}, now = performance.now()) {
    this.base = positiveOrInfinity(opts.rate);
    this.windowMs = WINDOW_MS + (opts.guardMs ?? 50);
    this.burstMs = opts.burstMs ?? 50;
    const fc = opts.flowControl ?? {};
    this.holdMs = fc.holdMs ?? 1000;
    this.factor = fc.factor ?? 0.5;
    this.minRate = fc.minRate ?? 1;
    this.recoverPerSecond = fc.recoverPerSecond ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1)) throw new RangeError('flowControl.factor must be in (0, 1)');
    if (!(this.minRate > 0)) throw new RangeError('flowControl.minRate must be > 0');
    if (this.windowMs < WINDOW_MS || !(this.burstMs > 0)) throw new RangeError('guardMs must be >= 0 and burstMs > 0');
    this.tokens = this.capacity(this.base);
    this.refilledAt = now;
  }

  /** The configured rate (Infinity when unlimited). */
  get configuredRate(): number {
    return this.base;
  }

  setRate(rate: number | undefined, now = performance.now()): void {
    this.refill(now);
    this.base = positiveOrInfinity(rate);
    this.cutAt = undefined;
    this.tokens = Math.min(this.tokens, this.capacity(this.base));
  }

  /** The rate in force at `now` (Infinity when unlimited and not cut). */
  currentRate(now: number): number {
    if (this.cutAt === undefined) return this.base;
    const t = now - this.cutAt - this.holdMs;
    if (t <= 0) return this.reduced;
    const target = Math.min(this.preCut, this.base);
    const r = this.reduced + (this.preCut * this.recoverPerSecond * t) / 1000;
    if (r >= target) {
      // Fully recovered: back to the configured rate (or to unlimited).
      this.cutAt = undefined;
      return this.base;
    }
    return r;
  }

  /** Messages counted in the hard window ending at `now`. */
  sentInWindow(now: number): number {
    this.evict(now);
    return this.sum;
  }

  /**
   * Takes `weight` messages' worth at `now` if allowed and returns 0; otherwise returns how many ms
   * to wait before asking again (> 0). Nothing is taken on refusal.
   */
  take(weight: number, now: number): number {
    const rate = this.currentRate(now);
    this.evict(now);
    if (rate === Infinity) {
      this.log(now, weight);
      return 0;
    }
    this.refill(now, rate);
    const cap = this.capacity(rate);
    const need = Math.min(weight, cap);
    let wait = 0;
    if (this.tokens < need) wait = ((need - this.tokens) * 1000) / rate;
    // The hard cap. A SUBMIT heavier than the whole rate (only possible while cut below its weight)
    // may go alone in an empty window rather than never.
    if (this.sum > 0 && this.sum + weight > rate) wait = Math.max(wait, this.windowWait(weight, rate, now));
    if (wait > 0) return Math.max(wait, 0.001);
    this.tokens -= weight;
    this.log(now, weight);
    return 0;
  }

  /**
   * Result 8 received at `now`: halve the rate unless a cut happened within holdMs.
   * Returns true when it cut.
   */
  onFlowControl(now: number): boolean {
    if (this.cutAt !== undefined && now - this.cutAt < this.holdMs) return false;
    let from = this.currentRate(now);
    // Unlimited: start from what actually went out in the last window.
    if (from === Infinity) from = Math.max(this.minRate, (this.sentInWindow(now) * 1000) / this.windowMs);
    this.refill(now);
    this.preCut = this.cutAt === undefined ? from : this.preCut;
    this.reduced = Math.max(this.minRate, from * this.factor);
    this.cutAt = now;
    this.cuts++;
    this.tokens = Math.min(this.tokens, this.capacity(this.reduced));
    return true;
  }

  private capacity(rate: number): number {
    return rate === Infinity ? Infinity : Math.max(1, (rate * this.burstMs) / 1000);
  }

  private refill(now: number, rate = this.currentRate(now)): void {
    const dt = now - this.refilledAt;
    this.refilledAt = now;
    if (rate === Infinity || dt <= 0) return;
    this.tokens = Math.min(this.capacity(rate), this.tokens + (dt * rate) / 1000);
  }

  /** Time until enough old entries have left the window for `weight` more to fit under `rate`. */
  private windowWait(weight: number, rate: number, now: number): number {
    const size = this.times.length;
    let remaining = this.sum;
    for (let i = 0; i < this.count; i++) {
      const k = (this.head + i) % size;
      remaining -= this.weights[k]!;
      // Never 0: float rounding may put the eviction instant a hair later than this sum says.
      if (remaining === 0 || remaining + weight <= rate) return Math.max(0.001, this.times[k]! + this.windowMs - now);
    }
    return this.windowMs;
  }

  private log(now: number, weight: number): void {
    if (this.count === this.times.length) this.grow();
    const k = (this.head + this.count) % this.times.length;
    this.times[k] = now;
    this.weights[k] = weight;
    this.count++;
    this.sum += weight;
  }

  private evict(now: number): void {
    const size = this.times.length;
    while (this.count > 0 && now - this.times[this.head]! >= this.windowMs) {
      this.sum -= this.weights[this.head]!;
      this.head = (this.head + 1) % size;
      this.count--;
    }
    if (this.count === 0) this.sum = 0; // no float drift
  }

  private grow(): void {
    const size = this.times.length;
    const times = new Float64Array(size * 2);
    const weights = new Float64Array(size * 2);
    for (let i = 0; i < this.count; i++) {
      times[i] = this.times[(this.head + i) % size]!;
      weights[i] = this.weights[(this.head + i) % size]!;
    }
    this.times = times;
    this.weights = weights;
    this.head = 0;
  }
}

function positiveOrInfinity(rate: number | undefined): number {
  if (rate === undefined || rate === 0) return Infinity;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number of messages/s, got ${rate}`);
  return rate;
}
