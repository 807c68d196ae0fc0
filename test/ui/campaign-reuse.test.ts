// Campaign reuse in real Chromium (zh-CN) over browser mode's real server and the demo gateway:
// the Composer refuses, with the reason and the fix, a campaign whose every recipient would be
// skipped; a finished campaign's failed numbers get a new draft in one click, a copy to the numbers
// not delivered is made from the drawer, and drafts and finished campaigns are deleted after the
// question what becomes of their delivery-log rows (kept ones stay findable in the Delivery log).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGNATURE, demoNumbers } from '../../electron/services/demo/demo-gateway.js';
import type { Workspace } from '../../electron/services/workspace.js';
import { FAST_SESSION, startHarness, type Harness } from './live-harness.js';
import { openWebDesk, type WebDesk } from './web-desk.js';
import { stateNameSql } from '../../electron/store/state-codes.js';

let h: Harness & { initScript: string };
let desk: WebDesk;
let page: Page;
const ws = (): Workspace => desk.server.session!.workspace!;

async function menu(p: Page, name: string, heading: string): Promise<void> {
  await p.getByRole('menuitem', { name }).click();
  await p.getByRole('heading', { name: heading, level: 3 }).waitFor();
}

const numbersOf = (campaignId: number, states?: string[]) =>
  (ws().db.prepare(`SELECT CAST(number AS TEXT) AS number, ${stateNameSql('state')} AS state FROM messages WHERE campaign_id = ? ORDER BY number`).all(campaignId) as { number: string; state: string }[])
    .filter((m) => !states || states.includes(m.state))
    .map((m) => m.number);

const newestCampaign = () => ws().campaigns.list()[0]!;

/** A finished demo campaign with failed and unknown outcomes among its 40 recipients. */
let sent: number;

beforeAll(async () => {
  h = await startHarness();
  // Half the demo's reports UNDELIV and a fifth EXPIRED/unknown: 40 recipients surely have some of each.
  const demo = { ...FAST_SESSION!.demo, behaviour: { ...FAST_SESSION!.demo!.behaviour, undeliveredShare: 0.5, expiredShare: 0.2 } };
  desk = await openWebDesk(h, { session: { ...FAST_SESSION, demo } });
  page = desk.page;
  await desk.goto();
  const w = ws();
  const made = await w.campaigns.create({ accountId: desk.server.session!.demo!.accountId, name: '会员日', text: `${DEMO_SIGNATURE}会员日全场八折`, numbers: demoNumbers().slice(0, 40) });
  sent = made.campaign.id;
  await w.campaigns.start(sent);
  await w.campaigns.waitUntilSettled(sent);
}, 120_000);

afterAll(async () => {
  await desk?.close();
  await h?.close();
});

describe('campaign reuse on the Campaigns screen', () => {
  it('the Composer refuses a campaign whose every recipient is opted out, saying why and how to fix it', async () => {
    ws().store.optOuts.add('13900009001', 'manual');
    ws().store.optOuts.add('13900009002', 'manual');
    await menu(page, '撰写', '撰写短信');
    await page.getByTestId('composer-text').fill(`${DEMO_SIGNATURE}周末特惠`);
    await page.getByTestId('composer-numbers').fill('13900009001\n13900009002');
    const refusal = page.getByTestId('plan-refusal');
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.textContent()).toBe('全部 2 位收件人都会被跳过：已退订 2 位。解决办法：请选择未退订的收件人。');
    expect(await page.getByTestId('send').isDisabled()).toBe(true);
    expect(await page.getByTestId('save-draft').isDisabled()).toBe(true);
    await page.getByTestId('composer-numbers').fill('');
    expect(desk.problems).toEqual([]);
  }, 60_000);

  it('resends to the failed numbers in one click: a new draft with just those recipients', async () => {
    const failed = numbersOf(sent, ['failed']);
    expect(failed.length).toBeGreaterThan(0);
    await menu(page, '群发任务', '群发任务');
    await page.getByTestId(`campaign-row-${sent}`).getByTestId('details').click();
    const drawer = page.getByTestId('campaign-drawer');
    await drawer.getByTestId('resend-failed').filter({ hasText: `重发失败号码（${failed.length}）` }).click();
    await page.locator('.ant-message').getByText(`收件人 ${failed.length} 个，待发送 ${failed.length} 个，跳过 0 个`).waitFor({ timeout: 15_000 });
    const copy = newestCampaign();
    expect(copy).toMatchObject({ name: '会员日（重发失败号码）', state: 'draft', text: `${DEMO_SIGNATURE}会员日全场八折` });
    expect(numbersOf(copy.id)).toEqual(failed);
    // The drawer now shows the new draft, and the list has it.
    await page.getByText(`任务 #${copy.id}：会员日（重发失败号码）`).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId(`campaign-row-${copy.id}`).getByTestId('campaign-state').filter({ hasText: '草稿' }).waitFor();
    expect(desk.problems).toEqual([]);
  }, 60_000);

  it('copies a campaign to the numbers not delivered (failed and unknown) from the drawer', async () => {
    const notDelivered = numbersOf(sent, ['failed', 'unknown']);
    await page.getByTestId(`campaign-row-${sent}`).getByTestId('details').click();
    await page.getByTestId('campaign-drawer').getByTestId('clone').click();
    const dialog = page.getByTestId('clone-dialog');
    await dialog.getByText(`仅未送达的：失败与状态未知（${notDelivered.length}）`, { exact: true }).click();
    await dialog.getByTestId('clone-name').fill('会员日补发');
    await page.getByTestId('clone-ok').click();
    await page.getByText(/^任务 #\d+：会员日补发$/).waitFor({ timeout: 15_000 });
    const copy = newestCampaign();
    expect(copy.name).toBe('会员日补发');
    expect(numbersOf(copy.id)).toEqual(notDelivered);
    await page.keyboard.press('Escape');
    expect(desk.problems).toEqual([]);
  }, 60_000);

  it('deletes a draft keeping its log rows (still in the Delivery log, marked deleted) and a finished campaign with them', async () => {
    const draft = newestCampaign();
    await page.getByTestId(`campaign-row-${draft.id}`).getByTestId('details').click();
    await page.getByTestId('campaign-drawer').getByTestId('delete').click();
    const question = page.getByTestId('delete-question');
    await question.waitFor();
    expect(await question.textContent()).toContain(`它的 ${ws().campaigns.status(draft.id).total} 条发送日志怎么处理？`);
    await page.getByTestId('delete-keep-log').click();
    await page.getByTestId(`campaign-row-${draft.id}`).waitFor({ state: 'detached', timeout: 15_000 });
    expect(ws().store.campaigns.get(draft.id).deletedAt).not.toBeNull();
    expect(ws().campaigns.status(draft.id).queued).toBe(0);

    await page.getByTestId(`campaign-row-${sent}`).getByTestId('details').click();
    await page.getByTestId('campaign-drawer').getByTestId('delete').click();
    await page.getByTestId('delete-with-log').click();
    await page.getByTestId(`campaign-row-${sent}`).waitFor({ state: 'detached', timeout: 15_000 });
    expect(ws().db.prepare('SELECT count(*) FROM messages WHERE campaign_id = ?').pluck().get(sent)).toBe(0);
    expect(ws().store.audit.recent(10).filter((e) => e.action === 'campaign.delete').map((e) => [e.campaignId, e.details.log])).toEqual([
      [sent, 'delete'],
      [draft.id, 'keep'],
    ]);

    // The kept rows are found in the Delivery log under the campaign's name, marked deleted.
    await menu(page, '发送日志', '发送日志');
    await page.locator('#log-filter-campaign').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `会员日补发 (#${draft.id}) · 已删除` }).waitFor();
    await page.keyboard.press('Escape');
    expect(desk.problems).toEqual([]);
  }, 60_000);
});
