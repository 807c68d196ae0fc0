// The archive journal: one row per month in log_archives (migration 10), the step a crash resumes
// from (archiver.ts). Each change is one short IMMEDIATE transaction of its own.
import type Database from 'better-sqlite3';
import { writeTransaction } from '../transactions.js';
import type { ArchiveSums } from './archive-worker.js';

export type ArchivePhase = 'copying' | 'deleting' | 'done';

export interface JournalRow {
  month: string;
  /** The archive's file name, in the database's directory. */
  file: string;
  phase: ArchivePhase;
  messages: number | null;
  segments: number | null;
  reports: number | null;
  checksum: string | null;
  /** Highest message id deleted from the live log so far (the delete runs in id order). */
  deletedThrough: number;
  startedAt: number;
  verifiedAt: number | null;
  finishedAt: number | null;
}

export class ArchiveJournal {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      all: db.prepare(`SELECT month, file, phase, messages, segments, reports, checksum, deleted_through AS deletedThrough,
        started_at AS startedAt, verified_at AS verifiedAt, finished_at AS finishedAt FROM log_archives ORDER BY month`),
      begin: db.prepare(`INSERT INTO log_archives (month, file, phase, started_at) VALUES (?, ?, 'copying', ?)`),
      verified: db.prepare(`UPDATE log_archives SET phase = 'deleting', messages = @messages, segments = @segments, reports = @reports,
        checksum = @checksum, verified_at = @at WHERE month = @month AND phase = 'copying'`),
      progress: db.prepare(`UPDATE log_archives SET deleted_through = ? WHERE month = ? AND phase = 'deleting'`),
      done: db.prepare(`UPDATE log_archives SET phase = 'done', finished_at = ? WHERE month = ? AND phase = 'deleting'`),
      forget: db.prepare(`DELETE FROM log_archives WHERE month = ? AND phase = 'copying'`),
    };
  }

  rows(): JournalRow[] {
    return this.s.all.all() as JournalRow[];
  }

  row(month: string): JournalRow | undefined {
    return this.rows().find((r) => r.month === month);
  }

  begin(month: string, file: string, at: number): void {
    writeTransaction(this.db, () => this.s.begin.run(month, file, at));
  }

  verified(month: string, sums: ArchiveSums, at: number): void {
    writeTransaction(this.db, () => {
      if (this.s.verified.run({ month, at, ...sums }).changes !== 1) throw new Error(`archive of ${month} is not being copied`);
    });
  }

  /** Inside the caller's transaction: the delete batch and its progress commit together. */
  progressIn(month: string, deletedThrough: number): void {
    this.s.progress.run(deletedThrough, month);
  }

  done(month: string, at: number): void {
    writeTransaction(this.db, () => this.s.done.run(at, month));
  }

  /** Drops a copy that never completed (its files are removed first). */
  forget(month: string): void {
    writeTransaction(this.db, () => this.s.forget.run(month));
  }
}
