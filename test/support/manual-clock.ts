// A clock the test moves by hand (the simulator's SimulatorOptions.clock). Time stands still until
// advance(): what is due now still runs at once (a report with no delay goes out as on a real clock),
// what is due later waits until the test moves time past it. So "the DELIVER was resent after
// 150 ms" and "it was not resent a third time" are facts at a known virtual time, not guesses about
// a machine's speed.
import type { SimClock } from '../../electron/simulator/timer-queue.js';

interface Pending {
  due: number;
  order: number;
  run: () => void;
}

export class ManualClock implements SimClock {
  private t: number;
  private order = 0;
  private readonly pending = new Set<Pending>();

  constructor(start = Date.now()) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const p: Pending = { due: this.t + Math.max(0, ms), order: this.order++, run };
    this.pending.add(p);
    // Due now: run on the next turn of the event loop, as a real timer of 0 ms would.
    if (ms <= 0) setImmediate(() => this.runIfPending(p));
    return p;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as Pending);
  }

  /** Moves time forward by `ms`, running everything that falls due on the way, in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) if (p.due <= end && (!next || p.due < next.due || (p.due === next.due && p.order < next.order))) next = p;
      if (!next) break;
      this.t = Math.max(this.t, next.due);
      this.runIfPending(next);
    }
    this.t = end;
  }

  private runIfPending(p: Pending): void {
    if (!this.pending.delete(p)) return;
    p.run();
  }
}
