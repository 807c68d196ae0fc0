// Crash safety of the archive upgrade: four archives of an older version (two conversions back, so
// each upgrade writes a step file before the result) are upgraded by a child process SIGKILLed at
// random moments (during a conversion, its verification, the publish), 10 times, from a printed seed
// (TEST_SEED=<n> repeats a run). After every kill each archive is whole in one of two shapes, the
// old version or the new one, never neither, holding every message of its month. The final run
// removes what the kills left, upgrades the rest, and the Delivery log finds every message.
import { copyFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { LogArchiver } from '../../electron/store/archive/archiver.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import { latestVersion } from '../../electron/store/migrations.js';
import { prng } from '../cmpp/codec-fuzz-engine.js';
import { archiveForm, makeOld, TWO_BACK } from './fixtures/archive-old-form.js';
import { runChild } from './fixtures/kill-child.js';
import { seedLogMonth } from './fixtures/log-months.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const NOW = Date.UTC(2026, 11, 6, 9, 0);
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];
const PER_MONTH = 6000;
const KILLS = 10;

const tmp = tempDir();
const dbPath = tmp.file('crash-upgrade.db');
const file = (month: string) => tmp.file(archiveFileName(dbPath, month));
const pristine = (month: string) => tmp.file(`pristine-${month}.sqlite`);
let bundle = '';
const original = new Map<string, number[]>();


/** Each archive's shape ('old' or 'new'), after checking it is whole. */
function checkArchives(): string[] {
  return MONTHS.map((month) => {
    const form = archiveForm(file(month));
    if (form.current) expect(form, `${month}: upgraded`).toMatchObject({ version: latestVersion, upgradedFrom: TWO_BACK });
    else expect(form.version, `${month}: still the old version`).toBe(TWO_BACK);
    const db = new Database(file(month), { readonly: true });
    try {
      const ids = db.prepare(`SELECT id FROM ${form.current ? 'messages' : 'messages_v0'} ORDER BY id`).pluck().all();
      expect(ids, `${month}: every message of the month`).toEqual(original.get(month));
      expect(db.prepare('SELECT count(*) FROM segments').pluck().get()).toBe(PER_MONTH);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    return form.current ? 'new' : 'old';
  });
}

beforeAll(async () => {
  bundle = tmp.file('archive-crash-child.cjs');
  await build({ entryPoints: [resolve(import.meta.dirname, 'fixtures/archive-crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, external: ['better-sqlite3'], logLevel: 'warning' });
  const store = openTestStore(dbPath);
  const accountId = store.accounts.create(accountInput()).id;
  store.transaction(() => {
    for (const month of MONTHS) {
      const [from, to] = monthRange(parseMonth(month)!);
      const [first, last] = seedLogMonth(store.db, { accountId, campaignId: null, from, to, count: PER_MONTH });
      original.set(month, Array.from({ length: last - first + 1 }, (_, i) => first + i));
    }
  });
  await new LogArchiver(store.db, dbPath, { now: () => NOW }).run(6);
  store.close();
  for (const month of MONTHS) {
    makeOld(file(month), TWO_BACK);
    copyFileSync(file(month), pristine(month));
  }
}, 60_000);

afterAll(() => tmp.cleanup());

describe('archive upgrade crash safety', () => {
  it('SIGKILL at random moments leaves every archive old or new, never neither; the next start finishes', async () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 100_000);
    console.log(`archive upgrade crash: kill seed ${seed} (TEST_SEED=${seed} to repeat)`);
    const random = prng(seed);
    const shapes: string[] = [];
    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      // Mostly inside a conversion (after it began), sometimes around the publish (after one ended).
      const step = random() < 0.75 ? 'upgrade-begun' : 'upgraded';
      const nth = 1 + Math.floor(random() * MONTHS.length);
      const delayMs = Math.floor(random() * 40);
      const r = await runChild(bundle, [dbPath, String(NOW), '--test-conversions'], { step, nth, delayMs });
      if (r.killed) kills++;
      const forms = checkArchives();
      // What the kill left of an upgrade in progress (removed by the next start).
      const left = readdirSync(tmp.file('.')).filter((n) => n.includes('.upgrading')).length;
      shapes.push(`${step}#${nth}+${delayMs}ms:${r.killed ? '' : 'not killed:'}${forms.join('/')}${left > 0 ? `(${left} left)` : ''}`);
      // A round that upgraded everything leaves the next nothing to interrupt: start it over.
      if (forms.every((f) => f === 'new')) for (const month of MONTHS) copyFileSync(pristine(month), file(month));
    }
    console.log(`archive upgrade crash: ${kills} kills; after each: ${shapes.join(' ')}`);
    const last = await runChild(bundle, [dbPath, String(NOW), '--test-conversions'], null);
    expect(last.killed).toBe(false);
    expect(checkArchives()).toEqual(MONTHS.map(() => 'new'));
    expect(readdirSync(tmp.file('.')).filter((n) => n.includes('.upgrading'))).toEqual([]);
    const store = openTestStore(dbPath);
    try {
      const all = store.log.exportPage({}, 50_000);
      expect(all.rows.map((r) => r.messageId)).toEqual(MONTHS.flatMap((m) => original.get(m)!));
    } finally {
      store.close();
    }
    expect(kills).toBeGreaterThan(0);
  }, 240_000);
});
