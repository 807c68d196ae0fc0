// The browser harness of the data-screen tests (delivery log, contacts, settings) and of the
// delivery-log benchmark: the production renderer build in Debian's Chromium under the production
// CSP (startHarness from live-harness.ts), wired through the wrapped invoker ipcMain uses to the
// REAL handler table over a real Workspace (a SQLite file in a temp dir) and, when asked, the ISMG
// simulator on 127.0.0.1. File dialogs are a test double returning the paths the test chose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FileDialogs, FileFilter } from '../../electron/ipc/dialogs.js';
import { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable, type HandlerDeps } from '../../electron/ipc/handlers.js';
import { Workspace, type WorkspaceOptions } from '../../electron/services/workspace.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { IsmgSimulator, type SimulatorOptions } from '../../electron/simulator/index.js';
import { bridgePage, type Harness } from './live-harness.js';

export { CJK_FONT, settle, shots, startHarness } from './live-harness.js';

/** Native dialogs as the test scripts them: the next path each returns, and what was asked. */
export class TestDialogs implements FileDialogs {
  nextOpen: string | null = null;
  nextSave: string | null = null;
  readonly asked: { kind: 'open' | 'save'; title: string; defaultName?: string; filters: FileFilter[] }[] = [];

  async openFile(options: { title: string; filters: FileFilter[] }): Promise<string | null> {
    this.asked.push({ kind: 'open', ...options });
    return this.nextOpen;
  }

  async saveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null> {
    this.asked.push({ kind: 'save', ...options });
    return this.nextSave;
  }
}

export const SIM_SP_ID = '900001';
export const SIM_SECRET = '888888';

export interface DataDesk {
  page: Page;
  problems: string[];
  events: EventBatcher;
  ws: Workspace;
  sim: IsmgSimulator | null;
  dialogs: TestDialogs;
  dir: string;
  /** Opens the app page and waits for its first screen. */
  goto(): Promise<void>;
  close(): Promise<void>;
}

export interface DataDeskOptions {
  /** Start a simulator with one 3.0 account (SP_Id 900001, secret 888888). Default true. */
  simulator?: boolean | Partial<SimulatorOptions>;
  workspace?: Partial<Omit<WorkspaceOptions, 'dbPath' | 'cipher'>>;
  /** Use this database file instead of a fresh one (the benchmark's 1,000,000 rows). */
  dbPath?: string;
  viewport?: { width: number; height: number };
  /** Handler dependencies beyond the workspace and dialogs (the support log, openFolder). */
  deps?: Partial<Pick<HandlerDeps, 'supportLog' | 'openFolder'>>;
}

/** The ISMG simulator on 127.0.0.1 with one 3.0 account (SP_Id 900001, secret 888888), reports within 20 ms. */
export function startTestSimulator(opts: Partial<SimulatorOptions> = {}): Promise<IsmgSimulator> {
  return IsmgSimulator.start({
    host: '127.0.0.1',
    port: 0,
    accounts: [{ spId: SIM_SP_ID, secret: SIM_SECRET, version: '3.0' }],
    reports: { delayMs: { min: 0, max: 20 }, statMix: { DELIVRD: 0.7, UNDELIV: 0.2, 'MK:0012': 0.1 } },
    record: false,
    ...opts,
  });
}

/** A page wired to main's side: the CSP violation probe, the real handler table over a Workspace. */
export async function openDataDesk(h: Harness & { initScript: string }, opts: DataDeskOptions = {}): Promise<DataDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-data-ui-'));
  const sim = opts.simulator === false ? null : await startTestSimulator(typeof opts.simulator === 'object' ? opts.simulator : {});
  const ws = Workspace.open({
    dbPath: opts.dbPath ?? join(dir, 'desk.db'),
    cipher: new PlaintextCipher(),
    actor: 'ui-test',
    autoPump: true,
    pump: { refreshMs: 50, leaseTtlMs: 3000 },
    pool: { backoff: { initialMs: 50, maxMs: 300, resetAfterMs: 1000 } },
    ...opts.workspace,
  });
  const events = new EventBatcher({ intervalMs: 50 });
  const dialogs = new TestDialogs();
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: '0.0.0-test', platform: process.platform, versions: { electron: '-', chrome: h.browser.version(), node: process.versions.node } },
    events,
    workspace: ws,
    dialogs,
    ...opts.deps,
  });
  const context = await h.browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 }, locale: 'zh-CN', serviceWorkers: 'block' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.origin });
  const { page, problems } = await bridgePage(h, context, table, events);
  return {
    page,
    problems,
    events,
    ws,
    sim,
    dialogs,
    dir,
    async goto() {
      await page.goto(`${h.origin}/index.html`);
      await page.locator('section[data-screen] h3').first().waitFor();
    },
    async close() {
      events.close();
      await context.close();
      await ws.close();
      await sim?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a screen from the left menu and waits for its Chinese heading. */
export async function openScreen(page: Page, menu: string, heading: string): Promise<void> {
  await page.getByRole('menuitem', { name: menu }).click();
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
}
