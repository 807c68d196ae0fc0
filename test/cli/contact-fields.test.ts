// Merge fields by column header and the contact groups through the real CLI: a contacts file with a 姓名 column (filed as
// the contact's name) answers {姓名} as well as {name}; a text with a field no recipient has is
// refused at creation, naming the field and the names the recipients have, and nothing is created.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { runContactsCommand } from '../../electron/cli/contacts.js';
import { runCli } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-merge-');
const db = tmp.file('m.db');
afterAll(() => tmp.cleanup());

beforeAll(async () => {
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', '7890', '--sp-id', '900001', '--secret', 'x',
    '--version', '2.0', '--service-id', 'CLI', '--src-id', '10690', '--signature', '【测试】',
  ]);
  expect(add.code).toBe(0);
  const file = tmp.file('vip.csv');
  writeFileSync(file, '手机号,姓名,城市\n13800000001,张三,北京\n13800000002,李四,上海\n13800000003,王五,广州\n');
  const imported = await runCli(runContactsCommand, ['import', '--db', db, '--group', 'vip', '--file', file]);
  expect(imported.code).toBe(0);
}, 30_000);

const campaigns = async () => JSON.parse((await runCli(runCampaignCommand, ['list', '--db', db, '--json'])).out.join('\n')) as { id: number; text: string }[];

describe('merge fields by column header', () => {
  it('answers {姓名} and {手机号} from the columns headed so, like {name} and {number}: nothing is skipped', async () => {
    const r = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--group', 'vip', '--text', '尊敬的{姓名}（{手机号}），{城市}门店欢迎{name}', '--json']);
    expect(r.code, r.err.join('\n')).toBe(0);
    const id = (JSON.parse(r.out.join('\n')) as { id: number }).id;
    const status = JSON.parse((await runCli(runCampaignCommand, ['status', '--db', db, '--id', String(id), '--json'])).out[0]!) as Record<string, number>;
    expect(status).toMatchObject({ queued: 3, skipped: 0, total: 3 });
  });

  it('refuses a text with a merge field no recipient has, naming it and the known names, and creates nothing', async () => {
    const before = (await campaigns()).length;
    const cases: [string[], RegExp][] = [
      [['--group', 'vip', '--text', '{姓名}您好，您的积分为{积分}'], /merge field \{积分\} has no value for any recipient; the recipients have \{number\}, \{name\}, \{城市\}/],
      [['--to', '13900000001', '--text', '{姓名}您好'], /merge field \{姓名\} has no value for any recipient; the recipients have \{number\}/],
    ];
    for (const [argv, msg] of cases) {
      const r = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(msg);
      expect(r.out).toEqual([]);
    }
    expect(await campaigns()).toHaveLength(before);
  });
});

describe('contacts groups', () => {
  it('lists the groups with their member counts, as a table and as JSON', async () => {
    const table = await runCli(runContactsCommand, ['groups', '--db', db]);
    expect(table.code).toBe(0);
    expect(table.out[0]).toMatch(/^id\s+name\s+members\s+created$/);
    expect(table.out.slice(1)).toHaveLength(1);
    expect(table.out[1]).toMatch(/^1\s+vip\s+3\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$/);
    const json = JSON.parse((await runCli(runContactsCommand, ['groups', '--db', db, '--json'])).out.join('\n')) as unknown[];
    expect(json).toEqual([{ id: 1, name: 'vip', size: 3, createdAt: expect.any(Number) }]);
    const bad = await runCli(runContactsCommand, ['groups', '--db', db, 'extra']);
    expect(bad.code).toBe(2);
  });
});
