// The renderer in real Chromium (Debian's, via playwright-core), built with the
// production Vite config, served with the production CSP header by the same
// serveAppRequest() the app:// protocol uses, and wired to the REAL handler table
// through the same wrapped invoker ipcMain uses. Any CSP violation, page error or
// console error fails the test.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../build/bundle.js';
import { APP_ORIGIN, serveAppRequest } from '../../electron/ipc/app-protocol.js';
import { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { planMessage } from '../../electron/sms/planner.js';
import { CSP_HEADER } from '../../shared/ipc/csp.js';
import type { PlanOptions } from '../../shared/plan.js';
import { CHROMIUM, CHROMIUM_ARGS, CJK_FONT } from './live-harness.js';
import { collectProblems, expectPolicyEnforced } from './page-problems.js';

/** What Playwright passes a binding as its first argument (the page-side caller). */
interface BindingSource {
  context: BrowserContext;
  page: Page;
  frame: Frame;
}

const root = join(import.meta.dirname, '../..');
const shots = join(root, 'test-results');

let outDir = '';
let initScript = '';
let server: Server;
let origin = '';
let browser: Browser;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'cmpp-renderer-'));
  mkdirSync(shots, { recursive: true });
  const [, preload] = await Promise.all([
    buildRenderer(outDir),
    build({ entryPoints: [join(import.meta.dirname, 'browser-preload.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false }),
  ]);
  initScript = preload.outputFiles[0]!.text;

  // An http front for the app:// handler: same file resolution, same headers (CSP included).
  server = createServer((req, res) => {
    serveAppRequest(new Request(`${APP_ORIGIN}${req.url ?? '/'}`, { method: req.method }), outDir)
      .then(async (response) => {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => (headers[name] = value));
        res.writeHead(response.status, headers);
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  problems: string[];
  calls: string[];
  events: EventBatcher;
  table: ReturnType<typeof createHandlerTable>;
  close(): Promise<void>;
}

async function openApp(): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await collectProblems(page);
  const calls: string[] = [];

  // Main's side, for real: batcher + handler table + the wrapped invoker ipcMain uses.
  const events = new EventBatcher({ intervalMs: 50 });
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: '0.0.0-test', platform: process.platform, versions: { electron: '-', chrome: browser.version(), node: process.versions.node } },
    events,
  });
  // Stand-in for the sender check: only the page's top frame on our origin.
  const invoke = createInvoker(table, (source: BindingSource) => source.frame === source.page.mainFrame() && source.frame.url().startsWith(`${origin}/`));
  // As in bridgePage (live-harness.ts): the envelope crosses as JSON text.
  await page.exposeBinding('__cmppInvoke', async (source: BindingSource, channel: string, args: unknown[]) => {
    calls.push(channel);
    return JSON.stringify(await invoke(source, channel, args));
  });
  await page.addInitScript({ content: initScript });
  events.connect({
    send(channel, batch) {
      page.evaluate(([c, b]) => (window as unknown as { __cmppEmit(c: string, b: unknown): number }).__cmppEmit(c, JSON.parse(b)), [channel, JSON.stringify(batch)] as const).catch((e: unknown) => problems.push(`emit failed: ${String(e)}`));
    },
  });
  return {
    page,
    problems,
    calls,
    events,
    table,
    async close() {
      events.close();
      await context.close();
    },
  };
}

async function segmentTexts(page: Page): Promise<string[]> {
  return page.locator('[data-testid="segment-text"]').allTextContents();
}

async function waitForSegments(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const got = Array.from(document.querySelectorAll('[data-testid="segment-text"]'), (e) => e.textContent);
      return got.length === want.length && got.every((t, i) => t === want[i]);
    },
    expected,
    { timeout: 10_000 },
  );
}

describe('the renderer in Chromium', () => {
  it('opens in Chinese, previews a 3-segment message from main, switches language, renders CJK', async () => {
    const app = await openApp();
    const { page, problems } = app;
    try {
      // Queued before the page exists: must arrive once the renderer says app.ready.
      app.events.emit('app.notice', { level: 'warning', code: 'safe-storage-plaintext', message: 'No system keyring' });
      await page.goto(`${origin}/index.html`);
      await page.getByRole('heading', { name: '实时监控' }).waitFor();
      await page.getByText('未找到系统密钥环', { exact: false }).waitFor();
      expect(app.calls.slice(0, 2)).toEqual(['app.info', 'app.ready']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      // No engine behind the page: the empty state says what is going on and what to do.
      await page.getByText('数据库尚未打开：正在启动或切换网关，请稍候片刻再打开此页', { exact: false }).waitFor();
      await page.screenshot({ path: join(shots, 'monitor-no-engine.png') });

      await page.getByRole('menuitem', { name: '撰写' }).click();
      await page.getByRole('heading', { name: '撰写短信' }).waitFor();

      const text =
        '尊敬的客户：您好！您本月的话费账单已生成，账单金额为人民币一百二十八元五角，请于本月二十五日前缴清。' +
        '如已缴费请忽略本短信。为保障您的正常通信，建议您开通自动缴费业务，详情可拨打客服热线一零零八六咨询，' +
        '或登录网上营业厅办理。感谢您一直以来对我们的支持与信任，祝您生活愉快、工作顺利、万事如意！';
      const signature = '【移动测试】';
      const footer = '回T退订';
      const options: PlanOptions = { encoding: 'auto', udhRefBits: 8, signature, signaturePosition: 'prefix', gatewayFooter: footer };
      const expected = planMessage(text, options);
      expect(expected.segments).toHaveLength(3);

      await page.getByTestId('composer-signature').fill(signature);
      await page.getByTestId('composer-footer').fill(footer);
      await page.getByTestId('composer-text').fill(text);
      await waitForSegments(page, expected.segments.map((s) => s.text));
      expect(await segmentTexts(page)).toEqual(expected.segments.map((s) => s.text));
      expect(await page.getByTestId('segment-footer').allTextContents()).toEqual([footer]);
      expect(await page.getByTestId('plan-encoding').textContent()).toBe('UCS2 (Msg_Fmt 8)');
      expect(await page.getByTestId('plan-billed').textContent()).toBe(String(expected.billedCount));
      expect(await page.getByTestId('plan-characters').textContent()).toBe(String(expected.characters));
      expect(await page.getByTestId('plan-left').textContent()).toBe(String(expected.charsLeftInLast));
      // The counter under the text and the preview agree: it names both the typed count and the
      // total with signature and footer, which is the preview's figure.
      expect(await page.getByTestId('composer-characters').textContent()).toBe(
        `已输入 ${[...text].length} 字；加上签名、网关追加文字（及合并字段的值）共 ${expected.characters} 字，与预览一致`,
      );
      expect(expected.characters).toBe([...text].length + [...signature].length + [...footer].length);
      await page.getByText('第 3/3 条').waitFor();
      // A Chinese text is UCS2 as a matter of course: no character is singled out.
      expect(await page.locator('mark.plan-char').count()).toBe(0);
      await page.screenshot({ path: join(shots, 'composer-preview.png'), fullPage: true });

      // English, and back.
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('heading', { name: 'Compose a message' }).waitFor();
      await page.getByText('Segment 3/3').waitFor();
      await page.getByRole('menuitem', { name: 'Delivery log' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect((await app.table['app.info']()).locale).toBe('en');
      await page.screenshot({ path: join(shots, 'composer-en.png'), fullPage: true });
      await page.getByText('中文', { exact: true }).click();
      await page.getByRole('heading', { name: '撰写短信' }).waitFor();
      expect((await app.table['app.info']()).locale).toBe('zh-CN');
      expect(await segmentTexts(page)).toEqual(expected.segments.map((s) => s.text));

      // One typographic apostrophe turns an English text into UCS2: it is marked in place.
      await page.getByTestId('composer-signature').fill('');
      await page.getByTestId('composer-footer').fill('');
      const english = 'Don’t forget: your appointment is tomorrow at 10am. Reply YES to confirm.';
      const englishPlan = planMessage(english, { ...options, signature: '', gatewayFooter: '' });
      await page.getByTestId('composer-text').fill(english);
      await waitForSegments(page, englishPlan.segments.map((s) => s.text));
      expect(await page.locator('mark.plan-char').allTextContents()).toEqual(['’']);
      // Nothing added to the text: one figure, the same in the counter and the preview.
      expect(await page.getByTestId('composer-characters').textContent()).toBe(`${englishPlan.characters} 字`);
      expect(await page.getByTestId('plan-characters').textContent()).toBe(String(englishPlan.characters));
      expect(await page.getByTestId('plan-encoding').textContent()).toBe('UCS2 (Msg_Fmt 8)');
      await page.getByText('U+2019').first().waitFor();
      await page.screenshot({ path: join(shots, 'composer-forces-ucs2.png'), fullPage: true });

      // The CJK font named in the stack is the one that actually renders the Chinese heading.
      expect(await page.evaluate((f) => document.fonts.check(`16px "${f}"`), CJK_FONT)).toBe(true);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain(CJK_FONT);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root: doc } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector: 'section[data-screen="composer"] h3' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.map((f) => f.familyName)).toContain(CJK_FONT);

      expect(problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('every other screen shows its heading and an honest empty state', async () => {
    const app = await openApp();
    const { page, problems } = app;
    try {
      await page.goto(`${origin}/index.html`);
      const screens: [string, string, string][] = [
        ['监控', '实时监控', 'monitor'],
        ['联系人', '联系人', 'contacts'],
        ['群发任务', '群发任务', 'campaigns'],
        ['收件箱', '收件箱', 'inbox'],
        ['发送日志', '发送日志', 'delivery-log'],
        ['设置', '设置', 'settings'],
      ];
      for (const [menu, heading, shot] of screens) {
        await page.getByRole('menuitem', { name: menu }).click();
        await page.getByRole('heading', { name: heading }).waitFor();
        await page.locator('.ant-empty').waitFor();
        await page.screenshot({ path: join(shots, `${shot}-empty.png`) });
      }
      expect(problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('the policy is really enforced: injected inline code and foreign scripts are blocked and reported', async () => {
    const app = await openApp();
    const { page, problems } = app;
    try {
      const response = await page.goto(`${origin}/index.html`);
      expect(response?.headers()['content-security-policy']).toBe(CSP_HEADER);
      await page.getByRole('heading', { name: '实时监控' }).waitFor();
      await expectPolicyEnforced(page, problems);
    } finally {
      await app.close();
    }
  });
});
