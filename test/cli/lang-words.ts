// What may stay in Latin letters in the CLI's Chinese output, and what may stay in Chinese in its
// English output: the check the language walk (lang-walk.test.ts) applies to every line it reads.
import { expect } from 'vitest';
import { runCli, type CliRun } from '../services/fixtures/cli.js';
import { STAT_VALUES } from '../../shared/stat.js';

/** Protocol terms, formats and units the CLI prints as the spec and the world spell them. */
const ALLOWED = new Set([
  'CMPP', 'ISMG', 'PDU', 'SP', 'SP_Id', 'Source_Addr', 'Src_Id', 'Service_Id', 'Msg_Id', 'Command_Id', 'Total_Length', 'Dest_terminal_Id', 'LinkID', 'Stat', 'MO', 'MT',
  'CSV', 'XLSX', 'UTF', 'GBK', 'GB18030', 'Excel', 'JSON', 'ID', 'HH', 'MM', 's', 'ms', 'h', 'd', 'A',
  ...STAT_VALUES,
]);

/**
 * The Latin-alphabet words of `text` that are none of: a protocol term above, a flag or command
 * name (`--db`, `contacts import`), a file path, or a word of the data (`data`: names, numbers,
 * texts the test itself put in).
 */
export function strayLatinWords(text: string, data: readonly string[] = [], commands: readonly string[] = []): string[] {
  let rest = text.replace(/--[a-z][a-z-]*/g, ' ').replace(/(?:\/[\w.+-]+)+/g, ' ');
  for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  return [...rest.matchAll(/[A-Za-z][A-Za-z0-9_]*/g)].map((m) => m[0]).filter((w) => !ALLOWED.has(w) && !commands.includes(w));
}

/** Chinese characters of `text` outside the data. */
export function strayChinese(text: string, data: readonly string[] = []): string[] {
  let rest = text;
  for (const d of data) rest = rest.split(d).join(' ');
  return [...rest.matchAll(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/g)].map((m) => m[0]);
}

export function expectChineseOnly(where: string, text: string, data: readonly string[], commands: readonly string[] = []): void {
  expect(strayLatinWords(text, data, commands), `${where}:\n${text}`).toEqual([]);
}

export function expectEnglishOnly(where: string, text: string, data: readonly string[]): void {
  expect(strayChinese(text, data), `${where}:\n${text}`).toEqual([]);
}

/** Command and subcommand names an output may quote (`account add`, `campaign list`). */
const COMMAND_WORDS = ['account', 'add', 'list', 'contacts', 'import', 'export', 'groups', 'inbox', 'reply', 'campaign', 'create', 'start', 'query', 'send', 'simulator', 'pdu', 'encode', 'decode', 'template', 'rules', 'autoreply', 'on', 'off', 'delete'];

const text = (r: CliRun) => [...r.out, ...r.err].join('\n');

/**
 * Runs argv under --lang zh-CN and --lang en (`extra` runs before each, e.g. `--db`): Chinese only
 * in zh-CN, no Chinese but `data` in en, the expected exit code in both, and with `json` the same
 * --json output in both.
 */
export async function walk(
  name: string,
  run: Parameters<typeof runCli>[0],
  argv: string[],
  data: string[],
  opts: { code?: number; json?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<{ zh: CliRun; en: CliRun }> {
  const zh = await runCli(run, [...argv, '--lang', 'zh-CN'], opts.env);
  const en = await runCli(run, [...argv, '--lang', 'en'], opts.env);
  expect(zh.code, `${name} (zh-CN): ${text(zh)}`).toBe(opts.code ?? 0);
  expect(en.code, `${name} (en): ${text(en)}`).toBe(opts.code ?? 0);
  expectChineseOnly(`${name} (zh-CN)`, text(zh), data, COMMAND_WORDS);
  expectEnglishOnly(`${name} (en)`, text(en), data);
  if (opts.json) {
    const zj = await runCli(run, [...argv, '--json', '--lang', 'zh-CN'], opts.env);
    const ej = await runCli(run, [...argv, '--json', '--lang', 'en'], opts.env);
    expect(zj.out).toEqual(ej.out);
  }
  return { zh, en };
}
