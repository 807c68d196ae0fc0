// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside whichever commit
// crosses the threshold (1000 pages) and copies the WAL into the database file there and then:
// measured 70-250 ms on the 2-core machine during a 1,000,000-row enqueue or a 10,000 messages/s
// campaign, far above the 50 ms stall budget (sessions must keep answering ACTIVE_TEST and the UI
// must keep painting). So a worker thread with its own connection runs PASSIVE checkpoints every
// 100 ms (PASSIVE never blocks the writer, it copies what it can), and the main connection's
// automatic checkpoint moves from 1000 to 4000 pages. Under a steady stream of commits the worker
// never catches up completely, and SQLite starts the WAL file over only after a complete
// checkpoint, so the main connection's own checkpoint still runs now and then, but finds nearly
// everything copied already and only finishes the rest (measured: longest stall 250-370 ms -> ~65 ms
// under load, WAL bounded at ~16 MB). A RESTART checkpoint in the worker was tried and rejected: it
// blocks every write while it waits for readers.
//
// If the worker cannot start (the driver cannot be loaded there), automatic checkpoints are turned
// back on: stalls come back, correctness never depended on this.
import { sqliteDriverPath } from './worker-thread.js';
import { Worker } from 'node:worker_threads';
import type { Store } from './store.js';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 100');
let busy = false;
const tick = () => {
  if (busy) return;
  busy = true;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  } finally {
    busy = false;
  }
};
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'now') {
    tick();
    parentPort.postMessage({ now: true });
    return;
  }
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export class Checkpointer {
  private worker: Worker | undefined;
  private stopped: Promise<void> | undefined;
  private lastError = '';
  private lastErrorAt = 0;
  /** Callers of checkpointNow, in order (the worker answers its messages in order). */
  private waiting: (() => void)[] = [];

  constructor(
    private readonly db: Store['db'],
    private readonly path: string,
    private readonly onError: (message: string) => void,
    private readonly everyMs = 100,
  ) {}

  start(): void {
    if (this.worker || this.path === ':memory:') return;
    // The main connection's own automatic checkpoint stays as a cap: ~16 MB of 4 KiB pages.
    this.db.pragma('wal_autocheckpoint = 4000');
    let worker: Worker;
    try {
      worker = new Worker(WORKER, { eval: true, workerData: { driver: sqliteDriverPath(), path: this.path, everyMs: this.everyMs } });
    } catch (e) {
      this.fallBack(`cannot start the checkpoint worker: ${(e as Error).message}`);
      return;
    }
    worker.unref();
    worker.on('message', (m: { error?: string; now?: true }) => {
      if (m.now) {
        this.waiting.shift()?.();
        return;
      }
      // Said once per cause and minute: it fails every 100 ms while the disk is full.
      if (!m.error || (m.error === this.lastError && Date.now() - this.lastErrorAt < 60_000)) return;
      this.lastError = m.error;
      this.lastErrorAt = Date.now();
      this.onError(`WAL checkpoint failed: ${m.error}`);
    });
    worker.on('error', (e) => {
      this.worker = undefined;
      this.release();
      this.fallBack(`checkpoint worker failed: ${e.message}`);
    });
    worker.on('exit', () => this.release());
    this.worker = worker;
  }

  /**
   * A checkpoint on the worker now, not at its next tick; resolves when it has run (at once without
   * a worker). For a bulk writer on the main thread (the log archive's deletes): after each of its
   * commits the pages it wrote are copied at once, off the main thread, so the main connection's
   * own automatic checkpoint, which runs inside a commit once the WAL is past its cap, finds
   * nothing left to copy instead of a backlog of many MB.
   */
  checkpointNow(): Promise<void> {
    const w = this.worker;
    if (!w) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      w.postMessage('now');
    });
  }

  /** Stops the worker (before the database closes, so the final TRUNCATE checkpoint can run). */
  stop(): Promise<void> {
    const w = this.worker;
    if (!w) return Promise.resolve();
    this.stopped ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => void w.terminate().then(() => resolve()), 3000);
      w.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      w.postMessage('stop');
    });
    this.worker = undefined;
    this.release();
    return this.stopped;
  }

  /** Nobody waits for a checkpoint of a worker that is gone. */
  private release(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private fallBack(message: string): void {
    try {
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    } catch {
      // closing
    }
    this.onError(`${message}; automatic checkpoints are back on (commits may stall)`);
  }
}
