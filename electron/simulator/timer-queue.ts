// One timer for everything the simulator schedules (report delays, DELIVER resends, delayed
// responses, link tests): a binary min-heap on due time drained by a single setTimeout, so
// 20,000 reports a second cost heap pushes, not 20,000 Node timers.
import { BinaryHeap } from '../../shared/binary-heap.js';

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
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private stopped = false;

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  get size(): number {
    return this.heap.size;
  }

  /** Runs `run` after `delayMs` (tasks due at the same time run in the order they were added). */
  after(delayMs: number, run: () => void): TimerTask {
    const entry: Entry = { due: Date.now() + Math.max(0, delayMs), cancelled: false, order: this.order++, run };
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const head = this.heap.peek();
    if (!head) {
      this.timer = undefined;
      this.timerDue = Infinity;
      return;
    }
    this.timerDue = head.due;
    this.timer = setTimeout(() => this.drain(), Math.max(0, head.due - Date.now()));
  }

  private drain(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = Date.now();
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
