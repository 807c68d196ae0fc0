// Scenario tests of the live screens in real Chromium against the real engine: the demo gateway
// (simulator on 127.0.0.1, port 0; a real SQLite file in a temp dir) behind browser mode's real
// server (HTTP + one WebSocket per page, the handler table behind it), under the production CSP.
// One browser for the file; one desk (server + page) for the scenarios, which build on each other
// like an operator's first session.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { DEMO_GROUP_SIZE, DEMO_SIGNATURE, demoNumbers } from '../../electron/services/demo/demo-gateway.js';
import { planOptionsFor } from '../../electron/services/campaigns/submit-batches.js';
import { planMessage } from '../../electron/sms/planner.js';
import { CSP_HEADER } from '../../shared/ipc/csp.js';
import { CJK_FONT, settle, shots, startHarness, type Harness } from './live-harness.js';
import { collectProblems, expectPolicyEnforced } from './page-problems.js';
import { openWebDesk, type WebDesk } from './web-desk.js';

let h: Harness & { initScript: string };
let desk: WebDesk;
const session = () => desk.server.session;
let page: Page;
const submits: Submit[] = [];

const THREE_SEGMENTS =
  '尊敬的会员您好！本店将于本周六举办会员专享活动，全场商品八折起，积分可抵现金，另有精美礼品相送，数量有限，先到先得。' +
  '活动地址：市中心人民路一百号购物广场三楼。活动期间凭本短信可领取小礼品一份。如有疑问请致电客服热线咨询，祝您购物愉快！本活动最终解释权归本店所有，详情请关注官方公众号。';

async function menu(p: Page, name: string, heading: string): Promise<void> {
  await p.getByRole('menuitem', { name }).click();
  await p.getByRole('heading', { name: heading, level: 3 }).waitFor();
}

async function pickOption(p: Page, testId: string, text: string): Promise<void> {
  await p.getByTestId(testId).click();
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
  await p.keyboard.press('Escape');
}

async function confirmPopover(p: Page): Promise<void> {
  await p.locator('.ant-popover:visible .ant-btn-primary').click();
}

beforeAll(async () => {
  h = await startHarness();
  desk = await openWebDesk(h);
  page = desk.page;
  // Every PDU the demo simulator receives, for the preview-vs-wire check.
  session().demo!.simulator.on('pdu', (rec: { pdu: Submit }) => {
    if (rec.pdu.Command_Id === 'CMPP_SUBMIT') submits.push(rec.pdu);
  });
}, 120_000);

afterAll(async () => {
  await desk?.close();
  await h?.close();
});

describe('the live screens on the demo gateway', () => {
  it('first run: the monitor shows the demo account connected, in Chinese, with the CJK font', async () => {
    await desk.goto();
    await page.getByRole('heading', { name: '实时监控' }).waitFor();
    await page.getByTestId('mode-tag').filter({ hasText: '演示网关' }).waitFor();
    await page.getByText('演示网关 (Demo)').first().waitFor();
    await page.getByTestId('link-state').filter({ hasText: '已连接' }).waitFor({ timeout: 20_000 });
    // Counters arrive once a second: the per-second figures and the chart axis appear.
    await page.getByTestId('throughput-chart').waitFor({ timeout: 20_000 });
    expect(await page.evaluate((f) => document.fonts.check(`16px "${f}"`), CJK_FONT)).toBe(true);
    // The start MOs of the demo (a question, a long MO, an opt-out) are in the inbox.
    await menu(page, '收件箱', '收件箱');
    await expect.poll(() => page.locator('[data-testid^="thread-"]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await page.getByText('已退订').first().waitFor();
    expect(desk.problems).toEqual([]);
  });

  it('composes a 3-segment Chinese message: the preview is exactly what the simulator receives', async () => {
    await menu(page, '撰写', '撰写短信');
    await page.getByTestId('account-options').waitFor();
    await page.getByTestId('composer-text').fill(THREE_SEGMENTS);
    const account = session().workspace!.store.accounts.list()[0]!;
    const expected = planMessage(THREE_SEGMENTS, planOptionsFor(account, THREE_SEGMENTS));
    expect(expected.segments).toHaveLength(3);
    // The account's signature is counted and shown in the first segment.
    await expect.poll(() => page.locator('[data-testid="segment-text"]').allTextContents(), { timeout: 10_000 }).toEqual(expected.segments.map((s) => s.text));
    expect((await page.locator('[data-testid="segment-text"]').first().textContent())?.startsWith(DEMO_SIGNATURE)).toBe(true);

    await pickOption(page, 'composer-groups', '演示客户');
    await page.getByTestId('composer-numbers').fill('13900001001\n1380013800\n+86 139 0000 1002');
    // Inline validation: the short number is named with its problem.
    await page.getByTestId('invalid-number').filter({ hasText: '第 2 行' }).waitFor();
    await expect.poll(() => page.getByTestId('plan-recipients').textContent(), { timeout: 15_000 }).toBe(String(DEMO_GROUP_SIZE));
    expect(await page.getByTestId('plan-submits').textContent()).toBe(String(DEMO_GROUP_SIZE * 3));
    await page.getByTestId('plan-duration').waitFor();
    await page.getByTestId('campaign-name').fill('三段测试');
    await settle(page);
    await page.screenshot({ path: join(shots, 'composer.png') });

    submits.length = 0;
    await page.getByTestId('send').click();
    await confirmPopover(page);
    await page.getByTestId('send-result').waitFor({ timeout: 30_000 });
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();

    // Every SUBMIT carries the preview's bytes: the UDH reference is chosen per message by the
    // pump (docs/protocol.md "Long messages and encodings"), so it is compared separately; everything else is byte for byte.
    await expect.poll(() => submits.length, { timeout: 30_000 }).toBe(DEMO_GROUP_SIZE * 3);
    const refs = new Map<string, number>();
    for (const s of submits) {
      const hex = s.Msg_Content.toString('hex');
      const want = expected.segments[s.Pk_number - 1]!.contentHex;
      expect(hex.slice(0, 6)).toBe(want.slice(0, 6)); // 05 00 03, then the reference
      expect(hex.slice(8)).toBe(want.slice(8)); // total, index, UCS2 text
      expect(s.Msg_Fmt).toBe(expected.msgFmt);
      expect(s.TP_udhi).toBe(1);
      expect(s.Registered_Delivery).toBe(1);
      const dest = s.Dest_terminal_Id[0]!;
      const ref = refs.get(dest);
      if (ref === undefined) refs.set(dest, s.Msg_Content[3]!);
      else expect(s.Msg_Content[3]).toBe(ref); // one reference for the three segments of a message
    }
  }, 90_000);

  it('sends to the group and watches the reports arrive live: campaigns and monitor reach the totals', async () => {
    await menu(page, '群发任务', '群发任务');
    const row = page.locator('tr', { hasText: '三段测试' });
    await row.getByTestId('campaign-state').filter({ hasText: '已完成' }).waitFor({ timeout: 45_000 });
    await expect.poll(() => row.getByTestId('progress-text').textContent()).toContain(`${DEMO_GROUP_SIZE}/${DEMO_GROUP_SIZE}`);
    await settle(page);
    await page.screenshot({ path: join(shots, 'campaigns.png') });
    await row.getByTestId('details').click();
    await page.getByTestId('stat-chart').waitFor();
    await page.locator('[data-testid="stat-chart"] [data-stat="DELIVRD"]').waitFor();
    await settle(page);
    await page.screenshot({ path: join(shots, 'campaigns-detail.png') });
    await page.keyboard.press('Escape');

    await menu(page, '监控', '实时监控');
    const card = page.getByTestId(`account-${session().demo!.accountId}`);
    // 150 segments submitted; 150 reports (delivered + failed + unknown) counted live.
    await expect.poll(async () => Number((await card.getByTestId('total-submitted').textContent())?.replace(/,/g, '')), { timeout: 20_000 }).toBeGreaterThanOrEqual(DEMO_GROUP_SIZE * 3);
    await expect
      .poll(
        async () =>
          ((await card.getByTestId('total-reports').textContent()) ?? '')
            .split('/')
            .map((x) => Number(x.trim().replace(/,/g, '')))
            .reduce((a, b) => a + b, 0),
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(DEMO_GROUP_SIZE * 3);
    await settle(page);
    await page.screenshot({ path: join(shots, 'monitor.png') });
    expect(desk.problems).toEqual([]);
  }, 90_000);

  it('an MO arrives, the operator replies inline and sees the reply report', async () => {
    const from = demoNumbers()[11]!;
    await menu(page, '收件箱', '收件箱');
    await session().demo!.sendMo({ from, text: '请问活动几点开始？' });
    await page.getByTestId(`thread-${from}`).click({ timeout: 20_000 });
    await page.getByTestId('mo-bubble').filter({ hasText: '请问活动几点开始？' }).waitFor();
    await page.getByTestId('reply-text').fill(`${DEMO_SIGNATURE}您好，活动上午十点开始，欢迎光临！`);
    await page.getByTestId('reply-send').click();
    const reply = page.getByTestId('sent-bubble').filter({ hasText: '活动上午十点开始' });
    await reply.waitFor({ timeout: 20_000 });
    await expect.poll(() => reply.getByTestId('sent-state').getAttribute('data-state'), { timeout: 20_000 }).toMatch(/^(delivered|failed)$/);
    await page.getByTestId('mo-bubble').filter({ hasText: '请问活动几点开始？' }).getByText('已处理').waitFor();
    await page.getByRole('tab', { name: '实时状态报告' }).click();
    await page.getByTestId('report-row').first().waitFor();
    await page.getByRole('tab', { name: /上行会话/ }).click();
    await settle(page);
    await page.screenshot({ path: join(shots, 'inbox.png') });
    expect(desk.problems).toEqual([]);
  }, 60_000);

  it('opt-out by MO (退订): the next campaign skips that number, visibly', async () => {
    const quitter = demoNumbers()[30]!;
    await session().demo!.sendMo({ from: quitter, text: '退订' });
    await page.getByTestId(`thread-${quitter}`).getByText('已退订').waitFor({ timeout: 20_000 });

    await menu(page, '撰写', '撰写短信');
    await page.getByTestId('composer-text').fill(`${DEMO_SIGNATURE}周末特惠，全场满一百减二十。`);
    await pickOption(page, 'composer-groups', '演示客户');
    await page.getByTestId('plan-skip-opt-out').waitFor({ timeout: 15_000 });
    // The demo's first-run MOs include one opt-out from outside the group; this one is inside.
    expect(await page.getByTestId('plan-skip-opt-out').textContent()).toContain('1');
    await page.getByTestId('campaign-name').fill('退订后的任务');
    await page.getByTestId('send').click();
    await confirmPopover(page);
    await page.getByTestId('send-result').waitFor({ timeout: 30_000 });
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();

    await menu(page, '群发任务', '群发任务');
    const row = page.locator('tr', { hasText: '退订后的任务' });
    await row.getByTestId('skipped-count').filter({ hasText: '跳过 1' }).waitFor({ timeout: 20_000 });
    await row.getByTestId('details').click();
    // The stored reason (English, for the CLI and exports) reads in the UI's language.
    await page.getByTestId('skipped-reasons').getByText('已退订').waitFor();
    await page.keyboard.press('Escape');
    const ws = session().workspace!;
    const c = ws.campaigns.list().find((x) => x.name === '退订后的任务')!;
    const skipped = ws.store.deliveryLog.search({ campaignId: c.id, states: ['skipped'] }, 10).entries;
    expect(skipped.map((m) => m.number)).toEqual([quitter]);
    expect(desk.problems).toEqual([]);
  }, 60_000);

  it('switches to English and back', async () => {
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 3 }).waitFor();
    await page.getByText('Completed').first().waitFor();
    await menu(page, 'Monitor', 'Live monitor');
    await page.getByTestId('mode-tag').filter({ hasText: 'Demo gateway' }).waitFor();
    await page.getByText('Per second').first().waitFor();
    await menu(page, 'Inbox', 'Inbox');
    await page.getByRole('tab', { name: 'Opt-out events' }).click();
    await page.getByTestId('opt-events').getByText('Opt-out').first().waitFor();
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '收件箱', level: 3 }).waitFor();
    await page.getByRole('tab', { name: '退订记录' }).waitFor();
    expect(desk.problems).toEqual([]);
  }, 30_000);

  it('Settings -> demo gateway: the behaviour changes at run time; the desk switches to my gateways and back', async () => {
    await menu(page, '设置', '设置');
    await page.getByRole('tab', { name: '演示网关' }).click();
    const panel = page.getByTestId('demo-gateway-panel');
    await panel.getByText('127.0.0.1:').first().waitFor();
    await panel.getByLabel('UNDELIV 比例（%）').fill('20');
    await panel.getByTestId('demo-apply').click();
    await expect.poll(() => session().demo!.behaviour.undeliveredShare, { timeout: 10_000 }).toBe(0.2);
    // A bad mix is refused in the form, before main is asked.
    await panel.getByLabel('EXPIRED 比例（%）').fill('90');
    await panel.getByTestId('demo-apply').click();
    await panel.getByText('两种失败比例之和不能超过 100%').waitFor();
    expect(session().demo!.behaviour.expiredShare).toBe(0.05);
    await settle(page);
    await page.screenshot({ path: join(shots, 'settings-demo.png') });

    await panel.getByTestId('mode-switch-button').click();
    await confirmPopover(page);
    await panel.getByTestId('mode-tag').filter({ hasText: '我的网关' }).waitFor({ timeout: 30_000 });
    expect(session().mode).toBe('real');
    await menu(page, '监控', '实时监控');
    await page.getByText('还没有网关账号').waitFor();
    await page.getByTestId('mode-switch-button').click();
    await confirmPopover(page);
    await page.getByTestId('mode-tag').filter({ hasText: '演示网关' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('link-state').filter({ hasText: '已连接' }).waitFor({ timeout: 20_000 });
    // The demo's campaigns are still there: demo data lives in its own database.
    await menu(page, '群发任务', '群发任务');
    await page.locator('tr', { hasText: '三段测试' }).waitFor();
    expect(desk.problems).toEqual([]);
  }, 60_000);

  it('the served page is under the production CSP: injected inline code and foreign scripts are blocked and reported', async () => {
    // A second tab of the same browser (signed in by the cookie): the first tab's problems stay its own.
    const tab = await desk.context.newPage();
    const problems = await collectProblems(tab);
    try {
      const response = await tab.goto(`${desk.server.origin}/`);
      expect(response?.headers()['content-security-policy']).toBe(CSP_HEADER);
      await tab.getByRole('heading', { name: '实时监控' }).waitFor();
      await expectPolicyEnforced(tab, problems);
    } finally {
      await tab.close();
    }
    expect(desk.problems).toEqual([]);
  }, 30_000);
});
