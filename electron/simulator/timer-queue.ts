// One timer for everything the simulator schedules (report delays, DELIVER resends, delayed
// responses, link tests): a binary min-heap on due time drained by a single setTimeout, so
// 20,000 reports a second cost heap pushes, not 20,000 Node timers.

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
  private heap: Entry[] = [];
  private order = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private stopped = false;

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  get size(): number {
    return this.heap.length;
  }

  /** Runs `run` after `delayMs` (tasks due at the same time run in the order they were added). */
  after(delayMs: number, run: () => void): TimerTask {
    const entry: Entry = { due: Date.now() + Math.max(0, delayMs), cancelled: false, order: this.order++, run };
    if (this.stopped) {
      entry.cancelled = true;
      return entry;
    }
    this.push(entry);
    if (entry.due < this.timerDue) this.arm();
    return entry;
  }

  cancel(task: TimerTask | undefined): void {
    if (task) task.cancelled = true;
  }

  /** Drops every task; later after() calls are ignored. */
  stop(): void {
    this.stopped = true;
    for (const e of this.heap) e.cancelled = true;
    this.heap = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const head = this.heap[0];
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
    while (this.heap.length && this.heap[0]!.due <= now) {
      const e = this.pop()!;
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

  private less(a: Entry, b: Entry): boolean {
    return a.due < b.due || (a.due === b.due && a.order < b.order);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
