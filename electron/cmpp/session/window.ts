// The sliding window of one connection (docs/protocol.md "Timers and flow control": at most W requests awaiting responses, W = 16 by
// default). Requests are keyed by Sequence_Id, so responses may come in any order (docs/protocol.md "Transport").

export interface InFlight {
  seq: number;
  /** performance.now() time after which the request counts as unanswered. */
  deadline: number;
}

const MAX_SEQ = 0xffffffff;

export class InFlightWindow<E extends InFlight> {
  private readonly entries = new Map<number, E>();
  private next: number;

  constructor(
    readonly capacity: number,
    firstSequence = 1,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window must be a positive integer, got ${capacity}`);
    this.next = firstSequence >>> 0 || 1;
  }

  get size(): number {
    return this.entries.size;
  }

  get free(): number {
    return this.capacity - this.entries.size;
  }

  /** The next Sequence_Id: +1 per request, wrapping (docs/protocol.md "Transport"), never one still awaiting its response. */
  allocate(): number {
    for (;;) {
      const seq = this.next;
      this.next = seq === MAX_SEQ ? 1 : seq + 1;
      if (!this.entries.has(seq)) return seq;
    }
  }

  add(entry: E): void {
    if (this.entries.size >= this.capacity) throw new Error(`window full (${this.capacity}): internal error`);
    this.entries.set(entry.seq, entry);
  }

  get(seq: number): E | undefined {
    return this.entries.get(seq);
  }

  take(seq: number): E | undefined {
    const e = this.entries.get(seq);
    if (e !== undefined) this.entries.delete(seq);
    return e;
  }

  /** Appends every entry whose deadline has passed to `out` (entries stay in the window). */
  collectExpired(now: number, out: E[]): void {
    for (const e of this.entries.values()) if (e.deadline <= now) out.push(e);
  }

  /** Removes and returns every entry, in send order. */
  takeAll(): E[] {
    const all = [...this.entries.values()];
    this.entries.clear();
    return all;
  }

  values(): IterableIterator<E> {
    return this.entries.values();
  }
}
