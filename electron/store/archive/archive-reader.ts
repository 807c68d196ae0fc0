// The read-only connection the delivery log uses when a search reaches archived months: the live
// file as `main` (so campaigns and accounts resolve as usual) and each archive ATTACHed under a
// schema named after its month (a2026_05). A connection opened read-only attaches read-only too,
// so nothing can write to an archive through it; the app's own connection never attaches anything
// (its IMMEDIATE transactions would open every attached file).
//
// SQLite allows 10 attached files in this build (SQLITE_MAX_ATTACHED): a query searches at most
// ARCHIVES_PER_QUERY archives; when a search needs others, the connection is reopened with them.
// Each archive is checked at attach time to be at the schema version its search was planned for.
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { StatementCache } from '../log/statement-cache.js';
import { fileIdentity, versionIn } from './archive-version.js';

export const ARCHIVES_PER_QUERY = 9;

export interface ArchiveSource {
  /** The schema name the archive is attached as. */
  schema: string;
  month: string;
  path: string;
  /** The archive's checksum as verified (the journal's): names its anchors kept in the live database. */
  checksum?: string | null;
  /**
   * The schema version the plan found the archive at (archive-version.ts): the file attached must
   * be at it, so the log's statements never run against another version's tables.
   */
  version: number;
}

/** The archive attached is not at the version its search was planned for (replaced meanwhile). */
export class ArchiveVersionError extends StoreError {
  constructor(source: ArchiveSource, found: number) {
    super('conflict', `the archive ${source.path} is at schema version ${found}, not ${source.version}: it changed since the search began; search again`);
    this.name = 'ArchiveVersionError';
  }
}

/** The schema name of a month's archive: a fixed fragment of SQL (letters, digits, underscore). */
export function archiveSchema(month: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new RangeError(`not a month: ${month}`);
  return `a${month.replace('-', '_')}`;
}

export interface ReaderConnection {
  db: Database.Database;
  statements: StatementCache;
}

export class ArchiveReader {
  private current: ReaderConnection | null = null;
  private readonly attached = new Map<string, string>();

  constructor(private readonly livePath: string) {}

  /** The connection with every source attached (reopened when they do not all fit beside the others). */
  connection(sources: readonly ArchiveSource[]): ReaderConnection {
    if (sources.length > ARCHIVES_PER_QUERY) throw new RangeError(`at most ${ARCHIVES_PER_QUERY} archives per query, got ${sources.length}`);
    // A file replaced under its name (an upgrade's rename) is attached again: the old one stays
    // open under the schema name until DETACH.
    const key = (s: ArchiveSource) => `${s.path}|${fileIdentity(s.path) ?? ''}`;
    const keys = new Map(sources.map((s) => [s, key(s)]));
    const wanted = sources.filter((s) => this.attached.get(s.schema) !== keys.get(s));
    if (this.current && this.attached.size + wanted.length > ARCHIVES_PER_QUERY) this.close();
    if (!this.current) {
      const db = new Database(this.livePath, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      this.current = { db, statements: new StatementCache(db) };
    }
    const db = this.current.db;
    for (const s of sources) {
      if (this.attached.get(s.schema) === keys.get(s)) continue;
      const schema = archiveSchema(s.month);
      if (schema !== s.schema) throw new RangeError(`schema ${s.schema} does not name month ${s.month}`);
      if (this.attached.has(schema)) db.exec('DETACH DATABASE ' + schema);
      this.attached.delete(schema);
      db.prepare('ATTACH DATABASE ? AS ' + schema).run(s.path);
      let found = Number.NaN;
      try {
        found = versionIn(db, schema);
      } catch {
        // not an archive: no archive_meta
      }
      if (found !== s.version) {
        db.exec('DETACH DATABASE ' + schema);
        throw new ArchiveVersionError(s, found);
      }
      this.attached.set(schema, keys.get(s)!);
    }
    return this.current;
  }

  close(): void {
    this.current?.db.close();
    this.current = null;
    this.attached.clear();
  }
}
