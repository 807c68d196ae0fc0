// The Delivery log's note on archived months, in real Chromium over the real handler table: a
// month archived beside the database is searched and named ("已包含归档月份"), Settings lists it,
// its file moved away is reported missing (the live rows still shown), and brought back it is
// searched again; the same notes in English.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { monthIndexOf, monthName, monthRange } from '../../electron/store/archive/months.js';
import { seedLogMonth } from '../store/fixtures/log-months.js';
import { openDataDesk, openScreen, shots, startHarness } from './data-harness.js';

let h: Awaited<ReturnType<typeof startHarness>>;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('delivery log over archives in Chromium', () => {
  it('names the archived months it searched, and a missing archive file, in Chinese and English', async () => {
    const desk = await openDataDesk(h, { simulator: false, workspace: { autoPump: false } });
    const { page, problems, ws } = desk;
    try {
      const current = monthIndexOf(Date.now());
      const old = monthName(current - 8);
      const account = ws.store.accounts.create({ name: 'gw', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'SVC', srcId: '1069' });
      const campaign = ws.store.campaigns.create({ name: '归档活动', accountId: account.id, text: '【测试】您好' }).id;
      ws.store.transaction(() => {
        const [from, to] = monthRange(current - 8);
        seedLogMonth(ws.db, { accountId: account.id, campaignId: campaign, from, to, count: 300 });
        seedLogMonth(ws.db, { accountId: account.id, campaignId: campaign, from: monthRange(current)[0], to: Date.now(), count: 100 });
      });
      ws.store.outbox.recount(campaign);
      await ws.archive.runNow();
      expect(ws.archive.view().months).toMatchObject([{ month: old, state: 'archived', messages: 300, present: true }]);

      await desk.goto();
      await openScreen(page, '发送日志', '发送日志');
      await page.getByTestId('log-total').getByText('共 400 条消息').waitFor();
      await page.getByTestId('log-archives-searched').getByText(`已包含归档月份：${old}`, { exact: false }).waitFor();
      await page.screenshot({ path: join(shots, 'delivery-log-archives.png') });

      await openScreen(page, '设置', '设置');
      await page.getByRole('tab', { name: '日志保留' }).click();
      await page.getByTestId('retention-months-table').getByRole('cell', { name: old, exact: true }).waitFor();
      await page.getByTestId('retention-months-table').getByText('已归档').waitFor();

      // The file moved away: reported, the live rows still listed.
      const file = join(desk.dir, archiveFileName(join(desk.dir, 'desk.db'), old));
      renameSync(file, `${file}.away`);
      await openScreen(page, '发送日志', '发送日志');
      await page.getByRole('button', { name: '刷新' }).click();
      await page.getByTestId('log-total').getByText('共 100 条消息').waitFor();
      await page.getByTestId('log-archives-missing').getByText(`以下月份未能搜索：${old}`, { exact: false }).waitFor();
      expect(await page.getByTestId('log-archives-searched').count()).toBe(0);

      // English, and the file brought back.
      await openScreen(page, '设置', '设置');
      await page.getByRole('tab', { name: '界面语言' }).click();
      await page.locator('[data-testid="settings-locale"] .ant-segmented-item', { hasText: 'English' }).click();
      await page.getByRole('tab', { name: 'Log retention' }).click();
      await page.getByText('File missing: put it back', { exact: false }).waitFor();
      await openScreen(page, 'Delivery log', 'Delivery log');
      await page.getByTestId('log-archives-missing').getByText(`these months were not searched: ${old}`, { exact: false }).waitFor();
      renameSync(`${file}.away`, file);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByTestId('log-archives-searched').getByText(`Includes archived months: ${old}`, { exact: false }).waitFor();
      expect(await page.getByTestId('log-archives-missing').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  }, 120_000);
});
