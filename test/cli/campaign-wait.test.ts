// `campaign start --id N --wait` says what it waits for, when that changes: connecting, refused and
// retrying, logged in, window full, scheduled, quiet hours, counts. A login the gateway refuses
// (CONNECT_RESP Status 3, a wrong secret) ends the wait at once with the reason, told once, and the
// campaign paused with it, visible in `campaign status` and `campaign list` (both languages).
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { runRulesCommand } from '../../electron/cli/rules.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { runCli } from '../services/fixtures/cli.js';
import { bundleCli, spawnCli } from '../services/fixtures/cli-process.js';
import { SECRET, SP_ID, tempDir } from '../services/fixtures/engine.js';
import { until } from '../support/until.js';

const tmp = tempDir('cmpp-cli-wait-');
let sim: IsmgSimulator;
let bundle: string;

beforeAll(async () => {
  sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '2.0' }], reports: { delayMs: { min: 0, max: 10 } } });
  bundle = await bundleCli(tmp.file('cli.cjs'));
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

async function account(db: string, port: number, secret: string, extra: string[] = []): Promise<void> {
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(port), '--sp-id', SP_ID, '--secret', secret,
    '--version', '2.0', '--service-id', 'CLI', '--src-id', '10690', '--signature', '【测试】', ...extra,
  ]);
  expect(add.code).toBe(0);
}

const campaign = (db: string, ...argv: string[]) => runCli(runCampaignCommand, [...argv, '--db', db]);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

describe('campaign start --wait', () => {
  it('ends at once on a refused login (Status 3), says why once, and leaves the campaign paused with the reason', async () => {
    const db = tmp.file('refused.db');
    await account(db, sim.port, 'wrong-secret');
    expect((await campaign(db, 'create', '--account', 'gw', '--to', '13800138000,13800138001', '--text', '你好')).out).toEqual(['1']);

    const run = await campaign(db, 'start', '--id', '1', '--wait');
    expect(run.code).toBe(1);
    const reason = 'account gw cannot log in: the gateway refused the login with Status 3 (authentication error)';
    const told = run.err.filter((l) => l.includes('cannot log in'));
    expect(told).toEqual([`error: campaign 1 paused: ${reason}. Fix the account, then: campaign resume --id 1 and campaign start --id 1`]);
    expect(run.err).toContain(`connecting to 127.0.0.1:${sim.port} (account gw)`);
    // No line is said twice in a row: the watch tells changes, not a heartbeat.
    expect(run.err.filter((l, i) => l === run.err[i - 1])).toEqual([]);

    const status = await campaign(db, 'status', '--id', '1');
    expect(status.out[0]).toBe('campaign 1 "' + status.out[0]!.split('"')[1] + '" paused');
    expect(status.out[1]).toBe(`paused because: ${reason}`);
    expect(JSON.parse((await campaign(db, 'status', '--id', '1', '--json')).out[0]!)).toMatchObject({ queued: 2, total: 2 });
    expect(JSON.parse((await campaign(db, 'list', '--json')).out.join('\n'))).toMatchObject([{ id: 1, state: 'paused', pauseReason: reason }]);
    const list = await campaign(db, 'list');
    expect(list.out[1]).toMatch(/^1\s+.*\s+paused\s+gw\s+2\s/);
    expect(list.out).toContain(`campaign 1 paused: ${reason}`);
    const zh = await campaign(db, 'list', '--lang', 'zh-CN');
    expect(zh.out[0]).toMatch(/^编号\s+名称\s+状态\s+账号\s+合计\s+创建时间\s+定时发送$/);
    expect(zh.out[1]).toMatch(/^1\s+.*\s+已暂停\s+gw\s+2\s/);
    expect(zh.out).toContain('任务 1 暂停原因：账号 gw 无法登录：网关拒绝登录，Status 3（认证错）');
    const zhStatus = await campaign(db, 'status', '--id', '1', '--lang', 'zh-CN');
    expect(zhStatus.out[1]).toBe('暂停原因：账号 gw 无法登录：网关拒绝登录，Status 3（认证错）');
    expect(zhStatus.out).toContainEqual(expect.stringMatching(/^排队中\s+2$/));

    // In Chinese through the real CLI: the same story, the reason once.
    await campaign(db, 'resume', '--id', '1');
    const p = spawnCli(bundle, ['campaign', 'start', '--id', '1', '--wait', '--db', db], { LANG: 'zh_CN.UTF-8' });
    expect(await p.exit).toBe(1);
    const err = p.err.join('').trimEnd().split('\n');
    expect(err.filter((l) => l.includes('无法登录'))).toEqual([
      '错误：任务 1 已暂停：账号 gw 无法登录：网关拒绝登录，Status 3（认证错）。修正账号后执行 campaign resume --id 1，再执行 campaign start --id 1',
    ]);
    expect(err[0]).toBe(`正在连接 127.0.0.1:${sim.port}（账号 gw）`);
  }, 60_000);

  it('says it is connecting, that the connection is refused and when it retries, then that it logged in, and ends with the counts', async () => {
    const db = tmp.file('retry.db');
    const port = await freePort();
    await account(db, port, SECRET);
    expect((await campaign(db, 'create', '--account', 'gw', '--to', '13800138000', '--text', '你好')).code).toBe(0);
    const lines: string[] = [];
    const out: string[] = [];
    const running = runCampaignCommand(['start', '--id', '1', '--wait', '--db', db], { out: (l) => out.push(l), err: (l) => lines.push(l), env: {} });
    await until('a refused connection and its retry', () => lines.some((l) => /retry in \d+ s$/.test(l)), 30_000);
    const late = await IsmgSimulator.start({ port, accounts: [{ spId: SP_ID, secret: SECRET, version: '2.0' }], reports: { delayMs: 0 } });
    try {
      expect(await running).toBe(0);
    } finally {
      await late.stop();
    }
    expect(lines[0]).toBe(`connecting to 127.0.0.1:${port} (account gw)`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^cannot connect to 127\\.0\\.0\\.1:${port} \\(account gw\\): .*ECONNREFUSED.*; retry in \\d+ s$`)));
    expect(lines).toContain(`logged in to 127.0.0.1:${port} (account gw)`);
    expect(lines.at(-1)).toBe('campaign 1: delivered 1 (total 1)');
    expect(out).toEqual(['campaign 1 completed']);
    expect(lines.filter((l, i) => l === lines[i - 1])).toEqual([]);
  }, 60_000);

  it('says once that the window is full when every slot waits for its response', async () => {
    const db = tmp.file('window.db');
    await account(db, sim.port, SECRET, ['--window', '1']);
    expect((await campaign(db, 'create', '--account', 'gw', '--to', '13800138000,13800138001,13800138002,13800138003', '--text', '你好')).code).toBe(0);
    sim.faults.delayResponses(300);
    try {
      const run = await campaign(db, 'start', '--id', '1', '--wait');
      expect(run.code).toBe(0);
      expect(run.err.filter((l) => l.startsWith('window full'))).toEqual(["window full: 1 SUBMITs await the gateway's responses; sending as fast as it answers"]);
    } finally {
      sim.faults.delayResponses(0);
    }
  }, 60_000);

  it('says "scheduled for" with the local time and offset instead of counting queued rows, then starts on time', async () => {
    const db = tmp.file('scheduled.db');
    await account(db, sim.port, SECRET);
    const at = new Date(Date.now() + 3000);
    expect((await campaign(db, 'create', '--account', 'gw', '--to', '13800138000', '--text', '你好', '--schedule', at.toISOString())).code).toBe(0);
    const p = spawnCli(bundle, ['campaign', 'start', '--id', '1', '--wait', '--db', db], { TZ: 'Asia/Shanghai' });
    expect(await p.exit).toBe(0);
    const err = p.err.join('').trimEnd().split('\n');
    const shanghai = new Date(at.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    expect(err[0]).toBe(`scheduled for ${shanghai} +08:00; waiting to start`);
    expect(err.filter((l) => l.startsWith('scheduled for'))).toHaveLength(1);
    // Nothing counted while it waited for its time: the first counts come after the start.
    expect(err.findIndex((l) => l.startsWith('campaign 1:'))).toBeGreaterThan(err.findIndex((l) => l.startsWith('connecting')));
    const status = await campaign(db, 'status', '--id', '1');
    expect(status.out[1]).toMatch(/^scheduled for \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$/);
  }, 60_000);

  it('says "quiet hours until HH:MM" while the quiet hours hold sends back', async () => {
    const db = tmp.file('quiet.db');
    await account(db, sim.port, SECRET);
    // Quiet hours around now in China Standard Time, ending in about two hours.
    const cst = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(11, 16);
    const start = cst(Date.now() - 3600_000);
    const end = cst(Date.now() + 2 * 3600_000);
    expect((await runCli(runRulesCommand, ['set', '--quiet-hours', `${start}-${end}`, '--db', db])).code).toBe(0);
    expect((await campaign(db, 'create', '--account', 'gw', '--to', '13800138000', '--text', '你好')).code).toBe(0);
    const p = spawnCli(bundle, ['campaign', 'start', '--id', '1', '--wait', '--db', db, '--lang', 'zh-CN']);
    let said = '';
    p.child.stderr!.on('data', () => (said = p.err.join('')));
    await until('the quiet hours line', () => said.includes('免打扰时段'), 30_000);
    p.child.kill('SIGINT');
    await p.exit;
    expect(said.trimEnd().split('\n').filter((l) => l.includes('免打扰'))).toEqual([`免打扰时段，北京时间 ${end} 结束，之前不发送`]);
  }, 60_000);
});
