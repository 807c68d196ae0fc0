// Positions in a view of the log without a rank index (SQLite has none): after the count, each
// part's index is walked once with `LIMIT 1 OFFSET step-1` hops, keeping every step-th key as an
// ANCHOR (~55 ms per 1,000,000 rows, in time slices that yield to the event loop). The key at any
// position is then found by a binary search over the merged anchors (each probe counts at most
// `step` index entries per part) and a short merge of the parts in SQL (LOG_QUERIES.merge).
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Part } from './filter.js';
import { LOG_QUERIES, type Key, type LogQuery } from './queries.js';
import type { RowMode } from './statement-cache.js';

/** Runs one of the log's queries: `get` for one row (or the first column, or a raw array). */
export type RunQuery = (q: LogQuery, mode: RowMode) => unknown;

export interface PartAnchors {
  /** Keys at 0-based positions step-1, 2*step-1, ... of the part. */
  keys: Key[];
  size: number;
}

export interface MergedAnchor {
  key: Key;
  part: number;
  /** 0-based position of the key inside its part. */
  pos: number;
}

/** The anchors of every part of a view, and the view's size they add up to. */
export interface AnchorIndex {
  parts: PartAnchors[];
  /** Every anchor of every part, newest first. */
  merged: MergedAnchor[];
  total: number;
}

/** Descending key order: negative when a comes first (newer). */
export function compareDesc(a: Key, b: Key): number {
  return b[0] - a[0] || b[1] - a[1];
}

/** Anchors of a part newer than `key` (keys sorted newest first): a binary search. */
function anchorsBefore(keys: readonly Key[], key: Key): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareDesc(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Anchors {
  constructor(
    private readonly run: RunQuery,
    private readonly step: number,
    /** Longest stretch of synchronous SQLite work before yielding to the event loop. */
    private readonly sliceMs: number,
  ) {}

  /** Walks every part. `stillWanted` is asked after each yield: false throws `gone()`. */
  async build(parts: readonly Part[], stillWanted: () => boolean, gone: () => Error): Promise<AnchorIndex> {
    const step = this.step;
    const anchors: PartAnchors[] = [];
    let sliceStart = performance.now();
    for (const part of parts) {
      const keys: Key[] = [];
      let key = this.run(LOG_QUERIES.walk(part, step, null), 'raw') as Key | undefined;
      while (key !== undefined) {
        keys.push(key);
        if (performance.now() - sliceStart > this.sliceMs) {
          await yieldToLoop();
          if (!stillWanted()) throw gone();
          sliceStart = performance.now();
        }
        key = this.run(LOG_QUERIES.walk(part, step, key), 'raw') as Key | undefined;
      }
      const tail = this.run(LOG_QUERIES.countOlder(part, step, keys.length === 0 ? null : keys[keys.length - 1]!), 'pluck') as number;
      anchors.push({ keys, size: keys.length * step + tail });
    }
    const merged: MergedAnchor[] = [];
    anchors.forEach((a, part) => a.keys.forEach((key, j) => merged.push({ key, part, pos: (j + 1) * step - 1 })));
    merged.sort((a, b) => compareDesc(a.key, b.key));
    return { parts: anchors, merged, total: anchors.reduce((n, a) => n + a.size, 0) };
  }

  /** The key of the entry at 0-based `position`, or null when the view has fewer entries now. */
  keyAt(parts: readonly Part[], index: AnchorIndex, position: number): Key | null {
    const merged = index.merged;
    // Largest anchor whose position <= target (positions grow along the merged, newest-first
    // list). The anchors alone bound every position to within `step` per part: narrow the range
    // with those bounds first (no SQL), then count exactly only inside it.
    const firstAbove = (bound: 0 | 1, from: number): number => {
      let a = from;
      let b = merged.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (this.bounds(index, merged[mid]!)[bound] <= position) a = mid + 1;
        else b = mid;
      }
      return a;
    };
    let lo = Math.max(0, firstAbove(1, 0) - 1);
    let hi = firstAbove(0, lo) - 1;
    let best: { anchor: MergedAnchor; pos: number } | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const pos = this.positionOf(parts, index, merged[mid]!);
      if (pos <= position) {
        best = { anchor: merged[mid]!, pos };
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // Merge of the parts in SQL from the anchor (inclusive): fewer than parts x step entries.
    const skip = best ? position - best.pos : position;
    return (this.run(LOG_QUERIES.merge(parts, skip, best ? best.anchor.key : null), 'raw') as Key | undefined) ?? null;
  }

  /** 0-based position of an anchor key in the whole view. */
  private positionOf(parts: readonly Part[], index: AnchorIndex, anchor: MergedAnchor): number {
    const step = this.step;
    let pos = 0;
    index.parts.forEach((a, p) => {
      if (p === anchor.part) {
        pos += anchor.pos;
        return;
      }
      // b = anchors of part p before the key; anchor b-1 sits at position b*step-1, so b*step
      // entries precede it or are it, and fewer than `step` lie between it and the key.
      const b = anchorsBefore(a.keys, anchor.key);
      const part = parts[p]!;
      const between = b === 0 ? LOG_QUERIES.countAbove(part, step, anchor.key) : LOG_QUERIES.countWithin(part, step, a.keys[b - 1]!, anchor.key);
      pos += b * step + (this.run(between, 'pluck') as number);
    });
    return pos;
  }

  /** Lower and upper bound of an anchor's position from the anchors alone (no SQL). */
  private bounds(index: AnchorIndex, anchor: MergedAnchor): [number, number] {
    const step = this.step;
    let low = 0;
    let high = 0;
    index.parts.forEach((a, p) => {
      if (p === anchor.part) {
        low += anchor.pos;
        high += anchor.pos;
        return;
      }
      const b = anchorsBefore(a.keys, anchor.key);
      low += b * step;
      high += Math.min(b * step + step - 1, a.size);
    });
    return [low, high];
  }
}
