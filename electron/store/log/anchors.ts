// Positions in a view of the log without a rank index (SQLite has none): after the count, each
// part's index is walked once with `LIMIT 1 OFFSET step-1` hops, keeping every step-th key as an
// ANCHOR (~55 ms per 1,000,000 rows, in time slices that yield to the event loop). The key at any
// position is then found by a binary search over the merged anchors (each probe counts at most
// `step` index entries per part) and a short merge of the parts in SQL (LOG_QUERIES.merge).
//
// A jump made before that walk is done (tens of millions of rows take seconds) walks only as far
// as it needs, from the nearer end of the view (views.ts): a BOUNDED walk in `dir` order that
// always advances the part whose last anchor comes first, and stops once the anchors at or before
// that common frontier prove `need` + 1 entries: every part is walked up to the frontier, so the
// anchors before it are exact, and the position sought lies before it. Its cost follows the
// distance to the nearer end, not the view's size.
//
// A walk from the oldest end (`asc`) starts from the anchors kept in the database and saves the
// ones it finds (saved-anchors.ts): after the first walk of a filter, a jump deep into the log
// walks only what changed since, even after a restart.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Part } from './filter.js';
import { LOG_QUERIES, type Direction, type Key, type LogQuery } from './queries.js';
import type { SavedAnchors } from './saved-anchors.js';
import type { RowMode } from './statement-cache.js';

/** Runs one of the log's queries: `get` for one row (or the first column, or a raw array). */
export type RunQuery = (q: LogQuery, mode: RowMode) => unknown;

export interface PartAnchors {
  /** Keys at 0-based positions step-1, 2*step-1, ... of the part, in the walk's order. */
  keys: Key[];
  /** Entries in the part; Infinity when a bounded walk stopped before its end. */
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
  dir: Direction;
  parts: PartAnchors[];
  /** Every anchor of every part in the walk's order (a bounded walk's: those up to its frontier). */
  merged: MergedAnchor[];
  /** Entries in the view; Infinity for a bounded walk. */
  total: number;
}

/** Descending key order: negative when a comes first (newer). */
export function compareDesc(a: Key, b: Key): number {
  return b[0] - a[0] || b[1] - a[1];
}

const COMPARE: Record<Direction, (a: Key, b: Key) => number> = { desc: compareDesc, asc: (a, b) => compareDesc(b, a) };

/** Anchors of a part before `key` in the walk's order (keys sorted in that order): a binary search. */
function anchorsBefore(keys: readonly Key[], key: Key, dir: Direction): number {
  const compare = COMPARE[dir];
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Walking {
  keys: Key[];
  done: boolean;
  size: number;
}

/** The anchors kept in the database for a walk from the oldest end: the table, and each part's name there (null: not kept). */
export interface SavedParts {
  store: SavedAnchors;
  names: readonly (string | null)[];
}

export class Anchors {
  constructor(
    private readonly run: RunQuery,
    private readonly step: number,
    /** Longest stretch of synchronous SQLite work before yielding to the event loop. */
    private readonly sliceMs: number,
  ) {}

  /**
   * Walks every part in `dir` order; with `need`, only until the position `need` (0-based, in that
   * order) is sure to lie before the common frontier. `stillWanted` is asked after each yield:
   * false throws `gone()`; `hold` is awaited there too (the background walk gives way to a jump's).
   * `saved` (asc walks only): the anchors kept in the database, read first and added to.
   */
  async build(
    parts: readonly Part[],
    stillWanted: () => boolean,
    gone: () => Error,
    { dir = 'desc', need = Infinity, hold, saved }: { dir?: Direction; need?: number; hold?: () => Promise<void>; saved?: SavedParts } = {},
  ): Promise<AnchorIndex> {
    const step = this.step;
    const compare = COMPARE[dir];
    const walking: Walking[] = parts.map(() => ({ keys: [], done: false, size: Infinity }));
    const keep = dir === 'asc' ? (saved ?? null) : null;
    let drops: number | null = null;
    // The kept keys, read at the start and again after a drop (what the triggers left of them).
    const readBack = (k: SavedParts) => {
      const now = k.store.drops();
      if (now === drops) return;
      drops = now;
      k.names.forEach((name, p) => {
        if (name !== null) walking[p] = { keys: k.store.keys(name, step), done: false, size: Infinity };
      });
    };
    const hop = (p: number) => {
      const w = walking[p]!;
      const last = w.keys.length === 0 ? null : w.keys[w.keys.length - 1]!;
      const key = this.run(LOG_QUERIES.walk(parts[p]!, step, last, dir), 'raw') as Key | undefined;
      if (key !== undefined) {
        w.keys.push(key);
        const name = keep?.names[p];
        if (keep?.store.writable && name != null) keep.store.save(name, step, w.keys.length * step - 1, key);
        return;
      }
      w.done = true;
      w.size = w.keys.length * step + (this.run(LOG_QUERIES.countOlder(parts[p]!, step, last, dir), 'pluck') as number);
    };
    // The part walked next: the unfinished one whose last anchor comes first (none yet: first of all).
    const lagging = (): number => {
      let best = -1;
      walking.forEach((w, p) => {
        if (w.done) return;
        if (best < 0 || w.keys.length === 0) {
          if (best < 0 || walking[best]!.keys.length > 0) best = p;
          return;
        }
        const b = walking[best]!;
        if (b.keys.length > 0 && compare(w.keys[w.keys.length - 1]!, b.keys[b.keys.length - 1]!) < 0) best = p;
      });
      return best;
    };
    // Entries proven at or before the frontier (the lagging part's last anchor).
    const proven = (frontier: Key): number => walking.reduce((n, w) => n + anchorsBefore(w.keys, frontier, dir) * step, step);
    // One time slice of hops; true when the walk is over. With kept anchors, in one write
    // transaction (saved-anchors.ts): the keys it reads and saves are those of one moment.
    const slice = (): boolean => {
      if (keep) readBack(keep);
      const sliceStart = performance.now();
      for (;;) {
        const p = lagging();
        if (p < 0) return true;
        const w = walking[p]!;
        if (need !== Infinity && w.keys.length > 0 && proven(w.keys[w.keys.length - 1]!) > need) return true;
        hop(p);
        if (performance.now() - sliceStart > this.sliceMs) return false;
      }
    };
    while (!(keep ? keep.store.slice(slice) : slice())) {
      await yieldToLoop();
      if (hold) await hold();
      if (!stillWanted()) throw gone();
    }
    const frontierPart = lagging();
    const frontier = frontierPart < 0 ? null : walking[frontierPart]!.keys.at(-1) ?? null;
    const merged: MergedAnchor[] = [];
    walking.forEach((a, part) =>
      a.keys.forEach((key, j) => {
        if (frontier === null || compare(key, frontier) <= 0) merged.push({ key, part, pos: (j + 1) * step - 1 });
      }),
    );
    merged.sort((a, b) => compare(a.key, b.key));
    const anchors = walking.map((w) => ({ keys: w.keys, size: w.size }));
    return { dir, parts: anchors, merged, total: anchors.reduce((n, a) => n + a.size, 0) };
  }

  /** The key of the entry at 0-based `position` in the index's order, or null when the view has fewer entries now. */
  keyAt(parts: readonly Part[], index: AnchorIndex, position: number): Key | null {
    const merged = index.merged;
    // Largest anchor whose position <= target (positions grow along the merged list). The
    // anchors alone bound every position to within `step` per part: narrow the range with those
    // bounds first (no SQL), then count exactly only inside it.
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
    return (this.run(LOG_QUERIES.merge(parts, skip, best ? best.anchor.key : null, index.dir), 'raw') as Key | undefined) ?? null;
  }

  /** 0-based position of an anchor key in the whole view, in the index's order. */
  private positionOf(parts: readonly Part[], index: AnchorIndex, anchor: MergedAnchor): number {
    const step = this.step;
    const dir = index.dir;
    let pos = 0;
    index.parts.forEach((a, p) => {
      if (p === anchor.part) {
        pos += anchor.pos;
        return;
      }
      // b = anchors of part p before the key; anchor b-1 sits at position b*step-1, so b*step
      // entries precede it or are it, and fewer than `step` lie between it and the key.
      const b = anchorsBefore(a.keys, anchor.key, dir);
      const part = parts[p]!;
      const between = b === 0 ? LOG_QUERIES.countAbove(part, step, anchor.key, dir) : LOG_QUERIES.countWithin(part, step, a.keys[b - 1]!, anchor.key, dir);
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
      const b = anchorsBefore(a.keys, anchor.key, index.dir);
      low += b * step;
      high += Math.min(b * step + step - 1, a.size);
    });
    return [low, high];
  }
}
