// The durability barrier: `durable()` resolves once every commit made before the call is on disk,
// so the engine can acknowledge a DELIVER, or write a SUBMIT, only after what it promises is
// stored (a DELIVER_RESP with Result 0 makes the gateway forget the DELIVER; a SUBMIT whose
// hand-over mark is lost would be resent without the possible-duplicate flag). Why it holds (the
// same argument in docs/architecture.md, "Durability"):
//
// - Commits stay fast: the connection runs WAL with synchronous=NORMAL, so a commit only write()s
//   its frames into the -wal file (the OS page cache) and never waits for the disk. SQLite's
//   documentation (pragma.html#pragma_synchronous): "In WAL mode when synchronous is NORMAL (1),
//   the WAL file is synchronized before each checkpoint and the database file is synchronized
//   after each completed checkpoint and the WAL file header is synchronized when a WAL file begins
//   to be reused after a checkpoint, but no sync operations occur during most transactions."
// - The barrier is an fdatasync of the -wal file on libuv's thread pool (the main thread never
//   blocks on the disk). Linux flushes a file's dirty pages whatever descriptor wrote them, so our
//   own descriptor covers SQLite's writes.
// - Why it covers a commit C that returned before the sync started: (a) if C's frames are still in
//   the -wal file, the fdatasync writes them, with every earlier frame and the WAL header that
//   recovery needs to accept them (wal.html: a frame is valid only if its salts and the running
//   checksum from the header match); (b) if the WAL was reset since (a new writer restarts it only
//   after a checkpoint copied EVERY frame, C's included), the checkpoint synced the database file
//   before it recorded the copy (the quote above), so C is in the synced database file. A
//   checkpoint never removes frames it has not synced into the database first. This holds for
//   every connection that checkpoints (the app's, the checkpointer worker's): none runs with
//   synchronous=OFF, the one setting under which a checkpoint skips its syncs.
// - The -wal file itself: it exists as long as any connection is open (the store's connection is
//   open for the barrier's whole life), so the descriptor stays the live file; its directory entry
//   is made durable once, with an fsync of the directory, before the first barrier resolves.
// - Group commit: the callers of one synchronous run (a turn's report batch, the pump's hand-overs
//   of a flush, the MOs of one socket read) join one group whose sync starts right after that run
//   (a microtask), so it follows every commit the run made. A caller arriving while a sync runs
//   cannot rely on it (it may have started before the caller's commit): it joins a new group,
//   whose sync starts at once beside the running one (MAX_RUNNING in flight), or when one of them
//   ends: nobody waits for a stale sync to end before their own begins, and the disk sees a few
//   syncs at a time, not one per commit.
// - macOS: fsync reaches the drive but not past its write cache (as SQLite's own syncs, unless
//   PRAGMA fullfsync); Node has no F_FULLFSYNC.
// - The main database file is never opened here: closing any descriptor of a file drops every
//   POSIX lock the process holds on it, SQLite's included.
import { close, fdatasync, fsync, open } from 'node:fs';
import { dirname } from 'node:path';

const noop = (): void => undefined;
/** Syncs in flight at most: a caller never waits for a sync that began before its commit to end first. */
const MAX_RUNNING = 2;

function openFile(path: string, flags: string): Promise<number> {
  return new Promise((ok, fail) => open(path, flags, (e, fd) => (e ? fail(e) : ok(fd))));
}

function call(fn: (fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => void, fd: number): Promise<void> {
  return new Promise((ok, fail) => fn(fd, (e) => (e ? fail(e) : ok())));
}

interface Group {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function group(): Group {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

export class WalSync {
  private fd: number | undefined;
  private opening: Promise<number | undefined> | undefined;
  private readonly running = new Set<Promise<void>>();
  /** Callers waiting for a sync that has not started yet. */
  private waiting: Group | undefined;
  private closed = false;
  private dirSynced = false;
  /** Barriers completed, and the time they took in all (tests and the benchmark read them). */
  syncs = 0;
  syncMs = 0;

  /**
   * @param dbPath the database file ('' or ':memory:' = nothing on disk, every barrier resolves)
   * @param enabled false = commits are already synced (synchronous=FULL), or the caller chose not to wait
   */
  constructor(
    private readonly dbPath: string,
    private readonly enabled: boolean,
  ) {}

  /** Resolves when every commit made before this call is on disk; rejects if the sync failed. */
  durable(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    if (!this.enabled || this.dbPath === '' || this.dbPath === ':memory:') return Promise.resolve();
    if (!this.waiting) {
      this.waiting = group();
      queueMicrotask(() => this.startWaiting());
    }
    return this.waiting.promise;
  }

  /** No barrier after this; the descriptor closes once a running sync ends. */
  close(): void {
    this.closed = true;
    const release = (): void => {
      if (this.fd === undefined) return;
      const fd = this.fd;
      this.fd = undefined;
      close(fd, noop);
    };
    this.waiting?.reject(new Error('the database is closed'));
    this.waiting = undefined;
    void Promise.allSettled([...this.running]).then(release);
  }

  /** Starts the waiting group's sync unless MAX_RUNNING run (the end of one starts it then). */
  private startWaiting(): void {
    const g = this.waiting;
    if (!g || this.running.size >= MAX_RUNNING) return;
    this.waiting = undefined;
    const p: Promise<void> = this.syncOnce()
      .then(g.resolve, g.reject)
      .finally(() => {
        this.running.delete(p);
        this.startWaiting();
      });
    this.running.add(p);
  }

  private async syncOnce(): Promise<void> {
    const t0 = performance.now();
    if (this.fd === undefined) {
      this.opening ??= this.openWal().finally(() => (this.opening = undefined));
      const fd = await this.opening;
      // No -wal file: no commit has gone through a WAL yet, so there is nothing to sync.
      if (fd === undefined) return;
    }
    await call(fdatasync, this.fd!);
    if (!this.dirSynced) await this.syncDirectory();
    this.syncs++;
    this.syncMs += performance.now() - t0;
  }

  private async openWal(): Promise<number | undefined> {
    if (this.fd !== undefined) return this.fd;
    let fd: number;
    try {
      fd = await openFile(`${this.dbPath}-wal`, 'r+');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    if (this.closed) {
      close(fd, noop);
      throw new Error('the database is closed');
    }
    this.fd = fd;
    return fd;
  }

  private async syncDirectory(): Promise<void> {
    // Windows cannot open a directory for a sync (and its file system keeps the entry with the
    // file's own flush); elsewhere the directory's fsync makes the -wal file's name durable.
    if (process.platform === 'win32') {
      this.dirSynced = true;
      return;
    }
    const fd = await openFile(dirname(this.dbPath), 'r');
    try {
      await call(fsync, fd);
      this.dirSynced = true;
    } finally {
      close(fd, noop);
    }
  }
}
