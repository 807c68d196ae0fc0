// The browser harness of the live-screen tests and the streaming benchmark: the production
// renderer build in Debian's Chromium under the production CSP, wired through the same wrapped
// invoker ipcMain uses to the REAL handler table over a real LiveSession (the demo gateway: the
// simulator on 127.0.0.1, a real SQLite file in a temp dir). Same approach as app.test.ts,
// kept in its own file so that test stays as it is.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { buildRenderer } from '../../build/bundle.js';
import { APP_ORIGIN, serveAppRequest } from '../../electron/ipc/app-protocol.js';
import { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { LiveSession, type LiveSessionOptions } from '../../electron/services/demo/desk-session.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { collectProblems } from './page-problems.js';

interface BindingSource {
  context: BrowserContext;
  page: Page;
  frame: Frame;
}

export const CHROMIUM = '/usr/bin/chromium';
export const CJK_FONT = 'WenQuanYi Micro Hei';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const shots = join(import.meta.dirname, '../../test-results');

export interface Harness {
  origin: string;
  browser: Browser;
  /** The production renderer build (with browser mode's page transport), for startWebServer. */
  rendererRoot: string;
  close(): Promise<void>;
}

/** Builds the renderer and the stand-in preload, serves them with the production headers, launches Chromium. */
export async function startHarness(): Promise<Harness & { initScript: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'cmpp-live-renderer-'));
  mkdirSync(shots, { recursive: true });
  const [, preload] = await Promise.all([
    buildRenderer(outDir),
    build({ entryPoints: [join(import.meta.dirname, 'browser-preload.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false }),
  ]);
  const server: Server = createServer((req, res) => {
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
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    origin,
    browser,
    rendererRoot: outDir,
    initScript: preload.outputFiles[0]!.text,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface OpenedDesk {
  page: Page;
  problems: string[];
  events: EventBatcher;
  session: LiveSession | null;
  dataDir: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Start a real engine (the demo gateway) behind the handlers; default true. */
  engine?: boolean;
  session?: Partial<Omit<LiveSessionOptions, 'events' | 'dataDir' | 'cipher' | 'secrets'>>;
  /** Event flush interval (the app uses 300 ms). */
  flushMs?: number;
}

/** Fast engine timers for tests: reports within 50 ms, no periodic MOs, quick reconnects. */
export const FAST_SESSION: OpenOptions['session'] = {
  workspace: { autoPump: true, pump: { refreshMs: 50, leaseTtlMs: 3000 }, pool: { backoff: { initialMs: 50, maxMs: 300, resetAfterMs: 1000 } } },
  demo: { behaviour: { reportDelayMs: { min: 0, max: 50 }, undeliveredShare: 0.1, expiredShare: 0.05, moEverySeconds: 0 } },
  campaignFlushMs: 100,
};

/** A page wired to main's side: the CSP violation probe, the real handler table, the batcher. */
export async function openDesk(h: Harness & { initScript: string }, opts: OpenOptions = {}): Promise<OpenedDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cmpp-live-data-'));
  const events = new EventBatcher({ intervalMs: opts.flushMs ?? 100 });
  let session: LiveSession | null = null;
  if (opts.engine !== false) {
    session = await LiveSession.open({
      dataDir,
      cipher: LocalKeyCipher.besideDatabase(join(dataDir, 'cmpp-desk.db')),
      secrets: 'key-file',
      events,
      ...FAST_SESSION,
      ...opts.session,
    });
  }
  const live = session;
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: '0.0.0-test', platform: process.platform, versions: { electron: '-', chrome: h.browser.version(), node: process.versions.node } },
    events,
    get workspace() {
      return live?.workspace;
    },
    ...(live ? { live } : {}),
  });
  const context = await h.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', serviceWorkers: 'block' });
  const { page, problems } = await bridgePage(h, context, table, events);
  return {
    page,
    problems,
    events,
    session,
    dataDir,
    async close() {
      events.close();
      await context.close();
      await session?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Before a screenshot: the screen's heading scrolled into view and every running animation finished. */
/**
 * A page bridged to the real handler table, standing in for the preload: `__cmppInvoke` runs the
 * same wrapper main registers (sender check, validation, envelopes), events reach the page through
 * the real EventBatcher, and console errors, page errors and CSP violations are collected.
 */
export async function bridgePage(
  h: Harness & { initScript: string },
  context: BrowserContext,
  table: ReturnType<typeof createHandlerTable>,
  events: EventBatcher,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await collectProblems(page);
  const invoke = createInvoker(table, (source: BindingSource) => source.frame === source.page.mainFrame() && source.frame.url().startsWith(`${h.origin}/`), {
    onInternalError: (channel, error) => problems.push(`internal error in ${channel}: ${String(error)}`),
  });
  // Results cross as one JSON string: Playwright's own serialiser walks every value (~40 ms for a
  // 100-row page) where Electron's IPC takes ~1 ms, and the contract is JSON-safe by design (a
  // value JSON cannot carry would break here first).
  await page.exposeBinding('__cmppInvoke', async (source: BindingSource, channel: string, args: unknown[]) => JSON.stringify(await invoke(source, channel, args)));
  await page.addInitScript({ content: h.initScript });
  events.connect({
    send(channel, batch) {
      page
        .evaluate(([c, b]) => (window as unknown as { __cmppEmit(c: string, b: unknown): number }).__cmppEmit(c, JSON.parse(b)), [channel, JSON.stringify(batch)] as const)
        .catch((e: unknown) => {
          if (!page.isClosed()) problems.push(`emit failed: ${String(e)}`);
        });
    },
  });
  return { page, problems };
}

export async function settle(page: import('playwright-core').Page): Promise<void> {
  await page.locator('section[data-screen] h3').first().scrollIntoViewIfNeeded();
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}
