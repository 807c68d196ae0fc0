// The README's own first command, `npm start`, on a machine without Electron's binary (this one):
// started as a child process in a clean temporary HOME, it builds, says once that Electron is not
// installed, serves browser mode and prints the address. Debian's Chromium then does an operator's
// first session by what the screen shows: the demo gateway connects, a 3-segment Chinese message
// is previewed and sent to the demo group, its status reports arrive live, an MO (simulated from
// Settings, as an operator can) is answered inline, and the delivery log is exported as a download
// saved where the browser put it. SIGTERM then stops every process of it within 10 s, and every
// database it wrote is closed in order and passes SQLite's integrity check.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_SIZE, DEMO_SIGNATURE, demoNumbers } from '../../electron/services/demo/demo-gateway.js';
import { LOG_COLUMNS, logExportHeader } from '../../electron/services/log/log-export.js';
import { electronBinary } from '../../electron/web/launch.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../ui/live-harness.js';
import { collectProblems } from '../ui/page-problems.js';
import { parseCsv } from '../ui/csv-records.js';
import { answerMo, demoConnects, exportLogCsv, previewSegments, reportsArriveLive, sendToGroup, simulateMo, THREE_SEGMENT_TEXT } from './user-flow.js';
import { until } from '../support/until.js';

const root = join(import.meta.dirname, '../..');
const ADDRESS = /^CMPP Desk: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;
/** A frame of a JavaScript stack trace ("    at fn (file.js:1:2)"). */
const STACK_FRAME = /^\s+at\s+(?:\S+\s+\()?(?:file:|node:|\/|[A-Za-z]:\\)\S*:\d+/m;
const CAMPAIGN = '三段验收';

let home = '';
let child: ChildProcess | null = null;
let output = '';
let exited: Promise<number | null> = Promise.resolve(null);
let browser: Browser | null = null;

function everyDatabase(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.db'))
    .map((e) => join(e.parentPath, e.name));
}

/** Whether any process of the child's group (npm, its shell, the server) is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Where Electron's binary is installed, npm start opens the desktop app instead: nothing to drive here.
describe.skipIf(electronBinary() !== null)('npm start without Electron: browser mode, used as an operator would', () => {
  let url = '';

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'cmpp-npm-start-home-'));
    mkdirSync(join(home, '.config'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    // Nothing of the test runner's own setup leaks into the user's command.
    for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
    // Its own process group: the check after the stop sees every process of it gone, and the
    // clean-up reaches them all whatever happened.
    const proc = spawn('npm', ['start', '--', '--no-open', '--port', '0'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (child?.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('builds, says once that Electron is not installed, and prints the address to open', async () => {
    // The build is part of the command: a generous bound on a shared machine.
    await until(
      'the address line',
      () => {
        if (child?.exitCode !== null || child?.signalCode !== null) throw new Error(`npm start ended before printing an address:\n${output}`);
        return ADDRESS.test(output);
      },
      300_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}:\n${output}`);
    });
    url = ADDRESS.exec(output)![1]!;
    expect(output.split('\n').filter((l) => /Electron is not installed/i.test(l))).toHaveLength(1);
    expect(output).toMatch(/ELECTRON_MIRROR/);
  }, 320_000);

  it('the demo gateway connects; a 3-segment message goes to the demo group; reports arrive live; an MO is answered; the log downloads', async () => {
    expect(url).not.toBe('');
    const downloads = join(home, 'Downloads');
    const context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true, serviceWorkers: 'block' });
    const page: Page = await context.newPage();
    const problems = await collectProblems(page);
    try {
      await page.goto(url);
      await demoConnects(page);

      await previewSegments(page, THREE_SEGMENT_TEXT, 3);
      await sendToGroup(page, '演示客户', CAMPAIGN);
      const totals = await reportsArriveLive(page, CAMPAIGN, DEMO_GROUP_SIZE * 3);
      expect(totals.last).toBeGreaterThanOrEqual(DEMO_GROUP_SIZE * 3);

      const from = demoNumbers()[11]!;
      const mo = '请问活动几点开始？';
      const reply = `${DEMO_SIGNATURE}您好，活动上午十点开始，欢迎光临！`;
      await simulateMo(page, from, mo);
      expect(await answerMo(page, from, mo, reply)).toMatch(/^(已送达|失败)/);

      // 50 campaign messages of 3 segments, and the reply: one row per segment.
      const download = await exportLogCsv(page, DEMO_GROUP_SIZE + 1);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const saved = join(downloads, download.suggestedFilename());
      await download.saveAs(saved);
      expect(await download.failure()).toBeNull();
      const bytes = readFileSync(saved);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.toString('utf8').slice(1));
      expect(rows[0]).toEqual(logExportHeader('readable', 'zh-CN'));
      const col = (key: string) => LOG_COLUMNS.findIndex((c) => c.key === key);
      const data = rows.slice(1);
      expect(data).toHaveLength(DEMO_GROUP_SIZE * 3 + 1);
      for (const r of data) expect(r).toHaveLength(LOG_COLUMNS.length);
      expect(data.filter((r) => r[col('campaign')] === CAMPAIGN)).toHaveLength(DEMO_GROUP_SIZE * 3);
      expect(new Set(data.filter((r) => r[col('campaign')] === CAMPAIGN).map((r) => r[col('number')]))).toEqual(new Set(demoNumbers()));
      expect(data.filter((r) => r[col('number')] === from && r[col('campaign')] !== CAMPAIGN)).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('SIGTERM: every process npm start began exits within 10 s, printed no stack trace, and its databases are closed and pass the integrity check', async () => {
    expect(child?.pid).toBeDefined();
    const pid = child!.pid!;
    // To the process the user started (npm) alone, the hardest delivery: npm passes it on to its
    // shell only, so the server must notice that shell going away.
    const stopAt = Date.now();
    child!.kill('SIGTERM');
    const bound = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    expect(await Promise.race([exited.then(() => 'exited' as const), bound])).toBe('exited');
    // Nothing npm started outlives it (the server is not left running, orphaned).
    await expect.poll(() => groupAlive(pid), { timeout: Math.max(0, 10_000 - (Date.now() - stopAt)), interval: 50 }).toBe(false);

    expect(output).not.toMatch(STACK_FRAME);
    expect(output).not.toMatch(/Electron failed to install correctly/);
    expect(output.split('\n').filter((l) => /Electron is not installed/i.test(l))).toHaveLength(1);

    const databases = everyDatabase(home);
    expect(databases.some((p) => p.endsWith('demo.db'))).toBe(true);
    for (const path of databases) {
      // A connection closed in order folds its write-ahead log back and removes it; a killed
      // process leaves it behind.
      expect(existsSync(`${path}-wal`), `${path}-wal`).toBe(false);
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma('integrity_check', { simple: true }), path).toBe('ok');
      } finally {
        db.close();
      }
    }
  }, 30_000);
});
