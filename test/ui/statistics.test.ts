// The Statistics screen in real Chromium (production build, production CSP), served by browser
// mode's REAL server over a real Workspace and the ISMG simulator on 127.0.0.1: two campaigns run
// on the simulator, one with failing status reports (UNDELIV, MK:0012) and one on an account whose
// Service_Id the gateway refuses (SUBMIT_RESP Result 7). The totals, the chart's bars, the period
// table and the failure reasons must equal a recount of the messages themselves; the account
// filter narrows them; the texts are Chinese, then English; both tables export (CSV and XLSX,
// downloaded by the browser) with the figures and meanings shown; the reconcile panel shows the
// gateway's counters beside ours as the channel reports them; a range without traffic says so.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineReconciliation } from '../../electron/services/statistics/reconcile.js';
import type { Workspace } from '../../electron/services/workspace.js';
import { sharedTranslator } from '../../shared/i18n/catalogue.js';
import { statText, submitResultText } from '../../shared/i18n/code-text.js';
import { statisticsDay, dayText } from '../../shared/statistics.js';
import { parseCsv } from './csv-records.js';
import { openScreen, settle, shots, SIM_SECRET, SIM_SP_ID, startHarness } from './data-harness.js';
import { openDataWebDesk, type DataWebDesk } from './web-desk.js';
import { sqlState } from '../../electron/store/state-codes.js';

let h: Awaited<ReturnType<typeof startHarness>>;
let desk: DataWebDesk;
let good: { account: number; campaign: number };
let refused: { account: number; campaign: number };

const STAT_BY_NUMBER: Record<string, string> = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [String(13900000000 + i), i < 8 ? 'UNDELIV' : i < 11 ? 'MK:0012' : 'UNKNOWN']),
);

/** A campaign of `n` numbers from `first` on a new account with this Service_Id, every outcome in. */
async function runCampaign(ws: Workspace, port: number, name: string, serviceId: string, first: number, n: number) {
  const account = ws.store.accounts.create({ name, host: '127.0.0.1', port, version: '3.0', spId: SIM_SP_ID, secret: SIM_SECRET, serviceId, srcId: '10690001' });
  const numbers = Array.from({ length: n }, (_, i) => String(13900000000 + first + i));
  const { campaign } = await ws.campaigns.create({ accountId: account.id, name: `${name}活动`, text: '【测试】统计报表测试短信', numbers });
  await ws.campaigns.start(campaign.id);
  await ws.campaigns.waitUntilSettled(campaign.id, { intervalMs: 50 });
  return { account: account.id, campaign: campaign.id };
}

/** The figures recounted from the messages themselves (not from the aggregates). */
function recount(ws: Workspace, accountId?: number) {
  const where = accountId === undefined ? '' : `AND account_id = ${Number(accountId)}`;
  const n = (cond: string) => ws.store.db.prepare(`SELECT count(*) FROM messages WHERE ${cond} ${where}`).pluck().get() as number;
  const reasons = ws.store.db
    .prepare(
      `SELECT CASE WHEN coalesce(result, 0) <> 0 THEN 'failed/result/' || result ELSE 'failed/stat/' || stat END AS k, count(*) AS n
       FROM messages WHERE state = ${sqlState('failed')} ${where} GROUP BY k`,
    )
    .all() as { k: string; n: number }[];
  return {
    submitted: n('submitted_after IS NOT NULL'),
    delivered: n(`state = ${sqlState('delivered')}`),
    failed: n(`state = ${sqlState('failed')} AND coalesce(result, 0) = 0`),
    refused: n(`state = ${sqlState('failed')} AND coalesce(result, 0) <> 0`),
    unknown: n(`state = ${sqlState('unknown')}`),
    reasons: Object.fromEntries(reasons.map((r) => [r.k, r.n])),
  };
}

async function downloadBy(page: Page, click: () => Promise<void>, dir: string): Promise<{ path: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const name = download.suggestedFilename();
  mkdirSync(dir, { recursive: true });
  await download.saveAs(join(dir, name));
  return { path: join(dir, name), name };
}

async function exportBy(page: Page, key: string, dir: string) {
  await page.getByTestId('stats-export').hover();
  return downloadBy(page, () => page.getByTestId(`stats-export-${key}`).click(), dir);
}

const value = (page: Page, key: string) => page.getByTestId(`total-${key}`).getAttribute('data-value').then(Number);
/** Waits until the screen shows the answer to the range and filters last chosen. */
const settled = (page: Page) => page.locator('[data-testid="stats-range"][data-busy="false"]').waitFor();

beforeAll(async () => {
  h = await startHarness();
  desk = await openDataWebDesk(h, {
    simulator: {
      accounts: [{ spId: SIM_SP_ID, secret: SIM_SECRET, version: '3.0', serviceIds: ['SVC'] }],
      // Chosen failures: 8 UNDELIV, 3 MK:0012 and 1 UNKNOWN among the first account's 40 numbers.
      reports: { delayMs: { min: 0, max: 20 }, statMix: { DELIVRD: 1 }, statByNumber: STAT_BY_NUMBER },
    },
  });
  good = await runCampaign(desk.ws, desk.sim!.port, '主账号', 'SVC', 0, 40);
  refused = await runCampaign(desk.ws, desk.sim!.port, '错误业务代码', 'BADSVC', 100, 6);
}, 180_000);

afterAll(async () => {
  await desk?.close();
  await h?.close();
});

describe('the Statistics screen', () => {
  it('shows the recounted figures, filters by account, exports both tables, speaks Chinese and English', async () => {
    const { page, ws, problems } = desk;
    const all = recount(ws);
    // The run has every kind of row the screen shows.
    expect(all).toMatchObject({ submitted: 46, delivered: 28, failed: 11, refused: 6, unknown: 1 });
    const today = dayText(statisticsDay(Date.now()));

    await desk.goto();
    await openScreen(page, '统计', '统计报表');
    await settled(page);
    // The default range (the last 7 days) ends today; the totals are the recount's.
    expect(await page.getByTestId('stats-range').getAttribute('data-to')).toBe(today);
    expect(await page.getByTestId('stats-range').textContent()).toMatch(/^\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d（7 天）$/);
    for (const k of ['submitted', 'delivered', 'failed', 'refused', 'unknown'] as const) expect(await value(page, k), k).toBe(all[k]);

    // The chart: a group of bars per day, today's with the recount's figures (failed bars hold refusals too).
    const chart = page.getByTestId('traffic-chart');
    expect(await chart.getAttribute('data-periods')).toBe('7');
    expect(await chart.getAttribute('role')).toBe('img');
    const bar = chart.locator(`rect[data-period="${today}"]`);
    expect(await bar.getAttribute('data-submitted')).toBe(String(all.submitted));
    expect(await bar.getAttribute('data-delivered')).toBe(String(all.delivered));
    expect(await bar.getAttribute('data-failed')).toBe(String(all.failed + all.refused));
    for (const series of ['submitted', 'delivered', 'failed']) expect(await chart.locator(`path[data-series="${series}"]`).getAttribute('d'), series).toMatch(/^M/);
    // Pointing at a day names its figures.
    await bar.hover();
    expect(await page.getByTestId('chart-tooltip').textContent()).toBe(
      `${today}：已提交 ${all.submitted}，成功 ${all.delivered}，失败（含网关拒绝）${all.failed + all.refused}，成功率 ${((100 * all.delivered) / all.submitted).toFixed(1)}%`,
    );
    // The table fallback: today's row and the totals row.
    const row = page.locator(`[data-testid="periods-table"] tr[data-period="${today}"]`);
    expect(await row.locator('[data-col="delivered"]').textContent()).toBe(String(all.delivered));
    expect(await row.locator('[data-col="refused"]').textContent()).toBe(String(all.refused));
    expect(await page.getByTestId('periods-total').locator('[data-col="submitted"]').textContent()).toBe(String(all.submitted));

    // The failure reasons: each Stat and Result with its count and its meaning in Chinese.
    const zh = sharedTranslator('zh-CN');
    const shown = await page.locator('[data-testid="reasons-table"] tr[data-reason^="failed/"]').evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-reason'), r.querySelector('[data-col="count"]')!.textContent, r.querySelector('[data-col="meaning"]')!.textContent]),
    );
    expect(Object.fromEntries(shown.map(([k, n]) => [k, Number(n)]))).toEqual(all.reasons);
    const meaning = Object.fromEntries(shown.map(([k, , m]) => [k, m]));
    expect(meaning['failed/result/7']).toBe(submitResultText(7, zh));
    expect(meaning['failed/stat/UNDELIV']).toBe(statText('UNDELIV', zh));
    await settle(page);
    await page.screenshot({ path: join(shots, 'statistics.png'), fullPage: true });

    // Both tables exported (a download in browser mode), with the figures and words shown.
    const downloads = join(desk.dataDir, 'Downloads');
    const reasonsCsv = await exportBy(page, 'reasons-csv', join(downloads, 'reasons'));
    expect(reasonsCsv.name).toMatch(/^统计-失败原因-\d{8}-\d{4}\.csv$/);
    const reasonRows = await page.locator('[data-testid="reasons-table"] tr[data-reason]').count();
    expect(reasonRows).toBe(shown.length + 1); // the failures and the one unknown
    await page.getByText(`已导出 ${reasonRows} 行到 ${reasonsCsv.name}`).waitFor();
    const bytes = readFileSync(reasonsCsv.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsv(bytes.toString('utf8').slice(1));
    expect(csv[0]).toEqual(['结果', '类型', '代码', '含义', '条数', '占比']);
    const undeliv = csv.find((r) => r[2] === 'UNDELIV')!;
    expect(undeliv.slice(0, 5)).toEqual(['失败', zh('statistics.kind.stat'), 'UNDELIV', statText('UNDELIV', zh), String(all.reasons['failed/stat/UNDELIV'])]);
    expect(csv.find((r) => r[2] === '7')!.slice(1, 5)).toEqual([zh('statistics.kind.result'), '7', submitResultText(7, zh), '6']);

    const periodsXlsx = await exportBy(page, 'periods-xlsx', join(downloads, 'periods'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(periodsXlsx.path);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('分时段明细');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['时段', ...(['submitted', 'segmentsSubmitted', 'billed'] as const).map((k) => zh(`statistics.counter.${k}`))]);
    const todayRow = (sheet.getRows(2, sheet.rowCount - 1) ?? []).map((r) => (r.values as unknown[]).slice(1)).find((v) => v[0] === today)!;
    expect(todayRow[header.indexOf(zh('statistics.counter.submitted'))]).toBe(all.submitted);
    expect(todayRow[header.indexOf(zh('statistics.counter.refused'))]).toBe(all.refused);
    expect((sheet.getRow(sheet.rowCount).values as unknown[])[1]).toBe('合计');
    expect(sheet.rowCount).toBe(1 + 7 + 1);

    // Weeks and months fold the same days: the totals stay.
    await page.getByTestId('stats-period').getByText('按月').click();
    await expect.poll(() => page.getByTestId('traffic-chart').getAttribute('data-periods')).toMatch(/^[12]$/);
    expect(await page.getByTestId('periods-total').locator('[data-col="delivered"]').textContent()).toBe(String(all.delivered));
    await page.getByTestId('stats-period').getByText('按日').click();

    // The account filter: the refused account alone has only its six refusals.
    await page.locator('#stats-account').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '错误业务代码' }).click();
    await expect.poll(() => value(page, 'refused')).toBe(6);
    await settled(page);
    const only = recount(ws, refused.account);
    expect(await value(page, 'submitted')).toBe(only.submitted);
    expect(await value(page, 'delivered')).toBe(0);
    expect(await page.locator('[data-testid="reasons-table"] tr[data-reason]').count()).toBe(1);
    await page.locator('#stats-account').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '主账号' }).click();
    await expect.poll(() => value(page, 'refused')).toBe(0);
    expect(await value(page, 'delivered')).toBe(recount(ws, good.account).delivered);

    // The Campaigns screen's breakdown is the same aggregates': the refused campaign's Result 7 and
    // the main campaign's Stats, each with the Statistics screen's count.
    await openScreen(page, '群发任务', '群发任务');
    for (const [campaign, stat, n] of [
      [refused.campaign, 'Result 7', all.reasons['failed/result/7']],
      [good.campaign, 'UNDELIV', all.reasons['failed/stat/UNDELIV']],
      [good.campaign, 'MK:0012', all.reasons['failed/stat/MK:0012']],
    ] as const) {
      await page.getByTestId(`campaign-row-${campaign}`).getByTestId('details').click();
      const bar = page.getByTestId('campaign-drawer').locator(`[data-testid="stat-chart"] [data-stat="${stat}"]`);
      expect(await bar.getAttribute('data-count'), stat).toBe(String(n));
      if (stat === 'Result 7') expect(await bar.locator('title').textContent()).toContain(submitResultText(7, zh));
      await page.keyboard.press('Escape');
      await page.getByTestId('campaign-drawer').waitFor({ state: 'hidden' });
    }
    await openScreen(page, '统计', '统计报表');

    // Reconciliation of the main account's day: the gateway's counters beside ours, as the channel reports them.
    const panel = page.getByTestId('reconcile-panel');
    // The first account is chosen to begin with.
    expect(await panel.locator('.ant-select').first().textContent()).toBe('主账号');
    await panel.getByTestId('reconcile-run').click();
    await panel.getByTestId('reconcile-summary').waitFor({ timeout: 30_000 });
    const expected = await engineReconciliation(ws).run(good.account, today);
    const lines = await panel.locator('tr[data-counter]').evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-counter'), r.getAttribute('data-status'), r.querySelector('[data-col="gateway"]')!.textContent, r.querySelector('[data-col="ours"]')!.textContent]),
    );
    expect(lines).toEqual(expected.lines.map((l) => [l.counter, l.status, l.gateway.toLocaleString('en-US'), l.ours === null ? zh('reconcile.status.uncounted') : l.ours.toLocaleString('en-US')]));
    expect(lines).toHaveLength(8);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'statistics-reconcile.png') });
    expect(await panel.getByTestId('reconcile-summary').getAttribute('data-summary')).toBe(expected.equal ? 'equal' : expected.explained ? 'explained' : 'unexplained');
    expect(await panel.getByTestId('reconcile-summary').textContent()).toContain(zh(expected.equal ? 'reconcile.summary.equal' : expected.explained ? 'reconcile.summary.explained' : 'reconcile.summary.unexplained'));

    // A range without traffic says so.
    await page.getByTestId('stats-preset').getByText('上月').click();
    await page.getByTestId('stats-empty').waitFor();
    expect(await page.getByTestId('stats-empty').textContent()).toContain('所选范围内没有发送记录');

    // In English: the headings, the range's plural and the meanings from the English tables.
    await page.getByTestId('stats-preset').getByText('今天').click();
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Statistics', exact: true }).waitFor();
    await settled(page);
    expect(await page.getByTestId('stats-range').textContent()).toBe(`${today} to ${today} (1 day)`);
    await page.getByTestId('stats-preset').getByText('Last 7 days').click();
    await page.getByTestId('stats-range').getByText('(7 days)', { exact: false }).waitFor();
    const en = sharedTranslator('en');
    await page.locator('[data-testid="reasons-table"] tr[data-reason="failed/stat/UNDELIV"] [data-col="meaning"]').getByText(statText('UNDELIV', en), { exact: true }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Delivery rate' }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 180_000);
});
