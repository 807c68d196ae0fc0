// The opt-out list: numbers that refused messages (退订/TD/T/N/R/STOP replies, manual entry,
// import). Checked at enqueue time by the sending rules; an opt-in removes the number (the audit
// log keeps the history as proof of consent).
import type Database from 'better-sqlite3';
import { invalid } from './errors.js';
import { requireNumberKey } from './number-key.js';

export type OptOutSource = 'mo' | 'manual' | 'import';

export interface OptOut {
  number: string;
  source: OptOutSource;
  keyword: string | null;
  moMessageId: number | null;
  createdAt: number;
}

const select = 'SELECT number, source, keyword, mo_message_id AS moMessageId, created_at AS createdAt FROM opt_outs';

export class OptOuts {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      // The first opt-out stands: its time and keyword are the proof.
      add: db.prepare('INSERT INTO opt_outs (number, source, keyword, mo_message_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (number) DO NOTHING'),
      remove: db.prepare('DELETE FROM opt_outs WHERE number = ?'),
      get: db.prepare(`${select} WHERE number = ?`),
      has: db.prepare('SELECT 1 FROM opt_outs WHERE number = ?').pluck(),
      page: db.prepare(`${select} WHERE number > ? ORDER BY number LIMIT ?`),
      count: db.prepare('SELECT count(*) FROM opt_outs').pluck(),
    };
  }

  /** Adds a number; returns false if it was already opted out (the first entry is kept). */
  add(number: string, source: OptOutSource, options: { keyword?: string | null; moMessageId?: number | null; now?: number } = {}): boolean {
    if (source !== 'mo' && source !== 'manual' && source !== 'import') throw invalid(`opt-out source must be mo, manual or import, got ${String(source)}`);
    const key = requireNumberKey(number);
    return this.s.add.run(key, source, options.keyword ?? null, options.moMessageId ?? null, options.now ?? Date.now()).changes === 1;
  }

  /** Opt-in: removes the number; returns false if it was not on the list. */
  remove(number: string): boolean {
    return this.s.remove.run(requireNumberKey(number)).changes === 1;
  }

  has(number: string): boolean {
    return this.s.has.get(requireNumberKey(number)) !== undefined;
  }

  get(number: string): OptOut | null {
    return (this.s.get.get(requireNumberKey(number)) as OptOut | undefined) ?? null;
  }

  /** Keyset paging by number: pass the last number seen ('' to start). */
  list(afterNumber = '', limit = 1000): OptOut[] {
    return this.s.page.all(afterNumber, limit) as OptOut[];
  }

  count(): number {
    return this.s.count.get() as number;
  }
}
