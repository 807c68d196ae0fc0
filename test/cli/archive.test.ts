// `archive show | set | run`: the delivery log's retention from the CLI, through the Settings
// screen's service: defaults, a value kept, a bad value refused in the operator's language without
// changing anything, and a run that archives an old month, listed in English and Chinese; an
// archive of an older schema version (the upgrade tests' form) listed as such until a run upgrades it.
import { afterAll, describe, expect, it } from 'vitest';
import { runArchiveCommand } from '../../electron/cli/archive.js';
import { monthIndexOf, monthName, monthRange } from '../../electron/store/archive/months.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { runCli } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { overrideArchiveConversions } from '../../electron/store/archive/upgrades/registry.js';
import { makeOld, ONE_BACK, testConversions } from '../store/fixtures/archive-old-form.js';
import { seedLogMonth } from '../store/fixtures/log-months.js';

const tmp = tempDir('cmpp-cli-archive-');
const db = tmp.file('a.db');
afterAll(() => tmp.cleanup());

const cli = (...argv: string[]) => runCli(runArchiveCommand, [...argv, '--db', db]);

describe('archive command', () => {
  it('shows the default retention, keeps a new one, refuses a bad one', async () => {
    const shown = await cli('show', '--json');
    expect(JSON.parse(shown.out.join('\n'))).toEqual({ keepMonths: 6, months: [], reclaim: 'incremental', running: false });
    const set = await cli('set', '--keep-months', '3');
    expect(set.code).toBe(0);
    expect(set.out.slice(0, 2)).toEqual(['retention saved', 'delivery log kept live  3 months besides the current one']);
    for (const bad of ['121', '-1', 'six', '2.5']) {
      const r = await cli('set', '--keep-months', bad, '--lang', 'zh-CN');
      expect(r.code).toBe(2);
      expect(r.err.join('\n')).toContain('--keep-months 须为 0（不归档）到 120 之间的整数月数');
    }
    expect(JSON.parse((await cli('show', '--json')).out.join('\n')).keepMonths).toBe(3);
    expect((await cli('set', '--keep-months', '0')).out).toContain('delivery log kept live  archiving off (everything stays in the database)');
    await cli('set', '--keep-months', '6');
  });

  it('run archives the months due and lists them, in Chinese too', async () => {
    const store = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    const accountId = store.accounts.create({ name: 'gw', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'S', srcId: '1069' }).id;
    const old = monthIndexOf(Date.now()) - 8;
    const [from, to] = monthRange(old);
    store.transaction(() => seedLogMonth(store.db, { accountId, campaignId: null, from, to, count: 120 }));
    store.close();
    const run = await cli('run');
    expect(run.err).toEqual([]);
    expect(run.out[0]).toBe('archiving done');
    expect(run.out.some((l) => l.startsWith(monthName(old)) && l.includes('archived') && l.includes('120') && l.includes(`a.db.archive-${monthName(old)}.sqlite`))).toBe(true);
    const zh = await cli('show', '--lang', 'zh-CN');
    expect(zh.out[0]).toBe('发送日志在数据库中保留  当前月份及之前 6 个月');
    expect(zh.out.some((l) => l.startsWith(monthName(old)) && l.includes('已归档'))).toBe(true);
  });

  it('lists an archive of an older version as awaiting its upgrade, and run upgrades it', async () => {
    const month = monthName(monthIndexOf(Date.now()) - 8);
    makeOld(tmp.file(archiveFileName(db, month)), ONE_BACK);
    const undo = overrideArchiveConversions([testConversions(db)[1]]);
    try {
      const shown = await cli('show');
      expect(shown.out.some((l) => l.startsWith(month) && l.includes('archived; written by an older version: upgraded by the next run'))).toBe(true);
      expect((await cli('show', '--lang', 'zh-CN')).out.some((l) => l.startsWith(month) && l.includes('由旧版本写入'))).toBe(true);
      const run = await cli('run', '--json');
      expect(JSON.parse(run.out.join('\n')).months).toMatchObject([{ month, state: 'archived', messages: 120, present: true }]);
      expect(JSON.parse(run.out.join('\n')).months[0].upgrade).toBeUndefined();
    } finally {
      undo();
    }
  });
});
