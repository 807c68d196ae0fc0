// Every command's typical human output and a typical error, run through the real CLI (in-process,
// as electron/cli.ts main() runs it): under --lang zh-CN no Latin-alphabet word that is not a
// protocol term, a flag or command name, or the test's own data; under --lang en no Chinese but the
// data; and --json the same in both languages.
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runContactsCommand } from '../../electron/cli/contacts.js';
import { runCli, type CliRun } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';
import { expectChineseOnly, expectEnglishOnly, strayChinese, strayLatinWords } from './lang-words.js';

const tmp = tempDir('cmpp-cli-lang-walk-');
afterAll(() => tmp.cleanup());

type Command = (argv: string[], io: Parameters<typeof runCli>[0] extends (a: string[], io: infer I) => unknown ? I : never) => Promise<number>;
const text = (r: CliRun) => [...r.out, ...r.err].join('\n');

/** Runs argv in both languages: Chinese words only in zh-CN, no Chinese but data in en, --json alike. */
async function walk(name: string, run: Command, argv: string[], data: string[], opts: { code?: number; json?: boolean } = {}): Promise<{ zh: CliRun; en: CliRun }> {
  const zh = await runCli(run, [...argv, '--lang', 'zh-CN']);
  const en = await runCli(run, [...argv, '--lang', 'en']);
  expect(zh.code, `${name} (zh-CN): ${text(zh)}`).toBe(opts.code ?? 0);
  expect(en.code, `${name} (en): ${text(en)}`).toBe(opts.code ?? 0);
  expectChineseOnly(`${name} (zh-CN)`, text(zh), data, ['account', 'contacts', 'import', 'add', 'list']);
  expectEnglishOnly(`${name} (en)`, text(en), data);
  if (opts.json) {
    const zj = await runCli(run, [...argv, '--json', '--lang', 'zh-CN']);
    const ej = await runCli(run, [...argv, '--json', '--lang', 'en']);
    expect(zj.out).toEqual(ej.out);
  }
  return { zh, en };
}

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
  });
});
