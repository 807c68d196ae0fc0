// `template add | edit | list | show | delete` and `campaign create --template ID|NAME`: templates
// with merge fields from the CLI, audited, the campaign keeping its own copy of the text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { runTemplateCommand } from '../../electron/cli/template.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { runCli } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-template-');
const db = tmp.file('t.db');
const tpl = (...argv: string[]) => runCli(runTemplateCommand, [...argv, '--db', db]);

beforeAll(async () => {
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', '7890', '--sp-id', '900001', '--secret', 'x',
    '--version', '2.0', '--service-id', 'CLI', '--src-id', '10690', '--signature', '【测试】',
  ]);
  expect(add.code).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('template command', () => {
  it('adds, lists, shows, edits and deletes templates; a campaign made from one keeps its text', async () => {
    expect((await tpl('list')).out).toEqual(['no templates yet: add one with template add --name NAME --text TEXT']);
    const added = await tpl('add', '--name', '会员日', '--text', '{姓名}您好，会员日全场八折 {城市}店');
    expect(added).toEqual({ code: 0, out: ['template 1 "会员日" created'], err: [] });
    expect((await tpl('add', '--name', 'second', '--text', 'plain', '--json')).code).toBe(0);

    const list = await tpl('list', '--lang', 'zh-CN');
    expect(list.out[0]).toMatch(/^编号\s+名称\s+合并字段\s+修改时间\s+内容$/);
    // By name, as the Composer lists them.
    expect(list.out[2]).toMatch(/^1\s+会员日\s+\{姓名\} \{城市\}\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\s+\{姓名\}您好/);
    expect(list.out[1]).toMatch(/^2\s+second\s+无\s+/);
    const json = JSON.parse((await tpl('list', '--json')).out.join('\n')) as { id: number; name: string; fields: string[] }[];
    expect(json.map((t) => [t.id, t.name, t.fields])).toEqual([[2, 'second', []], [1, '会员日', ['姓名', '城市']]]);

    const show = await tpl('show', '--id', '会员日');
    expect(show.out[0]).toBe('template 1 "会员日"');
    expect(show.out[1]).toBe('merge fields: {姓名} {城市}');
    expect(show.out.at(-1)).toBe('{姓名}您好，会员日全场八折 {城市}店');

    const campaign = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--to', '13800138000', '--template', '1', '--json']);
    // The recipient has no {姓名}: refused at creation, naming the field (a campaign of skipped rows helps nobody).
    expect(campaign.code).toBe(2);
    expect(campaign.err[0]).toMatch(/姓名/);
    expect((await tpl('edit', '--id', '1', '--text', '【测试】{number}您好，会员日全场八折')).out).toEqual(['template 1 "会员日" changed']);
    const made = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--to', '13800138000', '--template', '会员日', '--json']);
    expect(made.code).toBe(0);
    const campaignId = (JSON.parse(made.out.join('\n')) as { id: number }).id;

    expect((await tpl('delete', '--id', '1', '--lang', 'zh-CN')).out).toEqual(['已删除模板 1「会员日」（用它建的任务保留各自的文字）']);
    expect(((JSON.parse((await tpl('list', '--json')).out.join('\n'))) as unknown[]).length).toBe(1);
    const s = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    try {
      expect(s.campaigns.get(campaignId).text).toBe('【测试】{number}您好，会员日全场八折');
      const actions = s.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'template.%' ORDER BY id").pluck().all();
      expect(actions).toEqual(['template.create', 'template.create', 'template.update', 'template.delete']);
    } finally {
      s.close();
    }
  });

  it('refuses bad input with one line and exit 2, in English or Chinese', async () => {
    const cases: [string[], RegExp, RegExp][] = [
      [['add', '--text', 'x'], /^error: --name is required$/, /^错误：缺少 --name$/],
      [['add', '--name', 'second', '--text', 'dup'], /a template named "second" already exists/, /^错误：模板未保存：已有名为“second”的模板$/],
      [['show', '--id', '42'], /no template numbered or named '42'/, /没有编号或名称为 “42” 的模板/],
      [['edit', '--id', 'second'], /nothing to change: give --name or --text/, /没有要修改的内容/],
      [['list', '--text', 'x'], /unknown option --text/, /未知选项 --text/],
      [['rename'], /unknown template command 'rename'/, /未知的 template 子命令/],
    ];
    for (const [argv, en, zh] of cases) {
      const r = await tpl(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(en);
      const z = await tpl(...argv, '--lang', 'zh-CN');
      expect(z.err[0]).toMatch(zh);
    }
    const campaign = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--to', '13800138000', '--template', 'nope']);
    expect(campaign.err).toEqual(["error: no template numbered or named 'nope' (see: template list)"]);
  });
});
