// Is this path ours to open? Decided from the file system and the file's 100-byte SQLite header
// alone, BEFORE SQLite opens it: opening creates `-wal`/`-shm` beside the file (and the key file
// follows), so a wrong --db, a read-only place or another program's file must be recognised
// first, and told in words that name the real cause and the path.
//
// Ours: a SQLite file carrying our application_id; a SQLite file without one whose user_version
// is one of our schema versions (written before the id was set); an empty SQLite database; an
// empty (0-byte) file; or a path that does not exist yet in a folder we can write (we create it).
// Layout of the header: https://www.sqlite.org/fileformat.html#the_database_header
import { accessSync, closeSync, constants, openSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { SchemaTooNewError, StoreError } from './errors.js';

/** PRAGMA application_id of a CMPP Desk database: "CMPD". */
export const APPLICATION_ID = 0x434d5044; // 1129140292, written literally where SQL sets it

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

export type DatabaseFileState = 'new' | 'empty' | 'ours';

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError('not-ours', `cannot read ${path}: ${(e as Error).message}`);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readHeader(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new StoreError('read-only', `database file ${path} cannot be read (permission denied)`);
    throw new StoreError('not-ours', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    const got = readSync(fd, buf, 0, HEADER_BYTES, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The folder must let SQLite create and remove `<file>-wal` and `<file>-shm` beside the file. */
function assertFolderWritable(path: string): void {
  const dir = dirname(path);
  if (!writable(dir)) {
    throw new StoreError('read-only', `the folder ${dir} is read-only: CMPP Desk cannot use the database ${path} there (SQLite writes its -wal and -shm files beside it); make the folder writable or choose another path`);
  }
}

/**
 * Checks `path` before it is opened; throws a StoreError naming the cause and the path, or
 * SchemaTooNewError. Creates nothing and changes nothing.
 */
export function checkDatabaseFile(path: string, latestVersion: number): DatabaseFileState {
  const st = statOrNull(path);
  if (st === null) {
    const dir = dirname(path);
    const parent = statOrNull(dir);
    if (parent === null) throw new StoreError('not-ours', `cannot create the database ${path}: the folder ${dir} does not exist`);
    if (!parent.isDirectory()) throw new StoreError('not-ours', `cannot create the database ${path}: ${dir} is not a folder`);
    assertFolderWritable(path);
    return 'new';
  }
  if (st.isDirectory()) throw new StoreError('not-ours', `${path} is a folder, not a database file; give the path of a .db file`);
  if (!st.isFile()) throw new StoreError('not-ours', `${path} is not a regular file (a device, pipe or socket), so not a database`);

  const header = st.size === 0 ? Buffer.alloc(0) : readHeader(path);
  let state: DatabaseFileState;
  if (st.size === 0) {
    // Nothing in it to lose: SQLite makes an empty file a new database (e.g. a path from mktemp).
    state = 'empty';
  } else {
    state = classify(path, header, st.size, latestVersion);
  }
  if (!writable(path)) {
    throw new StoreError('read-only', `the database file ${path} is read-only (mode ${(st.mode & 0o777).toString(8)}): CMPP Desk needs to write it; make it writable (chmod u+w) or use a copy`);
  }
  assertFolderWritable(path);
  return state;
}

function classify(path: string, header: Buffer, size: number, latestVersion: number): DatabaseFileState {
  if (header.length < MAGIC.length || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new StoreError('not-ours', `${path} is not a SQLite database (not a CMPP Desk database); it was left untouched`);
  }
  if (header.length < HEADER_BYTES) {
    throw new StoreError('not-ours', `${path} is truncated: ${size} bytes, shorter than a SQLite header; it was left untouched`);
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const changeCounter = header.readUInt32BE(24);
  const pages = header.readUInt32BE(28);
  const userVersion = header.readInt32BE(60);
  const applicationId = header.readInt32BE(68) >>> 0;
  const validFor = header.readUInt32BE(92);
  // The in-header size is trustworthy only when written by a SQLite that keeps it (3.7.0+). A WAL
  // with frames beside the file makes it short legitimately: a checkpoint that ran out of disk
  // space wrote page 1 but not the pages after it, which are still in the WAL, and SQLite reads
  // them from there.
  if (pages > 0 && changeCounter === validFor && size < pages * pageSize && !walHasFrames(path)) {
    throw new StoreError('not-ours', `${path} is truncated: its header says ${pages * pageSize} bytes, the file has ${size}; it was left untouched (restore it from a backup)`);
  }
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    throw new StoreError('not-ours', `${path} is a SQLite database of another program (application_id 0x${applicationId.toString(16)}), not a CMPP Desk database; it was left untouched`);
  }
  if (userVersion > latestVersion) throw new SchemaTooNewError(userVersion, latestVersion, path);
  if (applicationId === APPLICATION_ID) return 'ours';
  // No id: ours if it carries one of our schema versions (files from before the id), or an
  // empty database (one page: the schema table alone, no tables).
  if (userVersion > 0) return 'ours';
  if (pages <= 1) return 'empty';
  throw new StoreError('not-ours', `${path} is a SQLite database of another program (it has no CMPP Desk schema), not a CMPP Desk database; it was left untouched`);
}

/** A -wal file beside the database holding at least one frame (past its 32-byte header). */
function walHasFrames(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 32;
  } catch {
    return false;
  }
}
