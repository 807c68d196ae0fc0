// The browser tests' other transport: the production renderer build served by browser mode's REAL
// server (electron/web/server.ts: HTTP on 127.0.0.1, the per-launch key exchanged for a cookie, ONE
// WebSocket per page carrying the IPC envelopes and event batches) over a real LiveSession in a
// temp data directory. Where the Playwright bridge (live-harness.ts) stands in for Electron's IPC,
// this is the transport users of `npm start` without Electron get; the scenario suites run over it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REAL_DB_FILE } from '../../electron/services/demo/desk-session.js';
import type { Workspace } from '../../electron/services/workspace.js';
import type { IsmgSimulator, SimulatorOptions } from '../../electron/simulator/index.js';
import { startWebServer, type WebServer, type WebServerOptions } from '../../electron/web/server.js';
import { startTestSimulator } from './data-harness.js';
import { FAST_SESSION, type Harness } from './live-harness.js';
import { collectProblems } from './page-problems.js';

export interface WebDesk {
  server: WebServer;
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, CSP violations, and handler failures the server logged. */
  problems: string[];
  /** Every line the server logged. */
  logs: string[];
  dataDir: string;
  /** Opens the printed address (key -> cookie -> the app) and waits for the first screen. */
  goto(): Promise<void>;
  close(): Promise<void>;
}

export interface WebDeskOptions extends Pick<WebServerOptions, 'demo' | 'flushMs'> {
  /** Engine options; default the fast test timers (FAST_SESSION). */
  session?: WebServerOptions['session'];
  /** An existing data directory (kept on close); default a fresh temp one (removed on close). */
  dataDir?: string;
  viewport?: { width: number; height: number };
}

/** A real browser-mode server and a zh-CN page of it in the harness's Chromium. */
export async function openWebDesk(h: Harness, opts: WebDeskOptions = {}): Promise<WebDesk> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cmpp-web-desk-'));
  const logs: string[] = [];
  const problems: string[] = [];
  const server = await startWebServer({
    dataDir,
    port: 0,
    rendererRoot: h.rendererRoot,
    session: opts.session ?? FAST_SESSION,
    flushMs: opts.flushMs ?? 100,
    ...(opts.demo !== undefined ? { demo: opts.demo } : {}),
    log: (line) => {
      logs.push(line);
      // A handler that threw (as opposed to answering a clear failure) or an HTTP request the server
      // failed on is a bug, as an internal error on the bridge is.
      if (line.startsWith('[ipc]') || line.startsWith('[web]')) problems.push(`internal error: ${line}`);
    },
  });
  const context = await h.browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 }, locale: 'zh-CN', serviceWorkers: 'block', acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const page = await context.newPage();
  // One array for the test to assert: the page's problems and the server's.
  await collectProblems(page, problems);
  return {
    server,
    page,
    context,
    problems,
    logs,
    dataDir,
    async goto() {
      await page.goto(server.url);
      await page.locator('section[data-screen] h3').first().waitFor();
    },
    async close() {
      await context.close();
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface DataWebDesk extends WebDesk {
  /** The operator's own database (cmpp-desk.db in the data directory), as the server opened it. */
  readonly ws: Workspace;
  sim: IsmgSimulator | null;
}

export interface DataWebDeskOptions extends WebDeskOptions {
  /** Start a simulator with one 3.0 account (SP_Id 900001, secret 888888). Default true. */
  simulator?: boolean | Partial<SimulatorOptions>;
}

/** A server on "my gateways" (the real database, not the demo), with a test simulator beside it. */
export async function openDataWebDesk(h: Harness, opts: DataWebDeskOptions = {}): Promise<DataWebDesk> {
  const sim = opts.simulator === false ? null : await startTestSimulator(typeof opts.simulator === 'object' ? opts.simulator : {});
  const desk = await openWebDesk(h, { ...opts, session: { ...FAST_SESSION, mode: 'real', ...opts.session } });
  // The server falls back to the demo when the database will not open (said only on the page).
  if (desk.server.session.mode !== 'real') {
    await desk.close();
    await sim?.stop();
    throw new Error(`the server could not open ${join(desk.dataDir, REAL_DB_FILE)} and fell back to the demo gateway`);
  }
  return {
    ...desk,
    sim,
    get ws() {
      return desk.server.session.requireWorkspace();
    },
    async close() {
      await desk.close();
      await sim?.stop();
    },
  };
}
