// The Monitor says why a connection ended: a framing error from the gateway shows on the
// account's panel while it reconnects and in the live events, in real Chromium against the
// demo gateway (the simulator's fault injection sends the unframeable bytes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_SESSION, openDesk, startHarness, type Harness, type OpenedDesk } from './live-harness.js';

let h: Harness & { initScript: string };
let desk: OpenedDesk;

beforeAll(async () => {
  h = await startHarness();
  desk = await openDesk(h, {
    session: {
      ...FAST_SESSION,
      // A long back-off keeps the account disconnected long enough to read the panel.
      workspace: { ...FAST_SESSION!.workspace, pool: { backoff: { initialMs: 60_000, maxMs: 60_000, resetAfterMs: 120_000 } } },
    },
  });
}, 120_000);

afterAll(async () => {
  await desk?.close();
  await h?.close();
});

describe('a connection failure on the Monitor', () => {
  it('shows the framing reason on the account panel and in the live events', async () => {
    const page = desk.page;
    await page.goto(`${h.origin}/index.html`);
    await page.getByTestId('link-state').filter({ hasText: '已连接' }).waitFor({ timeout: 20_000 });
    desk.session!.demo!.simulator.faults.sendMalformedFrame('too-long');
    const alert = page.getByTestId('connection-failure');
    await alert.waitFor({ timeout: 20_000 });
    // Said in Chinese from the close code: which account and connection, and why.
    expect(await alert.textContent()).toMatch(/^连接中断：账号 .+ 的连接 \S+：收到无法解析的数据，连接已断开/);
    await page.getByText('连接中断', { exact: true }).first().waitFor();
    expect(desk.problems).toEqual([]);
  });
});
