// The schema version an archive was written at (archive_meta.schema_version), and whether the
// current code may read it (upgrades/registry.ts). Read from the file itself through a short
// read-only connection, and remembered per file: a file replaced (the upgrade's rename, a copy put
// back) has another inode or modification time, and is read again.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { archiveFit, type ArchiveFit } from './upgrades/registry.js';

/** What a file holds: a version, or `unreadable` (not an archive, damaged, no meta). */
export type ArchiveVersion = { version: number; fit: ArchiveFit } | { version: null; fit: 'unreadable' };

interface Known {
  identity: string;
  version: number | null;
}

const known = new Map<string, Known>();

/** The file's identity as the cache knows it: inode, size and modification time; null when it is not there. */
export function fileIdentity(path: string): string | null {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return null;
  }
}

/** A schema name as SQL: `main` or an attached archive's name (archive-reader.ts builds them), nothing else. */
const SCHEMA_NAME = /^(main|a\d{4}_\d{2})$/;

/** The version read from an archive file open on `db` under `schema` (NaN when it has none). */
export function versionIn(db: Database.Database, schema: string): number {
  if (!SCHEMA_NAME.test(schema)) throw new RangeError(`not an archive schema name: ${schema}`);
  const value = db.prepare('SELECT value FROM ' + schema + ".archive_meta WHERE key = 'schema_version'").pluck().get();
  return value === undefined ? Number.NaN : Number(value);
}

/** The archive's version and fit; null when the file is not there. */
export function archiveVersion(path: string): ArchiveVersion | null {
  const identity = fileIdentity(path);
  if (identity === null) return null;
  let entry = known.get(path);
  if (entry?.identity !== identity) {
    entry = { identity, version: readVersion(path) };
    known.set(path, entry);
  }
  return entry.version === null ? { version: null, fit: 'unreadable' } : { version: entry.version, fit: archiveFit(entry.version) };
}

function readVersion(path: string): number | null {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const v = versionIn(db, 'main');
      return Number.isInteger(v) ? v : null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}
