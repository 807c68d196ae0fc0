// The archive's heavy reading and writing, on a worker thread with its own connections, so the
// main thread (gateway sessions, the pump, report intake, the UI) never waits for it: copying a
// month of the live log into a new archive file and checking it. The main thread only deletes the
// live rows afterwards, in short batches (archiver.ts).
//
// `copy` writes <archive>.partial: the log tables created from the live schema's own text, the
// month's messages (final states only) in id order, a range of ids per statement so no read
// snapshot is held long, their segments and the status reports matched to those segments, then
// the indexes (rows appended in order and indexes built by a sort: a compact file without a
// VACUUM), and the verification: PRAGMA integrity_check, and per table the row count and a
// checksum of the ids, computed over the archive and, by another path (the live month's messages
// by rowid, then its segments and reports by message and segment id, one range of ids per short
// read transaction), over the live database; any difference fails the copy. A live message of the
// month not in a final state fails it too (the month must wait).
// `check` recomputes an existing archive's counts and checksum (the resume after a crash).
// `upgrade` converts an archive of an older schema version into <archive>.upgrading (upgrade-job.ts).
//
// The checksum is order-independent (a sum of mixed ids modulo 2^48, two lanes): it tells a
// missing, extra or repeated id apart from the same set read in another order.
import { LOWER_THREAD_PRIORITY, sqliteDriverPath } from '../worker-thread.js';
import { Worker } from 'node:worker_threads';
import { UPGRADE_WORKER, type UpgradeJob } from './upgrade-job.js';

export interface ArchiveSums {
  messages: number;
  segments: number;
  reports: number;
  /** The three tables' id checksums, one text. */
  checksum: string;
}

export interface CopyJob {
  kind: 'copy';
  livePath: string;
  partialPath: string;
  month: string;
  from: number;
  to: number;
  /** Their stored codes (state-codes.ts). */
  finalStates: readonly number[];
  tables: readonly string[];
}

export interface CheckJob {
  kind: 'check';
  archivePath: string;
}

const WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
${LOWER_THREAD_PRIORITY}
let job;
// ARCHIVE_DEBUG=1: each step of a job, with this thread's heap then, printed by the main thread
// (this one's own stderr is flushed by its event loop, which a job keeps busy).
const note = (step) => {
  if (!workerData.debug) return;
  const u = process.memoryUsage();
  const mb = (n) => (n / 1048576).toFixed(0);
  parentPort.postMessage({ note: step + ', its heap ' + mb(u.heapUsed) + '/' + mb(u.heapTotal) + ' MB' });
};
const TWO48 = 2 ** 48;
/** Message ids per statement of the copy, and per read transaction of the live verification. */
const SCAN_IDS = 16384;
const mixA = (x) => { x = Math.imul(x ^ (x >>> 16), 0x45d9f3b); x = Math.imul(x ^ (x >>> 16), 0x45d9f3b); return (x ^ (x >>> 16)) >>> 0; };
const mixB = (x) => { x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d); x = Math.imul(x ^ (x >>> 12), 0x297a2d39); return (x ^ (x >>> 15)) >>> 0; };
class Sum {
  constructor() { this.n = 0; this.a = 0; this.b = 0; }
  add(id) {
    const lo = id >>> 0, hi = Math.floor(id / 4294967296);
    this.n++;
    this.a = (this.a + mixA(lo ^ mixB(hi)) * 65537) % TWO48;
    this.b = (this.b + mixB(lo ^ mixA(hi + 1)) * 257) % TWO48;
  }
  text() { return this.n + ':' + this.a.toString(16) + ':' + this.b.toString(16); }
}
const sumsOf = (m, s, r) => ({ messages: m.n, segments: s.n, reports: r.n, checksum: [m.text(), s.text(), r.text()].join('/') });
const ids = (db, sql) => { const sum = new Sum(); for (const id of db.prepare(sql).pluck().iterate()) sum.add(id); return sum; };
const archiveSums = (db, schema) =>
  sumsOf(ids(db, 'SELECT id FROM ' + schema + '.messages ORDER BY id'), ids(db, 'SELECT id FROM ' + schema + '.segments ORDER BY id'),
    ids(db, 'SELECT id FROM ' + schema + '.status_reports ORDER BY id'));
const integrity = (db, schema) => {
  const lines = db.pragma(schema + '.integrity_check').map((r) => r.integrity_check);
  if (lines.length !== 1 || lines[0] !== 'ok') throw new Error('integrity_check of the archive: ' + lines.slice(0, 5).join('; '));
};

// The live file's WAL starts over only when a checkpoint has copied all of it and the next
// writer finds no reader holding a snapshot inside it. This thread reads the live file back to
// back, so without a pause the WAL never starts over while a month is copied: it grew to hundreds
// of MB, and past 4000 pages every commit of the main connection runs its own (automatic)
// checkpoint, a stall each. So between chunks, holding no snapshot, the thread checkpoints (here,
// not on the main thread) and, while the WAL is still long, waits a little for the app's next
// commit to start it over.
const WAL_FRAMES = 2000;
const WAL_WAIT_MS = 250;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let walWaits = 0;
function letWalRestart(checkpoint) {
  for (let waited = 0; ; waited += 5) {
    const [, frames] = checkpoint.get();
    if (frames < WAL_FRAMES || waited >= WAL_WAIT_MS) return;
    walWaits++;
    Atomics.wait(sleeper, 0, 0, 5);
  }
}

// The live messages' ids, first and last, as the copy and the verification walk them: in ranges
// of SCAN_IDS up to the largest id now (a message written later is new, never of an old month).
const idBounds = (db) => {
  const [first, last] = db.prepare('SELECT min(id), max(id) FROM live.messages').raw(true).get();
  return first === null ? [0, 0] : [first, last];
};

function liveSums(db, checkpoint) {
  const m = new Sum(), s = new Sum(), r = new Sum();
  const final = new Set(job.finalStates);
  // Row by row through the foreign keys (no id lists, so this thread's memory does not grow with
  // the month): the range's messages of the month, their segments, the reports matched to those.
  const month = 'FROM live.messages m WHERE m.id > @lo AND m.id <= @hi AND m.created_at >= @from AND m.created_at < @to';
  const msgs = db.prepare('SELECT m.id, m.state ' + month).raw(true);
  const segs = db.prepare('SELECT s.id FROM live.segments s WHERE s.message_id IN (SELECT m.id ' + month + ')').pluck();
  const reps = db.prepare('SELECT r.id FROM live.status_reports r JOIN live.segments s ON s.id = r.segment_id WHERE s.message_id IN (SELECT m.id ' + month + ')').pluck();
  const range = { lo: 0, hi: 0, from: job.from, to: job.to };
  const [first, last] = idBounds(db);
  // A range of ids per read transaction, each short, so the live WAL is never held from being
  // checkpointed and started over (a reader pins the frames after its snapshot).
  for (let lo = first - 1; lo < last; lo += SCAN_IDS) {
    letWalRestart(checkpoint);
    range.lo = lo;
    range.hi = Math.min(lo + SCAN_IDS, last);
    db.exec('BEGIN');
    try {
      for (const [id, state] of msgs.iterate(range)) {
        if (!final.has(state)) throw Object.assign(new Error('message ' + id + ' of ' + job.month + ' is in state ' + state + ' (a stored code)'), { unfinished: true });
        m.add(id);
      }
      for (const id of segs.iterate(range)) s.add(id);
      for (const id of reps.iterate(range)) r.add(id);
    } finally {
      db.exec('COMMIT');
    }
  }
  return sumsOf(m, s, r);
}

function copy() {
  const db = new Database(job.partialPath);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    // The log tables' text names campaigns and accounts, which stay in the live database.
    db.pragma('foreign_keys = OFF');
    db.pragma('busy_timeout = 5000');
    db.prepare('ATTACH DATABASE ? AS live').run(job.livePath);
    // This connection checkpoints the live file (letWalRestart): never with its syncs off, which
    // the app's durability rests on (store/durability.ts). OFF above is the new archive's alone.
    db.pragma('live.synchronous = NORMAL');
    // Small page caches: the copy reads and writes each page about once, and the thread's memory
    // counts in the app's (the index builds' sorts spill to temporary files, not memory).
    db.pragma('cache_size = -2048');
    db.pragma('live.cache_size = -2048');
    db.pragma('temp_store = FILE');
    const version = db.pragma('live.user_version', { simple: true });
    const tables = db.prepare("SELECT name, sql FROM live.sqlite_master WHERE type = 'table' AND name IN (SELECT value FROM json_each(?))").all(JSON.stringify(job.tables));
    const indexes = db.prepare("SELECT sql FROM live.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))").pluck().all(JSON.stringify(job.tables));
    for (const t of tables) db.exec(t.sql);
    // The Dest_Id/Service_Id pairs the reports name by id: all of them (a handful).
    if (tables.some((t) => t.name === 'report_origins')) db.exec('INSERT INTO main.report_origins SELECT * FROM live.report_origins');
    db.exec('CREATE TABLE archive_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    const meta = db.prepare('INSERT INTO archive_meta (key, value) VALUES (?, ?)');
    meta.run('month', job.month);
    meta.run('schema_version', String(version));
    meta.run('from', String(job.from));
    meta.run('to', String(job.to));
    // In id order, a range of ids per statement (each its own short read of the live file): every
    // row is appended to its table, which fills each page, and the indexes are built afterwards by
    // a sort, so the file comes out compact without a VACUUM (a second full write of the month).
    const range = { lo: 0, hi: 0, from: job.from, to: job.to, final: JSON.stringify(job.finalStates) };
    const putMessages = db.prepare('INSERT INTO main.messages SELECT * FROM live.messages WHERE id > @lo AND id <= @hi AND created_at >= @from AND created_at < @to AND state IN (SELECT value FROM json_each(@final)) ORDER BY id');
    const putSegments = db.prepare('INSERT INTO main.segments SELECT * FROM live.segments WHERE message_id IN (SELECT id FROM main.messages WHERE id > @lo AND id <= @hi) ORDER BY id');
    const putReports = db.prepare('INSERT INTO main.status_reports SELECT * FROM live.status_reports WHERE segment_id IN (SELECT id FROM main.segments WHERE message_id > @lo AND message_id <= @hi) ORDER BY id');
    const checkpoint = db.prepare('PRAGMA live.wal_checkpoint(PASSIVE)').raw(true);
    const [first, last] = idBounds(db);
    let copied = 0;
    let notedAt = 0;
    walWaits = 0;
    for (let lo = first - 1; lo < last; lo += SCAN_IDS) {
      letWalRestart(checkpoint);
      range.lo = lo;
      range.hi = Math.min(lo + SCAN_IDS, last);
      const n = putMessages.run(range).changes;
      if (n === 0) continue;
      putSegments.run({ lo: range.lo, hi: range.hi });
      putReports.run({ lo: range.lo, hi: range.hi });
      copied += n;
      parentPort.postMessage({ progress: copied });
      if (copied - notedAt >= 250000) {
        notedAt = copied;
        note(copied + ' messages copied, ' + walWaits + ' waits for the WAL');
      }
    }
    note('rows copied, ' + walWaits + ' waits for the WAL; indexes');
    for (const sql of indexes) db.exec(sql);
    note('verifying the live month');
    const live = liveSums(db, checkpoint);
    db.exec('DETACH DATABASE live');
    note('live month summed, ' + walWaits + ' waits for the WAL');
    note('integrity check');
    integrity(db, 'main');
    note('summing the archive');
    const own = archiveSums(db, 'main');
    note('copy done');
    if (own.checksum !== live.checksum) {
      throw new Error('the archive of ' + job.month + ' does not match the live log: archive ' + own.checksum + ', live ' + live.checksum);
    }
    meta.run('checksum', own.checksum);
    return own;
  } finally {
    db.close();
  }
}

function check() {
  const db = new Database(job.archivePath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('foreign_keys = OFF');
    integrity(db, 'main');
    return archiveSums(db, 'main');
  } finally {
    db.close();
  }
}

${UPGRADE_WORKER}

const JOBS = { copy, check, upgrade };
// One job after another: the thread is kept between jobs, since joining a thread's exit tears its
// heap down on the main thread (tens of ms, measured on the export's reading thread).
parentPort.on('message', (next) => {
  job = next;
  try {
    parentPort.postMessage({ done: JOBS[job.kind]() });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e), unfinished: Boolean(e && e.unfinished) });
  }
});
`;

/** The thread between jobs (unref'd: it never keeps the process alive). */
let idle: Worker | null = null;

/** Why a worker job failed: `unfinished` when a live message of the month is not final yet. */
export class ArchiveJobError extends Error {
  override readonly name = 'ArchiveJobError';
  constructor(
    message: string,
    readonly unfinished: boolean,
  ) {
    super(message);
  }
}

/** Runs one job on the archive thread (ended by `signal`); `onProgress` gets the messages copied so far. */
export function runArchiveJob(job: CopyJob | CheckJob | UpgradeJob, signal?: AbortSignal, onProgress: (copied: number) => void = () => undefined): Promise<ArchiveSums> {
  return new Promise((resolve, reject) => {
    // Its garbage (an id at a time) dies young: a small young generation keeps the RSS down.
    const worker = idle ?? new Worker(WORKER, { eval: true, workerData: { driver: sqliteDriverPath(), debug: process.env.ARCHIVE_DEBUG === '1' }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    idle = null;
    worker.ref();
    let settled = false;
    const settle = (keep: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
      if (keep && idle === null) {
        worker.unref();
        idle = worker;
      } else if (keep) void worker.terminate();
      fn();
    };
    const onMessage = (m: { progress?: number; done?: ArchiveSums; error?: string; unfinished?: boolean; note?: string }) => {
      if (m.note !== undefined) console.error(`archive worker: ${m.note}, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
      else if (m.progress !== undefined) onProgress(m.progress);
      else if (m.done) settle(true, () => resolve(m.done!));
      else if (m.error !== undefined) settle(true, () => reject(new ArchiveJobError(m.error!, m.unfinished === true)));
    };
    const onError = (e: Error) => settle(false, () => reject(new ArchiveJobError(e.message, false)));
    const onExit = (code: number) => settle(false, () => reject(new ArchiveJobError(`the archive worker stopped (exit code ${code})`, false)));
    // Stopping mid-copy leaves only the partial file, which the caller removes (or the next start does).
    const onAbort = () => settle(false, () => {
      void worker.terminate();
      reject(new ArchiveJobError('archiving stopped', false));
    });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage(job);
  });
}

/** Ends the idle archive thread (the store closes). */
export async function endArchiveThread(): Promise<void> {
  const w = idle;
  idle = null;
  if (w) await w.terminate();
}
