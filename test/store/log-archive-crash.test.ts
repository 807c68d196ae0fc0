// Crash safety of the log archives: a child process archives five months and is SIGKILLed at
// random steps (copy, publish, verification, delete batches, vacuum), 10 times, from a printed
// seed (TEST_SEED=<n> repeats a run). After every kill, each month is whole in one of the allowed
// shapes: entirely live (no journal row, or 'copying'), or archived and verified with the live
// rows a subset of the archive ('deleting', resumable), or archived with no live rows ('done').
// After the final run every message is in exactly one place, campaign counts are as they were
// and the file passes integrity_check.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import { prng } from '../cmpp/codec-fuzz-engine.js';
import { runChild } from './fixtures/kill-child.js';
import { seedLogMonth } from './fixtures/log-months.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const NOW = Date.UTC(2026, 11, 6, 9, 0);
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
const PER_MONTH = 4000;
const KILLS = 10;
const STEPS = ['begun', 'begun', 'copied', 'published', 'verified', 'deleted', 'recovered'];

const tmp = tempDir();
const dbPath = tmp.file('crash-archive.db');
/** The seeded file before any archiving: a round that finished everything starts the next from it. */
const pristine = tmp.file('pristine.db');
let bundle = '';
const original = new Map<string, number[]>();
let countsBefore: unknown[] = [];


function idsOf(db: Database.Database, schema: string, month: string): number[] {
  const [from, to] = monthRange(parseMonth(month)!);
  return db.prepare(`SELECT id FROM ${schema}.messages WHERE created_at >= ? AND created_at < ? ORDER BY id`).pluck().all(from, to) as number[];
}

/** Checks every month's shape; returns each month's phase. */
function checkMonths(final: boolean): string[] {
  const db = new Database(dbPath);
  try {
    db.pragma('foreign_keys = OFF');
    return MONTHS.map((month) => {
      const all = original.get(month)!;
      const live = idsOf(db, 'main', month);
      const row = db.prepare('SELECT phase, messages FROM log_archives WHERE month = ?').get(month) as { phase: string; messages: number } | undefined;
      const file = tmp.file(archiveFileName(dbPath, month));
      const phase = row?.phase ?? 'live';
      if (phase === 'live' || phase === 'copying') {
        expect(live, `${month} ${phase}: every row live`).toEqual(all);
        if (phase === 'live') expect(existsSync(file), `${month}: no archive file without a journal row`).toBe(false);
        return phase;
      }
      expect(existsSync(file), `${month} ${phase}: archive file in place`).toBe(true);
      db.prepare('ATTACH DATABASE ? AS a').run(file);
      try {
        const archived = db.prepare('SELECT id FROM a.messages ORDER BY id').pluck().all() as number[];
        expect(archived, `${month} ${phase}: the archive holds the whole month`).toEqual(all);
        expect(row!.messages).toBe(all.length);
        const segs = db.prepare('SELECT count(*) FROM a.segments').pluck().get();
        expect(segs).toBe(all.length);
        const liveSet = new Set(live);
        expect(all.filter((id) => liveSet.has(id)).length, `${month}: live rows are a subset of the archive`).toBe(live.length);
        if (phase === 'done' || final) expect(live, `${month}: no message both archived and live`).toEqual([]);
        if (phase === 'done' || final) {
          const [from, to] = monthRange(parseMonth(month)!);
          expect(db.prepare('SELECT count(*) FROM segments s JOIN a.messages m ON m.id = s.message_id').pluck().get()).toBe(0);
          expect(db.prepare('SELECT count(*) FROM status_reports r JOIN a.status_reports x ON x.id = r.id').pluck().get()).toBe(0);
          expect(from).toBeLessThan(to);
        }
      } finally {
        db.exec('DETACH DATABASE a');
      }
      return phase;
    });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  bundle = tmp.file('archive-crash-child.cjs');
  await build({ entryPoints: [resolve(import.meta.dirname, 'fixtures/archive-crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, external: ['better-sqlite3'], logLevel: 'warning' });
  const store = openTestStore(dbPath);
  const accountId = store.accounts.create(accountInput()).id;
  const campaignId = store.campaigns.create({ name: 'c', accountId, text: 'x' }).id;
  store.transaction(() => {
    for (const month of MONTHS) {
      const [from, to] = monthRange(parseMonth(month)!);
      const [first, last] = seedLogMonth(store.db, { accountId, campaignId, from, to, count: PER_MONTH });
      original.set(month, Array.from({ length: last - first + 1 }, (_, i) => first + i));
    }
  });
  store.outbox.recount(campaignId);
  countsBefore = store.db.prepare('SELECT * FROM campaign_counts ORDER BY 1, 2').all();
  store.db.prepare('VACUUM INTO ?').run(pristine);
  store.close();
}, 60_000);

afterAll(() => tmp.cleanup());

function restorePristine(): void {
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, ...MONTHS.map((m) => tmp.file(archiveFileName(dbPath, m)))]) rmSync(f, { force: true });
  copyFileSync(pristine, dbPath);
}

describe('archive crash safety', () => {
  it('SIGKILL at random steps leaves every month whole, and the next start finishes', async () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 100_000);
    console.log(`archive crash: kill-step seed ${seed} (TEST_SEED=${seed} to repeat)`);
    const random = prng(seed);
    const shapes: string[] = [];
    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      // Half the kills land after a named step (inside a copy when it is 'begun'), half after
      // a random number of steps of any kind (mostly inside the deletes), each a few ms later.
      const named = random() < 0.5;
      const step = named ? STEPS[Math.floor(random() * STEPS.length)]! : null;
      const nth = named ? 1 : 1 + Math.floor(random() * 70);
      const delayMs = Math.floor(random() * 15);
      const r = await runChild(bundle, [dbPath, String(NOW)], { step, nth, delayMs });
      if (r.killed) kills++;
      const phases = checkMonths(false);
      shapes.push(`${step ?? 'any'}#${nth}+${delayMs}ms:${r.killed ? '' : 'not killed:'}${phases.join('/')}`);
      // A round that archived everything leaves the next nothing to interrupt: start it over.
      if (phases.every((p) => p === 'done')) restorePristine();
    }
    console.log(`archive crash: ${kills} kills; after each: ${shapes.join(' ')}`);
    const last = await runChild(bundle, [dbPath, String(NOW)], null);
    expect(last.killed).toBe(false);
    expect(checkMonths(true)).toEqual(MONTHS.map(() => 'done'));
    const db = new Database(dbPath);
    expect(db.prepare('SELECT * FROM campaign_counts ORDER BY 1, 2').all()).toEqual(countsBefore);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
    expect(kills).toBeGreaterThan(0);
  }, 240_000);
});
