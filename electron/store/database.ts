// Opening the one SQLite file: pragmas, migrations, integrity check, close.
import Database from 'better-sqlite3';
import { APPLICATION_ID, checkDatabaseFile } from './database-file.js';
import { SchemaTooNewError, StoreError } from './errors.js';
import { latestVersion, migrations, type Migration } from './migrations.js';
import { writeTransaction } from './transactions.js';

export type Synchronous = 'NORMAL' | 'FULL';

export interface OpenOptions {
  /**
   * Default NORMAL. In WAL mode NORMAL is durable against a crash or kill of the process (every
   * commit is in the WAL file before the call returns, and the OS writes it even if we die); a
   * power loss or OS crash may lose the last transactions, so nothing is acknowledged before
   * Store.durable() has synced them (docs/architecture.md "Durability"). FULL syncs inside every
   * commit instead, on the main thread, at a large cost in commits per second.
   */
  synchronous?: Synchronous;
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Page cache size in KiB. Default 32 MiB: random inserts into the number index stay in memory. */
  cacheSizeKiB?: number;
  /** For tests of migrations only: stop at this version instead of the latest. */
  targetVersion?: number;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  // Nothing is created beside a file (-wal, -shm) before it is known to be ours (database-file.ts).
  if (path !== ':memory:' && path !== '') checkDatabaseFile(path, latestVersion);
  const db = new Database(path);
  try {
    configure(db, path, options);
    migrate(db, path, options.targetVersion ?? latestVersion);
    // Marks the file as ours for the check above (a header field, not part of the schema).
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) db.pragma('application_id = 1129140292'); // APPLICATION_ID
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function configure(db: Database.Database, path: string, options: OpenOptions): void {
  // Check the version before anything writes to the file (WAL switch included).
  const fileVersion = schemaVersion(db);
  if (fileVersion > latestVersion) throw new SchemaTooNewError(fileVersion, latestVersion, path);

  const busy = options.busyTimeoutMs ?? 5000;
  const cache = options.cacheSizeKiB ?? 32 * 1024;
  const sync = options.synchronous ?? 'NORMAL';
  if (!Number.isInteger(busy) || busy < 0) throw new StoreError('invalid-input', `busyTimeoutMs must be a non-negative integer, got ${busy}`);
  if (!Number.isInteger(cache) || cache <= 0) throw new StoreError('invalid-input', `cacheSizeKiB must be a positive integer, got ${cache}`);
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new StoreError('invalid-input', `synchronous must be NORMAL or FULL, got ${String(sync)}`);

  db.pragma(`busy_timeout = ${busy}`);
  // A new file reclaims space page by page (the log archives give months back with incremental
  // vacuum; docs/architecture.md "Log archives"). Only settable before the first table exists.
  if (fileVersion === 0 && path !== ':memory:' && path !== '' && db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0) {
    db.pragma('auto_vacuum = INCREMENTAL');
  }
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && path !== ':memory:') {
    throw new StoreError('invalid-input', `could not switch ${path} to WAL mode (got ${String(mode)})`);
  }
  db.pragma(`synchronous = ${sync}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = -${cache}`);
  // Keep the WAL file from staying huge after a big enqueue.
  db.pragma('journal_size_limit = 67108864');
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    throw new StoreError('invalid-input', 'this SQLite build refuses foreign_keys = ON');
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration up to `target` in one transaction: all or nothing.
 * `steps` is the list to apply (tests pass a list with a failing step to prove atomicity).
 */
export function migrate(
  db: Database.Database,
  path: string,
  target: number = latestVersion,
  steps: readonly Migration[] = migrations,
): number {
  const supported = steps[steps.length - 1]?.version ?? 0;
  const from = schemaVersion(db);
  if (from > supported) throw new SchemaTooNewError(from, supported, path);
  const pending = steps.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return from;
  // Foreign keys are off while the steps run, as SQLite's ALTER TABLE documentation asks of a table
  // rebuilt under another name ("other kinds of schema changes"): with them on, dropping the old
  // table would first delete its rows and cascade to every row referring to them (a message's
  // segments and their reports). A step keeps every id it copies; the store's integrity check
  // (checkIntegrity) and the upgrade tests check the references afterwards. The pragma is a
  // no-op inside a transaction, so it is set around it.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    writeTransaction(db, () => {
      for (const m of pending) {
        m.up(db);
        // user_version lives in the database header, so it commits or rolls back with the steps.
        db.pragma(`user_version = ${m.version}`);
      }
    });
  } finally {
    db.pragma(foreignKeys === 1 ? 'foreign_keys = ON' : 'foreign_keys = OFF');
  }
  return pending[pending.length - 1]!.version;
}

export interface IntegrityReport {
  ok: boolean;
  /** PRAGMA integrity_check lines other than "ok", then foreign-key violations. */
  problems: string[];
}

/** PRAGMA integrity_check plus PRAGMA foreign_key_check (the crash test's final check). */
export function checkIntegrity(db: Database.Database): IntegrityReport {
  const problems: string[] = [];
  for (const row of db.pragma('integrity_check') as { integrity_check: string }[]) {
    if (row.integrity_check !== 'ok') problems.push(row.integrity_check);
  }
  for (const row of db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]) {
    problems.push(`foreign key: ${row.table} row ${row.rowid} points to a missing ${row.parent}`);
  }
  return { ok: problems.length === 0, problems };
}

/** After SQLITE_FULL: copies the WAL into the main file and cuts it to zero, giving its space back. */
export function truncateWal(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * Under steady writing the checkpoint thread never quite catches up, so the WAL grows up to the
 * main connection's automatic checkpoint (16 MB): on a nearly full disk it refills the disk and
 * leaves no room for the checkpoint that would shrink it. This checkpoints within a quarter of
 * `freeBytes` instead (at least 100 pages, at most the usual 4000).
 */
export function capWal(db: Database.Database, freeBytes: number | undefined): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // An integer computed here, never input: the only value interpolated into this pragma.
  const walPages = freeBytes === undefined ? 1000 : Math.max(100, Math.min(4000, Math.floor(freeBytes / 4 / pageSize)));
  db.pragma(`wal_autocheckpoint = ${walPages}`);
}

/**
 * Checkpoints the WAL into the main file and closes. A checkpoint that fails (a full disk, another
 * program reading) loses nothing: every commit is in the WAL, which the next open reads and
 * checkpoints; so it does not make the close fail, or a command that saved everything exit 1.
 */
export function closeDatabase(db: Database.Database): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // the WAL stays beside the file, complete
  } finally {
    db.close();
  }
}
