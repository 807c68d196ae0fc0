// No gateway secret anywhere on disk or in any output: a realistic session (an account added with
// the real CLI, another through the real handler table as the Settings screen does, a connection
// test, contacts imported, a campaign sent to the simulator and waited for, a one-shot send, CSV
// and XLSX exports, listings as text and JSON, the support log at level debug), then every file in
// the data directory (database, WAL, key file, logs, level file), every export and every output
// line is searched for each secret as UTF-8, hex (both cases), base64, base64url, UTF-16LE and
// UTF-16BE. None may contain it.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../../electron/cli/account.js';
import { runCampaignCommand } from '../../../electron/cli/campaign.js';
import { runContactsCommand } from '../../../electron/cli/contacts.js';
import { runExportCommand } from '../../../electron/cli/export.js';
import { runInboxCommand } from '../../../electron/cli/inbox.js';
import { runSendCommand } from '../../../electron/cli/send.js';
import { EventBatcher } from '../../../electron/ipc/events.js';
import { createHandlerTable } from '../../../electron/ipc/handlers.js';
import { createInvoker } from '../../../electron/ipc/register.js';
import { openSupportLog } from '../../../electron/services/support/support-log-file.js';
import { Workspace } from '../../../electron/services/workspace.js';
import { IsmgSimulator } from '../../../electron/simulator/index.js';
import { LocalKeyCipher } from '../../../electron/store/cipher.js';
import { ACCOUNT_DEFAULTS } from '../../../shared/account-defaults.js';
import { runCli, type CliRun } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/engine.js';
import { until } from '../../support/until.js';

const CLI_SECRET = 'Zq7!pass-Kw93xT';
const UI_SECRET = 'Hm4$gate-Rb28yU';
const SECRETS = [CLI_SECRET, UI_SECRET];

/** Every byte form a secret could take in a file or an output. */
function encodings(secret: string): Record<string, Buffer> {
  const utf8 = Buffer.from(secret, 'utf8');
  const le = Buffer.from(secret, 'utf16le');
  const be = Buffer.from(le).swap16();
  return {
    utf8,
    hex: Buffer.from(utf8.toString('hex')),
    HEX: Buffer.from(utf8.toString('hex').toUpperCase()),
    base64: Buffer.from(utf8.toString('base64').replace(/=+$/, '')),
    base64url: Buffer.from(utf8.toString('base64url')),
    'utf-16le': le,
    'utf-16be': be,
  };
}

/** The entries of a zip (an XLSX) uncompressed, found through its central directory. */
function unzipEntries(zip: Buffer): Buffer[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const local = zip.readUInt32LE(p + 42);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    out.push(method === 8 ? inflateRawSync(data) : data);
  }
  return out;
}

/** What a file holds as a reader would see it: its bytes, and for a zip (XLSX) its entries too. */
function contentsOf(file: string): Buffer[] {
  const bytes = readFileSync(file);
  return file.endsWith('.xlsx') ? [bytes, ...unzipEntries(bytes)] : [bytes];
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

const tmp = tempDir('cmpp-secrets-');
const dataDir = join(tmp.dir, 'data');
const exportsDir = join(tmp.dir, 'exports');
const db = join(dataDir, 'cmpp-desk.db');
let sim: IsmgSimulator;
const outputs: { what: string; text: string }[] = [];

async function cli(what: string, run: (argv: string[], io: never) => Promise<number>, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const r = await runCli(run as never, argv, env);
  outputs.push({ what: `cli ${what}`, text: [...r.out, ...r.err].join('\n') });
  expect(r.code, `${what}: ${r.err.join(' ')}`).toBe(0);
  return r;
}

beforeAll(async () => {
  for (const d of [dataDir, exportsDir]) (await import('node:fs')).mkdirSync(d, { recursive: true });
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: [
      { spId: '900001', secret: CLI_SECRET, version: '3.0' },
      { spId: '900002', secret: UI_SECRET, version: '2.0' },
    ],
    reports: { delayMs: { min: 0, max: 10 } },
  });
  // The support log at its most talkative, for the CLI and the "app" alike.
  const level = openSupportLog(dataDir);
  level.setLevel('debug');
  await level.close();
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

describe('secrets at rest', () => {
  it('appear in no file of the data directory, no export and no output, in any encoding', async () => {
    const port = String(sim.port);
    // ---- the CLI: account, contacts, campaign, one-shot send, exports, listings --------------
    await cli('account add', runAccountCommand, ['add', '--db', db, '--name', 'cli-gw', '--host', '127.0.0.1', '--port', port, '--sp-id', '900001', '--secret-env', 'GW', '--version', '3.0', '--service-id', 'SEC', '--src-id', '10690001', '--signature', '【测试】'], { GW: CLI_SECRET });
    const csv = join(tmp.dir, 'contacts.csv');
    writeFileSync(csv, 'number,name\n13800138000,张三\n13800138001,李四\n13800138002,王五\n');
    await cli('contacts import', runContactsCommand, ['import', '--db', db, '--group', 'vip', '--file', csv]);
    const created = await cli('campaign create', runCampaignCommand, ['create', '--db', db, '--account', 'cli-gw', '--group', 'vip', '--text', '会员日专享八折']);
    await cli('campaign start', runCampaignCommand, ['start', '--db', db, '--id', created.out[0]!, '--wait']);
    await cli('campaign status', runCampaignCommand, ['status', '--db', db, '--id', created.out[0]!, '--json']);
    await cli('send', runSendCommand, ['--db', db, '--host', '127.0.0.1', '--port', port, '--sp-id', '900001', '--secret-env', 'GW', '--version', '3.0', '--service-id', 'SEC', '--src-id', '10690001', '--to', '13900000001', '--text', '【测试】hello', '--wait-reports', '--json'], { GW: CLI_SECRET });
    await cli('account list', runAccountCommand, ['list', '--db', db]);
    await cli('account list --json', runAccountCommand, ['list', '--db', db, '--json']);
    await cli('export csv', runExportCommand, ['--db', db, '--format', 'csv', '--out', join(exportsDir, 'log.csv')]);
    await cli('export xlsx', runExportCommand, ['--db', db, '--format', 'xlsx', '--out', join(exportsDir, 'log.xlsx')]);
    await cli('contacts export', runContactsCommand, ['export', '--db', db, '--group', 'vip', '--out', join(exportsDir, 'vip.csv')]);
    await cli('inbox', runInboxCommand, ['--db', db, '--json']);

    // ---- the app's side: the handler table over the same database, as Settings uses it ------
    const log = openSupportLog(dataDir);
    expect(log.level).toBe('debug');
    const ws = Workspace.open({ dbPath: db, cipher: LocalKeyCipher.besideDatabase(db), actor: 'secrets-test', log });
    const events = new EventBatcher({ intervalMs: 50 });
    const invoke = createInvoker(createHandlerTable({ info: { name: 'CMPP Desk', version: 'test', platform: process.platform, versions: { electron: '-', chrome: '-', node: process.versions.node } }, events, workspace: ws, supportLog: log }), () => true);
    const call = async (channel: Parameters<typeof invoke>[1], args?: unknown) => {
      const r = await invoke(null, channel, args === undefined ? [] : [args]);
      outputs.push({ what: `ipc ${channel}`, text: JSON.stringify(r) });
      expect(r.ok, `${channel}: ${JSON.stringify(r)}`).toBe(true);
      return r;
    };
    const settings = { ...ACCOUNT_DEFAULTS, name: 'ui-gw', host: '127.0.0.1', port: sim.port, version: '2.0' as const, spId: '900002', serviceId: 'SEC', srcId: '10690002' };
    const uiAccount = (await call('accounts.create', { settings, secret: UI_SECRET })) as { value: { id: number } };
    // The engine logs in with the stored secret (decrypted through the key file), as the pump does.
    const pool = ws.pool(uiAccount.value.id);
    await until('the account logged in', () => pool.state === 'ready');
    await ws.resetPool(uiAccount.value.id);
    const tested = await call('accounts.test', { settings, secret: UI_SECRET, timeoutMs: 10_000 });
    expect(tested).toMatchObject({ value: { ok: true } });
    await call('accounts.list');
    await call('support.logInfo');
    // A wrong secret too: the refusal is logged (at debug) without either secret.
    const wrong = await invoke(null, 'accounts.test', [{ settings, secret: `${UI_SECRET}x`, timeoutMs: 10_000 }]);
    outputs.push({ what: 'ipc accounts.test (wrong)', text: JSON.stringify(wrong) });
    // While the database is open its -wal and -shm exist: searched as they are now.
    await log.flush();
    const whileOpen = filesUnder(dataDir).map((f) => ({ f: `${f} (while open)`, contents: contentsOf(f) }));
    expect(whileOpen.map((x) => x.f)).toContainEqual(expect.stringContaining('cmpp-desk.db-wal'));
    events.close();
    await ws.close();
    await log.close();

    // ---- the search -------------------------------------------------------------------------
    const files = [...filesUnder(dataDir), ...filesUnder(exportsDir)];
    expect(files.map((f) => f.slice(tmp.dir.length))).toEqual(expect.arrayContaining(['/data/cmpp-desk.db', '/data/cmpp-desk.db.key', '/data/logs/cli.log', '/data/logs/desk.log', '/exports/log.csv', '/exports/log.xlsx']));
    // The log really is at debug and really recorded the session.
    const deskLog = readFileSync(join(dataDir, 'logs', 'desk.log'), 'utf8');
    expect(deskLog).toMatch(/ DEBUG /);
    expect(readFileSync(join(dataDir, 'logs', 'cli.log'), 'utf8')).toContain('campaign-end');
    const found: string[] = [];
    const searched = [...whileOpen, ...files.map((f) => ({ f, contents: contentsOf(f) }))];
    expect(searched.find((x) => x.f.endsWith('log.xlsx'))!.contents.some((c) => c.includes(Buffer.from('13800138000')))).toBe(true);
    for (const secret of SECRETS) {
      for (const [name, bytes] of Object.entries(encodings(secret))) {
        for (const { f, contents } of searched) if (contents.some((c) => c.includes(bytes))) found.push(`${secret} as ${name} in ${f}`);
        for (const o of outputs) if (Buffer.from(o.text, 'utf8').includes(bytes)) found.push(`${secret} as ${name} in ${o.what}`);
      }
    }
    console.log(`searched ${searched.length} files and ${outputs.length} outputs for ${SECRETS.length} secrets in ${Object.keys(encodings('x')).length} encodings`);
    expect(found).toEqual([]);
  }, 120_000);
});
