// The anchors of the log's parts kept in the database (log_anchors, migration 16), so that the
// first jump after a start does not walk millions of entries again (anchors.ts walks them once).
// Only anchors counted from a part's OLDEST entry are kept: new messages enter at the top of the
// (created_at, id) order, so those positions stay right while nothing at or below them changes,
// and the table's triggers drop every anchor at or above any message inserted, deleted or moved
// between parts (its state, Stat, campaign, account or number changed), counting each drop.
//
// A walk saves its anchors as it finds them, inside one IMMEDIATE transaction per time slice
// (anchors.ts): no other writer can commit while a slice reads and saves, so every saved key is
// the one at its position when saved. Between slices the walk checks the drop count; when it moved,
// its keys are read back from the table (what the triggers left of them).
//
// A part is named by a hash of its source (the live table, or an archive by month, checksum and
// version: an archive never changes once verified, but for an upgrade to a newer schema), its
// terms, their parameters and the step.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { writeTransaction } from '../transactions.js';
import type { LogPlan } from './delivery-log.js';
import type { Part } from './filter.js';
import type { Key } from './queries.js';

/** The name of a part's anchors: its rows (source, terms, parameters) and the anchors' step. */
export function savedPartName(part: Part, source: string, step: number): string {
  const shape = JSON.stringify([source, part.where, Object.entries(part.params).sort(([a], [b]) => a.localeCompare(b)), step]);
  return createHash('sha256').update(shape).digest('hex').slice(0, 24);
}

/**
 * The names of a plan's parts among the kept anchors: live ones, and archives by month, verified
 * checksum and schema version (an upgraded archive is another file; null: not kept).
 */
export function savedPartNames(plan: Pick<LogPlan, 'parts' | 'sources'>, step: number): (string | null)[] {
  return plan.parts.map((part) => {
    if (part.source === undefined) return savedPartName(part, 'live', step);
    const source = plan.sources.find((s) => s.schema === part.source);
    return source?.checksum ? savedPartName(part, `archive ${source.month} ${source.checksum} v${source.version}`, step) : null;
  });
}

export class SavedAnchors {
  private readonly s;
  /** False on a read-only connection: anchors are read but never saved. */
  readonly writable: boolean;
  /**
   * Keys read (and saved) per part while the drop count stays `cachedAt`: thousands per part at
   * tens of millions of rows, read for every jump otherwise. Still right while nothing dropped:
   * anchors are only ever added meanwhile, after the ones held here.
   */
  private readonly cache = new Map<string, Key[]>();
  private cachedAt: number | null = null;

  constructor(private readonly db: Database.Database) {
    this.writable = !db.readonly;
    this.s = {
      keys: db.prepare('SELECT pos, created_at, id FROM log_anchors WHERE part = ? ORDER BY pos').raw(true),
      save: db.prepare('INSERT OR REPLACE INTO log_anchors (part, pos, created_at, id) VALUES (?, ?, ?, ?)'),
      drops: db.prepare('SELECT n FROM log_anchor_drops').pluck(),
      count: db.prepare('SELECT count(*) FROM log_anchors WHERE part = ?').pluck(),
    };
  }

  /**
   * Drops so far: a walk whose count moved reads its keys back. Call it first, in the walk's
   * transaction: keys() reads through a cache that holds while this count does not move.
   */
  drops(): number {
    const n = this.s.drops.get() as number;
    if (n !== this.cachedAt) {
      this.cache.clear();
      this.cachedAt = n;
    }
    return n;
  }

  /** The saved keys of a part at positions step-1, 2*step-1, ...: the run without a gap from the oldest. */
  keys(part: string, step: number): Key[] {
    const cached = this.cache.get(part);
    if (cached) return [...cached];
    const out: Key[] = [];
    for (const [pos, createdAt, id] of this.s.keys.all(part) as [number, number, number][]) {
      if (pos !== (out.length + 1) * step - 1) break;
      out.push([createdAt, id]);
    }
    if (this.cachedAt !== null) this.cache.set(part, [...out]);
    return out;
  }

  /** How many anchors of a part are kept (the walk may find a gap and use fewer). */
  count(part: string): number {
    return this.s.count.get(part) as number;
  }

  /** Saves the key at a part's 0-based position (from its oldest entry). Inside `slice`'s transaction. */
  save(part: string, step: number, pos: number, key: Key): void {
    this.s.save.run(part, pos, key[0], key[1]);
    // A walk saves the position right after the run it read: the cached run grows with it.
    const cached = this.cache.get(part);
    if (cached && pos === (cached.length + 1) * step - 1) cached.push(key);
  }

  /** Runs a walk's slice: in one IMMEDIATE transaction when anchors are saved, so no other writer commits meanwhile. */
  slice<T>(fn: () => T): T {
    if (!this.writable) return fn();
    try {
      return writeTransaction(this.db, fn);
    } catch (e) {
      // Rolled back: the cache may hold keys the table does not (the triggers would not see them).
      this.cache.clear();
      this.cachedAt = null;
      throw e;
    }
  }
}
