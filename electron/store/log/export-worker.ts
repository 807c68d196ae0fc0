// Where the export scan's batches come from: read in a worker thread with its own read-only
// connection when the database is a file (so SQLite's work runs on the other core while the main
// thread formats rows: a 1,000,000-row export had SQLite and row building as half of its
// main-thread time), in-thread otherwise or when the worker cannot start.
import { LOWER_THREAD_PRIORITY, sqliteDriverPath } from '../worker-thread.js';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { NN, NT } from './export-columns.js';
import { exportBatchReader, type PackedBatch } from './export-batches.js';
import type { LogQuery } from './queries.js';

/** Rows a batch holds (plus at most one message more). */
const BATCH_ROWS = 2048;
/** Rows read per query at a time: above 255 (Pk_total's maximum), so a message always fits. */
const FETCH = 1024;
/** Batches the worker may read ahead of the formatting. */
const AHEAD = 3;

/** Where batches come from: `pending` while the worker has not delivered the next one. */
export interface BatchSource {
  /** Batches come from a worker thread (false in-thread, and after a fallback). */
  readonly threaded: boolean;
  next(): PackedBatch | null | 'pending';
  /** Resolves when next() has something other than `pending` (or rejects: reading failed). */
  wait(): Promise<void>;
  close(): Promise<void>;
}

export function inThreadSource(db: Database.Database, queries: readonly LogQuery[]): BatchSource {
  const read = exportBatchReader(
    queries.map((q) => ({ stmt: db.prepare(q.sql).raw(true) as unknown as { all(p: Record<string, unknown>): unknown[][] }, params: q.params })),
    NN,
    NT,
    BATCH_ROWS,
    FETCH,
  );
  return { threaded: false, next: read, wait: () => Promise.resolve(), close: () => Promise.resolve() };
}

// The worker: its own read-only connection, the batch reader from its source text, at most
// `credits` batches ahead of the main thread (bounded memory). It serves one scan after another:
// a thread's exit is joined on the main thread, and tearing its heap down measured 30-60 ms at
// the end of every export (the longest stall of a 1,000,000-row export); an idle thread kept for
// the next export costs nothing.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const __name = (f) => f; // a bundler keeping function names may call it inside the reader
const reader = ${exportBatchReader.toString()};
${LOWER_THREAD_PRIORITY}
let Database;
let db;
let next;
let credits = 0;
let ended = true;
const start = (w) => {
  credits = 0;
  ended = false;
  try {
    Database ??= require(w.driver);
    db = new Database(w.path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    // Archived months the export reaches, attached read-only under their schema names, each of
    // the version the plan was made for (archive-reader.ts checks the same on its connection).
    for (const a of w.attach) {
      db.prepare('ATTACH DATABASE ? AS ' + a.schema).run(a.path);
      const v = Number(db.prepare('SELECT value FROM ' + a.schema + ".archive_meta WHERE key = 'schema_version'").pluck().get());
      if (v !== a.version) throw new Error('the archive ' + a.path + ' is at schema version ' + v + ', not ' + a.version + ': it changed since the search began; search again');
    }
    db.pragma('cache_size = -' + w.cacheKiB);
    next = reader(w.queries.map((q) => ({ stmt: db.prepare(q.sql).raw(true), params: q.params })), w.numeric, w.textual, w.batchRows, w.fetch);
    parentPort.postMessage({ started: true });
  } catch (e) {
    ended = true;
    parentPort.postMessage({ startError: String((e && e.message) || e) });
  }
};
const pump = () => {
  while (credits > 0 && !ended) {
    let b;
    try {
      b = next();
    } catch (e) {
      ended = true;
      parentPort.postMessage({ error: String((e && e.message) || e) });
      return;
    }
    if (b === null) {
      ended = true;
      parentPort.postMessage({ end: true });
      return;
    }
    credits--;
    parentPort.postMessage({ batch: b }, [b.nums.buffer, b.strs.buffer]);
  }
};
parentPort.on('message', (m) => {
  if (m && typeof m === 'object' && m.start) return start(m.start);
  if (m === 'stop') {
    ended = true;
    next = undefined;
    try { if (db) db.close(); } catch {}
    db = undefined;
    parentPort.postMessage({ stopped: true });
    return;
  }
  credits += m;
  pump();
});
`;

/** The idle reading thread, kept for the next export (see WORKER). */
let idle: Worker | null = null;

type WorkerMessage = { started: true } | { startError: string } | { batch: PackedBatch } | { end: true } | { error: string } | { stopped: true };

/**
 * Batches from a worker. If the worker cannot start (the driver does not load there), reading
 * falls back to the main thread: slower, never wrong.
 */
export class WorkerSource implements BatchSource {
  private readonly worker: Worker;
  private readonly queue: PackedBatch[] = [];
  private ended = false;
  private failure: Error | null = null;
  private fallback: BatchSource | null = null;
  private wake: (() => void) | null = null;
  private stopped: (() => void) | null = null;
  private gone = false;
  private readonly onMessage = (m: WorkerMessage) => this.receive(m);
  private readonly onError = (e: Error) => this.fail(e);
  private readonly onExit = () => {
    this.gone = true;
    if (idle === this.worker) idle = null;
    if (!this.ended && !this.fallback) this.fail(new Error('the reading thread stopped'));
    this.stopped?.();
  };

  constructor(
    private readonly db: Database.Database,
    private readonly queries: readonly LogQuery[],
    /** Archives to attach (schema names from store/archive/archive-reader.ts). */
    attach: readonly { schema: string; path: string; version: number }[] = [],
  ) {
    this.worker =
      idle ??
      new Worker(WORKER, {
        eval: true,
        // Its garbage (a row array per row) dies young: a small young generation keeps the RSS down.
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      });
    idle = null;
    this.worker.ref();
    this.worker.on('message', this.onMessage);
    this.worker.on('error', this.onError);
    this.worker.once('exit', this.onExit);
    this.worker.postMessage({
      start: { driver: sqliteDriverPath(), path: this.db.name, attach: attach.map((a) => ({ schema: a.schema, path: a.path, version: a.version })), queries, numeric: NN, textual: NT, batchRows: BATCH_ROWS, fetch: FETCH, cacheKiB: 8192 },
    });
    this.worker.postMessage(AHEAD);
  }

  get threaded(): boolean {
    return this.fallback === null;
  }

  next(): PackedBatch | null | 'pending' {
    if (this.fallback) return this.fallback.next();
    if (this.failure) throw this.failure;
    const b = this.queue.shift();
    if (b) {
      this.worker.postMessage(1);
      return b;
    }
    return this.ended ? null : 'pending';
  }

  wait(): Promise<void> {
    if (this.fallback || this.failure || this.ended || this.queue.length > 0) return this.failure ? Promise.reject(this.failure) : Promise.resolve();
    return new Promise<void>((resolve) => (this.wake = resolve)).then(() => (this.failure ? Promise.reject(this.failure) : undefined));
  }

  async close(): Promise<void> {
    this.ended = true;
    this.queue.length = 0;
    if (this.gone) return;
    const done = new Promise<void>((resolve) => (this.stopped = resolve));
    this.worker.postMessage('stop');
    // A thread that does not answer within 3 s is ended (its exit resolves `done`).
    const timer = setTimeout(() => void this.worker.terminate(), 3000);
    await done;
    clearTimeout(timer);
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    if (this.gone || this.fallback) return;
    // Idle threads do not keep the process alive; one is kept, any other ends.
    this.worker.unref();
    if (idle === null) idle = this.worker;
    else void this.worker.terminate();
  }

  private receive(m: WorkerMessage): void {
    if ('stopped' in m) {
      this.stopped?.();
      return;
    }
    if ('startError' in m) {
      this.fallback = inThreadSource(this.db, this.queries);
      void this.worker.terminate();
    } else if ('batch' in m) this.queue.push(m.batch);
    else if ('end' in m) this.ended = true;
    else if ('error' in m) this.failure = new Error(`reading the delivery log failed: ${m.error}`);
    this.notify();
  }

  private fail(e: Error): void {
    this.failure ??= new Error(`reading the delivery log failed: ${e.message}`);
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}

