// Prepared statements of the log's planned queries, one per SQL shape (filters x fixed fragments:
// few), kept for reuse. Bounded so a long session's cache stays finite.
import type Database from 'better-sqlite3';

/** How a statement returns rows: objects, arrays (`raw`) or the first column (`pluck`). */
export type RowMode = 'object' | 'raw' | 'pluck';

const MAX_STATEMENTS = 500;

export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string, mode: RowMode = 'object'): Database.Statement {
    const key = `${mode}:${sql}`;
    let stmt = this.cache.get(key);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (mode === 'raw') stmt.raw(true);
      else if (mode === 'pluck') stmt.pluck(true);
      this.cache.set(key, stmt);
      if (this.cache.size > MAX_STATEMENTS) this.cache.delete(this.cache.keys().next().value!);
    }
    return stmt;
  }
}
