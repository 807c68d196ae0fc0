// An operator's first session on the demo gateway, driven by what the screen shows (the zh-CN
// labels, placeholders, headings and buttons a user reads), never by test ids: the acceptance test
// of `npm start` runs it against the real browser-mode server. Every step waits for a visible
// condition; nothing sleeps.
import { expect } from 'vitest';
import type { Download, Locator, Page } from 'playwright-core';
import { openScreen } from '../ui/data-harness.js';

/** A Chinese text the planner splits into exactly three UCS2 segments (with the demo's signature). */
export const THREE_SEGMENT_TEXT =
  '尊敬的会员您好！本店将于本周六举办会员专享活动，全场商品八折起，积分可抵现金，另有精美礼品相送，数量有限，先到先得。' +
  '活动地址：市中心人民路一百号购物广场三楼。活动期间凭本短信可领取小礼品一份。如有疑问请致电客服热线咨询，祝您购物愉快！本活动最终解释权归本店所有，详情请关注官方公众号。';

const LONG = { timeout: 60_000 };

/** The value shown beside a label on the Monitor's account card ("累计提交 150"). */
async function factNumbers(page: Page, label: string): Promise<number[]> {
  const text = (await page.getByText(label, { exact: true }).first().locator('xpath=..').textContent()) ?? '';
  return text
    .slice(text.indexOf(label) + label.length)
    .split('/')
    .map((x) => Number(x.trim().replace(/,/g, '')));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);

/** The Monitor shows the demo gateway and its account connected. */
export async function demoConnects(page: Page): Promise<void> {
  await page.getByRole('heading', { name: '实时监控', exact: true }).waitFor(LONG);
  await page.getByText('演示网关', { exact: true }).first().waitFor();
  await page.getByText('已连接', { exact: true }).first().waitFor(LONG);
}

/** Types the text into the Composer; the preview shows it as exactly `segments` segments. */
export async function previewSegments(page: Page, text: string, segments: number): Promise<void> {
  await openScreen(page, '撰写', '撰写短信');
  await page.getByPlaceholder('在此输入短信内容，右侧实时显示编码、拆分和计费条数').fill(text);
  await page.getByText(`第 ${segments}/${segments} 条`, { exact: true }).waitFor(LONG);
  for (let i = 1; i <= segments; i++) await expect.poll(() => page.getByText(`第 ${i}/${segments} 条`, { exact: true }).count()).toBe(1);
  expect(await page.getByText(new RegExp(`^第 \\d+/(?!${segments}\\b)\\d+ 条$`)).count()).toBe(0);
}

/** Picks a contact group in the Composer, names the campaign, sends it and confirms. */
export async function sendToGroup(page: Page, group: string, campaign: string): Promise<void> {
  const groups = page.locator('.ant-form-item', { has: page.getByText('联系人分组', { exact: true }) });
  await groups.getByRole('combobox').click();
  await page.locator('.ant-select-dropdown:visible').getByText(group).first().click();
  await page.keyboard.press('Escape');
  await page.getByText(/^分组共 \d+ 人/).waitFor();
  await page.getByPlaceholder('例如：十一月会员积分提醒').fill(campaign);
  // antd spaces out a two-character Chinese button label ("发 送").
  await page.getByRole('button', { name: /^发\s?送$/ }).click();
  await page.locator('.ant-popover:visible').getByRole('button', { name: /^发\s?送$/ }).click();
  const done = page.getByRole('dialog').filter({ hasText: /任务 #\d+ 已开始发送/ });
  await done.waitFor(LONG);
  await done.getByRole('button').last().click();
  await done.waitFor({ state: 'hidden' });
}

/**
 * The reports of `segments` submitted segments arrive while the operator watches: the Monitor's
 * report total reaches them, the campaign ends completed, and the Inbox's live table shows reports.
 * Returns the first and last totals the Monitor showed.
 */
export async function reportsArriveLive(page: Page, campaign: string, segments: number): Promise<{ firstSeen: number; last: number }> {
  await openScreen(page, '监控', '实时监控');
  let firstSeen = -1;
  let last = 0;
  await expect
    .poll(
      async () => {
        last = sum(await factNumbers(page, '累计报告 成功/失败/未知'));
        if (firstSeen < 0) firstSeen = last;
        return last;
      },
      { timeout: 120_000, interval: 100 },
    )
    .toBeGreaterThanOrEqual(segments);
  await openScreen(page, '群发任务', '群发任务');
  await page.getByRole('row').filter({ hasText: campaign }).getByText('已完成', { exact: true }).waitFor(LONG);
  // The Inbox's live report table is filled only by pushed events (it loads nothing stored).
  await openScreen(page, '收件箱', '收件箱');
  await page.getByRole('tab', { name: '实时状态报告' }).click();
  const liveRows = page.getByRole('row').filter({ hasText: /DELIVRD|UNDELIV|EXPIRED/ });
  await liveRows.first().waitFor(LONG);
  expect(await liveRows.count()).toBeGreaterThan(0);
  await page.getByRole('tab', { name: /上行会话/ }).click();
  return { firstSeen, last };
}

/** Settings -> 演示网关: the simulator sends an MO from `from`, as the panel offers. */
export async function simulateMo(page: Page, from: string, text: string): Promise<void> {
  await openScreen(page, '设置', '设置');
  await page.getByRole('tab', { name: '演示网关' }).click();
  const field = (label: string): Locator => page.locator('.ant-space-compact, .ant-input-group-wrapper', { has: page.getByText(label, { exact: true }) }).getByRole('textbox');
  await field('手机号').fill(from);
  await field('内容').fill(text);
  await page.getByRole('button', { name: '发送上行' }).click();
  await page.getByText('上行已由模拟器发出，稍后出现在收件箱').waitFor();
}

/** Inbox: the MO's conversation opens, the operator replies inline, the reply gets its report. */
export async function answerMo(page: Page, from: string, mo: string, reply: string): Promise<string> {
  await openScreen(page, '收件箱', '收件箱');
  const thread = page.getByRole('listitem').filter({ hasText: from });
  await thread.click(LONG);
  // The list shows the latest text too: the conversation's bubble is the last of the two.
  await expect.poll(() => page.getByText(mo, { exact: true }).count()).toBe(2);
  await page.getByPlaceholder('输入回复内容，回复会计入发送日志并有状态报告').fill(reply);
  await page.getByRole('button', { name: '发送回复' }).click();
  await page.getByText(reply, { exact: true }).last().waitFor(LONG);
  const state = page.getByText(/^(已送达|失败)( · \S+)?$/).last();
  await state.waitFor(LONG);
  await page.getByText('已处理').first().waitFor();
  return (await state.textContent()) ?? '';
}

/** Delivery log: the whole log exported as CSV through the browser's download. */
export async function exportLogCsv(page: Page, messages: number): Promise<Download> {
  await openScreen(page, '发送日志', '发送日志');
  await page.getByText(`共 ${messages.toLocaleString('zh-CN')} 条消息`, { exact: true }).waitFor(LONG);
  const [download] = await Promise.all([page.waitForEvent('download', LONG), page.getByRole('button', { name: /导出 CSV/ }).click()]);
  return download;
}
