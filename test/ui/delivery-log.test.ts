// The delivery log's grid and screen in real Chromium (production build, production CSP) over the
// REAL handler table and a real SQLite file holding 5,003 messages: rows fetched as the grid shows
// them (the visible ones on opening, the ones a jump or a scroll lands on), the Reason column,
// the filter bar mounted after the rows without moving them, a new search back at the first row,
// a view shorter than the grid, and the detail drawer mounted only when a row is opened.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../electron/services/workspace.js';
import { openDataDesk, openScreen, shots, startHarness } from './data-harness.js';
import { numberColumnOf } from '../../electron/store/message-columns.js';

let h: Awaited<ReturnType<typeof startHarness>>;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const BIG = 5000;
const REASON = 'status report Stat UNDELIV';
/** The same reason as the Chinese UI shows it (shared/i18n/reason-text.ts). */
const REASON_SHOWN = '状态报告 Stat UNDELIV';

/**
 * Three old messages of campaign "小活动", then BIG newer ones of "大活动" (created_at rising with
 * the id, so position p of the unfiltered log is message BIG + 3 - p); every 7th id failed.
 */
function seed(ws: Workspace): { small: number } {
  const store = ws.store;
  const account = store.accounts.create({ name: 'grid', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'SVC', srcId: '1069' });
  const small = store.campaigns.create({ name: '小活动', accountId: account.id, text: '【测试】您好' }).id;
  const big = store.campaigns.create({ name: '大活动', accountId: account.id, text: '【测试】您好' }).id;
  // As the store writes them (message-columns.ts): 0 delivered, its DELIVRD implied; 1 failed; times as delays.
  const insert = store.db.prepare(`INSERT INTO messages (id, campaign_id, account_id, number, state, stat, reason, segment_count, billed_count,
    created_at, submitted_after, done_after) VALUES (?, ?, ?, ${numberColumnOf('?')}, ?, ?, ?, 1, 1, ?, ?, ?)`);
  const base = Date.now() - 10_000_000;
  store.transaction(() => {
    for (let id = 1; id <= BIG + 3; id++) {
      const failed = id % 7 === 0;
      const t = base + id * 1000;
      insert.run(id, id <= 3 ? small : big, account.id, String(13800000000 + id), failed ? 1 : 0, failed ? 'UNDELIV' : null, failed ? REASON : null, t, 20, 3000);
    }
  });
  for (const c of [small, big]) store.outbox.recount(c);
  return { small };
}

const row = (i: number) => `[role="row"][data-row-index="${i}"][data-loaded="true"]`;

describe('delivery log grid in Chromium', () => {
  it('fetches the rows it shows, keeps them in place while the filter bar mounts, jumps, scrolls, searches back to the top', async () => {
    const desk = await openDataDesk(h, { simulator: false, workspace: { autoPump: false } });
    const { page, problems, ws } = desk;
    try {
      const { small } = seed(ws);
      const failedTotal = Math.floor((BIG + 3) / 7);
      await desk.goto();
      await openScreen(page, '发送日志', '发送日志');
      await page.getByTestId('log-total').getByText('共 5,003 条消息').waitFor();
      await page.locator('#log-filter-msgid').waitFor();

      // Every row in view is loaded, newest first, with its state and its reason.
      const shown = page.locator('[data-testid="log-grid"] [role="row"][data-row-index]');
      await expect.poll(() => page.locator('[data-testid="log-grid"] [role="row"][data-loaded="true"]').count()).toBe(await shown.count());
      expect(await shown.count()).toBeGreaterThanOrEqual(10);
      for (let i = 0; i < (await shown.count()); i++) {
        const id = BIG + 3 - i;
        const r = page.locator(row(i));
        expect(await r.getAttribute('data-message-id')).toBe(String(id));
        expect(await r.locator('[data-col="state"]').textContent()).toBe(id % 7 === 0 ? '失败' : '已送达');
        expect(await r.locator('[data-col="reason"]').textContent()).toBe(id % 7 === 0 ? REASON_SHOWN : '');
      }
      // No drawer until a row is opened.
      expect(await page.locator('.ant-drawer').count()).toBe(0);

      // Opened again: the rows show first and the filter bar mounts after them, in the space kept
      // for it (the grid does not move).
      await openScreen(page, '联系人', '联系人');
      const moved = (await page.evaluate(`new Promise((resolve) => {
        let top = null;
        const grid = () => document.querySelector('[data-testid="log-grid"]');
        const observer = new MutationObserver(() => {
          if (top === null && document.querySelector('${row(0)}')) top = grid().getBoundingClientRect().top;
          if (top !== null && document.querySelector('#log-filter-msgid')) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(grid().getBoundingClientRect().top - top));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        Array.from(document.querySelectorAll('[role="menuitem"]')).find((e) => e.textContent.includes('发送日志')).click();
      })`)) as number;
      expect(moved).toBe(0);
      await page.getByTestId('log-total').getByText('共 5,003 条消息').waitFor();

      // Jump to row 4,000: it is the first row shown, and it is the right message.
      await page.locator('#log-jump').fill('4000');
      await page.getByTestId('log-jump-go').click();
      await page.locator(row(3999)).waitFor();
      expect(await page.locator(row(3999)).getAttribute('data-message-id')).toBe(String(BIG + 3 - 3999));
      expect(await page.locator(row(3999)).evaluate((el) => (el as HTMLElement).style.top)).toBe('0px');

      // Scrolling 50 rows further loads the rows it lands on.
      await page.getByTestId('log-viewport').evaluate((el) => el.scrollBy(0, 50 * 36));
      await page.locator(row(4049)).waitFor();
      expect(await page.locator(row(4049)).getAttribute('data-message-id')).toBe(String(BIG + 3 - 4049));

      // A new search starts at its first row, every row in view of the filtered state.
      await page.locator('#log-filter-state').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '失败' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-search').click();
      await page.getByTestId('log-total').getByText(`共 ${failedTotal.toLocaleString('zh-CN')} 条消息`).waitFor();
      await page.locator(row(0)).waitFor();
      expect(await page.locator(row(0)).getAttribute('data-message-id')).toBe(String(Math.floor((BIG + 3) / 7) * 7));
      await expect.poll(() => page.locator('[data-testid="log-grid"] [role="row"][data-loaded="true"]').count()).toBe(await shown.count());
      expect(new Set(await page.locator('[data-testid="log-grid"] [data-col="state"]').allTextContents())).toEqual(new Set(['失败']));
      await page.screenshot({ path: join(shots, 'delivery-log-grid.png') });

      // A view shorter than the grid: exactly its rows, no placeholder left behind.
      await page.getByTestId('filter-reset').click();
      await page.getByTestId('log-total').getByText('共 5,003 条消息').waitFor();
      await page.locator('#log-filter-campaign').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: `小活动 (#${small})` }).click();
      await page.getByTestId('filter-search').click();
      await page.getByTestId('log-total').getByText('共 3 条消息').waitFor();
      await expect.poll(() => shown.count()).toBe(3);
      expect(await page.locator('[data-testid="log-grid"] [role="row"][data-loaded="true"]').count()).toBe(3);
      expect(await shown.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-message-id')))).toEqual(['3', '2', '1']);

      // The drawer mounts when a row is opened.
      await page.locator(row(0)).click();
      await page.getByTestId('log-detail').getByTestId('detail-number').getByText('13800000003').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  });
});
