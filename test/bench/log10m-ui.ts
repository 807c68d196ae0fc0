// The 10,000,000-row delivery log through the UI: the production renderer in real Chromium over
// the real handler table (test/ui/data-harness.ts), timed from the user's action until the rows
// or the count are painted (ui-log.ts's timeInPage), and the Statistics screen on the seeded year
// (as ui-statistics.ts measures it), and a search whose date range reaches into an archive (its first
// page, and the screen saying which archive it searched). Called by log10m.ts, which seeds the file.
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { openDataDesk, startHarness } from '../ui/data-harness.js';
import type { LogFilter } from '../../shared/ipc/contract/log.js';
import type { BenchFilters } from './log10m.js';
import type { Figure } from './report.js';
import { timeFirstPages, timeInPage, totalText } from './ui-log.js';
import { chooseStatisticsRange, timeStatisticsOpened } from './ui-statistics.js';

const RUNS = 5;

interface Options {
  /** Messages in the live file. */
  rows: number;
  /** Messages in the log: live and archived. */
  all: number;
  /** 1-based row the jump goes to. */
  jumpTo: number;
  filters: BenchFilters;
  fig: (name: string, xs: number[], target: number | null, note: string) => Figure;
  /** The Statistics screen's range: the seeded year (YYYY-MM-DD). */
  year: { from: string; to: string };
  /** A date range reaching into the newer archive, and the archived months ('YYYY-MM'). */
  intoArchive: Required<Pick<LogFilter, 'from' | 'to'>>;
  archives: string[];
}

/** Chooses a filter in the bar, leaving the others at their defaults. */
type Choose = (page: Page) => Promise<void>;

export async function benchLog10mUi(dbPath: string, o: Options): Promise<Figure[]> {
  const h = await startHarness();
  try {
    const desk = await openDataDesk(h, { simulator: false, dbPath, workspace: { autoPump: false } });
    const { page } = desk;
    const all = totalText(o.all);
    try {
      await desk.goto();
      const firstPage = await timeFirstPages(page, RUNS, o.all);

      const jumpTyped: number[] = [];
      const jumpAtOnce: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        for (const atOnce of [false, true]) {
          await page.locator('[aria-label="刷新"]').click();
          await page.getByTestId('log-total').getByText(all).waitFor({ timeout: 60_000 });
          await page.locator('[role="row"][data-row-index="0"][data-loaded="true"]').waitFor();
          await page.locator('#log-jump').fill(String(o.jumpTo));
          // As a user does it: the count on screen, the number typed (a second), then Go.
          if (!atOnce) await page.waitForTimeout(1000);
          (atOnce ? jumpAtOnce : jumpTyped).push(await timeInPage(page, { click: '[data-testid="log-jump-go"]' }, { rowLoaded: o.jumpTo - 1 }));
        }
      }

      // A day as the date picker gives it in the browser's time zone: 00:00 to 23:59 (+1 ms).
      // Plain JavaScript strings: tsx would wrap a serialised TypeScript function in helpers the page lacks.
      const dateOf = async (ms: number) =>
        (await page.evaluate(
          `(() => { const d = new Date(${ms}); const p = (n) => String(n).padStart(2, '0'); return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()); })()`,
        )) as string;
      const dayText = await dateOf(o.filters.day.filter.from! + 12 * 3_600_000);
      const chooseRange = async (p: Page, from: string, to: string) => {
        const inputs = p.locator('.ant-picker-range input');
        await inputs.nth(0).click();
        await inputs.nth(0).fill(`${from} 00:00`);
        await p.keyboard.press('Enter');
        await inputs.nth(1).fill(`${to} 23:59`);
        await p.keyboard.press('Enter');
        await p.keyboard.press('Escape');
      };
      const uiDay = (await page.evaluate(`[new Date('${dayText}T00:00').valueOf(), new Date('${dayText}T23:59').valueOf() + 1]`)) as [number, number];
      const db = new Database(dbPath, { readonly: true });
      const dayTotal = db.prepare('SELECT count(*) FROM messages WHERE created_at >= ? AND created_at < ?').pluck().get(uiDay[0], uiDay[1]) as number;
      db.close();

      const counts: [string, number, Choose][] = [
        [`state failed (${o.filters.failed.total.toLocaleString('en-US')})`, o.filters.failed.total, async (p) => {
          await p.locator('#log-filter-state').click();
          await p.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '失败' }).click();
          await p.keyboard.press('Escape');
        }],
        [`one campaign (${o.filters.campaign.total.toLocaleString('en-US')})`, o.filters.campaign.total, async (p) => {
          await p.locator('#log-filter-campaign').click();
          await p.locator('#log-filter-campaign').fill(o.filters.campaign.name.split(' (')[0]!);
          await p.locator('.ant-select-dropdown .ant-select-item-option', { hasText: o.filters.campaign.name }).click();
        }],
        [`Stat UNDELIV (${o.filters.stat.total.toLocaleString('en-US')})`, o.filters.stat.total, async (p) => {
          await p.locator('#log-filter-stat').fill('UNDELIV');
          await p.keyboard.press('Escape');
        }],
        [`one day, ${dayText} (${dayTotal.toLocaleString('en-US')})`, dayTotal, (p) => chooseRange(p, dayText, dayText)],
      ];
      const figures: Figure[] = [];
      for (const [what, total, choose] of counts) {
        await page.getByTestId('filter-reset').click();
        await page.getByTestId('log-total').getByText(all).waitFor({ timeout: 60_000 });
        await choose(page);
        const xs: number[] = [];
        for (let i = 0; i < RUNS; i++) xs.push(await timeInPage(page, { click: '[data-testid="filter-search"]' }, { total: totalText(total) }));
        figures.push(o.fig(`delivery log, ${o.rows.toLocaleString('en-US')} rows: filtered count, ${what}`, xs, 100, 'Search pressed -> count painted'));
      }
      // A search reaching into the newer archive: its first page, and the screen says it searched that month.
      await page.getByTestId('filter-reset').click();
      await page.getByTestId('log-total').getByText(all).waitFor({ timeout: 60_000 });
      const [rangeFrom, rangeTo] = [await dateOf(o.intoArchive.from + 12 * 3_600_000), await dateOf(o.intoArchive.to - 12 * 3_600_000)];
      await chooseRange(page, rangeFrom, rangeTo);
      const intoArchive: number[] = [];
      const newer = o.archives[o.archives.length - 1]!;
      for (let i = 0; i < RUNS; i++) {
        intoArchive.push(await timeInPage(page, { click: '[data-testid="filter-search"]' }, { rowLoaded: 0, newView: true }));
        const said = await page.getByTestId('log-archives-searched').textContent();
        if (!said?.includes(newer)) throw new Error(`the Delivery log did not say it searched the archive of ${newer}: ${String(said)}`);
      }
      figures.push(o.fig(`delivery log: search ${rangeFrom} to ${rangeTo}, into the archive of ${newer}: first page shown`, intoArchive, 100, 'Search pressed -> first row painted, the archive named as searched'));
      // The Statistics screen on the seeded year (its figures come from the daily statistics).
      await chooseStatisticsRange(page, o.year, 365);
      const statistics = await timeStatisticsOpened(page, RUNS, 365);
      figures.push(o.fig(`statistics screen on ${o.rows.toLocaleString('en-US')} messages, 365-day range: opened`, statistics, 200, 'screen opened -> 365 days charted, tables painted; first run cold'));
      if (desk.problems.length > 0) throw new Error(`the page reported problems: ${desk.problems.join('; ')}`);
      const n = `${o.all.toLocaleString('en-US')} (${o.rows.toLocaleString('en-US')} live)`;
      const j = o.jumpTo.toLocaleString('en-US');
      return [
        o.fig(`delivery log, ${n} rows: first page shown`, firstPage, 100, 'screen opened -> first row painted; first run cold'),
        o.fig(`delivery log, ${n} rows: jump to row ${j}`, jumpTyped, 100, 'Go pressed -> the row painted, count shown and the number typed'),
        o.fig(`delivery log, ${n} rows: jump to row ${j} right after the count`, jumpAtOnce, 100, 'worst case: Go pressed as soon as the count shows'),
        ...figures,
      ];
    } finally {
      await desk.close();
    }
  } finally {
    await h.close();
  }
}
