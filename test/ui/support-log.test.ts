// Settings, "Support log", in real Chromium over the real handler table and a real support log
// file: the level is shown and changed (and kept for the next start in that folder), "open log
// folder" reaches main's openFolder with the log folder on the desktop, and in browser mode (no
// folder to open) the current log comes as a download through the page's save flow, with no
// server path shown. In Chinese, then in English.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSupportLog, supportLogDir } from '../../electron/services/support/support-log-file.js';
import { openDataDesk, openScreen, settle, shots, startHarness } from './data-harness.js';

let h: Awaited<ReturnType<typeof startHarness>>;
const dirs: string[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cmpp-ui-support-'));
  dirs.push(d);
  return d;
}

describe('support log in Settings', () => {
  it('desktop: shows the folder, changes the level (kept), opens the folder through main', async () => {
    const dir = dataDir();
    const log = openSupportLog(dir);
    const opened: string[] = [];
    const desk = await openDataDesk(h, { simulator: false, workspace: { log }, deps: { supportLog: log, openFolder: async (p) => (opened.push(p), '') } });
    const { page, problems } = desk;
    try {
      await desk.goto();
      await openScreen(page, '设置', '设置');
      await page.getByRole('tab', { name: '支持日志' }).click();
      const card = page.getByTestId('support-log');
      await card.getByText('常规（默认）').waitFor();
      await card.getByTestId('support-folder').getByText(supportLogDir(dir)).waitFor();

      await card.getByTestId('support-level').click();
      await page.locator('.ant-select-item-option', { hasText: '调试（含短信内容）' }).click();
      await page.getByText('日志级别已改为：调试（含短信内容）').waitFor();
      expect(log.level).toBe('debug');
      const next = openSupportLog(dir);
      expect(next.level).toBe('debug');
      await next.close();

      await card.getByTestId('support-open').click();
      await page.getByText('已打开日志文件夹').waitFor();
      expect(opened).toEqual([supportLogDir(dir)]);
      await settle(page);
      await page.screenshot({ path: join(shots, 'settings-support-log.png') });
      await log.flush();
      expect(readFileSync(log.file, 'utf8')).toMatch(/ log-level \{"level":"debug","before":"info"\}/);
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
      await log.close();
    }
  });

  it('browser mode: no folder path; the current log downloads through the save flow (English)', async () => {
    const dir = dataDir();
    const log = openSupportLog(dir, { name: 'web' });
    const desk = await openDataDesk(h, { simulator: false, workspace: { log }, deps: { supportLog: log } });
    const { page, problems, dialogs } = desk;
    try {
      await desk.goto();
      await page.evaluate(() => window.cmppDesk.app.setLocale('en'));
      await page.reload();
      await page.locator('section[data-screen] h3').first().waitFor();
      await openScreen(page, 'Settings', 'Settings');
      await page.getByRole('tab', { name: 'Support log' }).click();
      const card = page.getByTestId('support-log');
      await card.getByText('Normal (default)').waitFor();
      await card.getByText('download the current log file').waitFor();
      expect(await card.getByTestId('support-folder').count()).toBe(0);
      expect(await card.textContent()).not.toContain(dir);

      log.warn('probe-entry', { accountId: 7 });
      const target = join(dir, 'download.log');
      dialogs.nextSave = target;
      await card.getByTestId('support-open').click();
      await page.getByText(`Log downloaded: ${target}`).waitFor();
      expect(dialogs.asked.at(-1)).toMatchObject({ kind: 'save', filters: [{ name: 'Log', extensions: ['log'] }] });
      expect(readFileSync(target, 'utf8')).toMatch(/ WARN  \[\d+\] probe-entry \{"accountId":7\}/);
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
      await log.close();
    }
  });
});
