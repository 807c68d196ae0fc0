// An operator's day through the real CLI, each command its own process (electron/cli.ts bundled once),
// against the built-in simulator over TCP and one SQLite file, beside a running app (a workspace opened
// as the CLI opens it, pumping and logged in: it holds the pump lease, sends what the CLI starts and
// receives the simulator's MOs). In order: a GBK contact file with a 姓名 column and bad rows, a
// template with {姓名}, a campaign scheduled two minutes ahead and watched until it has sent, MOs (an
// opt-out, a keyword answered by an auto-reply, a question answered by hand), the campaign cloned to
// its failed numbers, and the delivery log exported in Chinese and in the machine form.
//
// Time: the app's engine runs on an injected clock (`now`), which the test moves two minutes ahead
// instead of waiting for them. The schedule is enforced by that engine's pump: rounds of it complete
// with nothing sent while its clock is before the schedule, and the campaign goes out once it is past.
// The CLI process watching the campaign keeps the machine's clock, so it tells "scheduled for ..."
// (once: it says what it waits for when that changes) and ends when the campaign has settled.
//
// Which recipients fail is drawn from a seed (printed; OPERATOR_DAY_SEED=<n> repeats a run) and given
// to the simulator as the numbers whose status reports say UNDELIV.
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { LOG_COLUMNS } from '../../electron/services/log/log-export.js';
import type { Workspace } from '../../electron/services/workspace.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { reasons } from '../../shared/reasons.js';
import { dateTimeOffsetText } from '../../shared/time-format.js';
import { prng } from '../cmpp/codec-fuzz-engine.js';
import { bundleCli, spawnCli, type CliProcess } from '../services/fixtures/cli-process.js';
import { fastPool, SECRET, SP_ID, tempDir } from '../services/fixtures/engine.js';
import { until } from '../support/until.js';
import { readLogCsv } from './log-csv.js';

const SRC = '1069001';
const SIGN = '【某某公司】';
const CONTACTS = [
  ['13800000001', '张三'],
  ['13800000002', '李四'],
  ['13800000003', '王五'],
  ['13800000004', '赵六'],
  ['13800000005', '钱七'],
  ['13800000006', '孙八'],
] as const;
const nameOf = new Map<string, string>(CONTACTS);
const greeting = (name: string) => `${SIGN}${name}您好，会员日全场八折，回复TD退订`;

const seed = Number(process.env.OPERATOR_DAY_SEED ?? Date.now() % 100_000);
console.log(`operator-day: failing recipients drawn from seed ${seed} (OPERATOR_DAY_SEED=${seed} to repeat)`);
/** Two of the six recipients fail, the seed says which; the first delivered one opts out later. */
const failing = (() => {
  const random = prng(seed);
  const order: string[] = CONTACTS.map(([n]) => n);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, 2).sort();
})();
const delivered = CONTACTS.map(([n]) => n).filter((n) => !failing.includes(n));
const optOutNumber = delivered[0]!;

const tmp = tempDir('cmpp-operator-day-');
const db = tmp.file('desk.db');
let bundle: string;
let sim: IsmgSimulator;
let app: Workspace;
/** How far the app's clock is ahead of the machine's. */
let shiftMs = 0;

const background = new Set<CliProcess>();
function running(p: CliProcess): CliProcess {
  background.add(p);
  return p;
}

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** Runs one CLI command as its own process on the day's database, in English unless --lang says otherwise. */
async function cli(...argv: string[]): Promise<Ran> {
  const p = spawnCli(bundle, [...argv, '--db', db], { S: SECRET });
  const code = await p.exit;
  return { code, out: p.out.join(''), err: p.err.join('') };
}

async function ok(...argv: string[]): Promise<string> {
  const r = await cli(...argv);
  expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 0, err: '' });
  return r.out;
}

const ucs2 = (b: Buffer) => Buffer.from(b).swap16().toString('utf16le');
const submits = () => sim.received.map((r) => r.pdu).filter((p): p is Submit => p.Command_Id === 'CMPP_SUBMIT');
const submitsTo = (n: string) => submits().filter((p) => p.Dest_terminal_Id.includes(n));

/** Sends an MO from the simulator and waits until the app has stored it. */
async function mo(from: string, text: string, linkId?: string): Promise<void> {
  const before = app.inbox.recent(1)[0]?.id ?? 0;
  await sim.sendMo({ from, to: SRC, text, ...(linkId ? { linkId } : {}) });
  await until(`the MO '${text}' from ${from} stored by the app`, () => (app.inbox.recent(1)[0]?.id ?? 0) > before, 30_000);
}

type Listed = { messages: { id: number; number: string; text: string; handled: boolean; optEvent: string | null }[] };
const unhandled = async () => (JSON.parse(await ok('inbox', '--unhandled', '--json')) as Listed).messages;

beforeAll(async () => {
  bundle = await bundleCli(tmp.file('cli.cjs'));
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0' }],
    reports: { delayMs: { min: 0, max: 20 }, statByNumber: Object.fromEntries(failing.map((n) => [n, 'UNDELIV'])) },
  });
  await ok(
    'account', 'add', '--name', 'gw', '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'S',
    '--version', '3.0', '--service-id', 'SVC', '--src-id', SRC,
  );
  app = openCliWorkspace(parseArgs(['--db', db], { values: ['db'] }), {
    actor: 'app',
    autoPump: true,
    now: () => Date.now() + shiftMs,
    pool: fastPool,
    pump: { leaseTtlMs: 3000, refreshMs: 50 },
  });
  await app.pool(app.store.accounts.findByName('gw')!.id).whenReady();
}, 60_000);

afterAll(async () => {
  // A command a failed step left running ends with the test.
  for (const p of background) if (p.child.exitCode === null) p.child.kill();
  await Promise.all([...background].map((p) => p.exit));
  await app?.close();
  await sim?.stop();
  tmp.cleanup();
});

describe("an operator's day through the CLI", () => {
  let campaignId: number;
  const msgIdOf = new Map<string, string>();

  it('imports a GBK contact file with a 姓名 column, naming each bad row by its line', async () => {
    const rows = [
      '手机号,姓名,城市',
      ...CONTACTS.slice(0, 3).map(([n, name]) => `${n},${name},北京`),
      '1380000000,坏号码,上海',
      `${CONTACTS[0][0]},张三重复,广州`,
      ...CONTACTS.slice(3).map(([n, name]) => `${n},${name},深圳`),
    ];
    const file = tmp.file('会员.csv');
    writeFileSync(file, iconv.encode(`${rows.join('\r\n')}\r\n`, 'gbk'));
    const out = await ok('contacts', 'import', '--group', '会员', '--file', file);
    expect(out).toContain('(CSV, GBK/GB18030, delimiter ",")');
    expect(out).toContain('columns: number = "手机号" (A), name = "姓名", merge fields: 城市');
    expect(out).toContain('rows: 8 read, 6 valid, 1 invalid number(s), 1 duplicate(s) in the file');
    expect(out).toContain('  line 5: "1380000000" is not a valid mobile number: it is not 11 digits (after +86)');
    expect(out).toContain(`  line 6: ${CONTACTS[0][0]} is on line 2 too (the first row is used)`);
    expect(out).toContain('saved 6 contact(s) to group "会员" (new group)');
  }, 60_000);

  it('creates a template with {姓名}', async () => {
    expect(await ok('template', 'add', '--name', '会员日', '--text', greeting('{姓名}'))).toMatch(/会员日/);
    const shown = await ok('template', 'show', '--id', '会员日');
    expect(shown).toContain(greeting('{姓名}'));
    expect(shown).toContain('姓名');
  }, 60_000);

  it('schedules a campaign two minutes ahead; the engine holds it until then, and it sends once the time has come', async () => {
    // A whole second, so the printed time is exactly the schedule.
    const scheduleAt = Math.ceil((app.now() + 120_000) / 1000) * 1000;
    const created = await ok('campaign', 'create', '--account', 'gw', '--group', '会员', '--template', '会员日', '--name', '会员日',
      '--schedule', new Date(scheduleAt).toISOString());
    campaignId = Number(created.trim());
    expect(campaignId).toBeGreaterThan(0);
    expect(await ok('campaign', 'list')).toContain(dateTimeOffsetText(scheduleAt));

    const start = running(spawnCli(bundle, ['campaign', 'start', '--id', String(campaignId), '--wait', '--db', db]));
    const said = () => start.err.join('');
    await until('the campaign running', () => app.campaigns.get(campaignId).state === 'running', 30_000);
    await until('campaign start --wait saying what it waits for', () => said().includes('holds the pump lease') && said().includes(`scheduled for ${dateTimeOffsetText(scheduleAt)}`), 30_000);
    // The app, named with the time it took the lease in the CLI's one time format.
    expect(said()).toMatch(new RegExp(`process ${process.pid} on host .+ \\(since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d\\d:\\d\\d\\) holds the pump lease`));

    // Three rounds of the app's pump, each filling every lane the gate lets it: the schedule holds them.
    const rounds = app.pump.completedRounds;
    await until('three pump rounds', () => app.pump.completedRounds >= rounds + 3, 30_000);
    expect(submits()).toEqual([]);
    const held = JSON.parse(await ok('campaign', 'status', '--id', String(campaignId), '--json')) as Record<string, number>;
    expect(held).toMatchObject({ queued: 6, total: 6, delivered: 0 });

    // Two minutes later on the engine's clock.
    shiftMs = scheduleAt - Date.now() + 1000;
    expect(await start.exit).toBe(0);
    const status = JSON.parse(await ok('campaign', 'status', '--id', String(campaignId), '--json')) as Record<string, number>;
    expect(status).toMatchObject({ total: 6, delivered: 4, failed: 2, queued: 0 });
    expect(said()).toMatch(/delivered 4, failed 2 \(total 6\)/);
    // Said once, not once a second, and no count of queued rows while it waited.
    expect(said().split('scheduled for').length - 1).toBe(1);
    expect(said()).not.toMatch(/queued \d/);
    // Each recipient got the text with its own name, once.
    for (const [number, name] of CONTACTS) {
      const to = submitsTo(number);
      expect(to, number).toHaveLength(1);
      expect(ucs2(to[0]!.Msg_Content)).toBe(greeting(name));
    }
  }, 90_000);

  it('handles the MOs: an opt-out by itself, a keyword by an auto-reply with its LinkID, a question by hand', async () => {
    await ok('autoreply', 'add', '--match', 'exact', '--keyword', '积分', '--reply', `${SIGN}会员日积分翻倍，详情见门店`);
    expect(await ok('autoreply', 'on', '--quiet-hours', 'none')).toMatch(/^auto-replies ON/);

    await mo(optOutNumber, '退订');
    await mo('13900000077', '积分', 'LINK-AUTO-1');
    await mo('13900000088', '请问门店几点关门？', 'LINK-HAND-2');

    // The opt-out: on the list, out of the unhandled list, the event shown in the conversation.
    expect(app.store.optOuts.has(optOutNumber)).toBe(true);
    expect(await ok('inbox', '--number', optOutNumber)).toMatch(/退订\s+\[opted out\]/);

    // The keyword: answered from the MO's Dest_Id with its Service_Id and LinkID, and handled.
    const auto = await until('the auto-reply on the wire', () => submitsTo('13900000077')[0], 30_000);
    expect(auto).toMatchObject({ Src_Id: SRC, LinkID: 'LINK-AUTO-1' });
    expect(ucs2(auto.Msg_Content)).toBe(`${SIGN}会员日积分翻倍，详情见门店`);
    await until('the keyword MO handled', async () => !(await unhandled()).some((m) => m.number === '13900000077'), 30_000);

    // The question is the one thing left for the operator, who answers it from the CLI.
    const left = await unhandled();
    expect(left.map((m) => [m.number, m.text])).toEqual([['13900000088', '请问门店几点关门？']]);
    const reply = JSON.parse(await ok('inbox', 'reply', '--message', String(left[0]!.id), '--text', `${SIGN}每天22:00关门，欢迎光临`, '--json'));
    expect(reply).toMatchObject({ ok: true, number: '13900000088' });
    const [byHand] = submitsTo('13900000088');
    expect(byHand).toMatchObject({ Src_Id: SRC, LinkID: 'LINK-HAND-2' });
    expect(ucs2(byHand!.Msg_Content)).toBe(`${SIGN}每天22:00关门，欢迎光临`);
    expect(await unhandled()).toEqual([]);

    // Both replies are logged like any message, and their status reports come back to the app.
    const autoSent = app.store.audit.forNumber('13900000077').find((e) => e.action === 'autoreply.sent');
    const replies = [(autoSent?.details as { messageId: number }).messageId, (reply as { messageId: number }).messageId];
    await until('both replies delivered', () => replies.every((id) => app.store.deliveryLog.detail(id).message.state === 'delivered'), 30_000);
  }, 90_000);

  it('clones the campaign to its failed numbers and sends it to them only', async () => {
    // The failed handsets are reachable again.
    sim.setReports({ delayMs: { min: 0, max: 20 } });
    const clone = JSON.parse(await ok('campaign', 'clone', '--id', String(campaignId), '--only', 'failed', '--name', '会员日补发', '--json')) as { id: number; recipients: number; queued: number };
    expect(clone).toMatchObject({ recipients: 2, queued: 2 });
    const sent = await cli('campaign', 'start', '--id', String(clone.id), '--wait');
    expect(sent.code).toBe(0);
    expect(sent.err).toMatch(new RegExp(`campaign ${clone.id}: delivered 2 \\(total 2\\)`));
    const status = JSON.parse(await ok('campaign', 'status', '--id', String(clone.id), '--json')) as Record<string, number>;
    expect(status).toMatchObject({ total: 2, delivered: 2 });
    for (const number of failing) {
      const to = submitsTo(number);
      expect(to, number).toHaveLength(2);
      expect(ucs2(to[1]!.Msg_Content)).toBe(greeting(nameOf.get(number)!));
    }
    for (const number of delivered) expect(submitsTo(number), number).toHaveLength(1);
  }, 90_000);

  it('exports the delivery log in Chinese: headers, states and Stat meanings in Chinese, each text with its name, Msg_Id exact', async () => {
    const file = tmp.file('log-zh.csv');
    expect(await ok('export', '--format', 'csv', '--out', file, '--lang', 'zh-CN')).toContain('exported');
    const { raw, header, rows } = readLogCsv(file);
    expect(header.slice(0, 11)).toEqual(['任务ID', '任务', '账号', '手机号', '消息状态', '分段状态', 'Stat(状态报告)', 'Stat含义', 'Result(提交应答)', '原因', '短信内容']);
    const first = rows.filter((r) => r.campaign_id === String(campaignId));
    expect(first).toHaveLength(6);
    for (const r of first) {
      const stored = app.store.deliveryLog.detail(Number(r.message_id)).segments[0]!.msgId!;
      expect(r.msg_id).toBe(stored.toString());
      expect(r.msg_id).toMatch(/^\d{6,20}$/);
      msgIdOf.set(r.number, r.msg_id);
      expect(r).toMatchObject({ campaign: '会员日', account: 'gw', text: greeting(nameOf.get(r.number)!), src_id: SRC });
      if (failing.includes(r.number)) expect(r).toMatchObject({ state: '失败', stat: 'UNDELIV', stat_meaning: '无法送达', reason: '状态报告 Stat UNDELIV' });
      else expect(r).toMatchObject({ state: '已送达', stat: 'DELIVRD', stat_meaning: '成功送达', reason: '' });
    }
    const again = rows.filter((r) => r.campaign_id !== '' && r.campaign_id !== String(campaignId));
    expect(again.map((r) => r.number).sort()).toEqual(failing);
    for (const r of again) expect(r).toMatchObject({ campaign: '会员日补发', state: '已送达', text: greeting(nameOf.get(r.number)!) });
    // The replies are in the log too, with the text each one sent.
    expect(rows.find((r) => r.number === '13900000077')).toMatchObject({ state: '已送达', text: `${SIGN}会员日积分翻倍，详情见门店` });
    expect(rows.find((r) => r.number === '13900000088')).toMatchObject({ state: '已送达', text: `${SIGN}每天22:00关门，欢迎光临` });
    expect(raw).not.toContain('\t');
    const words = new Set(raw.match(/[A-Za-z][A-Za-z_]+/g));
    for (const w of ['delivered', 'failed', 'undeliverable', 'status', 'report', 'yes', 'no']) expect(words.has(w), w).toBe(false);
  }, 60_000);

  it('exports the delivery log in the machine form: column keys, state and Stat codes, stored reasons, the same Msg_Ids', async () => {
    const file = tmp.file('log-machine.csv');
    await ok('export', '--format', 'csv', '--out', file, '--form', 'machine');
    const { header, rows } = readLogCsv(file);
    expect(header).toEqual(LOG_COLUMNS.map((c) => c.key));
    const first = rows.filter((r) => r.campaign_id === String(campaignId));
    expect(first).toHaveLength(6);
    for (const r of first) {
      expect(r.msg_id).toBe(msgIdOf.get(r.number));
      expect(r.text).toBe(greeting(nameOf.get(r.number)!));
      if (failing.includes(r.number)) expect(r).toMatchObject({ state: 'failed', stat: 'UNDELIV', stat_meaning: 'failed', reason: reasons.reportStat('UNDELIV'), in_doubt: '0' });
      else expect(r).toMatchObject({ state: 'delivered', stat: 'DELIVRD', stat_meaning: 'delivered', reason: '', in_doubt: '0' });
    }
  }, 60_000);
});
