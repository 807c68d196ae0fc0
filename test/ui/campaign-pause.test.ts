// The Campaigns screen says when a scheduled campaign starts (local time with its UTC offset, the
// one format of shared/time-format.ts) and why the engine paused one (its account cannot log in),
// in Chinese, in real Chromium against the real engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasons } from '../../shared/reasons.js';
import { dateTimeOffsetText } from '../../shared/time-format.js';
import { DEMO_ACCOUNT_NAME } from '../../electron/services/demo/demo-gateway.js';
import { FAST_SESSION, openDesk, startHarness, type Harness, type OpenedDesk } from './live-harness.js';

let h: Harness & { initScript: string };
let desk: OpenedDesk;

beforeAll(async () => {
  h = await startHarness();
  desk = await openDesk(h, { session: FAST_SESSION });
}, 120_000);

afterAll(async () => {
  await desk?.close();
  await h?.close();
});

describe('the Campaigns screen', () => {
  it('shows the scheduled time with its offset and the reason of a pause, in Chinese', async () => {
    const ws = desk.session!.workspace!;
    const account = ws.store.accounts.findByName(DEMO_ACCOUNT_NAME)!;
    const at = Date.now() + 2 * 3600_000;
    const scheduled = await ws.campaigns.create({ accountId: account.id, name: '定时任务', text: '【演示】定时', numbers: '13912345670', scheduleAt: at });
    await ws.campaigns.start(scheduled.campaign.id);
    const paused = await ws.campaigns.create({ accountId: account.id, name: '被暂停的任务', text: '【演示】暂停', numbers: '13912345671' });
    ws.store.campaigns.setState(paused.campaign.id, 'running');
    ws.store.campaigns.setState(paused.campaign.id, 'paused', Date.now(), reasons.loginRefused(account.name, 3, 'authentication error'));

    const page = desk.page;
    await page.goto(`${h.origin}/index.html`);
    await page.getByRole('menuitem', { name: '群发任务' }).click();
    const when = page.getByTestId('campaign-scheduled');
    await when.waitFor({ timeout: 20_000 });
    expect(await when.textContent()).toBe(`定时 ${dateTimeOffsetText(at)}`);
    expect(await when.textContent()).toMatch(/ [+-]\d\d:\d\d$/);
    const why = page.getByTestId('campaign-pause-reason');
    await why.waitFor({ timeout: 20_000 });
    expect(await why.textContent()).toBe(`账号 ${account.name} 无法登录：网关拒绝登录，Status 3（认证错）`);
    expect(desk.problems).toEqual([]);
  }, 60_000);
});
