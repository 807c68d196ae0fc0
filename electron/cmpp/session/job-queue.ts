// A double-ended FIFO (ring buffer) for the account's waiting work: O(1) at both ends, no shifting
// of a large array when the pump queues thousands of submits.

export class Deque<T> {
  private items: (T | undefined)[] = new Array(64);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
  }

  /** Puts an item before all others (work handed back keeps its place in line). */
  unshift(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1 + this.items.length) % this.items.length;
    this.items[this.head] = item;
    this.count++;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  /** Removes and returns everything, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }

  private grow(): void {
    const old = this.items;
    const items: (T | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.count; i++) items[i] = old[(this.head + i) % old.length];
    this.items = items;
    this.head = 0;
  }
}
