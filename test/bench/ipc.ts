// IPC plumbing benchmarks: the composer's preview must answer well inside its 100 ms
// debounce even for the longest text, and event batching must cost next to nothing
// per status report. Registered in run.ts by the lead as `ipc`.
import { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { atLeast, atMost, opsPerSecond, type Figure } from './report.js';

async function msPerCall(fn: () => Promise<unknown>, ms = 1500): Promise<number> {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) await fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    await fn();
    calls++;
    now = performance.now();
  }
  return (now - start) / calls;
}

export async function benchIpc(): Promise<Figure[]> {
  const events = new EventBatcher();
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: 'bench', platform: process.platform, versions: { electron: '-', chrome: '-', node: process.versions.node } },
    events,
  });
  const invoke = createInvoker(table, () => true);
  const longest = { text: '尊敬的客户您好，本月账单已生成，请及时缴费。'.repeat(250).slice(0, 5000), options: { signature: '【移动测试】', gatewayFooter: '回T退订' } };
  const typical = { text: '【移动测试】您的验证码是 493817，5 分钟内有效，请勿泄露。', options: { gatewayFooter: '回T退订' } };

  const longestMs = await msPerCall(() => invoke(null, 'planner.preview', [longest]));
  const typicalMs = await msPerCall(() => invoke(null, 'planner.preview', [typical]));

  // Renderer away: every emit is queued (and bounded); this is the cost per report.
  const emits = opsPerSecond(() => events.emit('app.notice', { level: 'info', code: 'x', message: 'y' }), 1000);
  events.close();

  return [
    { name: 'planner.preview via IPC wrapper, 5000-char Chinese text', value: longestMs, unit: 'ms/call', ...atMost(longestMs, 20), note: 'validate + plan + JSON-safety check; debounce is 100 ms' },
    { name: 'planner.preview via IPC wrapper, typical 1-segment text', value: typicalMs, unit: 'ms/call', ...atMost(typicalMs, 1) },
    { name: 'EventBatcher.emit while the renderer is away', value: emits, unit: 'events/s', ...atLeast(emits, 100_000), note: 'a busy gateway sends a few thousand reports/s' },
  ];
}
