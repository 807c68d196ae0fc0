// The statistics of the store (docs/glossary.md "Statistics"): the daily aggregates kept in step by
// the outbox, the enqueue and the MO triggers (./deltas.ts, migration 11), read here.
import type Database from 'better-sqlite3';
import type { StatisticsQuery, StatisticsResult } from '../../../shared/statistics.js';
import { StatisticsQueries } from './queries.js';
import { StatisticsRecount, type StatisticsRow } from './recount.js';

export type { StatisticsRow } from './recount.js';
export { MAX_STATISTICS_DAYS } from './queries.js';

export class Statistics {
  private readonly queries: StatisticsQueries;
  private readonly recounter: StatisticsRecount;

  constructor(db: Database.Database) {
    this.queries = new StatisticsQueries(db);
    this.recounter = new StatisticsRecount(db);
  }

  /** Counters over a range of days (checked by the caller: valid days, from <= to, at most MAX_STATISTICS_DAYS). */
  query(q: StatisticsQuery): StatisticsResult {
    return this.queries.query(q);
  }

  /** Rebuilds the aggregates of rows still in the database from those rows; returns how many were wrong. */
  recount(): number {
    return this.recounter.recount();
  }

  /** The maintained aggregate rows of rows still in the database (non-zero, key order). */
  liveRows(): StatisticsRow[] {
    return this.recounter.liveRows();
  }

  /** What liveRows() should hold, counted from the rows (reads every message and MO). */
  expectedRows(): StatisticsRow[] {
    return this.recounter.expectedRows();
  }
}
