// How every write transaction of the store begins: IMMEDIATE. A transaction begun DEFERRED takes
// a read snapshot first and asks for the write lock only at its first write; if another connection
// (the app and a CLI run share one file) holds that lock then, SQLite returns SQLITE_BUSY at once
// without calling the busy handler, since waiting could deadlock the two. BEGIN IMMEDIATE takes the
// write lock up front, so it waits busy_timeout like any single statement. Nothing in the store
// calls db.transaction() itself (test/store/immediate-transactions.test.ts checks the sources).
import type Database from 'better-sqlite3';

/** Runs fn in one write transaction begun IMMEDIATE (a savepoint when nested in another). */
export function writeTransaction<T>(db: Database.Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** A reusable write transaction taking arguments (chunked inserts), begun IMMEDIATE. */
export function writeTransactionFn<A extends unknown[], T>(db: Database.Database, fn: (...args: A) => T): (...args: A) => T {
  const tx = db.transaction(fn);
  return (...args: A) => tx.immediate(...args);
}
