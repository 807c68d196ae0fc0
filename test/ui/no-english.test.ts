// No English in the Chinese UI: every screen, and the main drawers, modals and confirmations (the
// Composer's templates, a campaign's copy and delete dialogs, the auto-reply settings, a
// reconciliation on the Statistics screen), walked in real
// Chromium (zh-CN) on the demo gateway after a campaign ran, with a contact file that has problems,
// a connection test that fails and one that warns, errors from main (a name taken, an argument and an
// input refused), a gateway that breaks the connection and one that refuses a login. Every Latin-alphabet word on the
// page must be a protocol term, a code (Stat, Result), a format name, an identifier from the data,
// or on the short allow-list below. Then, in English, one message is counted as "1 message".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_NAME } from '../../electron/services/demo/demo-gateway.js';
import type { Workspace } from '../../electron/services/workspace.js';
import { QUERY_COUNTERS } from '../../shared/query-counter.js';
import { TEMPLATE_NAME_MAX } from '../../shared/ipc/contract/composer.js';
import { STAT_FILTER_SUGGESTIONS } from '../../shared/stat.js';
import { openScreen, startHarness } from './data-harness.js';
import { openWebDesk, type WebDesk } from './web-desk.js';
import { sqlState } from '../../electron/store/state-codes.js';

let h: Awaited<ReturnType<typeof startHarness>>;
let desk: WebDesk;

beforeAll(async () => {
  h = await startHarness();
  desk = await openWebDesk(h, { demo: true });
}, 120_000);

afterAll(async () => {
  await desk?.close();
  await h?.close();
});

/** CMPP's own names (docs/glossary.md, docs/protocol.md), as the UI writes them. */
const PROTOCOL = [
  'CMPP', 'ISMG', 'SMSC', 'SP', 'SP_Id', 'MO', 'MT', 'Msg_Id', 'Msg_Fmt', 'Msg_src', 'Src_Id', 'Service_Id', 'LinkID', 'Stat', 'Result', 'Status',
  'FeeType', 'FeeCode', 'FeeUserType', 'Fee_terminal_Id', 'Dest_terminal_Id', 'Pk_number', 'Pk_total', 'Done_time', 'Submit_time', 'TP_udhi', 'UDH',
  'Registered_Delivery', 'SUBMIT', 'SUBMIT_RESP', 'DELIVER', 'DELIVER_RESP', 'CONNECT', 'ACTIVE_TEST', 'TERMINATE', 'CMPP_CANCEL', 'CMPP_QUERY',
  'UCS2', 'GBK', 'ASCII', 'GSM', 'Version', 'in_doubt', 'Fee_UserType', 'ValId_Time', 'At_Time', 'Source_Addr', 'AuthenticatorISMG',
  'AuthenticatorSource', 'Sequence_Id',
  // The spec's timer and window letters: C (ACTIVE_TEST interval), T (response timeout), N (sends), W (window).
  'C', 'T', 'N', 'W',
];
/** Names of formats and of the product, kept in Latin letters in Chinese too. */
const NAMES = ['CSV', 'XLSX', 'Excel', 'UTF', 'BOM', 'Desk', 'TD', 'ID', 'B', 'KiB', 'MiB'];
/** The language switch names each language in that language. */
const LANGUAGE_NAMES = ['English'];

/** Latin words in what the page shows: its text, and placeholders and tooltips. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[placeholder], [title]'))) {
      if (!el.checkVisibility()) continue;
      parts.push(el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '');
    }
    return parts.join('\n');
  });
  // A merge field ({name}) is an identifier the operator types, whatever its language.
  return text.replace(/\{[^{}\s]+\}/g, ' ').match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [];
}

/** Words of the data (names, texts, hosts), which the operator typed and may be in any language. */
function dataWords(ws: Workspace): Set<string> {
  const db = ws.store.db;
  const texts = [
    ...(db.prepare('SELECT name || char(10) || host || char(10) || service_id || char(10) || signature FROM accounts').pluck().all() as string[]),
    ...(db.prepare('SELECT name || char(10) || text FROM campaigns').pluck().all() as string[]),
    ...(db.prepare('SELECT name FROM contact_groups').pluck().all() as string[]),
    ...(db.prepare('SELECT name || char(10) || text FROM templates').pluck().all() as string[]),
    ...(db.prepare("SELECT coalesce(text, '') FROM mo_messages").pluck().all() as string[]),
  ];
  return new Set(texts.join('\n').match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []);
}

function foreign(words: string[], data: Set<string>): string[] {
  // The test's own contact file (its name and a bad number in it) is data too.
  data = new Set([...data, 'csv', 'abc']);
  // CMPP_QUERY's counters by their spec names (MT_TLMsg, ...), as reconciliation shows them.
  const allowed = new Set([...PROTOCOL, ...QUERY_COUNTERS, ...NAMES, ...LANGUAGE_NAMES, ...STAT_FILTER_SUGGESTIONS.map((s) => s.replace(/:$/, ''))]);
  return [...new Set(words)].filter(
    (w) =>
      !allowed.has(w) &&
      !data.has(w) &&
      !/^[A-Z]{2,}[A-Z0-9_]*$/.test(w) && // Stat and error codes (DELIVRD, MK:0012's MK)
      !/^[0-9A-Fa-f]{8,}$/.test(w), // a Msg_Id in hex
  );
}

/** A campaign of the demo group through the engine, every report in (some UNDELIV, EXPIRED). */
async function runDemoCampaign(ws: Workspace): Promise<number> {
  const account = ws.store.accounts.list()[0]!;
  const group = ws.store.contacts.findGroup(DEMO_GROUP_NAME)!;
  const { campaign } = await ws.campaigns.create({ accountId: account.id, name: '周末会员活动', text: '【CMPP演示】周末会员活动，全场八折。', groupIds: [group.id] });
  await ws.campaigns.start(campaign.id);
  await ws.campaigns.waitUntilSettled(campaign.id, { intervalMs: 50 });
  return campaign.id;
}

describe('the Chinese UI has no English', () => {
  it('walks every screen, drawer and modal', async () => {
    const { page } = desk;
    await desk.goto();
    const found: Record<string, string[]> = {};
    const ws = () => desk.server.session.requireWorkspace();
    const look = async (where: string) => {
      const bad = foreign(await latinWords(page), dataWords(ws()));
      // Reported with the lines they are on, so a failure says where to look.
      const lines = (await page.evaluate(() => document.body.innerText)).split('\n');
      if (bad.length) found[where] = bad.map((w) => `${w}: ${lines.find((l) => new RegExp(`\\b${w}\\b`).test(l)) ?? '(placeholder or tooltip)'}`);
    };
    await page.getByText('已连接', { exact: true }).first().waitFor({ timeout: 60_000 });
    const campaignId = await runDemoCampaign(ws());
    await look('monitor');
    for (const [menu, heading] of [['撰写', '撰写短信'], ['联系人', '联系人'], ['群发任务', '群发任务'], ['收件箱', '收件箱'], ['发送日志', '发送日志'], ['统计', '统计报表'], ['设置', '设置']] as const) {
      await openScreen(page, menu, heading);
      await look(menu);
    }

    // Composer with a text, a group and the batch plan.
    await openScreen(page, '撰写', '撰写短信');
    await page.getByTestId('composer-text').fill('【CMPP演示】{姓名}您好，周末活动见。');
    await page.getByTestId('plan-characters').waitFor();
    await look('composer with text');

    // The Composer's templates: saved, picked from the list, and the delete confirmation.
    await page.getByTestId('template-name').fill('会员日模板');
    await page.getByTestId('template-save-new').click();
    await page.getByText('模板「会员日模板」已保存').waitFor();
    await page.getByTestId('composer-template').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '会员日模板' }).first().click();
    await look('composer templates');

    // Errors from main in Chinese, never main's English: a name taken (conflict), and an argument
    // main refuses (invalid-args: the page's request altered on its way, as a page of another build would send it).
    await page.getByTestId('template-name').fill('会员日模板');
    await page.getByTestId('template-save-new').click();
    await page.getByText('操作冲突：已有名为“会员日模板”的模板').first().waitFor();
    await look('composer template name taken');
    await page.evaluate((max) => {
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        const m = typeof data === 'string' ? (JSON.parse(data) as { t?: string; channel?: string; args?: [{ name?: string }] }) : null;
        if (m?.t === 'invoke' && m.channel === 'composer.saveTemplate' && m.args?.[0]) {
          m.args[0].name = '长'.repeat(max + 1);
          WebSocket.prototype.send = send;
          return send.call(this, JSON.stringify(m));
        }
        return send.call(this, data);
      };
    }, TEMPLATE_NAME_MAX);
    await page.getByTestId('template-name').fill('另一个模板');
    await page.getByTestId('template-save-new').click();
    await page.getByText(`参数无效：名称最多 ${TEMPLATE_NAME_MAX} 个字符（现有 ${TEMPLATE_NAME_MAX + 1} 个）`).first().waitFor();
    await look('composer template refused by main (invalid-args)');
    await page.getByTestId('template-delete').click();
    await page.locator('.ant-popover:visible').waitFor();
    await look('composer template delete confirmation');
    await page.keyboard.press('Escape');

    // The campaign's drawer.
    await openScreen(page, '群发任务', '群发任务');
    await page.getByTestId(`campaign-row-${campaignId}`).getByTestId('details').click();
    await page.getByTestId('campaign-drawer').waitFor();
    await look('campaign drawer');
    const drawer = page.getByTestId('campaign-drawer');
    await drawer.getByTestId('clone').click();
    await page.getByTestId('clone-dialog').waitFor();
    await look('campaign copy dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('clone-dialog').waitFor({ state: 'hidden' });
    await drawer.getByTestId('delete').click();
    await page.getByTestId('delete-question').waitFor();
    await look('campaign delete dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('delete-question').waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');

    // The delivery log and the detail drawer of a failed message.
    const failed = ws().store.db.prepare(`SELECT id FROM messages WHERE campaign_id = ? AND state = ${sqlState('failed')} LIMIT 1`).pluck().get(campaignId) as number | undefined;
    await openScreen(page, '发送日志', '发送日志');
    await page.getByTestId('log-grid').waitFor();
    if (failed !== undefined) {
      await page.locator('#log-filter-number').fill(String(ws().store.db.prepare('SELECT CAST(number AS TEXT) FROM messages WHERE id = ?').pluck().get(failed)));
      await page.getByTestId('filter-search').click();
      await page.locator(`[role="row"][data-message-id="${failed}"]`).click();
      await page.getByTestId('log-detail').waitFor();
      await look('log detail (failed)');
      await page.keyboard.press('Escape');
    }

    // Statistics with the figures of the campaign and a reconciliation with the demo gateway.
    await openScreen(page, '统计', '统计报表');
    await page.getByTestId('traffic-chart').waitFor();
    await page.getByTestId('reconcile-run').click();
    await page.getByTestId('reconcile-summary').waitFor({ timeout: 30_000 });
    await look('statistics with reconciliation');
    // The range picker's calendar names months and weekdays in Chinese too.
    await page.getByTestId('stats-range-picker').locator('input').first().click();
    await page.locator('.ant-picker-dropdown:visible .ant-picker-content').first().waitFor();
    await look('statistics range picker');
    await page.keyboard.press('Escape');

    // The inbox with a conversation open.
    await openScreen(page, '收件箱', '收件箱');
    await page.locator('[data-testid^="thread-"]').first().click({ timeout: 20_000 });
    await page.getByTestId('conversation').waitFor();
    await look('inbox conversation');

    // The contact import with problems in the file.
    const file = join(desk.dataDir, '客户.csv');
    writeFileSync(file, '\ufeff手机号,姓名\r\n13800138000,张三\r\n12345,李四\r\n+86 138-0013-8000,张三\r\nabc,王五\r\n');
    await openScreen(page, '联系人', '联系人');
    await page.getByTestId('contacts-import').click();
    const wizard = page.getByTestId('import-wizard');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), wizard.getByTestId('import-pick').click()]);
    await chooser.setFiles(file);
    await wizard.getByText('新群组', { exact: true }).click();
    await wizard.locator('#import-new-group').fill('新客户');
    await page.getByTestId('import-preview').click();
    await wizard.getByTestId('import-issues').waitFor();
    await look('contact import problems');
    await page.keyboard.press('Escape');

    // Settings: the account editor and a connection test that fails (nothing listens on the port).
    await openScreen(page, '设置', '设置');
    await page.getByTestId('account-new').click();
    const editor = page.getByTestId('account-editor');
    await editor.locator('#account_name').fill('测试网关');
    await editor.locator('#account_host').fill('127.0.0.1');
    await editor.locator('#account_port').fill('1');
    await editor.locator('#account_spId').fill('900001');
    await editor.locator('#account_secret').fill('888888');
    await editor.locator('#account_srcId').fill('10690001');
    await editor.locator('#account_serviceId').fill('SVC');
    await page.getByTestId('account-test').click();
    await editor.getByTestId('connection-test-hint').waitFor({ timeout: 20_000 });
    await look('connection test failed');
    await page.keyboard.press('Escape');

    // A connection test that logs in with a warning (the gateway's AuthenticatorISMG is wrong, the
    // account does not insist): the warning is worded from its code, not the engine's English line.
    const demoGateway = desk.server.session.demo!.simulator;
    demoGateway.faults.wrongAuthenticator(true);
    await page.getByTestId(`account-test-${ws().store.accounts.list()[0]!.id}`).click();
    await page.getByTestId('connection-test-warning').first().waitFor({ timeout: 20_000 });
    demoGateway.faults.wrongAuthenticator(false);
    expect(await page.getByTestId('connection-test-warning').first().textContent()).toContain('认证码');
    await look('connection test with a warning');

    // Settings: the keyword auto-reply tab.
    await page.getByRole('tab', { name: '关键词自动回复' }).click();
    await page.getByTestId('autoreply-keyword').waitFor();
    await look('settings auto-reply');
    // A keyword that is only punctuation: main refuses it (invalid-input) and the card says why in Chinese.
    await page.getByTestId('autoreply-keyword').fill('。');
    await page.getByTestId('autoreply-reply').fill('【CMPP演示】谢谢');
    await page.getByTestId('autoreply-add').click();
    await page.getByText('输入无效：关键词“。”去掉空格和标点后为空').first().waitFor();
    await look('settings auto-reply refused (invalid-input)');

    // The Monitor after the gateway sent bytes that are no CMPP frame: the engine events say why.
    await openScreen(page, '监控', '实时监控');
    desk.server.session.demo!.simulator.faults.sendMalformedFrame('too-long');
    await page.getByText('收到无法解析的数据，连接已断开', { exact: false }).first().waitFor({ timeout: 30_000 });
    await look('monitor after a connection failure');

    // An account the gateway refuses (wrong secret): the banner words the CONNECT_RESP Status.
    const demoAccount = ws().store.accounts.list()[0]!;
    const refused = ws().store.accounts.create({ ...demoAccount, name: '密码错误的账号', secret: 'wrong!' });
    ws().pool(refused.id);
    const banner = page.getByTestId(`account-${refused.id}`).getByTestId('account-failure');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('网关拒绝登录（Status 3：认证错）');
    await look('monitor with a refused login');

    expect(found).toEqual({});

    // And in English, counts take their plural form: one message is "1 message".
    const one = ws().store.db.prepare('SELECT CAST(number AS TEXT) FROM messages WHERE campaign_id = ? LIMIT 1').pluck().get(campaignId) as string;
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Delivery log' }).click();
    await page.locator('#log-filter-number').fill(one);
    await page.getByTestId('filter-search').click();
    await page.getByTestId('log-total').getByText('1 message', { exact: true }).waitFor();
    expect(desk.problems).toEqual([]);
  }, 300_000);
});
