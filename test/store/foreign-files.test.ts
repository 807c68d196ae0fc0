// Files that are not ours: the real CLI pointed (--db) at a random file, a truncated copy, a
// database from a newer build, another program's SQLite database, a folder, a read-only folder and
// a read-only file. Each gives a message naming the real cause and the path, and leaves the folder
// exactly as it was: no key file, no -wal/-shm, no log folder, the file's bytes unchanged.
// The read-only cases run the CLI as an unprivileged user (root writes anything): as `nobody`
// through util-linux's setpriv when the tests run as root.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { openDatabase } from '../../electron/store/database.js';
import { latestVersion } from '../../electron/store/migrations.js';
import { runCli } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = tempDir('cmpp-foreign-');
chmodSync(tmp.dir, 0o755);
afterAll(() => tmp.cleanup());

const SEED = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
console.log(`foreign-files seed ${SEED} (TEST_SEED=${SEED} to repeat)`);
function seededBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

let n = 0;
/** A fresh folder holding only what the case puts there. */
function caseDir(): string {
  const d = tmp.file(`case-${++n}`);
  mkdirSync(d, { mode: 0o777 });
  chmodSync(d, 0o777);
  return d;
}
const listing = (dir: string): string[] => readdirSync(dir).sort();
const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A real database of ours (made by the CLI), for copies. */
let ours = '';
beforeAll(async () => {
  const d = caseDir();
  ours = join(d, 'ours.db');
  const r = await runCli(runAccountCommand, ['add', '--db', ours, '--name', 'gw', '--host', '127.0.0.1', '--port', '7890', '--sp-id', '900001', '--secret-env', 'S', '--version', '3.0', '--service-id', 'S', '--src-id', '1069'], { S: 'abc123' });
  expect(r.code).toBe(0);
  // Make the copy big enough that half of it is a real truncation.
  const db = new Database(ours);
  db.exec('CREATE TEMP TABLE t(x)');
  db.close();
});

async function list(dbPath: string) {
  return runCli(runAccountCommand, ['list', '--db', dbPath]);
}

/** Asserts the CLI refused dbPath with a message matching `cause` and naming the path, touching nothing. */
async function refusesUntouched(dbPath: string, cause: RegExp): Promise<string> {
  const dir = resolve(dbPath, '..');
  const before = listing(dir);
  const hash = statSync(dbPath).isFile() ? digest(dbPath) : null;
  const r = await list(dbPath);
  expect(r.code).not.toBe(0);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(cause);
  expect(r.err[0]).toContain(dbPath);
  expect(listing(dir)).toEqual(before);
  if (hash) expect(digest(dbPath)).toBe(hash);
  return r.err[0]!;
}

describe('a --db that is not ours', () => {
  it('a random file: not a SQLite database', async () => {
    const f = join(caseDir(), 'random.db');
    writeFileSync(f, seededBytes(256 * 1024, SEED));
    await refusesUntouched(f, /not a SQLite database/);
  });

  it('a text file: not a SQLite database', async () => {
    const f = join(caseDir(), 'notes.txt');
    writeFileSync(f, 'meeting at 10\n'.repeat(100));
    await refusesUntouched(f, /not a SQLite database/);
  });

  it('a truncated copy of our database: truncated, with both sizes', async () => {
    const f = join(caseDir(), 'half.db');
    const full = readFileSync(ours);
    writeFileSync(f, full.subarray(0, Math.floor(full.length / 2)));
    await refusesUntouched(f, /truncated/);
  });

  it('a database from a newer build: names both schema versions', async () => {
    const f = join(caseDir(), 'newer.db');
    copyFileSync(ours, f);
    const raw = new Database(f);
    raw.pragma(`user_version = ${latestVersion + 2}`);
    raw.close();
    const msg = await refusesUntouched(f, /newer CMPP Desk/);
    expect(msg).toContain(`version ${latestVersion + 2}`);
  });

  it("another program's SQLite database: not a CMPP Desk database", async () => {
    const f = join(caseDir(), 'other.sqlite');
    const raw = new Database(f);
    raw.exec('CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos(name) VALUES (\'a\')');
    raw.close();
    await refusesUntouched(f, /SQLite database of another program/);
  });

  it('a folder: is a folder', async () => {
    const d = join(caseDir(), 'folder.db');
    mkdirSync(d);
    await refusesUntouched(d, /is a folder/);
    expect(listing(d)).toEqual([]);
  });

  it('a new path and an empty file become databases; the key file appears only with the first secret', async () => {
    const d = caseDir();
    const fresh = join(d, 'fresh.db');
    expect((await list(fresh)).code).toBe(0);
    expect(listing(d)).toEqual(['fresh.db', 'logs']);
    const empty = join(d, 'empty.db');
    writeFileSync(empty, '');
    expect((await list(empty)).code).toBe(0);
    const add = await runCli(runAccountCommand, ['add', '--db', fresh, '--name', 'gw', '--host', '127.0.0.1', '--port', '7890', '--sp-id', '900001', '--secret-env', 'S', '--version', '3.0', '--service-id', 'S', '--src-id', '1069'], { S: 'abc123' });
    expect(add.code).toBe(0);
    expect(listing(d)).toEqual(['empty.db', 'fresh.db', 'fresh.db.key', 'logs']);
    expect(() => openDatabase(fresh).close()).not.toThrow();
  });
});

// ---- read-only: the CLI as an unprivileged user -------------------------------------------------

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const runAs = promisify(execFile);

/** The real CLI in a child process, as `nobody` when we are root. */
async function cliAsUser(argv: string[]): Promise<{ code: number; stderr: string }> {
  const node = process.execPath;
  const cmd = asRoot ? 'setpriv' : node;
  const args = [...(asRoot ? ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', node] : []), '--import', 'tsx', join(root, 'electron/cli.ts'), ...argv];
  try {
    await runAs(cmd, args, { cwd: root, env: { ...process.env, HOME: tmp.dir } });
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stderr: err.stderr ?? '' };
  }
}

/** A database of ours owned by the user the CLI runs as. */
async function userDb(dir: string): Promise<string> {
  const f = join(dir, 'desk.db');
  const r = await cliAsUser(['account', 'list', '--db', f]);
  expect(r.code, r.stderr).toBe(0);
  return f;
}

/** As root: setpriv exists and `nobody` can run our Node on our sources (not so under a 0700 /root checkout). */
const canDropPrivileges = !asRoot || (() => {
  try {
    execFileSync('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(join(root, 'electron/cli.ts'))})`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!canDropPrivileges) console.log(`read-only database tests skipped: running as root, and user nobody cannot run ${process.execPath} on ${root} through setpriv`);

describe.skipIf(!canDropPrivileges)('read-only places', () => {
  it('a read-only folder: says the folder is read-only (not "readonly database"), creates nothing', async () => {
    const d = caseDir();
    const f = await userDb(d);
    const before = listing(d);
    chmodSync(d, 0o555);
    if (asRoot) chownSync(d, NOBODY, NOBODY);
    try {
      const r = await cliAsUser(['account', 'list', '--db', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/folder .* is read-only/);
      expect(r.stderr).toContain(d);
      expect(r.stderr).not.toMatch(/attempt to write a readonly database/);
      expect(listing(d)).toEqual(before);
    } finally {
      chmodSync(d, 0o777);
    }
  }, 30_000);

  it('a read-only file: says the file is read-only and leaves no -wal/-shm behind', async () => {
    const d = caseDir();
    const f = await userDb(d);
    const before = listing(d);
    const hash = digest(f);
    chmodSync(f, 0o444);
    const r = await cliAsUser(['account', 'list', '--db', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/database file .* is read-only/);
    expect(r.stderr).toContain(f);
    expect(listing(d)).toEqual(before);
    expect(digest(f)).toBe(hash);
  }, 30_000);
});
