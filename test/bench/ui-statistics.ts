// The Statistics screen over a year of traffic, measured end to end in real Chromium (the
// production renderer build under the production CSP) through the real handler table, as
// ui-log.ts measures the Delivery log: from the user's action to the figures PAINTED.
// Figures (target < 200 ms each):
//   - opening the screen on a 365-day range until the totals and the chart's 365 days show (the
//     toolbar, the tables and the reconcile panel mount right after: the time until they have
//     painted too is reported beside, untargeted);
//   - Refresh on that range, today's figures having changed, until the new answer has painted;
// and, untargeted, main's share alone (statistics.query through the wrapped handler table).
// The year: the statistics bench's (statistics.ts), a busy desk's aggregate rows (3 accounts, 4
// campaigns a day each plus direct sends, every outcome a day has).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { Workspace } from '../../electron/services/workspace.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { addDays, dayText, statisticsDay } from '../../shared/statistics.js';
import { openDataDesk, openScreen, startHarness } from '../ui/data-harness.js';
import type { Page } from 'playwright-core';
import { atMost, type Figure } from './report.js';
import { seedYear } from './statistics.js';
import { median, timeInPage } from './ui-log.js';

const DAYS = 365;
const RUNS = 5;

/** The statistics bench's year of aggregates (statistics.ts: a busy desk, every outcome a day has). */
function seed(path: string): { fromDay: number; toDay: number; aggregateRows: number } {
  const store = Store.open({ path, cipher: new PlaintextCipher() });
  try {
    const toDay = statisticsDay(Date.now());
    const aggregateRows = seedYear(store, toDay);
    return { fromDay: addDays(toDay, -(DAYS - 1)), toDay, aggregateRows };
  } finally {
    store.close();
  }
}

/** statistics.query through the wrapped handler table alone (no browser): main's share. */
async function handlerFigure(dbPath: string, query: { from: string; to: string }): Promise<Figure> {
  const ws = Workspace.open({ dbPath, cipher: new PlaintextCipher(), autoPump: false });
  try {
    const invoke = createInvoker(createHandlerTable({ info: { name: 'bench', version: '-', platform: '-', versions: { electron: '-', chrome: '-', node: '-' } }, events: { setReady() {} }, workspace: ws }), () => true);
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = await invoke(null, 'statistics.query', [query]);
      xs.push(performance.now() - t0);
      if (!r.ok) throw new Error(`statistics.query: ${r.code} ${r.message}`);
    }
    return { name: 'main side only: statistics.query, 365 days by day', value: median(xs), unit: 'ms', note: `handler table without the browser; median of ${xs.length}` };
  } finally {
    await ws.close();
  }
}

/** The range chosen once, as an operator does: typed into the range picker; waits for its `days` charted. */
export async function chooseStatisticsRange(page: Page, query: { from: string; to: string }, days: number): Promise<void> {
  await openScreen(page, '统计', '统计报表');
  const inputs = page.getByTestId('stats-range-picker').locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(query.from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(query.to);
  await inputs.nth(1).press('Enter');
  await page.locator(`[data-testid="traffic-chart"][data-periods="${days}"]`).waitFor({ timeout: 30_000 });
}

/** Opening the screen (from Contacts) on the chosen range, until the range's totals and chart show. */
export async function timeStatisticsOpened(page: Page, runs: number, days: number): Promise<number[]> {
  const opened: number[] = [];
  for (let i = 0; i < runs; i++) {
    await openScreen(page, '联系人', '联系人');
    opened.push(await timeInPage(page, { menu: '统计' }, { selector: `[data-testid="traffic-chart"][data-periods="${days}"]` }));
    await page.locator('[data-testid="reconcile-panel"]').waitFor();
  }
  return opened;
}

export async function benchUiStatistics(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-ui-stats-'));
  const dbPath = join(dir, 'desk.db');
  const h = await startHarness();
  try {
    const seedStart = performance.now();
    const seeded = seed(dbPath);
    const seedMs = performance.now() - seedStart;
    const query = { from: dayText(seeded.fromDay), to: dayText(seeded.toDay) };
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const mainSide = await handlerFigure(dbPath, query);
    const desk = await openDataDesk(h, { simulator: false, dbPath, workspace: { autoPump: false } });
    const { page } = desk;
    try {
      await desk.goto();
      // The range chosen once, as an operator does: typed into the range picker.
      const year = `[data-testid="traffic-chart"][data-periods="${DAYS}"]`;
      await chooseStatisticsRange(page, query, DAYS);
      if (process.env.BENCH_SHOT) await page.screenshot({ path: process.env.BENCH_SHOT, fullPage: true });

      const opened = await timeStatisticsOpened(page, RUNS, DAYS);
      // The same until the whole screen has painted: the toolbar, the period and reasons tables and
      // the reconcile panel mount after the figures (not a target; shown so that cost stays visible).
      const whole: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await openScreen(page, '联系人', '联系人');
        whole.push(await timeInPage(page, { menu: '统计' }, { selector: '[data-testid="reconcile-panel"]' }));
      }
      // Refresh pressed on the screen, until the new answer has painted: today's figures changed
      // before each press (as while a campaign runs), so the whole answer is drawn again.
      const bump = desk.ws.store.db.prepare("UPDATE statistics_daily SET messages = messages + 1 WHERE day = ? AND outcome = 'delivered'");
      const refreshed: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        bump.run(seeded.toDay);
        const answers = Number(await page.locator('section[data-screen="statistics"]').getAttribute('data-answers'));
        refreshed.push(await timeInPage(page, { click: '[data-testid="stats-refresh"]' }, { selector: `section[data-screen="statistics"][data-answers="${answers + 1}"] ${year}` }));
      }
      if (desk.problems.length > 0) throw new Error(`the page reported problems: ${desk.problems.join('; ')}`);
      const load = `load ${loadBefore}->${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} on ${cpus().length} CPUs`;
      const fig = (name: string, xs: number[], note: string): Figure => ({
        name,
        value: median(xs),
        unit: 'ms',
        ...atMost(median(xs), 200),
        note: `${note}; median of ${xs.length}, all: ${xs.map((x) => x.toFixed(0)).join('/')}; ${load}`,
      });
      const what = `${seeded.aggregateRows.toLocaleString('en-US')} aggregate rows`;
      return [
        fig(`statistics screen, 365-day range (${what}): opened`, opened, 'screen opened -> totals and 365 days charted; first run cold'),
        {
          name: 'statistics screen, 365-day range: whole screen shown',
          value: median(whole),
          unit: 'ms',
          note: `screen opened -> toolbar, tables and reconcile panel painted (they mount after the figures; not a target); median of ${whole.length}, all: ${whole.map((x) => x.toFixed(0)).join('/')}`,
        },
        fig('statistics screen, 365-day range: Refresh with new figures', refreshed, 'Refresh pressed (today changed) -> new answer painted'),
        mainSide,
        { name: 'statistics screen bench: seeding a year of aggregates', value: seedMs / 1000, unit: 's', note: 'setup, not a target' },
      ];
    } finally {
      await desk.close();
    }
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: npx tsx test/bench/ui-statistics.ts
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchUiStatistics()) printFigure(f);
}
