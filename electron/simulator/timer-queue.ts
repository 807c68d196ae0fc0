// One timer for everything the simulator schedules (report delays, DELIVER resends, delayed
// responses, link tests): a binary min-heap on due time drained by a single setTimeout, so
// 20,000 reports a second cost heap pushes, not 20,000 Node timers. Its time comes from a SimClock:
// the system clock, or a test's manual clock, so that "the report came after 1 s" and "nothing was
// resent" are facts at a known virtual time rather than guesses about a machine's speed.
import { BinaryHeap } from '../../shared/binary-heap.js';

/** Where the simulator's time comes from (SimulatorOptions.clock). */
export interface SimClock {
  /** Milliseconds, as Date.now(). */
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SimClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface TimerTask {
  readonly due: number;
  /** Set by cancel(); a cancelled task stays in the heap until it surfaces and is skipped. */
  cancelled: boolean;
}

interface Entry extends TimerTask {
  order: number;
  run: () => void;
}

export class TimerQueue {
  private readonly heap = new BinaryHeap<Entry>((a, b) => a.due < b.due || (a.due === b.due && a.order < b.order));
  private order = 0;
  private timer: unknown;
  private timerDue = Infinity;
  private stopped = false;

  constructor(
    private readonly onError: (err: unknown) => void = () => {},
    private readonly clock: SimClock = systemClock,
  ) {}

  /** The queue's time (its clock's). */
  now(): number {
    return this.clock.now();
  }

  get size(): number {
    return this.heap.size;
  }

  /** Runs `run` after `delayMs` (tasks due at the same time run in the order they were added). */
  after(delayMs: number, run: () => void): TimerTask {
    const entry: Entry = { due: this.clock.now() + Math.max(0, delayMs), cancelled: false, order: this.order++, run };
    if (this.stopped) {
      entry.cancelled = true;
      return entry;
    }
    this.heap.push(entry);
    if (entry.due < this.timerDue) this.arm();
    return entry;
  }

  cancel(task: TimerTask | undefined): void {
    if (task) task.cancelled = true;
  }

  /** Drops every task; later after() calls are ignored. */
  stop(): void {
    this.stopped = true;
    for (const e of this.heap.values()) e.cancelled = true;
    this.heap.clear();
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const head = this.heap.peek();
    if (!head) {
      this.timer = undefined;
      this.timerDue = Infinity;
      return;
    }
    this.timerDue = head.due;
    this.timer = this.clock.setTimeout(() => this.drain(), Math.max(0, head.due - this.clock.now()));
  }

  private drain(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.clock.now();
    while (this.heap.size > 0 && this.heap.peek()!.due <= now) {
      const e = this.heap.pop()!;
      if (e.cancelled) continue;
      e.cancelled = true; // a task runs once; cancel() after it ran is harmless
      try {
        e.run();
      } catch (err) {
        this.onError(err);
      }
      if (this.stopped) return;
    }
    this.arm();
  }
}
