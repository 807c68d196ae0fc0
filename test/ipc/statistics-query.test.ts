// The statistics channels through the same wrapped invoker ipcMain uses, over a real Workspace
// (SQLite in a temp dir): bad arguments are refused in main before any handler runs, each with
// the rule it broke as data; a good query answers the store's figures; the export asks where to
// save, writes the table the screen shows (a gateway's Stat neutralised in CSV), and a cancelled
// dialog writes nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { Workspace } from '../../electron/services/workspace.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import type { Envelope, Failure } from '../../shared/ipc/envelope.js';
import { dayText, statisticsDay, type StatisticsResult } from '../../shared/statistics.js';
import { parseCsv } from '../ui/csv-records.js';
import { TestDialogs } from '../ui/data-harness.js';
import { numberColumnOf } from '../../electron/store/message-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'cmpp-stats-ipc-'));
const dialogs = new TestDialogs();
let ws: Workspace;
let invoke: (channel: string, ...args: unknown[]) => Promise<Envelope<unknown>>;
const today = dayText(statisticsDay(Date.now()));

beforeAll(() => {
  ws = Workspace.open({ dbPath: join(dir, 'desk.db'), cipher: new PlaintextCipher(), actor: 'test', autoPump: false });
  const store = ws.store;
  const account = store.accounts.create({ name: 'gw', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'SVC', srcId: '1069' });
  const campaign = store.campaigns.create({ name: '活动', accountId: account.id, text: '【测试】您好' }).id;
  // As the store writes them (message-columns.ts): 0 delivered, its DELIVRD implied; 1 failed; times as delays.
  const insert = store.db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, stat, result, reason, segment_count, billed_count,
    created_at, submitted_after, done_after) VALUES (?, ?, ${numberColumnOf('?')}, ?, ?, ?, ?, 1, 1, ?, ?, ?)`);
  const t = Date.now();
  store.transaction(() => {
    for (let i = 0; i < 5; i++) insert.run(campaign, account.id, `1380000000${i}`, 0, null, null, null, t, 0, 0);
    // A gateway may report anything as Stat: this one would be a formula in a spreadsheet.
    insert.run(campaign, account.id, '13800000010', 1, '=1+1', null, 'status report Stat =1+1', t, 0, 0);
    insert.run(campaign, account.id, '13800000011', 1, null, 7, 'SUBMIT_RESP Result 7 (service code error)', t, 0, 0);
  });
  store.outbox.recount(campaign);
  store.statistics.recount();
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: 't', platform: 'linux', versions: { electron: '-', chrome: '-', node: '-' } },
    events: { setReady() {} },
    workspace: ws,
    dialogs,
  });
  const wrapped = createInvoker(table, () => true);
  invoke = (channel, ...args) => wrapped(null, channel, args);
});

afterAll(async () => {
  await ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

const query = { from: today, to: today };
const exportArgs = { query, table: 'reasons', period: 'day', format: 'csv', lang: 'zh-CN' };

describe('statistics channels', () => {
  it('refuse bad arguments in main, naming the rule broken', async () => {
    const bad: [string, unknown, string][] = [
      ['statistics.query', undefined, 'expected-object'],
      ['statistics.query', { to: today }, 'required'],
      ['statistics.query', { from: '2026-02-30', to: today }, 'not-a-day'],
      ['statistics.query', { from: '2026-1-5', to: today }, 'not-a-day'],
      ['statistics.query', { from: 20261206, to: today }, 'not-a-day'],
      ['statistics.query', { from: '2026-12-07', to: '2026-12-06' }, 'date-range'],
      ['statistics.query', { ...query, by: 'week' }, 'not-in-set'],
      ['statistics.query', { ...query, accountId: 0 }, 'out-of-range'],
      ['statistics.query', { ...query, campaignId: -1 }, 'out-of-range'],
      ['statistics.query', { ...query, campaignId: 1.5 }, 'expected-integer'],
      ['statistics.query', { ...query, sql: 'DROP TABLE messages' }, 'unknown-field'],
      ['statistics.export', { ...exportArgs, table: 'messages' }, 'not-in-set'],
      ['statistics.export', { ...exportArgs, format: 'pdf' }, 'not-in-set'],
      ['statistics.export', { ...exportArgs, period: 'year' }, 'not-in-set'],
      ['statistics.export', { ...exportArgs, lang: 'fr' }, 'not-in-set'],
      ['statistics.export', { ...exportArgs, query: { from: today } }, 'required'],
      ['statistics.export', { ...exportArgs, out: '/etc/passwd' }, 'unknown-field'],
    ];
    for (const [channel, args, rule] of bad) {
      const r = (await invoke(channel, args)) as Failure;
      expect(r.ok, `${channel} ${JSON.stringify(args)}`).toBe(false);
      expect(r.code).toBe('invalid-args');
      expect(r.detail?.code, `${channel} ${JSON.stringify(args)}: ${r.message}`).toBe(rule);
    }
    expect(dialogs.asked).toEqual([]);
    // Days valid and in order, but more than the service reads at once: its own clear refusal.
    const long = (await invoke('statistics.query', { from: '2000-01-01', to: today })) as Failure;
    expect(long).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(long.message).toMatch(/at most \d+ days/);
  });

  it('answer the store figures and export the table the screen shows', async () => {
    const r = await invoke('statistics.query', query);
    if (!r.ok) throw new Error(r.message);
    const result = r.value as StatisticsResult;
    expect(result.totals).toMatchObject({ delivered: 5, failed: 1, refused: 1, submitted: 7 });
    expect(result.groups.map((g) => g.key)).toEqual([today]);

    // Cancelled: nothing written.
    dialogs.nextSave = null;
    expect(await invoke('statistics.export', exportArgs)).toEqual({ ok: true, value: null });
    expect(dialogs.asked.at(-1)).toMatchObject({ kind: 'save', title: '导出统计表', filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv'))).toEqual([]);

    dialogs.nextSave = join(dir, 'reasons.csv');
    const done = await invoke('statistics.export', exportArgs);
    expect(done).toEqual({ ok: true, value: { file: join(dir, 'reasons.csv'), rows: 2 } });
    const rows = parseCsv(readFileSync(join(dir, 'reasons.csv'), 'utf8').slice(1));
    expect(rows[0]).toEqual(['结果', '类型', '代码', '含义', '条数', '占比']);
    // The gateway's Stat starts with '=': written with a leading quote, never as a formula.
    expect(rows.slice(1).map((row) => row.slice(0, 3))).toEqual(
      expect.arrayContaining([
        ['失败', '状态报告 Stat', "'=1+1"],
        ['失败', 'SUBMIT_RESP Result', '7'],
      ]),
    );
    expect(rows.find((row) => row[2] === '7')![3]).toBe('业务代码错');

    dialogs.nextSave = join(dir, 'days.csv');
    expect(await invoke('statistics.export', { ...exportArgs, table: 'periods', lang: 'en' })).toEqual({ ok: true, value: { file: join(dir, 'days.csv'), rows: 1 } });
    const days = parseCsv(readFileSync(join(dir, 'days.csv'), 'utf8').slice(1));
    expect(days.map((d) => d[0])).toEqual(['Period', today, 'Total']);
    expect(days[1]![days[0]!.indexOf('Delivered')]).toBe('5');
  });
});
