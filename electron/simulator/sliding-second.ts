// Exact sliding 1-second message counter (docs/protocol.md "Timers and flow control": gateways count messages per second, each SUBMIT
// DestUsr_tl times). Arrivals are kept in a queue of (time, count); old ones fall out as time moves.

const WINDOW_MS = 1000;

export class SlidingSecond {
  private times: number[] = [];
  private counts: number[] = [];
  private head = 0;
  private sum = 0;
  /** The largest total seen in any 1-second window (the max is always reached at an arrival). */
  max = 0;

  /** Messages counted in the second before `now`. */
  total(now: number): number {
    this.evict(now);
    return this.sum;
  }

  add(now: number, count: number): void {
    this.evict(now);
    this.times.push(now);
    this.counts.push(count);
    this.sum += count;
    if (this.sum > this.max) this.max = this.sum;
  }

  private evict(now: number): void {
    const t = this.times;
    while (this.head < t.length && now - t[this.head]! >= WINDOW_MS) {
      this.sum -= this.counts[this.head]!;
      this.head++;
    }
    // Compact now and then so the arrays do not grow without bound.
    if (this.head > 4096 && this.head * 2 > t.length) {
      this.times = t.slice(this.head);
      this.counts = this.counts.slice(this.head);
      this.head = 0;
    }
  }
}
