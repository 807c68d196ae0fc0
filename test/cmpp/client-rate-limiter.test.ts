import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../electron/cmpp/session/rate-limiter.js';

/** Greedy sender in virtual time: sends whenever allowed, waking late by up to `lateMs`. */
function run(lim: RateLimiter, opts: { ms: number; weights: () => number; late: () => number; start?: number }) {
  const sent: { t: number; w: number }[] = [];
  let t = opts.start ?? 0;
  const end = t + opts.ms;
  let w = opts.weights();
  while (t < end) {
    const wait = lim.take(w, t);
    if (wait === 0) {
      sent.push({ t, w });
      w = opts.weights();
    } else {
      expect(wait).toBeGreaterThan(0);
      t += wait + opts.late();
    }
  }
  return sent;
}

/** Most weight in any window (t - len, t] (the simulator's definition, docs/protocol.md "Timers and flow control"). */
function maxInWindow(sent: { t: number; w: number }[], len: number): number {
  let max = 0;
  let sum = 0;
  let tail = 0;
  for (const s of sent) {
    sum += s.w;
    while (s.t - sent[tail]!.t >= len) sum -= sent[tail++]!.w;
    max = Math.max(max, sum);
  }
  return max;
}

describe('RateLimiter', () => {
  it('never lets any 1-second window carry more than the rate, with multi-destination weights and late timers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 3000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        (rate, maxW, maxLate, seed) => {
          let s = seed;
          const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
          const lim = new RateLimiter({ rate }, 0);
          const sent = run(lim, {
            ms: 4000,
            weights: () => 1 + Math.floor(rnd() * Math.min(maxW, rate)),
            late: () => rnd() * maxLate,
          });
          // The hard cap holds over 1 s + the 50 ms guard, hence over any 1 s window.
          expect(maxInWindow(sent, 1050)).toBeLessThanOrEqual(rate);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is smooth (no window of 100 ms carries much more than a tenth of the rate) and uses most of the rate', () => {
    const rate = 1000;
    const lim = new RateLimiter({ rate }, 0);
    const sent = run(lim, { ms: 10_000, weights: () => 1, late: () => 1 });
    expect(maxInWindow(sent, 100)).toBeLessThanOrEqual(rate / 10 + (rate * 50) / 1000 + 1);
    const total = sent.reduce((a, s) => a + s.w, 0);
    expect(total / 10).toBeGreaterThan(rate * 0.9);
    expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(rate);
  });

  it('is unlimited without a rate until a Result 8, then limits from the observed rate', () => {
    const lim = new RateLimiter({ flowControl: { holdMs: 100 } }, 0);
    for (let i = 0; i < 5000; i++) expect(lim.take(1, i / 10)).toBe(0); // 10,000 msg/s for 0.5 s
    expect(lim.currentRate(500)).toBe(Infinity);
    expect(lim.onFlowControl(500)).toBe(true);
    const r = lim.currentRate(500);
    expect(r).toBeLessThan(5000);
    expect(r).toBeGreaterThan(1000);
  });

  it('halves on Result 8 at most once per hold time, floors at minRate, then recovers to the configured rate', () => {
    const lim = new RateLimiter({ rate: 100, flowControl: { holdMs: 1000, minRate: 10, recoverPerSecond: 0.1 } }, 0);
    expect(lim.onFlowControl(0)).toBe(true);
    expect(lim.currentRate(10)).toBe(50);
    expect(lim.onFlowControl(500)).toBe(false); // responses to what was already on the wire
    expect(lim.currentRate(900)).toBe(50);
    expect(lim.onFlowControl(1000)).toBe(true);
    expect(lim.currentRate(1000)).toBe(25);
    lim.onFlowControl(2000);
    lim.onFlowControl(3000);
    expect(lim.currentRate(3000)).toBe(10); // floor
    expect(lim.cuts).toBe(4);
    // Recovery: 10 % of the pre-cut rate (100) per second after the hold.
    expect(lim.currentRate(4000 + 1000)).toBeCloseTo(20, 5);
    expect(lim.currentRate(4000 + 10_000)).toBe(100);
  });

  it('paces at the reduced rate after a cut', () => {
    const lim = new RateLimiter({ rate: 200, flowControl: { holdMs: 60_000 } }, 0);
    lim.onFlowControl(0);
    const sent = run(lim, { ms: 5000, weights: () => 1, late: () => 0, start: 0 });
    expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(100);
  });

  it('rejects nonsense settings with a clear error', () => {
    expect(() => new RateLimiter({ rate: -5 })).toThrow(/rate must be a positive number/);
    expect(() => new RateLimiter({ rate: Number.NaN })).toThrow(RangeError);
    expect(() => new RateLimiter({ flowControl: { factor: 2 } })).toThrow(/factor/);
  });
});
