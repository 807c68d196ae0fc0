// `campaign create` of a campaign none of whose recipients would be sent to is refused with the
// reason and how to fix it (exit 2, one line), and nothing is written: no draft of skipped rows.
// The Composer's batch plan, walking the same recipients, carries the same refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import { BatchPlanner } from '../../electron/services/composer/batch-plan.js';
import type { Store } from '../../electron/store/store.js';
import { withStore as withDb } from './with-store.js';
import { parseNothingToSend } from '../../shared/nothing-to-send.js';
import { runCli } from '../services/fixtures/cli.js';
import { bundleCli, spawnCli } from '../services/fixtures/cli-process.js';
import { tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-refusal-');
const db = tmp.file('r.db');

const account = (name: string, ...extra: string[]) =>
  runCli(runAccountCommand, [
    'add', '--db', db, '--name', name, '--host', '127.0.0.1', '--port', '7890', '--sp-id', '900001', '--secret', 'x',
    '--version', '2.0', '--service-id', 'CLI', '--src-id', '10690', ...extra,
  ]);

const withStore = <T>(fn: (s: Store) => T): T => withDb(db, fn);

const rows = () => withStore((s) => [s.db.prepare('SELECT count(*) FROM campaigns').pluck().get(), s.db.prepare('SELECT count(*) FROM messages').pluck().get()]);

beforeAll(async () => {
  expect((await account('signed', '--signature', '【测试】')).code).toBe(0);
  expect((await account('plain')).code).toBe(0);
  withStore((s) => {
    s.optOuts.add('13900000001', 'manual');
    s.optOuts.add('13900000002', 'manual');
    const points = s.contacts.createGroup('points');
    const gen = s.contacts.addMembers(points.id, [
      { number: '13900000001', name: '张三', fields: { 积分: '10' } },
      { number: '13600000005', name: '李四', fields: {} },
    ]);
    while (!gen.next().done);
    // Stored as an older import kept them; the campaign checks them again and refuses both.
    const bad = s.contacts.createGroup('bad');
    s.db.prepare(`INSERT INTO contacts (group_id, number, name, fields, created_at) SELECT ?, value, '', '{}', 0 FROM json_each(?)`).run(bad.id, JSON.stringify(['12345', '1380013800']));
  });
}, 30_000);
afterAll(() => tmp.cleanup());

const cli = (...argv: string[]) => runCli(runCampaignCommand, ['create', '--db', db, ...argv]);

describe('campaign create refuses a campaign with nothing to send', () => {
  it('names each cause with its count and the fix, exits 2, and writes nothing', async () => {
    const before = rows();
    const cases: [string[], RegExp][] = [
      [
        ['--account', 'plain', '--to', '13700000001,13700000002', '--text', '促销活动'],
        /^error: nothing to send, so no campaign was created: all 2 recipients would be skipped: 2 no 【签名】 signature \[signature\]\. To fix: put a 【签名】 in the text or set the account's signature$/,
      ],
      [
        ['--account', 'signed', '--to', '13900000001,13900000002', '--text', '周末特惠'],
        /^error: nothing to send, .*all 2 recipients would be skipped: 2 opted out \[opt-out\]\. To fix: choose recipients who have not opted out$/,
      ],
      [
        // The typed number has no 积分; of the group, one member is opted out and one has no 积分.
        ['--account', 'signed', '--group', 'points', '--to', '13700000009', '--text', '您的积分：{积分}'],
        /^error: nothing to send, .*all 3 recipients would be skipped: 2 no value for a merge field \[merge-field\], 1 opted out \[opt-out\]\. To fix: give the recipients a value for each merge field, or take the field out of the text; choose recipients who have not opted out$/,
      ],
      [['--account', 'signed', '--to', 'abc', '--text', '你好'], /^error: nothing to send, .*the only recipient would be skipped: 1 not a valid mobile number \[invalid-number\]\. To fix: give 11-digit mobile numbers$/],
      [['--account', 'signed', '--group', 'bad', '--text', '你好'], /^error: nothing to send, .*all 2 recipients would be skipped: 2 not a valid mobile number \[invalid-number\]/],
    ];
    for (const [argv, line] of cases) {
      const r = await cli(...argv);
      expect(r.err, argv.join(' ')).toHaveLength(1);
      expect(r.err[0], argv.join(' ')).toMatch(line);
      expect(r.code).toBe(2);
      expect(r.out).toEqual([]);
    }
    expect(rows()).toEqual(before);
    // One sendable recipient is enough: the others are stored as skipped, as before.
    const mixed = await cli('--account', 'signed', '--to', '13900000001,13700000003', '--text', '周末特惠', '--json');
    expect(mixed.code).toBe(0);
    expect(JSON.parse(mixed.out.join('\n'))).toMatchObject({ queued: 1, skipped: 1, skippedByReason: { 'opt-out': 1 } });
  });

  it('prints the same one line from the CLI process, and the batch plan carries the same refusal', async () => {
    const bundle = await bundleCli(tmp.file('cli.cjs'));
    const p = spawnCli(bundle, ['campaign', 'create', '--db', db, '--account', 'signed', '--group', 'points', '--to', '13700000009', '--text', '您的积分：{积分}']);
    expect(await p.exit).toBe(2);
    const line = p.err.join('').trimEnd();
    expect(line).toMatch(/^error: nothing to send, so no campaign was created: all 3 recipients/);
    expect(line.split('\n')).toHaveLength(1);
    // In the operator's language: the same causes and fixes, in Chinese.
    const zh = spawnCli(bundle, ['campaign', 'create', '--db', db, '--account', 'signed', '--group', 'points', '--to', '13700000009', '--text', '您的积分：{积分}', '--lang', 'zh-CN']);
    expect(await zh.exit).toBe(2);
    expect(zh.err.join('').trimEnd()).toBe(
      '错误：没有可发送的短信，未创建任务：全部 3 位收件人都会被跳过：合并字段缺值 2 位，已退订 1 位。解决办法：请为收件人补上合并字段的值，或从内容中删去该字段；请选择未退订的收件人。',
    );

    const ws = openCliWorkspace(parseArgs(['--db', db], { values: ['db'] }));
    try {
      const acc = ws.store.accounts.findByName('signed')!;
      const plan = await new BatchPlanner().plan(ws, acc, '您的积分：{积分}', [ws.store.contacts.findGroup('points')!], '13700000009');
      expect(plan.toSend).toBe(0);
      expect(plan.refusal).toEqual(parseNothingToSend(line.replace(/^error: /, '')));
      const ok = await new BatchPlanner().plan(ws, acc, '周末特惠', [], '13700000003');
      expect(ok.refusal).toBeNull();
    } finally {
      await ws.close();
    }
  }, 60_000);
});
