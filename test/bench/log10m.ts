// The delivery log at a year of traffic: 10,000,000 messages in the live database (1,000,000
// with --quick), seeded once and cached (log-seed.ts), and beside it two monthly archives of the
// months before that year holding 3,000,000 each (300,000 with --quick; log-seed-archives.ts), so
// every view without a date range reads them too. Targets, each beside its figure:
//   - the app ready < 1 s: the desk session opening the database (migrations checked, crash
//     recovery, the engine started) until the first screen's data (the Monitor's snapshot) is
//     back through the handler table;
//   - through the UI in real Chromium (log10m-ui.ts, measured as ui-log.ts measures): the Delivery
//     log's first page, the jump to row 9,000,000 (900,000 with --quick) and the filtered counts
//     (state failed, one campaign, one Stat, one day), each < 100 ms;
//   - the Statistics screen on the seeded year < 200 ms (its figures: the daily statistics);
//   - a search whose date range reaches into an archive (its month's second half and the live
//     year's first week): the first page shown < 100 ms, and the screen says it searched it;
//   - main's share of each, through the handler table alone, beside them (untargeted).
// Usage: npm run bench -- log10m [--quick] [--main-only]   (--main-only: no browser, main's share alone)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { LiveSession } from '../../electron/services/demo/desk-session.js';
import { Workspace } from '../../electron/services/workspace.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import type { LogFilter } from '../../shared/ipc/contract/log.js';
import { dayText, statisticsDay } from '../../shared/statistics.js';
import { seededArchives } from './log-seed-archives.js';
import { DAY_MS, seededLog, type SeedInfo } from './log-seed.js';
import { atMost, type Figure } from './report.js';
import { median } from './ui-log.js';
import { sqlState } from '../../electron/store/state-codes.js';

const RUNS = 5;
const INFO = { name: 'bench', version: '-', platform: '-', versions: { electron: '-', chrome: '-', node: '-' } };

/** The filters the acceptance names, with their expected totals (counted from the rows once). */
export interface BenchFilters {
  failed: { filter: LogFilter; total: number };
  campaign: { filter: LogFilter; total: number; name: string };
  stat: { filter: LogFilter; total: number };
  day: { filter: LogFilter; total: number };
}

/**
 * A campaign in the middle of the year, a failure Stat, and a day in the middle of the year; each
 * total counted from the rows of the live file and of the archives.
 */
export function benchFilters(path: string, info: SeedInfo, day: { from: number; to: number }, archives: readonly string[] = []): BenchFilters {
  const dbs = [path, ...archives].map((p) => new Database(p, { readonly: true }));
  try {
    const count = (sql: string, ...args: unknown[]) => dbs.reduce((n, db) => n + (db.prepare(sql).pluck().get(...args) as number), 0);
    const slot = Math.floor(info.campaignIds.length * 0.55);
    const campaignId = info.campaignIds[slot]!;
    return {
      failed: { filter: { states: ['failed'] }, total: count(`SELECT count(*) FROM messages WHERE state = ${sqlState('failed')}`) },
      campaign: { filter: { campaignId }, total: count('SELECT count(*) FROM messages WHERE campaign_id = ?', campaignId), name: `活动 ${Math.floor(slot / 2) + 1}-${(slot % 2) + 1} (#${campaignId})` },
      // As the screen sends a Stat: with the state it stands on (renderer/src/log/LogFilters.tsx statesForStat).
      stat: { filter: { stat: 'UNDELIV', states: ['failed'] }, total: count(`SELECT count(*) FROM messages WHERE stat = 'UNDELIV' AND state = ${sqlState('failed')}`) },
      day: { filter: { from: day.from, to: day.to }, total: count('SELECT count(*) FROM messages WHERE created_at >= ? AND created_at < ?', day.from, day.to) },
    };
  } finally {
    for (const db of dbs) db.close();
  }
}

/** The day the day filter picks: the middle of the seeded year, as UTC+8 midnight to midnight. */
export function benchDay(info: SeedInfo): { from: number; to: number } {
  const from = info.start + Math.floor(info.days / 2) * DAY_MS;
  return { from, to: from + DAY_MS };
}

const timed = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

/** Desk session opened on the database until the Monitor's snapshot is back; the first run is cold. */
async function appReady(dbPath: string): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cmpp-bench-log10m-'));
    let session: LiveSession | undefined;
    try {
      runs.push(
        await timed(async () => {
          session = await LiveSession.open({
            dataDir,
            cipher: new PlaintextCipher(),
            secrets: 'plaintext',
            events: { emit() {} },
            mode: 'real',
            realDbPath: dbPath,
            connectOnOpen: false,
            workspace: { autoPump: false },
          });
          const s = session;
          const invoke = createInvoker(createHandlerTable({ info: INFO, events: { setReady() {} }, live: s, get workspace() { return s.workspace; } }), () => true);
          const r = await invoke(null, 'monitor.snapshot', [undefined]);
          if (!r.ok) throw new Error(`monitor.snapshot: ${r.code} ${r.message}`);
        }),
      );
    } finally {
      await session?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return runs;
}

/**
 * The search reaching into an archive: the second half of the newer archived month and the
 * first week of the live year.
 */
export function benchIntoArchive(info: SeedInfo): { from: number; to: number } {
  return { from: info.start - 15 * DAY_MS, to: info.start + 7 * DAY_MS };
}

/** The log's operations through the wrapped handler table alone (no browser): main's share. */
async function mainSide(dbPath: string, rows: number, jumpTo: number, filters: BenchFilters, year: { from: string; to: string }, intoArchive: LogFilter): Promise<Record<string, number[]>> {
  const ws = Workspace.open({ dbPath, cipher: new PlaintextCipher(), autoPump: false });
  try {
    const invoke = createInvoker(createHandlerTable({ info: INFO, events: { setReady() {} }, workspace: ws }), () => true);
    const call = async <T>(channel: string, args: unknown): Promise<T> => {
      const r = await invoke(null, channel, [args]);
      if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`);
      return r.value as T;
    };
    const out: Record<string, number[]> = { first: [], countAll: [], jumpFresh: [], jumpBuilt: [], failed: [], campaign: [], stat: [], day: [], statistics: [], archive: [] };
    for (let i = 0; i < RUNS; i++) {
      let viewId = 0;
      out.first!.push(await timed(async () => (viewId = (await call<{ viewId: number }>('log.open', { filter: {}, firstPage: 100 })).viewId)));
      out.countAll!.push(await timed(async () => expectTotal(await call('log.count', { viewId }), rows, 'the whole log')));
      out.jumpFresh!.push(await timed(() => call('log.page', { viewId, offset: jumpTo - 1, limit: 100 })));
      out.jumpBuilt!.push(await timed(() => call('log.page', { viewId, offset: jumpTo - 101, limit: 100 })));
      for (const key of ['failed', 'campaign', 'stat', 'day'] as const) {
        const { filter, total } = filters[key];
        const v = (await call<{ viewId: number }>('log.open', { filter })).viewId;
        out[key]!.push(await timed(async () => expectTotal(await call('log.count', { viewId: v }), total, key)));
        await call('log.close', { viewId: v });
      }
      await call('log.close', { viewId });
      out.statistics!.push(await timed(() => call('statistics.query', year)));
      out.archive!.push(
        await timed(async () => {
          const r = await call<{ viewId: number; page?: { archives?: { searched: string[] } } }>('log.open', { filter: intoArchive, firstPage: 100 });
          if (!r.page?.archives?.searched.length) throw new Error(`the search into an archive did not search one: ${JSON.stringify(r.page?.archives)}`);
          await call('log.close', { viewId: r.viewId });
        }),
      );
    }
    return out;
  } finally {
    await ws.close();
  }
}

function expectTotal(r: unknown, total: number, what: string): void {
  const got = (r as { total: number }).total;
  if (got !== total) throw new Error(`count of ${what}: ${got}, the rows say ${total}`);
}

export async function benchLog10m(quick = process.argv.includes('--quick')): Promise<Figure[]> {
  const rows = quick ? 1_000_000 : 10_000_000;
  const jumpTo = rows - rows / 10;
  const n = rows.toLocaleString('en-US');
  const { path, info } = seededLog(rows, (l) => console.log(l));
  const archives = await seededArchives(path, info, quick ? 300_000 : 3_000_000, (l) => console.log(l));
  const all = rows + archives.messages;
  const filters = benchFilters(path, info, benchDay(info), archives.paths);
  const intoArchive = benchIntoArchive(info);
  const load = () => `load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} on ${cpus().length} CPUs`;
  const fig = (name: string, xs: number[], target: number | null, note: string): Figure => ({
    name,
    value: median(xs),
    unit: 'ms',
    ...(target === null ? {} : atMost(median(xs), target)),
    note: `${note}; median of ${xs.length}, all: ${xs.map((x) => x.toFixed(0)).join('/')}; ${load()}`,
  });
  const ready = await appReady(path);
  // The seeded year as the Statistics screen's range (its days are China Standard Time's, as the seed's).
  const year = { from: dayText(statisticsDay(info.start + DAY_MS / 2)), to: dayText(statisticsDay(info.start + (info.days - 1) * DAY_MS + DAY_MS / 2)) };
  const main = await mainSide(path, all, jumpTo, filters, year, intoArchive);
  const { benchLog10mUi } = await import('./log10m-ui.js');
  const ui = process.argv.includes('--main-only') ? [] : await benchLog10mUi(path, { rows, all, jumpTo, filters, fig, year, intoArchive, archives: archives.months });
  const a = archives.messages.toLocaleString('en-US');
  const f = (key: string, what: string) => fig(`main side only: ${what}`, main[key]!, null, 'handler table without the browser');
  return [
    fig(`app ready on ${n} messages (engine open, migrations checked, first screen's data)`, ready, 1000, 'desk session opened -> monitor.snapshot answered; first run cold'),
    ...ui,
    f('first', 'log.open with the first page'),
    f('countAll', `log.count, no filter (${all.toLocaleString('en-US')}: ${n} live, ${a} archived)`),
    f('jumpFresh', `log.page at row ${jumpTo.toLocaleString('en-US')} right after the count (a walk from the nearer end)`),
    f('jumpBuilt', `log.page at row ${(jumpTo - 100).toLocaleString('en-US')} next (a second jump on the same view)`),
    f('failed', `log.count, state failed (${filters.failed.total.toLocaleString('en-US')})`),
    f('campaign', `log.count, one campaign (${filters.campaign.total.toLocaleString('en-US')})`),
    f('stat', `log.count, Stat UNDELIV (${filters.stat.total.toLocaleString('en-US')})`),
    f('day', `log.count, one day (${filters.day.total.toLocaleString('en-US')})`),
    f('statistics', `statistics.query, ${year.from} to ${year.to} by day`),
    f('archive', `log.open with the first page, ${dayText(statisticsDay(intoArchive.from))} to ${dayText(statisticsDay(intoArchive.to - 1))} (archive ${archives.months[1]} and live)`),
    { name: `log bench: seeding ${n} messages`, value: info.seconds, unit: 's', note: 'once per schema; cached in the bench data directory (setup, not a target)' },
    { name: `log bench: seeding and archiving ${a} messages (${archives.months.join(', ')})`, value: archives.seconds, unit: 's', note: 'once per seeded file, by the real archiver; cached beside it (setup, not a target)' },
  ];
}

// Run directly: npx tsx test/bench/log10m.ts [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchLog10m()) printFigure(f);
}
