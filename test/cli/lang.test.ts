// The CLI's language: `--lang zh-CN|en` anywhere on the line, else the environment's locale
// (LC_ALL, LC_MESSAGES, LANG; zh* -> zh-CN, anything else English); `--json` stays language-neutral.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeFromEnv, takeLangFlag } from '../../electron/cli/lang.js';
import { cliEn } from '../../electron/cli/i18n/en.js';
import { cliZhCN } from '../../electron/cli/i18n/zh-CN.js';
import { bundleCli, spawnCli } from '../services/fixtures/cli-process.js';
import { tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-lang-');
let bundle: string;
beforeAll(async () => {
  bundle = await bundleCli(tmp.file('cli.cjs'));
}, 60_000);
afterAll(() => tmp.cleanup());

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawnCli(bundle, argv, env);
  const code = await p.exit;
  return { code, out: p.out.join(''), err: p.err.join('') };
}

describe('the CLI language', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG; zh* is Simplified Chinese, the rest English', () => {
    expect(localeFromEnv({})).toBe('en');
    expect(localeFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LANG: 'C' })).toBe('en');
    expect(localeFromEnv({ LC_MESSAGES: 'zh_CN.GBK', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LC_ALL: '', LANG: 'zh_CN' })).toBe('zh-CN');
  });

  it('takes --lang off the line wherever it stands before --, and refuses an unknown language', () => {
    expect(takeLangFlag(['campaign', 'list', '--lang', 'zh-CN', '--json'])).toEqual({ argv: ['campaign', 'list', '--json'], lang: 'zh-CN' });
    expect(takeLangFlag(['--lang=en', 'rules', 'show'])).toEqual({ argv: ['rules', 'show'], lang: 'en' });
    expect(takeLangFlag(['pdu', 'encode', '--', '--lang'])).toEqual({ argv: ['pdu', 'encode', '--', '--lang'] });
    expect(() => takeLangFlag(['rules', '--lang', 'fr'])).toThrow("--lang must be one of zh-CN, en, got 'fr'");
    expect(() => takeLangFlag(['rules', '--lang'])).toThrow('--lang needs a value');
  });

  it('has a text in both languages for every key, with the same placeholders', () => {
    for (const key of Object.keys(cliZhCN) as (keyof typeof cliZhCN)[]) {
      const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
      expect(names(cliEn[key]), key).toEqual(names(cliZhCN[key]));
      expect(cliEn[key], key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('prints human output and errors in the language of --lang or the locale; --json is the same in both', async () => {
    const db = tmp.file('l.db');
    const zh = await run(['rules', 'show', '--db', db], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/^免打扰时段（北京时间）\s+关闭$/m);
    const en = await run(['rules', 'show', '--db', db, '--lang', 'en'], { LANG: 'zh_CN.UTF-8' });
    expect(en.out).toMatch(/^quiet hours \(China Standard Time\)\s+off$/m);
    const zhJson = await run(['rules', 'show', '--json', '--db', db], { LC_ALL: 'zh_CN.UTF-8' });
    const enJson = await run(['rules', 'show', '--json', '--db', db, '--lang', 'en']);
    expect(zhJson.out).toBe(enJson.out);
    expect(JSON.parse(zhJson.out)).toMatchObject({ quietHours: null });

    const bad = await run(['rules', 'set', '--quiet-hours', 'noon', '--db', db, '--lang', 'zh-CN']);
    expect(bad).toEqual({ code: 2, out: '', err: '错误：--quiet-hours 应写作 HH:MM-HH:MM（北京时间，例如 22:00-08:00）或 off，收到 “noon”\n' });
    const unknown = await run(['frobnicate'], { LANG: 'zh_CN.UTF-8' });
    expect(unknown).toEqual({ code: 2, out: '', err: '错误：未知命令 “frobnicate”（用 --help 查看命令列表）\n' });
    const badLang = await run(['rules', 'show', '--lang', 'fr']);
    expect(badLang).toEqual({ code: 2, out: '', err: "error: --lang must be one of zh-CN, en, got 'fr'\n" });
  }, 60_000);
});
