// `rules show | set`: the sending rules of Settings from the CLI, through the Settings screen's
// service (validated whole, audited, opt-out keywords never emptied); bad values are one clear line
// (in the operator's language) and change nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { runRulesCommand } from '../../electron/cli/rules.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { runCli } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-rules-');
const db = tmp.file('r.db');
afterAll(() => tmp.cleanup());

const cli = (...argv: string[]) => runCli(runRulesCommand, [...argv, '--db', db]);
const shown = async () => JSON.parse((await cli('show', '--json')).out.join('\n')) as Record<string, unknown>;

describe('rules command', () => {
  it('shows the defaults, sets several rules at once and shows them in English and Chinese', async () => {
    const before = await shown();
    expect(before).toMatchObject({ quietHours: null, frequencyCap: null, requireSignature: true, sensitiveWords: [] });

    const set = await cli('set', '--quiet-hours', '22:00-08:00', '--frequency-cap', '3/24h', '--require-signature', 'off', '--sensitive-words', '赌博, 发票', '--opt-out-confirmation', '已退订', '--report-sweep-interval', '90s');
    expect(set.err).toEqual([]);
    expect(set.code).toBe(0);
    expect(set.out[0]).toBe('sending rules saved');
    expect(set.out).toContain('quiet hours (China Standard Time)  22:00-08:00');
    expect(set.out.some((l) => /^frequency cap\s+at most 3 per number every 1d$/.test(l))).toBe(true);

    expect(await shown()).toMatchObject({
      quietHours: { start: '22:00', end: '08:00' },
      frequencyCap: { max: 3, windowMs: 86_400_000 },
      requireSignature: false,
      sensitiveWords: ['赌博', '发票'],
      optOutConfirmation: '已退订',
      reportSweepIntervalMs: 90_000,
    });

    const zh = await cli('show', '--lang', 'zh-CN');
    expect(zh.out.some((l) => /^免打扰时段（北京时间）\s+22:00-08:00$/.test(l))).toBe(true);
    expect(zh.out.some((l) => /^频次上限\s+每个号码每 1d 最多 3 条$/.test(l))).toBe(true);
    expect(zh.out.some((l) => /^必须带签名\s+否$/.test(l))).toBe(true);

    const off = await cli('set', '--quiet-hours', 'off', '--frequency-cap', 'off', '--sensitive-words', '');
    expect(off.code).toBe(0);
    expect(await shown()).toMatchObject({ quietHours: null, frequencyCap: null, sensitiveWords: [] });

    const s = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    try {
      const audited = s.db.prepare("SELECT details FROM audit_log WHERE action = 'settings.update' ORDER BY id").pluck().all() as string[];
      expect(audited.map((d) => JSON.parse(d) as unknown)).toEqual([
        { changed: ['quietHours', 'frequencyCap', 'requireSignature', 'sensitiveWords', 'optOutConfirmation', 'reportSweepIntervalMs'] },
        { changed: ['quietHours', 'frequencyCap', 'sensitiveWords'] },
      ]);
    } finally {
      s.close();
    }
  });

  it('refuses bad values with one line and exit 2, in the language asked for, and changes nothing', async () => {
    const before = await shown();
    const cases: [string[], RegExp, RegExp][] = [
      [['set', '--quiet-hours', '25:00-08:00'], /--quiet-hours must be HH:MM-HH:MM .* got '25:00-08:00'/, /--quiet-hours 应写作 HH:MM-HH:MM/],
      [['set', '--frequency-cap', 'three'], /--frequency-cap must be COUNT\/DURATION/, /--frequency-cap 应写作 条数\/时长/],
      [['set', '--require-signature', 'maybe'], /--require-signature must be on or off, got 'maybe'/, /--require-signature 只能是 on 或 off/],
      [['set', '--report-sweep-interval', '5 weeks'], /--report-sweep-interval must be a duration/, /--report-sweep-interval 应是时长/],
      [['set', '--opt-out-keywords', ''], /keep at least one opt-out keyword/, /规则未保存：请至少保留一个退订关键词/],
      [['set', '--quiet-hours', '08:00-08:00'], /rules not saved: quiet hours start and end must differ/, /规则未保存：免打扰时段的开始和结束不能相同/],
      [['set'], /nothing to set: give at least one option \(--quiet-hours, /, /没有要修改的规则/],
      [['set', '--colour', 'red'], /unknown option --colour/, /未知选项 --colour/],
      [['frob'], /unknown rules command 'frob' \(show, set\)/, /未知的 rules 子命令 “frob”/],
    ];
    for (const [argv, en, zh] of cases) {
      const r = await cli(...argv, '--lang', 'en');
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/^error: /);
      expect(r.err[0]).toMatch(en);
      const z = await runCli(runRulesCommand, [...argv, '--db', db], { LANG: 'zh_CN.UTF-8' });
      expect(z.code).toBe(2);
      expect(z.err).toHaveLength(1);
      expect(z.err[0]).toMatch(/^错误：/);
      expect(z.err[0]).toMatch(zh);
    }
    expect(await shown()).toEqual(before);
  });
});
