// Browser mode in Debian's Chromium, where only a browser can tell: the production renderer loads
// from the printed URL under the production CSP with the injected page transport, an import's file
// comes from the browser's own file picker (opened by the user's click, uploaded to the server) and
// an export lands through the browser's download, named for the user, never naming a server path;
// the support log, whose folder is on the server, is downloaded the same way (Settings).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, pageTransportBuildOptions } from '../../build/bundle.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import { CHROMIUM, FAST_SESSION } from '../ui/live-harness.js';
import { openScreen } from '../ui/data-harness.js';

let server: WebServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cmpp-web-browser-'));
  await buildRenderer(join(dir, 'renderer'));
  expect(pageTransportBuildOptions('x').entryPoints).toEqual([expect.stringMatching(/electron\/web\/page-preload\.ts$/)]);
  server = await startWebServer({ dataDir: join(dir, 'data'), port: 0, demo: true, rendererRoot: join(dir, 'renderer'), session: FAST_SESSION, flushMs: 100, log: () => undefined });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'], headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode in Chromium', () => {
  it('opens from the printed URL, imports through the file picker and exports through a download', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await page.goto(server.url);
      // The key left the address bar: the cookie carries it from here on.
      expect(page.url()).toBe(`${server.origin}/`);
      await openScreen(page, '联系人', '联系人');

      // Import: the browser's picker, opened by the click on "choose file", feeds the same importer.
      const csv = join(dir, '客户名单.csv');
      writeFileSync(csv, '\ufeff手机号,姓名\r\n13800138000,张三\r\n13900139000,王五\r\n');
      await page.getByTestId('contacts-import').click();
      const wizard = page.getByTestId('import-wizard');
      const chooser = page.waitForEvent('filechooser');
      await wizard.getByTestId('import-pick').click();
      await (await chooser).setFiles(csv);
      await wizard.getByTestId('import-file').getByText('客户名单.csv').waitFor();
      await page.getByTestId('import-preview').click();
      await wizard.getByTestId('import-sample').getByText('王五').waitFor();
      await page.keyboard.press('Escape');

      // Export: the demo group's contacts, saved by the browser under the group's name.
      await page.getByTestId('group-list').getByText('演示客户').first().click();
      const download = page.waitForEvent('download');
      await page.getByTestId('contacts-export-csv').click();
      const saved = await download;
      expect(saved.suggestedFilename()).toMatch(/^演示客户.*\.csv$/);
      const text = readFileSync((await saved.path())!, 'utf8');
      expect(text.split('\n').filter((l) => /1\d{10}/.test(l)).length).toBeGreaterThan(10);
      // The screen names the file the user got, not a path on the server.
      const detail = page.getByText(/已导出 \d+ 个联系人到/);
      await detail.waitFor();
      expect(await detail.textContent()).not.toContain(server.tempDir);
      expect(await detail.textContent()).toContain(saved.suggestedFilename());
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says so on the page when the connection drops, and recovers by itself', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(server.url);
      await openScreen(page, '联系人', '联系人');
      server.dropConnections();
      await page.getByRole('alert').filter({ hasText: '连接已断开' }).waitFor();
      await page.getByRole('alert').filter({ hasText: '连接已断开' }).waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  it('support log: downloads the current log instead of opening a server folder, and keeps the level', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await page.goto(server.url);
      await openScreen(page, '设置', '设置');
      await page.getByRole('tab', { name: '支持日志' }).click();
      const card = page.getByTestId('support-log');
      await card.getByText('浏览器模式下日志保存在运行服务的电脑上').waitFor();
      expect(await card.getByTestId('support-folder').count()).toBe(0);
      expect(await card.textContent()).not.toContain(dir);

      await card.getByTestId('support-level').click();
      await page.locator('.ant-select-item-option', { hasText: '警告及以上' }).click();
      await page.getByText('日志级别已改为：警告及以上').waitFor();
      expect(JSON.parse(readFileSync(join(dir, 'data', 'logs', 'log-level.json'), 'utf8'))).toEqual({ level: 'warn' });

      const download = page.waitForEvent('download');
      await card.getByTestId('support-open').click();
      const saved = await download;
      expect(saved.suggestedFilename()).toMatch(/^cmpp-desk-log-\d{8}-\d{4}\.log$/);
      const text = readFileSync((await saved.path())!, 'utf8');
      expect(text).toMatch(/ INFO  \[\d+\] app-start \{.*"mode":"browser"/);
      expect(text).toMatch(/ log-level \{"level":"warn","before":"info"\}/);
      const note = page.getByText(/日志已下载：/);
      await note.waitFor();
      expect(await note.textContent()).not.toContain(dir);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
