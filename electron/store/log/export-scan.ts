// The delivery-log export's scan (delivery-log.ts plans its queries): batches from a worker
// thread or the calling thread (export-worker.ts), handed out row by row through one reused
// record (export-record.ts).
//
// Rows reflect each message's state when its batch was read; a message changing state meanwhile
// is still read exactly once (the cursor is on (created_at, id), which never change).
import type Database from 'better-sqlite3';
import { NN } from './export-columns.js';
import type { PackedBatch } from './export-batches.js';
import { Owners, ScanRecord } from './export-record.js';
import type { ExportReader, ExportRecord, ExportScanner, ReaderStep } from './export-records.js';
import { type BatchSource, inThreadSource, WorkerSource } from './export-worker.js';
import type { LogQuery } from './queries.js';
import { checkInt } from '../validate.js';

/** Rows of a scan, one reused record at a time: the sync scanner (in-thread) and the reader (worker). */
class BatchScan implements ExportScanner, ExportReader {
  private readonly row = new ScanRecord();
  private readonly owners: Owners;
  private batch: PackedBatch | null = null;
  private pos = 0;

  constructor(
    db: Database.Database,
    private readonly source: BatchSource,
  ) {
    this.owners = new Owners(db);
  }

  /** Moves to a batch with rows left: false when none is buffered (`pending`) or the rows ended. */
  private advance(): 'ok' | 'starved' | 'ended' {
    while (this.batch === null || this.pos >= this.batch.rows) {
      const b = this.source.next();
      if (b === 'pending') return 'starved';
      if (b === null) {
        this.batch = null;
        return 'ended';
      }
      this.batch = b;
      this.pos = 0;
    }
    return 'ok';
  }

  step(visit: (r: ExportRecord) => boolean): ReaderStep {
    for (;;) {
      const a = this.advance();
      if (a !== 'ok') return a;
      this.row.fill(this.batch!, this.pos++, this.owners);
      if (!visit(this.row)) return 'stopped';
    }
  }

  visit(visit: (r: ExportRecord) => boolean): boolean {
    return this.step(visit) !== 'ended';
  }

  next(maxMessages: number): ExportRecord[] {
    checkInt(maxMessages, 'messages per step', 1, 100_000);
    const out: ExportRecord[] = [];
    let messages = 0;
    let last = NaN;
    while (this.advance() === 'ok') {
      const id = this.batch!.nums[this.pos * NN + 1]!;
      if (id !== last) {
        if (messages === maxMessages) break;
        messages++;
        last = id;
      }
      this.row.fill(this.batch!, this.pos++, this.owners);
      out.push(this.row.copy());
    }
    return out;
  }

  get threaded(): boolean {
    return this.source.threaded;
  }

  ready(): Promise<void> {
    return this.batch !== null && this.pos < this.batch.rows ? Promise.resolve() : this.source.wait();
  }

  close(): Promise<void> {
    return this.source.close();
  }
}

/** The scan read on the calling thread. */
export function scanInThread(db: Database.Database, queries: readonly LogQuery[]): ExportScanner {
  return new BatchScan(db, inThreadSource(db, queries));
}

/** The scan read by a worker thread when the database is a file (in-thread otherwise). */
export function scanInWorker(db: Database.Database, queries: readonly LogQuery[], attach: readonly { schema: string; path: string; version: number }[] = []): ExportReader {
  return new BatchScan(db, db.memory ? inThreadSource(db, queries) : new WorkerSource(db, queries, attach));
}
