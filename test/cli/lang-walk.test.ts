// Every command's typical human output and a typical error, run through the real CLI (in-process,
// as electron/cli.ts main() runs it): under --lang zh-CN no Latin-alphabet word that is not a
// protocol term, a flag or command name, or the test's own data; under --lang en no Chinese but the
// data; and --json the same in both languages.
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runAutoreplyCommand } from '../../electron/cli/autoreply.js';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { runContactsCommand } from '../../electron/cli/contacts.js';
import { runInboxCommand } from '../../electron/cli/inbox.js';
import { runPduCommand } from '../../electron/cli/pdu.js';
import { runRulesCommand } from '../../electron/cli/rules.js';
import { runTemplateCommand } from '../../electron/cli/template.js';
import { decMsgId, deliver, SRC_ID, ucs2 } from '../services/inbox-harness.js';
import { runCli, type CliRun } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';
import { strayChinese, strayLatinWords, walk } from './lang-words.js';

const tmp = tempDir('cmpp-cli-lang-walk-');
afterAll(() => tmp.cleanup());

const text = (r: CliRun) => [...r.out, ...r.err].join('\n');

describe('every command speaks the operator language', () => {
  it('the check finds English words in Chinese output and Chinese in English output, data and protocol terms aside', () => {
    expect(strayLatinWords('no accounts (add one with: account add ...)', [], ['account', 'add'])).toEqual(['no', 'accounts', 'one', 'with']);
    expect(strayLatinWords('错误：--version 应为 2.0 或 3.0，收到 “4.0”；SP_Id 与 Msg_Id 照旧，文件 /tmp/a.csv', ['4.0'])).toEqual([]);
    expect(strayChinese('group "老客户" has 3 contacts, 已退订 1', ['老客户'])).toEqual(['已退订']);
  });

  it('account: the list, its empty state and its errors', async () => {
    const db = tmp.file('account.db');
    await walk('account list (empty)', runAccountCommand, ['list', '--db', db], [], { json: true });
    const base = ['--db', db, '--host', '127.0.0.1', '--port', '7890', '--sp-id', '901234', '--secret', 'x', '--version', '3.0', '--service-id', 'MI', '--src-id', '10690001'];
    const added = await runCli(runAccountCommand, ['add', '--name', 'gw', ...base, '--signature', '【公司】']);
    expect(added.code, text(added)).toBe(0);
    await walk('account list', runAccountCommand, ['list', '--db', db], ['gw', '【公司】', 'MI'], { json: true });
    await walk('account add (bad version)', runAccountCommand, ['add', '--name', 'b', ...base.slice(0, -8), '--version', '4.0'], ['4.0'], { code: 2 });
    await walk('account add (no secret)', runAccountCommand, ['add', '--name', 'b', '--db', db, '--host', 'h', '--port', '1', '--sp-id', '1', '--version', '2.0', '--service-id', 'S', '--src-id', '1'], ['VAR', 'X'], { code: 2 });
    await walk('account frob', runAccountCommand, ['frob'], ['frob'], { code: 2 });
  });

  it('contacts: groups, an import with bad rows (the wizard own problem texts), export, errors', async () => {
    const db = tmp.file('contacts.db');
    await walk('contacts groups (empty)', runContactsCommand, ['groups', '--db', db], ['G', 'F'], { json: true });
    const f = tmp.file('gbk.csv');
    writeFileSync(f, iconv.encode('手机号,姓名,城市\r\n13800138000,张三,北京\r\n1380013800,李四,上海\r\n+86 138 0013 8000,王五,广州\r\n13900139000,赵六,深圳\r\n', 'gbk'));
    const dry = await walk('contacts import --dry-run', runContactsCommand, ['import', '--db', db, '--group', '老客户', '--file', f, '--dry-run'], ['老客户', '手机号', '姓名', '城市', '+86 138 0013 8000']);
    expect(dry.zh.out).toContain('  第 3 行（1380013800）：号码不是 11 位（去掉 +86 后）');
    expect(dry.zh.out).toContain('  第 4 行（+86 138 0013 8000）：13800138000 与第 2 行重复，只导入第一行');
    await walk('contacts import', runContactsCommand, ['import', '--db', db, '--group', '老客户', '--file', f], ['老客户', '手机号', '姓名', '城市', '+86 138 0013 8000']);
    await walk('contacts groups', runContactsCommand, ['groups', '--db', db], ['老客户']);
    await walk('contacts export', runContactsCommand, ['export', '--db', db, '--group', '老客户', '--out', tmp.file('out.csv')], ['老客户']);
    await walk('contacts export (no group)', runContactsCommand, ['export', '--db', db, '--group', '新客户', '--out', tmp.file('x.csv')], ['新客户'], { code: 1 });
    await walk('contacts import (no file)', runContactsCommand, ['import', '--db', db, '--group', 'x'], ['x'], { code: 2 });
    // A file whose number column has no known header: the warning is worded from its code.
    const headless = tmp.file('headless.csv');
    writeFileSync(headless, '客户,城市\r\n13800138000,北京\r\n');
    const warned = await walk('contacts import (no number header)', runContactsCommand, ['import', '--db', db, '--group', '新客户', '--file', headless, '--dry-run'], ['新客户', '客户', '城市', '北京']);
    expect([...warned.zh.out, ...warned.zh.err].join('\n')).toContain('把第一列（“客户”）当作号码列');
  });

  it('errors of the engine (a name taken, a value refused, a state) in the operator language, not main\'s English', async () => {
    const db = tmp.file('engine-errors.db');
    expect((await runCli(runTemplateCommand, ['add', '--db', db, '--name', '会员日', '--text', '【测试】你好'])).code).toBe(0);
    const taken = await walk('template add (name taken)', runTemplateCommand, ['add', '--db', db, '--name', '会员日', '--text', '【测试】再见'], ['会员日', '【测试】再见'], { code: 2 });
    expect(taken.zh.err).toEqual(['错误：模板未保存：已有名为“会员日”的模板']);
    const rules = await walk('rules set (no opt-out keyword)', runRulesCommand, ['set', '--db', db, '--opt-out-keywords', ''], [], { code: 2 });
    expect(rules.zh.err).toEqual(['错误：规则未保存：请至少保留一个退订关键词：商业短信必须提供退订方式']);
    await walk('rules set (quiet hours that do not differ)', runRulesCommand, ['set', '--db', db, '--quiet-hours', '08:00-08:00'], ['08:00-08:00'], { code: 2 });
  });

  it('autoreply: the switch, rules, and its errors', async () => {
    const db = tmp.file('autoreply.db');
    const data = ['价格', '【测试】每月10元', '。', 'exact', 'prefix', 'pattern', 'fuzzy', '(a+)+$', 'HH:MM-HH:MM'];
    await walk('autoreply list (empty)', runAutoreplyCommand, ['list', '--db', db], data, { json: true });
    await walk('autoreply add', runAutoreplyCommand, ['add', '--db', db, '--match', 'exact', '--keyword', '价格', '--reply', '【测试】每月10元'], data);
    await walk('autoreply list', runAutoreplyCommand, ['list', '--db', db], data, { json: true });
    await walk('autoreply on', runAutoreplyCommand, ['on', '--db', db, '--quiet-hours', '22:00-08:00'], [...data, '22:00-08:00']);
    await walk('autoreply add (bad match)', runAutoreplyCommand, ['add', '--db', db, '--match', 'fuzzy', '--keyword', 'a', '--reply', 'x'], [...data, 'a', 'x'], { code: 2 });
    const empty = await walk('autoreply add (punctuation only)', runAutoreplyCommand, ['add', '--db', db, '--match', 'exact', '--keyword', '。', '--reply', '谢谢'], [...data, '谢谢'], { code: 2 });
    expect(empty.zh.err).toEqual(['错误：输入无效：关键词“。”去掉空格和标点后为空']);
    const nested = await walk('autoreply add (unsafe pattern)', runAutoreplyCommand, ['add', '--db', db, '--match', 'pattern', '--keyword', '(a+)+$', '--reply', '谢谢'], [...data, '谢谢', 'a', 'b'], { code: 2 });
    expect(nested.zh.err[0]).toMatch(/^错误：输入无效：关键词无效：重复的分组里不能再有重复/);
    await walk('autoreply on (bad quiet hours)', runAutoreplyCommand, ['on', '--db', db, '--quiet-hours', 'noon'], [...data, 'noon', 'none'], { code: 2 });
    await walk('autoreply delete (no id)', runAutoreplyCommand, ['delete', '--db', db], data, { code: 2 });
    await walk('autoreply delete (unknown rule)', runAutoreplyCommand, ['delete', '--db', db, '--id', '99'], data, { code: 2 });
    await walk('autoreply frob', runAutoreplyCommand, ['frob', '--db', db], [...data, 'frob'], { code: 2 });
  });

  it('inbox: conversations, one number, unhandled, a search, marking handled, errors', async () => {
    const db = tmp.file('inbox.db');
    const ws = openCliWorkspace(parseArgs(['--db', db], { values: ['db'] }));
    try {
      const acc = ws.store.accounts.create({ name: 'gw', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'SVC', srcId: SRC_ID }).id;
      ws.store.campaigns.create({ name: 'promo', accountId: acc, text: '【测试】促销', srcIdExt: '88' });
      const t0 = Date.now() - 60_000;
      ws.inbox.acceptMo(acc, deliver({ Msg_Id: decMsgId(1), Src_terminal_Id: '13800000001', Dest_Id: SRC_ID, Msg_Content: ucs2('你好') }), { receivedAt: t0 });
      ws.inbox.acceptMo(acc, deliver({ Msg_Id: decMsgId(2), Src_terminal_Id: '13800000002', Dest_Id: `${SRC_ID}88`, Msg_Content: ucs2('TD') }), { receivedAt: t0 + 1000 });
    } finally {
      await ws.close();
    }
    const data = ['你好', 'TD'];
    await walk('inbox', runInboxCommand, ['--db', db], data, { json: true });
    await walk('inbox --number', runInboxCommand, ['--db', db, '--number', '13800000001'], data, { json: true });
    await walk('inbox --unhandled', runInboxCommand, ['--db', db, '--unhandled'], data, { json: true });
    const search = await walk('inbox --search --campaign', runInboxCommand, ['--db', db, '--search', '138', '--campaign', '1'], data, { json: true });
    expect(search.zh.out.join('\n')).toContain('已退订');
    await walk('inbox --mark-handled', runInboxCommand, ['--db', db, '--mark-handled', '1'], data);
    await walk('inbox --number (bad)', runInboxCommand, ['--db', db, '--number', 'abc'], ['abc', 'not-digits', 'empty'], { code: 2 });
    await walk('inbox reply (no text)', runInboxCommand, ['reply', '--db', db, '--message', '1'], [], { code: 2 });
  });

  it('pdu: the encode note and a bad dump (field names stay as the spec spells them)', async () => {
    const { zh } = await walk('pdu encode', runPduCommand, ['encode', '{"Command_Id":"CMPP_ACTIVE_TEST"}'], ['CMPP_ACTIVE_TEST']);
    expect(zh.err).toEqual(['提示：没有给出 --version，按 CMPP 3.0 的格式编码']);
    await walk('pdu decode (odd hex)', runPduCommand, ['decode', '0000000'], [], { code: 2 });
    await walk('pdu decode (truncated)', runPduCommand, ['decode', '0000'], [], { code: 1 });
  });

  it('campaign: errors of create', async () => {
    const db = tmp.file('campaign.db');
    await walk('campaign create (no recipients)', runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--text', '【测试】你好'], ['gw', '【测试】你好', 'G', 'N1', 'N2', 'F'], { code: 2 });
    await walk('campaign create (no account)', runCampaignCommand, ['create', '--db', db, '--account', 'nobody', '--to', '13800138000', '--text', '【测试】你好'], ['nobody', '【测试】你好'], { code: 2 });
  });

  it('campaign: the notes of create, a state change, the in-doubt list and an unknown command', async () => {
    const db = tmp.file('campaign-notes.db');
    const added = await runCli(runAccountCommand, ['add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', '7890', '--sp-id', '901234', '--secret', 'x', '--version', '3.0', '--service-id', 'MI', '--src-id', '10690001']);
    expect(added.code, text(added)).toBe(0);
    const data = ['gw', '【测试】你好', '12345', '13800138000', '13800138001'];
    const created = await walk('campaign create (a bad number)', runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--to', '13800138000,12345,13800138000', '--text', '【测试】你好'], data);
    expect(created.zh.err).toContain('警告：号码“12345”（第 1 行）无效（号码不是 11 位（去掉 +86 后）），未加入');
    await walk('campaign in-doubt (none)', runCampaignCommand, ['in-doubt', '--db', db], data);
    const cancel = await runCli(runCampaignCommand, ['cancel', '--db', db, '--id', '1', '--lang', 'zh-CN']);
    expect(cancel.out).toEqual(['任务 1 已取消：1 条待发短信取消']);
    const again = await walk('campaign cancel (again)', runCampaignCommand, ['cancel', '--db', db, '--id', '1'], data, { code: 2 });
    expect(again.zh.err).toEqual(['错误：输入无效：群发任务 1 不能从“已取消”变为“已取消”']);
    await walk('campaign frob', runCampaignCommand, ['frob', '--db', db], [...data, 'frob', 'in-doubt', 'pause', 'resume', 'cancel', 'status', 'resend', 'drop', 'clone'], { code: 2 });
  });
});
