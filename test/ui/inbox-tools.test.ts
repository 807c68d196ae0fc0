// The inbox and auto-reply tools in real Chromium (zh-CN, production build and CSP) over browser
// mode's real server, the operator's own database and the ISMG simulator sending MOs over TCP:
// an opt-out MO shows as 已退订 and is handled by itself; search by text and by campaign (the MO
// came to the campaign's Src_Id extension); quick replies saved, inserted with one click, sent and
// deleted; and keyword auto-replies managed in Settings (off by default, unsafe patterns refused
// as they are typed) answering the next MO with its LinkID; the answer to a campaign shown in the
// delivery log's message detail.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { until } from '../services/fixtures/engine.js';
import { openScreen, SIM_SECRET, SIM_SP_ID, startHarness } from './data-harness.js';
import { openDataWebDesk, type DataWebDesk } from './web-desk.js';

const SRC = '10690077';
let h: Awaited<ReturnType<typeof startHarness>>;
let desk: DataWebDesk;
let page: Page;
let campaignId: number;
const submitsTo = (n: string) => desk.sim!.received.map((r) => r.pdu).filter((p): p is Submit => p.Command_Id === 'CMPP_SUBMIT' && p.Dest_terminal_Id.includes(n));
const ucs2 = (b: Buffer) => Buffer.from(b).swap16().toString('utf16le');
/** Latin words on a part of the page other than protocol terms (the zh-CN UI has none of its own). */
const PROTOCOL = new Set(['LinkID', 'Src_Id', 'Service_Id', 'CMPP']);
const latin = async (testId: string) => ((await page.getByTestId(testId).innerText()).match(/[A-Za-z][A-Za-z_]+/g) ?? []).filter((w) => !PROTOCOL.has(w));

async function mo(from: string, text: string, to = SRC, linkId = ''): Promise<void> {
  const before = desk.ws.inbox.recent(1)[0]?.id ?? 0;
  await desk.sim!.sendMo({ from, to, text, linkId });
  await until(() => (desk.ws.inbox.recent(1)[0]?.id ?? 0) > before, 20_000, 10, `the MO '${text}'`);
}

beforeAll(async () => {
  h = await startHarness();
  desk = await openDataWebDesk(h, { simulator: { record: true, reports: { delayMs: { min: 0, max: 20 }, statMix: { DELIVRD: 1 } } } });
  page = desk.page;
  const ws = desk.ws;
  const account = ws.store.accounts.create({ name: '测试网关', host: '127.0.0.1', port: desk.sim!.port, version: '3.0', spId: SIM_SP_ID, secret: SIM_SECRET, serviceId: 'SVC', srcId: SRC, signature: '【测试】' });
  campaignId = (await ws.campaigns.create({ accountId: account.id, name: '周末报名', text: '【测试】周末活动，回复报名参加', numbers: ['13900000002'], srcIdExt: '66' })).campaign.id;
  await ws.pool(account.id).whenReady();
  await mo('13900000001', '退订');
  await mo('13900000002', '我要报名', `${SRC}66`);
  await mo('13900000003', '报名截止时间？');
  await desk.goto();
}, 120_000);

afterAll(async () => {
  await desk?.close();
  await h?.close();
});

describe('inbox tools in Chromium', () => {
  it('shows an opt-out MO as 已退订, handled by itself; the others stay unhandled', async () => {
    await openScreen(page, '收件箱', '收件箱');
    const optedOut = page.getByTestId('thread-13900000001');
    await optedOut.getByText('已退订').waitFor();
    await optedOut.click();
    const bubble = page.getByTestId('mo-bubble').filter({ hasText: '退订' });
    await bubble.getByText('已处理').waitFor();
    expect(await page.getByTestId('thread-13900000003').locator('.ant-badge-count').count()).toBe(1);
    expect(await optedOut.locator('.ant-badge-count').count()).toBe(0);
    expect(desk.problems).toEqual([]);
  });

  it('searches by text and filters by the campaign the MO answered through its extension', async () => {
    await page.getByTestId('inbox-search').locator('input').fill('报名');
    await page.getByTestId('inbox-search').locator('input').press('Enter');
    await expect.poll(() => page.locator('[data-testid^="result-"]').count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('inbox-results-count').filter({ hasText: '找到 2 条上行短信' }).waitFor();
    expect(await latin('inbox-results')).toEqual([]);
    await page.getByTestId('inbox-clear-filter').click();
    await page.getByTestId('threads').waitFor();

    await page.getByTestId('inbox-campaign-filter').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `#${campaignId} 周末报名（1 条上行）` }).click();
    await expect.poll(() => page.locator('[data-testid^="result-"]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('我要报名')]);
    await page.locator('[data-testid^="result-"]').first().getByText(`回复任务 #${campaignId}`).waitFor();
    await page.getByTestId('inbox-clear-filter').click();
    expect(desk.problems).toEqual([]);
  });

  it('saves a quick reply, inserts it with one click, sends it, and deletes it', async () => {
    await page.getByTestId('thread-13900000003').click();
    await page.getByTestId('quick-replies').getByText('暂无快捷回复').waitFor();
    const box = page.getByTestId('reply-text');
    await box.fill('报名截止到周五晚上八点。');
    await page.getByTestId('quick-reply-save').click();
    await page.getByTestId('quick-reply').filter({ hasText: '报名截止到周五晚上八点。' }).waitFor();
    await box.fill('');
    await page.getByTestId('quick-reply').click();
    expect(await box.inputValue()).toBe('报名截止到周五晚上八点。');
    await page.getByTestId('reply-send').click();
    await until(() => submitsTo('13900000003').length === 1, 20_000, 20, 'the reply');
    expect(ucs2(submitsTo('13900000003')[0]!.Msg_Content)).toContain('报名截止到周五晚上八点。');
    const [q] = desk.ws.store.quickReplies.list();
    await page.getByTestId(`quick-reply-delete-${q!.id}`).click();
    await page.getByTestId('quick-replies').getByText('暂无快捷回复').waitFor();
    expect(desk.ws.store.quickReplies.list()).toEqual([]);
    expect(desk.problems).toEqual([]);
  });

  it('manages auto-replies in Settings: off by default, a bad pattern named as typed, a rule that answers the next MO', async () => {
    await openScreen(page, '设置', '设置');
    await page.getByRole('tab', { name: '关键词自动回复' }).click();
    await page.getByTestId('autoreply-off').waitFor();
    await page.getByText('暂无规则').waitFor();

    await page.getByTestId('autoreply-match').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '正则表达式' }).click();
    await page.getByTestId('autoreply-keyword').fill('(a+)+$');
    await page.getByTestId('autoreply-keyword-problem').filter({ hasText: '重复的分组里不能再有重复' }).waitFor();
    expect(await page.getByTestId('autoreply-add').isDisabled()).toBe(true);

    await page.getByTestId('autoreply-match').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '完全一致' }).click();
    await page.getByTestId('autoreply-keyword').fill('价格');
    await page.getByTestId('autoreply-reply').fill('标准版每月10元，回复1办理');
    await page.getByTestId('autoreply-add').click();
    await page.getByTestId('autoreply-rules').getByText('标准版每月10元，回复1办理').waitFor();
    await page.getByTestId('autoreply-rules').getByText('所有账号 · 任意扩展码').waitFor();
    expect(await latin('autoreply-card')).toEqual([]);

    await page.getByTestId('autoreply-quiet-on').click();
    await page.getByTestId('autoreply-save').click();
    await page.getByTestId('autoreply-enabled').click();
    await page.getByTestId('autoreply-off').waitFor({ state: 'detached' });
    expect(desk.ws.autoReply.config()).toEqual({ enabled: true, quietHours: null, dailyCap: 3 });

    await mo('13900000004', '价格', SRC, 'LINK-UI-1');
    await until(() => submitsTo('13900000004').length === 1, 20_000, 20, 'the auto-reply');
    expect(submitsTo('13900000004')[0]).toMatchObject({ Src_Id: SRC, LinkID: 'LINK-UI-1' });
    expect(ucs2(submitsTo('13900000004')[0]!.Msg_Content)).toContain('标准版每月10元，回复1办理');

    const rule = desk.ws.autoReply.rules()[0]!;
    await page.getByTestId(`autoreply-delete-${rule.id}`).click();
    await page.locator('.ant-popover:visible .ant-btn-dangerous').click();
    await page.getByText('暂无规则').waitFor();
    expect(desk.problems).toEqual([]);
  });
  it('shows the recipient\'s answer to the campaign in the delivery log\'s message detail', async () => {
    const [entry] = desk.ws.store.deliveryLog.search({ number: '13900000002' }, 5).entries;
    expect(entry!.campaignId).toBe(campaignId);
    await openScreen(page, '发送日志', '发送日志');
    await page.locator(`[role="row"][data-message-id="${entry!.id}"]`).click();
    const drawer = page.getByTestId('log-detail');
    await drawer.getByText('用户回复（发到本任务扩展码的上行短信）').waitFor();
    await drawer.getByTestId('detail-replies').getByText('我要报名').waitFor();
    expect(await latin('detail-replies')).toEqual([]);
    expect(await drawer.getByTestId('detail-replies').textContent()).toContain(`${SRC}66`);
    expect(desk.problems).toEqual([]);
  });
});
