// `reconcile` (docs/protocol.md "Gateway counters and reconciliation") against the simulator over
// TCP and a real SQLite file: a clean day agrees (exit 0) in Chinese and English; after another
// program sends on the same SP_Id the day differs (exit 3), the table marks the lines and names the
// cause with its number in the operator's language, and --json carries the codes; bad input exits 2
// in one line, an unreachable gateway 1.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReconcileCommand } from '../../electron/cli/reconcile.js';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import type { ReconcileReport } from '../../shared/reconcile.js';
import { dayText, statisticsDay } from '../../shared/statistics.js';
import { runCli } from '../services/fixtures/cli.js';
import { fastPool, mobileNumbers, SECRET, SP_ID, tempDir } from '../services/fixtures/engine.js';
import { RawClient, submitPdu } from '../simulator/raw-client.js';
import { until } from '../support/until.js';
import { strayChinese, strayLatinWords } from './lang-words.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = tempDir('cmpp-reconcile-cli-');
const dbPath = tmp.file('desk.db');
let sim: IsmgSimulator;
/** The database as the CLI opens it (its key file beside it), with its account pointing at `port`. */
const openDesk = () => openCliWorkspace(parseArgs(['--db', dbPath], { values: ['db'] }), { pool: fastPool, actor: 'test' });
/** In a Chinese locale, as an operator's shell in China is: --lang en switches. */
const reconcile = (...args: string[]) => runCli(runReconcileCommand, ['--db', dbPath, '--account', 'gw1', ...args], { LANG: 'zh_CN.UTF-8' });

beforeAll(async () => {
  sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0' }], reports: { delayMs: { min: 0, max: 20 } } });
  const ws = openDesk();
  const account = ws.store.accounts.create({ name: 'gw1', host: '127.0.0.1', port: sim.port, version: '3.0', spId: SP_ID, secret: SECRET, serviceId: 'TESTSVC', srcId: '1069000', signature: '' });
  const c = await ws.campaigns.create({ accountId: account.id, text: '【对账】您好', numbers: mobileNumbers(20, 13600000000) });
  await ws.campaigns.start(c.campaign.id);
  expect((await ws.campaigns.waitUntilSettled(c.campaign.id, { intervalMs: 50 })).delivered).toBe(20);
  await sim.sendMo({ from: '13900000001', to: '1069000', text: '你好' });
  await until('the MO stored and acknowledged', () => sim.stats.mosAcked === 1);
  // The CLI opens the database on its own, as beside the app.
  await ws.close();
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

describe('reconcile CLI', () => {
  it('says a clean day agrees, in Chinese by default and in English, and exits 0', async () => {
    const zh = await reconcile('--date', dayText(statisticsDay(Date.now())));
    expect(zh.err).toEqual([]);
    expect(zh.code).toBe(0);
    const zhText = zh.out.join('\n');
    expect(zhText).toContain('gw1（账号 1）');
    expect(zhText).toContain('与网关一致');
    expect(zhText).toMatch(/MT_Tlusr\s+20\s+20\s+0\s+MT 接收用户数/);
    expect(zhText).toMatch(/MO_Scs\s+1\s+1\s+0/);
    expect(zhText).toContain('计费 20 条');
    const en = await reconcile('--lang', 'en');
    expect(en.code).toBe(0);
    expect(en.out.join('\n')).toContain('agrees with the gateway');
    expect(en.out.join('\n')).toMatch(/MT_Scs\s+20\s+20\s+0\s+MT delivered/);
  }, 30_000);

  it('marks the lines another sender on the same SP_Id makes differ, names the cause, and exits 3', async () => {
    // Another program logs in with our SP_Id and sends 3 messages without reports.
    const other = await RawClient.connect(sim.port);
    expect((await other.login(SP_ID, SECRET, 0x30)).Status).toBe(0);
    for (let i = 0; i < 3; i++) {
      await other.request(submitPdu(other.nextSeq(), { Msg_src: SP_ID, Service_Id: 'TESTSVC', Registered_Delivery: 0, Dest_terminal_Id: [`1350000000${i}`] }));
    }
    other.close();

    const json = await reconcile('--json');
    expect(json.code).toBe(3);
    const r = JSON.parse(json.out.join('\n')) as ReconcileReport;
    expect(r).toMatchObject({ equal: false, explained: true, accountName: 'gw1' });
    const tlusr = r.lines.find((l) => l.counter === 'MT_Tlusr')!;
    expect(tlusr).toMatchObject({ gateway: 23, ours: 20, difference: 3, status: 'explained', causes: [{ code: 'other-senders', count: 3 }] });
    expect(r.lines.find((l) => l.counter === 'MT_Scs')).toMatchObject({ difference: 3, causes: [{ code: 'other-senders', count: 3 }] });
    // --json is the same whatever the language.
    const jsonEn = await reconcile('--json', '--lang', 'en');
    expect(JSON.parse(jsonEn.out.join('\n')).lines).toEqual(r.lines);

    const zh = await reconcile('--lang', 'zh-CN');
    expect(zh.code).toBe(3);
    const zhText = zh.out.join('\n');
    expect(zhText).toContain('与网关有差异，原因均已知');
    expect(zhText).toMatch(/\* MT_Tlusr\s+23\s+20\s+\+3/);
    expect(zhText).toContain('网关多计 3 条：可能有其他程序使用同一 SP_Id 发送');
    const counters = ['MT_TLMsg', 'MT_Tlusr', 'MT_Scs', 'MT_WT', 'MT_FL', 'MO_Scs', 'MO_WT', 'MO_FL'];
    expect(strayLatinWords(zhText, ['gw1', ...counters])).toEqual([]);
    const en = await reconcile('--lang', 'en');
    expect(en.code).toBe(3);
    expect(strayChinese(en.out.join('\n'))).toEqual([]);
    expect(en.out.join('\n')).toContain('the gateway counts 3 more than we sent: another program may send on the same SP_Id');
    expect(en.out.join('\n')).toMatch(/\s{2}MT_WT\s+0\s+0\s+0/);
  }, 30_000);

  it('refuses bad input with one line and exit 2, and exits 1 when the gateway cannot be asked', async () => {
    const bad = await reconcile('--date', '2026-13-01');
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual(['错误：--date 应为日历日期 YYYY-MM-DD 或 YYYYMMDD，收到 “2026-13-01”']);
    const badEn = await reconcile('--date', '20261301', '--lang', 'en');
    expect(badEn.err).toEqual(["error: --date must be a calendar day as YYYY-MM-DD or YYYYMMDD, got '20261301'"]);
    expect((await runCli(runReconcileCommand, ['--db', dbPath, '--account', 'nobody', '--lang', 'en'])).err).toEqual(["error: no account named 'nobody' (see account list)"]);

    // A gateway that is not there: a port nobody listens on.
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    const ws = openDesk();
    ws.store.accounts.create({ name: 'gone', host: '127.0.0.1', port, version: '3.0', spId: SP_ID, secret: SECRET, serviceId: 'TESTSVC', srcId: '1069000' });
    await ws.close();
    const gone = await runCli(runReconcileCommand, ['--db', dbPath, '--account', 'gone', '--timeout-ms', '500', '--lang', 'en']);
    expect(gone.code).toBe(1);
    expect(gone.err).toHaveLength(1);
    expect(gone.err[0]).toMatch(/^error: cannot ask the gateway for the counters of account gone: /);
  }, 30_000);

  it('is a command of the CLI: its exit status reaches the shell', async () => {
    // Not spawnSync: the simulator answers from this process's event loop.
    const cli = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string }>((done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.on('error', fail).on('close', (status) => done({ status, stdout }));
      });
    const r = await cli('reconcile', '--db', dbPath, '--account', 'gw1', '--lang', 'en');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('differs from the gateway');
    const help = await cli('reconcile', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: reconcile --account ID|NAME');
  }, 60_000);
});
