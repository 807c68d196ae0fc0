// Reading the delivery-log export (delivery-log.ts builds the queries): batches from
// export-batches.ts, read in a worker thread with its own read-only connection when the database
// is a file (so SQLite's work runs on the other core while the main thread formats rows: a
// 1,000,000-row export had SQLite and row building as half of its main-thread time), in-thread
// otherwise or when the worker cannot start. Either way the rows come out through one reused
// record (ScanRecord), never an object per row.
//
// Campaign and account columns come from a per-scan cache on the main connection. Rows reflect
// each message's state when its batch was read; a message changing state meanwhile is still read
// exactly once (the cursor is on (created_at, id), which never change).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { MessageState } from '../../shared/message-state.js';
import type { ExportReader, ExportRecord, ExportScanner, ReaderStep } from './export-records.js';
import { exportBatchReader, type PackedBatch } from './export-batches.js';
import { checkInt } from './validate.js';

// Column order of a scan row: the numbers first, then the text (export-batches.ts packs them so).
const NUMERIC = [
  'm.created_at',
  'm.id',
  'm.campaign_id',
  'm.account_id',
  'coalesce(s.result, m.result)',
  // The Msg_Id as its two 32-bit halves (exact JS numbers; SQLite's >> keeps the sign, so the
  // high half is read back unsigned): a BigInt per row would cost more than the rest of the row.
  's.msg_id >> 32',
  's.msg_id & 4294967295',
  's.pk_number',
  'coalesce(s.pk_total, m.segment_count)',
  's.submit_at',
  's.response_at',
  's.report_at',
  'm.billed_count',
  'm.possible_duplicate',
  's.send_count',
] as const;
const TEXTUAL = ['m.number', 'm.state', 's.state', 'coalesce(s.reason, m.reason)', 'coalesce(s.stat, m.stat)', 's.done_time', 'm.src_id', 'm.service_id', 'm.text'] as const;
const NN = NUMERIC.length;
const NT = TEXTUAL.length;

/** The SELECT list of the export's queries (FROM messages m LEFT JOIN segments s). */
export const SCAN_COLUMNS = [...NUMERIC, ...TEXTUAL].join(', ');

/** Rows a batch holds (plus at most one message more). */
const BATCH_ROWS = 2048;
/** Rows read per query at a time: above 255 (Pk_total's maximum), so a message always fits. */
const FETCH = 1024;
/** Batches the worker may read ahead of the formatting. */
const AHEAD = 3;

// ---- Msg_Id text ------------------------------------------------------------------------------

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Unsigned decimal of high * 2^32 + low, exactly: 2^32 = 42949 * 10^5 + 67296. */
export function msgIdDecimal(high: number, low: number): string {
  const hi = high >>> 0;
  let a = hi * 42949;
  let b = hi * 67296 + (low >>> 0);
  a += Math.floor(b / 100_000);
  b %= 100_000;
  return a === 0 ? String(b) : `${a}${pad(b, 5)}`;
}

/** docs/protocol.md "Msg_Id": MMDDHHMMSS + ISMG code (7 digits) + sequence (5 digits), from the two halves. */
export function msgId22(high: number, low: number): string {
  const hi = high >>> 0;
  const lo = low >>> 0;
  return (
    pad(hi >>> 28, 2) + pad((hi >>> 23) & 31, 2) + pad((hi >>> 18) & 31, 2) + pad((hi >>> 12) & 63, 2) + pad((hi >>> 6) & 63, 2) +
    pad(((hi & 63) * 65536) + (lo >>> 16), 7) + pad(lo & 0xffff, 5)
  );
}

// ---- the record --------------------------------------------------------------------------------

interface Owner {
  name: string;
  /** A campaign's text (a message's own text, when it has one, overrides it). */
  text: string | null;
  srcId: string;
  srcIdExt: string;
  serviceId: string;
  feeType: string;
  feeCode: string;
}

/** Campaign and account columns, read once per scan. */
class Owners {
  private readonly campaigns = new Map<number, Owner | null>();
  private readonly accounts = new Map<number, Owner>();
  private readonly campaignStmt: Database.Statement;
  private readonly accountStmt: Database.Statement;
  private lastCampaignId = NaN;
  private lastCampaign: Owner | null = null;
  private lastAccountId = NaN;
  private lastAccount: Owner | null = null;

  constructor(db: Database.Database) {
    this.campaignStmt = db.prepare(`SELECT name, text, '' AS srcId, src_id_ext AS srcIdExt, service_id AS serviceId, fee_type AS feeType,
      fee_code AS feeCode FROM campaigns WHERE id = ?`);
    this.accountStmt = db.prepare(`SELECT name, NULL AS text, src_id AS srcId, '' AS srcIdExt, service_id AS serviceId, fee_type AS feeType,
      fee_code AS feeCode FROM accounts WHERE id = ?`);
  }

  campaign(id: number): Owner | null {
    if (id === this.lastCampaignId) return this.lastCampaign;
    let c = this.campaigns.get(id);
    if (c === undefined) {
      c = (this.campaignStmt.get(id) as Owner | undefined) ?? null;
      this.campaigns.set(id, c);
    }
    this.lastCampaignId = id;
    this.lastCampaign = c;
    return c;
  }

  account(id: number): Owner {
    if (id === this.lastAccountId) return this.lastAccount!;
    let a = this.accounts.get(id);
    if (!a) {
      a = this.accountStmt.get(id) as Owner;
      this.accounts.set(id, a);
    }
    this.lastAccountId = id;
    this.lastAccount = a;
    return a;
  }
}

/** The one record a scan hands out, row after row. The Msg_Id texts are printed only when read. */
class ScanRecord implements ExportRecord {
  messageId = 0;
  campaignId: number | null = null;
  campaignName: string | null = null;
  accountId = 0;
  accountName = '';
  number = '';
  messageState: MessageState = 'queued';
  segmentState: MessageState | null = null;
  reason: string | null = null;
  text: string | null = null;
  stat: string | null = null;
  result: number | null = null;
  msgIdHigh: number | null = null;
  msgIdLow: number | null = null;
  pkNumber: number | null = null;
  pkTotal = 0;
  createdAt = 0;
  submitAt: number | null = null;
  responseAt: number | null = null;
  reportAt: number | null = null;
  doneTime: string | null = null;
  srcId = '';
  serviceId = '';
  feeType = '';
  feeCode = '';
  billedCount = 0;
  possibleDuplicate = false;
  inDoubt = false;
  sendCount: number | null = null;

  get msgId(): string | null {
    return this.msgIdHigh === null ? null : msgIdDecimal(this.msgIdHigh, this.msgIdLow!);
  }

  get msgId22(): string | null {
    return this.msgIdHigh === null ? null : msgId22(this.msgIdHigh, this.msgIdLow!);
  }

  /** A plain copy that outlives the scan. */
  copy(): ExportRecord {
    return { ...this, msgId: this.msgId, msgId22: this.msgId22 };
  }

  /** Row k of the batch. */
  fill(b: PackedBatch, k: number, owners: Owners): void {
    const nums = b.nums;
    const strs = b.strs;
    const text = b.text;
    const nb = k * NN;
    const sb = k * NT;
    const num = (c: number): number | null => {
      const v = nums[nb + c]!;
      return v !== v ? null : v; // NaN: NULL
    };
    const str = (c: number): string | null => {
      const i = strs[sb + c]!;
      return i < 0 ? null : text[i]!;
    };
    const campaignId = num(2);
    const accountId = nums[nb + 3]!;
    const c = campaignId === null ? null : owners.campaign(campaignId);
    const a = owners.account(accountId);
    const messageState = text[strs[sb + 1]!] as MessageState;
    const segmentState = str(2) as MessageState | null;
    this.createdAt = nums[nb]!;
    this.messageId = nums[nb + 1]!;
    this.campaignId = campaignId;
    this.campaignName = c ? c.name : null;
    this.accountId = accountId;
    this.accountName = a.name;
    this.result = num(4);
    this.msgIdHigh = num(5);
    this.msgIdLow = num(6);
    this.pkNumber = num(7);
    this.pkTotal = nums[nb + 8]!;
    this.submitAt = num(9);
    this.responseAt = num(10);
    this.reportAt = num(11);
    this.billedCount = nums[nb + 12]!;
    this.possibleDuplicate = nums[nb + 13] === 1;
    this.sendCount = num(14);
    this.number = text[strs[sb]!]!;
    this.messageState = messageState;
    this.segmentState = segmentState;
    this.reason = str(3);
    this.stat = str(4);
    this.doneTime = str(5);
    this.srcId = str(6) ?? a.srcId + (c ? c.srcIdExt : '');
    this.serviceId = str(7) ?? (c ? c.serviceId : a.serviceId);
    this.text = str(8) ?? (c ? c.text : null);
    this.feeType = c ? c.feeType : a.feeType;
    this.feeCode = c ? c.feeCode : a.feeCode;
    this.inDoubt = segmentState === 'in_doubt' || (segmentState === null && messageState === 'in_doubt');
  }
}

// ---- batch sources -----------------------------------------------------------------------------

export interface ScanQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** Where batches come from: `pending` while the worker has not delivered the next one. */
interface BatchSource {
  /** Batches come from a worker thread (false in-thread, and after a fallback). */
  readonly threaded: boolean;
  next(): PackedBatch | null | 'pending';
  /** Resolves when next() has something other than `pending` (or rejects: reading failed). */
  wait(): Promise<void>;
  close(): Promise<void>;
}

function inThreadSource(db: Database.Database, queries: readonly ScanQuery[]): BatchSource {
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

function driverPath(): string {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return 'better-sqlite3';
  }
}

type WorkerMessage = { started: true } | { startError: string } | { batch: PackedBatch } | { end: true } | { error: string } | { stopped: true };

/**
 * Batches from a worker. If the worker cannot start (the driver does not load there), reading
 * falls back to the main thread: slower, never wrong.
 */
class WorkerSource implements BatchSource {
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
    private readonly queries: readonly ScanQuery[],
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
      start: { driver: driverPath(), path: this.db.name, queries, numeric: NN, textual: NT, batchRows: BATCH_ROWS, fetch: FETCH, cacheKiB: 8192 },
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

// ---- the scan ----------------------------------------------------------------------------------

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
export function scanInThread(db: Database.Database, queries: readonly ScanQuery[]): ExportScanner {
  return new BatchScan(db, inThreadSource(db, queries));
}

/** The scan read by a worker thread when the database is a file (in-thread otherwise). */
export function scanInWorker(db: Database.Database, queries: readonly ScanQuery[]): ExportReader {
  return new BatchScan(db, db.memory ? inThreadSource(db, queries) : new WorkerSource(db, queries));
}
