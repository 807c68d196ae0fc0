// `account add` / `account list`: secrets from --secret-env (or --secret), the local key file beside
// the database, --json, and one-line errors with a non-zero exit for bad input.
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { defaultDataDir, defaultDbPath } from '../../electron/cli/context.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { runCli } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-account-');
afterAll(() => tmp.cleanup());
const db = tmp.file('a.db');
const base = ['--db', db, '--host', '127.0.0.1', '--port', '7890', '--sp-id', '900001', '--version', '3.0', '--service-id', 'SVC', '--src-id', '106900'];

describe('account command', () => {
  it('adds an account with the secret from an environment variable, encrypted with the key file beside the database', async () => {
    const r = await runCli(runAccountCommand, ['add', '--name', 'gw1', ...base, '--secret-env', 'GW_SECRET', '--rate', '200', '--window', '32', '--connections', '2', '--dest-per-submit', '50'], {
      GW_SECRET: 's3cret',
    });
    expect(r).toEqual({ code: 0, out: ['1'], err: [] });
    const keyFile = LocalKeyCipher.keyPathFor(db);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const store = Store.open({ path: db, cipher: LocalKeyCipher.open(keyFile, { create: false }) });
    try {
      const a = store.accounts.get(1);
      expect(a).toMatchObject({ name: 'gw1', rate: 200, window: 32, connections: 2, destsPerSubmit: 50, secretCipher: 'local-key-file' });
      expect(store.accounts.getSecret(1)).toBe('s3cret');
      const raw = store.db.prepare('SELECT secret FROM accounts WHERE id = 1').pluck().get() as Buffer;
      expect(raw.toString('utf8')).not.toContain('s3cret');
    } finally {
      store.close();
    }
  });

  it('lists accounts as a table and as JSON without secrets', async () => {
    await runCli(runAccountCommand, ['add', '--name', 'gw2', ...base, '--secret', 'x', '--signature', '【公司】']);
    const table = await runCli(runAccountCommand, ['list', '--db', db]);
    expect(table.code).toBe(0);
    expect(table.out[0]).toMatch(/^id\s+name\s+gateway\s+ver/);
    expect(table.out.slice(1).map((l) => l.split(/\s+/)[1])).toEqual(['gw1', 'gw2']);
    const json = await runCli(runAccountCommand, ['list', '--db', db, '--json']);
    const list = JSON.parse(json.out.join('\n')) as Record<string, unknown>[];
    expect(list.map((a) => a.name)).toEqual(['gw1', 'gw2']);
    expect(JSON.stringify(list)).not.toMatch(/secret"|s3cret/);
  });

  it('refuses bad input with one clear line and exit 2, storing nothing', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['add', '--name', 'b1', ...base, '--secret', 'x', '--dest-per-submit', '101'], {}, /destinations per SUBMIT must be an integer from 1 to 99, got 101/],
      [['add', '--name', 'b2', ...base], {}, /a secret is required: --secret-env VAR/],
      [['add', '--name', 'b3', ...base, '--secret-env', 'NOPE'], {}, /environment variable NOPE \(from --secret-env\) is not set/],
      [['add', '--name', 'b4', ...base, '--secret', 'x', '--secret-env', 'A'], { A: 'y' }, /either --secret or --secret-env/],
      [['add', '--name', 'b5', ...base.map((v) => (v === '3.0' ? '4.0' : v)), '--secret', 'x'], {}, /--version must be 2.0 or 3.0/],
      [['add', '--name', 'b6', ...base, '--secret', 'x', '--fee-code', '12ab'], {}, /FeeCode must be 1 to 6 digits/],
      [['add', '--name', 'b7', ...base, '--secret', 'x', '--rate', 'fast'], {}, /--rate must be a whole number/],
      [['add', '--name', 'gw1', ...base, '--secret', 'x'], {}, /an account named "gw1" already exists/],
      [['add', '--name', 'b8', ...base, '--secret', 'x', '--bogus'], {}, /unknown option --bogus/],
      [['frobnicate'], {}, /unknown account command 'frobnicate'/],
    ];
    for (const [argv, env, msg] of cases) {
      const r = await runCli(runAccountCommand, argv, env);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(msg);
      expect(r.out).toEqual([]);
    }
    const json = await runCli(runAccountCommand, ['list', '--db', db, '--json']);
    expect((JSON.parse(json.out.join('\n')) as unknown[]).length).toBe(2);
  });

  it('uses the same per-user data directory as the app', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/CMPP Desk');
    expect(defaultDataDir({}, 'linux')).toMatch(/\.config\/CMPP Desk$/);
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/CMPP Desk$/);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\u\\AppData\\Roaming', 'CMPP Desk'));
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/CMPP Desk/cmpp-desk.db');
  });

  it('is wired into npm run cli (a real process, non-zero exit and one line on bad input)', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const run = promisify(execFile);
    const ok = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'account', 'list', '--db', db, '--json'], { cwd: root });
    expect((JSON.parse(ok.stdout) as unknown[]).length).toBe(2);
    const bad = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'account', 'add', '--name', 'z', ...base, '--secret', 'x', '--dest-per-submit', '101'], { cwd: root }).catch(
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr.trim().split('\n')).toEqual(['error: destinations per SUBMIT must be an integer from 1 to 99, got 101']);
  }, 30_000);
});
