// The one fixed-capacity ring buffer: the live feed's per-subscriber queues in main and the
// renderer's live tables both keep "the newest N" without ever growing.
// Browser-safe: no Node builtins, no packages.

export class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Adds at the newest end; when full the oldest item is overwritten and true is returned (a drop). */
  push(item: T): boolean {
    const cap = this.capacity;
    if (this.size < cap) {
      this.items[(this.head + this.size) % cap] = item;
      this.size++;
      return false;
    }
    this.items[this.head] = item;
    this.head = (this.head + 1) % cap;
    return true;
  }

  /** The newest `n` items, newest first (what the tables show). */
  newest(n: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < Math.min(n, this.size); i++) out.push(this.items[(this.head + this.size - 1 - i) % this.capacity]!);
    return out;
  }

  /** Every item, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.items[(this.head + i) % this.capacity]!;
    return out;
  }

  /** Every item, oldest first, leaving the ring empty. */
  drain(): T[] {
    const out = this.toArray();
    this.clear();
    return out;
  }

  /** Replaces the newest item matching `which`; false when none does. */
  replaceLast(which: (item: T) => boolean, item: T): boolean {
    for (let i = this.size - 1; i >= 0; i--) {
      const k = (this.head + i) % this.capacity;
      if (which(this.items[k]!)) {
        this.items[k] = item;
        return true;
      }
    }
    return false;
  }

  last(): T | undefined {
    return this.size === 0 ? undefined : this.items[(this.head + this.size - 1) % this.capacity];
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.size = 0;
  }
}
