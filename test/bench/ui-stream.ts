// UI stream benchmark: the p99 frame time of the renderer while 1,000 status reports/s (and the
// per-second counters) stream into the Monitor and then the Inbox, 10 s each (target < 50 ms).
// Real Chromium with the production renderer build; frame times are requestAnimationFrame deltas
// measured in the page. The demo engine runs behind the handlers so the screens are populated.
// Two transports:
// - bridge: the events go through the real EventBatcher (300 ms flushes, as in the app) into the
//   page by Playwright, standing in for Electron's IPC;
// - websocket: browser mode's real server; the reports and counters are published into the
//   engine's live feed, as the deliver router and the pools do, and reach the page the way every
//   live event does there (LiveSession -> the tab's EventBatcher, 300 ms -> the WebSocket).
import type { Page } from 'playwright-core';
import { Counters, type CounterValues } from '../../electron/cmpp/session/counters.js';
import type { SlotState } from '../../electron/cmpp/session/pool.js';
import type { ReportRow } from '../../shared/ipc/contract/inbox.js';
import type { LiveCounters, LiveCounterValues } from '../../shared/ipc/contract/monitor.js';
import { FAST_SESSION, openDesk, startHarness, type Harness } from '../ui/live-harness.js';
import { openWebDesk } from '../ui/web-desk.js';
import { atMost, type Figure } from './report.js';

export type Transport = 'bridge' | 'websocket';

const RATE = 1000;
const SECONDS = 10;
const STATS = ['DELIVRD', 'DELIVRD', 'DELIVRD', 'DELIVRD', 'DELIVRD', 'DELIVRD', 'DELIVRD', 'DELIVRD', 'UNDELIV', 'EXPIRED'];

function zero(): LiveCounterValues {
  return { submits: 0, messages: 0, responsesOk: 0, responsesFailed: 0, flowControl: 0, timeouts: 0, resends: 0, reports: 0, delivered: 0, failed: 0, unknown: 0, mos: 0 };
}

// The probes are plain script text: tsx would otherwise inject its own helpers into the function
// bodies, which do not exist in the page.
const START_PROBE = `(() => {
  window.__frames = [];
  window.__probe = true;
  // Long animation frames (>= 50 ms) with the script time in them: our own work, as opposed to
  // frames missed because the machine is busy elsewhere.
  window.__loaf = [];
  window.__loafObserver?.disconnect();
  window.__loafObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__loaf.push(e.scripts.reduce((n, s) => n + s.duration, 0));
  });
  try { window.__loafObserver.observe({ type: 'long-animation-frame' }); } catch {}
  let last = 0;
  const tick = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (window.__probe) requestAnimationFrame(tick);
  };
  requestAnimationFrame((now) => {
    last = now;
    requestAnimationFrame(tick);
  });
})()`;
const STOP_PROBE = '(() => { window.__probe = false; window.__loafObserver?.disconnect(); return { frames: window.__frames, loaf: window.__loaf }; })()';

async function startFrameProbe(page: Page): Promise<void> {
  await page.evaluate(START_PROBE);
}

interface Probe {
  frames: number[];
  /** Script milliseconds inside each long animation frame. */
  loaf: number[];
}

async function stopFrameProbe(page: Page): Promise<Probe> {
  return (await page.evaluate(STOP_PROBE)) as Probe;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** A page showing the demo account, and how synthetic live events reach it. */
interface StreamDesk {
  page: Page;
  accountId: number;
  report(row: ReportRow): void;
  counters(c: LiveCounters): void;
  close(): Promise<void>;
}

function counterValues(v: LiveCounterValues): CounterValues {
  return { ...new Counters().snapshot(), submits: v.submits, messages: v.messages, responsesOk: v.responsesOk, responsesFailed: v.responsesFailed, reports: v.reports, mos: v.mos };
}

// The demo account stays unconnected: its real (idle) counters would interleave with the
// synthetic ones pushed here.
const DEMO_IDLE = { ...FAST_SESSION, demo: { behaviour: { moEverySeconds: 0 }, connect: false } };

async function openStreamDesk(h: Harness & { initScript: string }, transport: Transport): Promise<StreamDesk> {
  if (transport === 'bridge') {
    const desk = await openDesk(h, { flushMs: 300, session: DEMO_IDLE });
    await desk.page.goto(`${h.origin}/index.html`);
    return {
      page: desk.page,
      accountId: desk.session!.demo!.accountId,
      report: (row) => desk.events.emit('live.reports', row),
      counters: (c) => desk.events.emit('live.counters', c),
      close: () => desk.close(),
    };
  }
  const desk = await openWebDesk(h, { flushMs: 300, session: DEMO_IDLE });
  await desk.goto();
  const session = desk.server.session;
  const feed = session.requireWorkspace().feed;
  return {
    page: desk.page,
    accountId: session.demo!.accountId,
    report: (row) => feed.publishReport(row),
    counters: (c) =>
      feed.publishCounters({
        at: c.at,
        accountId: c.accountId,
        intervalMs: c.intervalMs,
        interval: counterValues(c.interval),
        totals: counterValues(c.totals),
        poolQueueDepth: c.poolQueueDepth,
        connections: c.connections.map((x) => ({ ...x, state: x.state as SlotState })),
        rate: c.rate,
        store: { inFlight: c.inFlight },
      }),
    close: () => desk.close(),
  };
}

export async function benchUiStream(transport: Transport = 'bridge'): Promise<Figure[]> {
  const h = await startHarness();
  const desk = await openStreamDesk(h, transport);
  const label = transport === 'websocket' ? 'WebSocket transport: ' : '';
  const figures: Figure[] = [];
  try {
    const { page, accountId } = desk;
    await page.getByRole('heading', { name: '实时监控' }).waitFor();
    await page.getByTestId(`account-${accountId}`).waitFor({ timeout: 30_000 });

    let sent = 0;
    const totals = zero();
    let msgId = 0x8000_0000_0000_0000n;
    // Streams RATE reports/s (paced by elapsed time, not timer accuracy) and one counters sample
    // per second through the real batcher, for `seconds`.
    const stream = (seconds: number) =>
      new Promise<void>((resolve) => {
        const start = performance.now();
        let second = 0;
        const timer = setInterval(() => {
          const elapsed = performance.now() - start;
          const due = Math.min(RATE * seconds, Math.floor((elapsed * RATE) / 1000));
          for (; sent < due; sent++) {
            const stat = STATS[sent % STATS.length]!;
            msgId += 1n;
            const row: ReportRow = {
              at: Date.now(),
              accountId,
              msgId: msgId.toString(),
              number: `139${String(10_000_000 + (sent % 90_000_000)).padStart(8, '0')}`,
              stat,
              outcome: stat === 'DELIVRD' ? 'delivered' : 'failed',
              messageId: sent + 1,
              campaignId: 1,
            };
            desk.report(row);
          }
          if (elapsed >= (second + 1) * 1000) {
            second++;
            const interval = { ...zero(), submits: RATE, messages: RATE, responsesOk: RATE, reports: RATE, delivered: RATE * 0.8, failed: RATE * 0.2 };
            for (const k of Object.keys(totals) as (keyof LiveCounterValues)[]) totals[k] += interval[k];
            const c: LiveCounters = {
              at: Date.now(),
              accountId,
              intervalMs: 1000,
              interval,
              totals: { ...totals },
              queued: 5000,
              inDoubt: 0,
              inFlight: 32,
              poolQueueDepth: 0,
              rate: RATE,
              linkState: 'ready',
              connections: [
                { slot: 0, connectionId: 1, state: 'ready', inFlight: 16, window: 16 },
                { slot: 1, connectionId: 2, state: 'ready', inFlight: 16, window: 16 },
              ],
            };
            desk.counters(c);
          }
          if (elapsed >= seconds * 1000) {
            clearInterval(timer);
            resolve();
          }
        }, 5);
      });

    // Baseline: the same page with nothing streaming (on a loaded machine frames drop anyway).
    await startFrameProbe(page);
    await new Promise((r) => setTimeout(r, 3000));
    const idle = await stopFrameProbe(page);

    // Monitor.
    await startFrameProbe(page);
    sent = 0;
    await stream(SECONDS);
    const monitor = await stopFrameProbe(page);
    const submitted = await page.getByTestId('total-submitted').first().textContent();

    // Inbox, live reports tab.
    await page.getByRole('menuitem', { name: '收件箱' }).click();
    await page.getByRole('tab', { name: '实时状态报告' }).click();
    await startFrameProbe(page);
    sent = 0;
    await stream(SECONDS);
    const inbox = await stopFrameProbe(page);
    const rows = await page.getByTestId('report-row').count();

    const loafNote = (p: Probe) => `${p.loaf.length} long frames, longest script time in one ${Math.round(Math.max(0, ...p.loaf))} ms`;
    figures.push({ name: `${label}Idle page (nothing streaming): p99 frame time, for comparison`, value: percentile(idle.frames, 99), unit: 'ms', note: `${idle.frames.length} frames in 3 s; ${loafNote(idle)}` });
    for (const [name, p, shown] of [
      ['Monitor', monitor, `totals shown ${submitted ?? '?'}`],
      ['Inbox live reports', inbox, `${rows} rows shown`],
    ] as const) {
      const p99 = percentile(p.frames, 99);
      const note = `${p.frames.length} frames, max ${Math.round(Math.max(...p.frames))} ms; ${loafNote(p)}; ${shown}`;
      figures.push({ name: `${label}${name}: p99 frame time at ${RATE} reports/s for ${SECONDS} s`, value: p99, unit: 'ms', ...atMost(p99, 50), note });
      figures.push({ name: `${label}${name}: median frame time`, value: percentile(p.frames, 50), unit: 'ms' });
    }
  } finally {
    await desk.close();
    await h.close();
  }
  return figures;
}

// `tsx test/bench/ui-stream.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchUiStream(process.argv.includes('--websocket') ? 'websocket' : 'bridge')) printFigure(f);
}
