// Statistics benchmarks (docs/glossary.md "Statistics"): the Statistics screen's 365-day queries over
// a realistic aggregate table (target < 200 ms), and what keeping the aggregates in the outbox's
// transactions costs the store's campaign path and the enqueue, each measured with and without the
// upkeep (StatisticsDeltas made a no-op in this process), alternating, best of each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { StatisticsDeltas } from '../../electron/store/statistics/deltas.js';
import { Store } from '../../electron/store/store.js';
import { addDays, statisticsDay, type StatisticsQuery } from '../../shared/statistics.js';
import { atLeast, atMost, type Figure } from './report.js';
import { enqueueRate, pumpCycle } from './store.js';

const quick = process.argv.includes('--quick');
const ACCOUNTS = 3;
const CAMPAIGNS_PER_DAY = 4; // per account, plus its direct sends

/** The rows one campaign (or the direct sends) leaves on one day: every outcome a real day has. */
const OUTCOMES: [outcome: string, sent: number, result: number, code: string, share: number][] = [
  ['delivered', 1, 0, 'DELIVRD', 0.9], ['failed', 1, 0, 'UNDELIV', 0.03], ['failed', 1, 0, 'EXPIRED', 0.01],
  ['failed', 1, 0, 'REJECTD', 0.005], ['failed', 1, 0, 'MK:0005', 0.005], ['failed', 1, 0, 'MB:0008', 0.002],
  ['failed', 1, 0, 'ID:0076', 0.002], ['failed', 1, 13, '', 0.002], ['failed', 1, 9, '', 0.001], ['unknown', 1, 0, 'UNKNOWN', 0.01],
  ['unknown', 1, 0, 'report-wait-expired', 0.005], ['in_doubt', 1, 0, '', 0.001], ['submitted', 1, 0, '', 0.001],
  ['skipped', 0, 0, 'opt-out', 0.01], ['skipped', 0, 0, 'frequency-cap', 0.005], ['cancelled', 0, 0, '', 0.001],
  ['queued', 0, 0, '', 0], ['submitting', 0, 0, '', 0], ['mo', 0, 0, '', 0.002], ['mo', 0, 0, 'opt_out', 0.0005],
];

/** A busy desk's year of aggregate rows ending `today` (also the Statistics screen's UI benchmark, ui-statistics.ts). */
export function seedYear(store: Store, today: number): number {
  const insert = store.db.prepare(`INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages,
    segments, billed) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`);
  let rows = 0;
  let campaign = 0;
  store.transaction(() => {
    for (let d = 364; d >= 0; d--) {
      const day = addDays(today, -d);
      for (let a = 1; a <= ACCOUNTS; a++) {
        for (let c = 0; c <= CAMPAIGNS_PER_DAY; c++) {
          const campaignId = c === 0 ? 0 : ++campaign;
          const volume = c === 0 ? 300 : 8000;
          for (const [outcome, sent, result, code, share] of OUTCOMES) {
            const n = Math.round(volume * share);
            insert.run(day, a, campaignId, outcome, sent, result, code, n, n * 2, n * 2);
            rows++;
          }
        }
      }
    }
  });
  return rows;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function benchQueries(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-stats-'));
  try {
    const store = Store.open({ path: join(dir, 'stats.db'), cipher: new PlaintextCipher() });
    const today = statisticsDay(Date.now());
    const rows = seedYear(store, today);
    const bytes = store.db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name IN ('statistics_daily', 'statistics_by_campaign', 'statistics_by_day')`).pluck().get() as number;
    const year: StatisticsQuery = { fromDay: addDays(today, -364), toDay: today };
    const time = (q: StatisticsQuery): number => {
      const ms: number[] = [];
      for (let i = 0; i < (quick ? 5 : 15); i++) {
        const t0 = performance.now();
        store.statistics.query(q);
        ms.push(performance.now() - t0);
      }
      return median(ms);
    };
    const shape = `${rows.toLocaleString('en-US')} aggregate rows (${ACCOUNTS} accounts, ${CAMPAIGNS_PER_DAY} campaigns a day each), ${(bytes / 1048576).toFixed(1)} MB`;
    const byDay = time({ ...year, by: 'day' });
    const figures: Figure[] = [
      { name: 'Statistics screen: 365 days by day, every account', value: byDay, unit: 'ms', ...atMost(byDay, 200), note: shape },
      { name: 'statistics: 365 days by day, one account', value: time({ ...year, accountId: 2 }), unit: 'ms' },
      { name: 'statistics: 365 days by campaign', value: time({ ...year, by: 'campaign' }), unit: 'ms' },
      { name: 'statistics: one campaign by reason (the Campaigns screen breakdown)', value: time({ fromDay: 0, toDay: 99_991_231, campaignId: 777, by: 'reason' }), unit: 'ms' },
    ];
    store.close();
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `measure` with the statistics' upkeep and without, `rounds` times each, alternating which
 * goes first (a machine shared with other work drifts); the best of each.
 */
async function withAndWithout(rounds: number, measure: () => Promise<number>): Promise<{ with: number; without: number }> {
  const add = StatisticsDeltas.prototype.add;
  const flush = StatisticsDeltas.prototype.flush;
  const best = { with: 0, without: 0 };
  const run = async (upkeep: boolean) => {
    if (!upkeep) {
      StatisticsDeltas.prototype.add = () => {};
      StatisticsDeltas.prototype.flush = () => {};
    }
    try {
      const v = await measure();
      if (upkeep) best.with = Math.max(best.with, v);
      else best.without = Math.max(best.without, v);
    } finally {
      StatisticsDeltas.prototype.add = add;
      StatisticsDeltas.prototype.flush = flush;
    }
  };
  for (let r = 0; r < rounds; r++) {
    await run(r % 2 === 0);
    await run(r % 2 !== 0);
  }
  return best;
}

async function benchUpkeep(): Promise<Figure[]> {
  const rounds = quick ? 2 : 4;
  const cycle = await withAndWithout(rounds, async () => (await pumpCycle(quick ? 20_000 : 50_000)).rate);
  const enqueue = await withAndWithout(rounds, () => enqueueRate(quick ? 100_000 : 300_000));
  const cost = (r: { with: number; without: number }) => `upkeep costs ${(((r.without - r.with) / r.without) * 100).toFixed(1)}% (best of ${rounds} alternating runs each)`;
  return [
    { name: 'store side of a campaign, statistics kept', value: cycle.with, unit: 'messages/s', ...atLeast(cycle.with, 10_000), peer: { name: 'without statistics', value: cycle.without }, note: cost(cycle) },
    { name: 'enqueue, statistics kept', value: enqueue.with, unit: 'recipients/s', peer: { name: 'without statistics', value: enqueue.without }, note: cost(enqueue) },
  ];
}

export async function benchStatistics(): Promise<Figure[]> {
  return [...(await benchQueries()), ...(await benchUpkeep())];
}
