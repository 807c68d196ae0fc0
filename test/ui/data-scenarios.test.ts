// Scenario tests of the data screens in real Chromium (production build, production CSP), served by
// browser mode's REAL server (HTTP + one WebSocket per page) over a real Workspace (the operator's
// database in a temp data directory) and the ISMG simulator on 127.0.0.1: the delivery log (state
// filter, 22-digit Msg_Id search, detail drawer, copy, CSV export downloaded by the browser and
// checked byte for byte), the contacts import (uploaded through the browser's file picker; per-row
// errors, then save), and Settings (an account created there passes the connection test; a wrong
// secret is explained as Status 3).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_COLUMNS, logExportHeader } from '../../electron/services/log/log-export.js';
import type { Workspace } from '../../electron/services/workspace.js';
import { msgIdTo22, msgIdToHex } from '../../shared/msg-id.js';
import { parseCsv } from './csv-records.js';
import { CJK_FONT, openScreen, settle, shots, SIM_SECRET, SIM_SP_ID, startHarness } from './data-harness.js';
import { openDataWebDesk } from './web-desk.js';
import { STATE_CODE } from '../../electron/store/state-codes.js';
import type { MessageState } from '../../shared/message-state.js';

let h: Awaited<ReturnType<typeof startHarness>>;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const CAMPAIGN = '=1+1 双十一促销';

/** A campaign sent through the engine to `n` numbers, every report received. */
async function sendCampaign(ws: Workspace, port: number, n: number): Promise<number> {
  const account = ws.store.accounts.create({ name: '测试网关', host: '127.0.0.1', port, version: '3.0', spId: SIM_SP_ID, secret: SIM_SECRET, serviceId: 'SVC', srcId: '10690001' });
  const group = ws.store.contacts.createGroup('客户');
  for (const _ of ws.store.contacts.addMembers(group.id, Array.from({ length: n }, (_, i) => ({ number: `1390000${String(i).padStart(4, '0')}` }))));
  const { campaign } = await ws.campaigns.create({ accountId: account.id, name: CAMPAIGN, text: '【测试】尊敬的客户，双十一活动今晚开始。', groupIds: [group.id] });
  await ws.campaigns.start(campaign.id);
  await ws.campaigns.waitUntilSettled(campaign.id, { intervalMs: 50 });
  return campaign.id;
}

/** Clicks, and saves the file the browser downloads into `dir`; returns its path and offered name. */
async function downloadBy(page: Page, click: () => Promise<void>, dir: string): Promise<{ path: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const name = download.suggestedFilename();
  mkdirSync(dir, { recursive: true });
  await download.saveAs(join(dir, name));
  return { path: join(dir, name), name };
}

async function stateTexts(desk: { page: Page }): Promise<string[]> {
  return desk.page.locator('[data-testid="log-grid"] [role="row"][data-loaded="true"] [data-col="state"]').allTextContents();
}

describe('data screens in Chromium', () => {
  it('delivery log: filters by state and by a 22-digit Msg_Id, opens the detail drawer, copies, exports a CSV that checks out', async () => {
    const desk = await openDataWebDesk(h);
    const { page, problems, ws } = desk;
    try {
      await sendCampaign(ws, desk.sim!.port, 30);
      const count = (state: MessageState) => ws.store.db.prepare('SELECT count(*) FROM messages WHERE state = ?').pluck().get(STATE_CODE[state]) as number;
      const failed = count('failed');
      expect(failed + count('delivered')).toBe(30);

      await desk.goto();
      await openScreen(page, '发送日志', '发送日志');
      await page.getByTestId('log-total').getByText('共 30 条消息').waitFor();
      await page.locator('[role="row"][data-row-index="0"][data-loaded="true"]').waitFor();

      // State filter: only failed messages, the count from main.
      await page.locator('#log-filter-state').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '失败' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-search').click();
      await page.getByTestId('log-total').getByText(`共 ${failed} 条消息`).waitFor();
      if (failed > 0) {
        // Every row in view is loaded, and every one is a failed message.
        await expect.poll(async () => (await stateTexts(desk)).length).toBe(await page.locator('[data-testid="log-grid"] [role="row"][data-row-index]').count());
        expect((await stateTexts(desk)).length).toBeGreaterThanOrEqual(Math.min(failed, 10));
        expect(new Set(await stateTexts(desk))).toEqual(new Set(['失败']));
      }
      expect(await page.evaluate((f) => document.fonts.check(`16px "${f}"`), CJK_FONT)).toBe(true);
      await settle(page);
      await page.screenshot({ path: join(shots, 'delivery-log.png') });

      // A Msg_Id in its 22-digit form finds its message; the drawer shows all three forms.
      const seg = ws.store.db.prepare('SELECT message_id, msg_id FROM segments WHERE msg_id IS NOT NULL ORDER BY id DESC LIMIT 1').safeIntegers(true).get() as { message_id: bigint; msg_id: bigint };
      const msgId = BigInt.asUintN(64, seg.msg_id);
      await page.locator('#log-filter-state').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').hover();
      await page.locator('.ant-select-clear').first().click();
      await page.locator('#log-filter-msgid').fill(msgIdTo22(msgId));
      await page.getByText(`${msgId.toString()} · ${msgIdTo22(msgId)} · ${msgIdToHex(msgId)}`).waitFor();
      await page.getByTestId('filter-search').click();
      await page.getByTestId('log-total').getByText('共 1 条消息').waitFor();
      const row = page.locator(`[role="row"][data-message-id="${seg.message_id}"]`);
      await row.click();
      const drawer = page.getByTestId('log-detail');
      await drawer.getByTestId('msgid-22').getByText(msgIdTo22(msgId)).waitFor();
      expect(await drawer.getByTestId('msgid-decimal').textContent()).toBe(msgId.toString());
      expect(await drawer.getByTestId('msgid-hex').textContent()).toBe(msgIdToHex(msgId));
      await page.locator('.ant-drawer-title', { hasText: `消息详情 #${seg.message_id}` }).waitFor();
      const number = ws.store.db.prepare('SELECT CAST(number AS TEXT) FROM messages WHERE id = ?').pluck().get(Number(seg.message_id)) as string;
      expect(await drawer.getByTestId('detail-number').textContent()).toBe(number);
      await drawer.locator(`[data-copy="${msgId.toString()}"]`).click();
      await page.getByText(`已复制：${msgId.toString()}`).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(msgId.toString());
      await page.screenshot({ path: join(shots, 'delivery-log-detail.png') });
      await page.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'detached' });

      // Export of the filtered view: the Msg_Id filter applies to the file as it does on screen.
      const downloads = join(desk.dataDir, 'Downloads');
      const one = await downloadBy(page, () => page.getByTestId('log-export-csv').click(), downloads);
      expect(one.name).toMatch(/\.csv$/);
      // The page names the file only: never a path on the server's machine.
      await page.getByText(`已导出 1 条消息（1 行，每个分段一行）到 ${one.name}`).waitFor();
      const oneRows = parseCsv(readFileSync(one.path).toString('utf8').slice(1));
      expect(oneRows).toHaveLength(2);
      // Plain RFC 4180 by default: the Msg_Id exactly, nothing before it.
      expect(oneRows[1]![LOG_COLUMNS.findIndex((c) => c.key === 'msg_id')]).toBe(msgId.toString());
      // "Protect long numbers for Excel" ticked: a TAB keeps the 20 digits text in Excel.
      await page.getByTestId('log-export-excel').click();
      const guarded = await downloadBy(page, () => page.getByTestId('log-export-csv').click(), join(downloads, 'excel'));
      const guardedRows = parseCsv(readFileSync(guarded.path).toString('utf8').slice(1));
      expect(guardedRows[1]![LOG_COLUMNS.findIndex((c) => c.key === 'msg_id')]).toBe(`\t${msgId.toString()}`);
      await page.getByTestId('log-export-excel').click();
      // And the whole log.
      await page.getByTestId('filter-reset').click();
      await page.getByTestId('log-total').getByText('共 30 条消息').waitFor();
      const out = await downloadBy(page, () => page.getByTestId('log-export-csv').click(), join(downloads, 'all'));
      await page.getByText('导出完成').last().waitFor();
      await page.getByText(`已导出 30 条消息（30 行，每个分段一行）到 ${out.name}`).waitFor();

      const bytes = readFileSync(out.path);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.toString('utf8').slice(1));
      expect(rows[0]).toEqual(logExportHeader('readable', 'zh-CN'));
      expect(rows).toHaveLength(31);
      const col = (key: string) => LOG_COLUMNS.findIndex((c) => c.key === key);
      for (const r of rows.slice(1)) {
        expect(r).toHaveLength(LOG_COLUMNS.length);
        // The campaign name starts with '=': written with a leading quote, never as a formula.
        expect(r[col('campaign')]).toBe(`'${CAMPAIGN}`);
        // In the UI's language: states and Stat meanings in Chinese, and the text each number was sent.
        expect(['已送达', '失败', '状态未知']).toContain(r[col('state')]);
        if (r[col('stat')] === 'DELIVRD') expect(r[col('stat_meaning')]).toBe('成功送达');
        expect(r[col('text')]).toBe('【测试】尊敬的客户，双十一活动今晚开始。');
        expect(r[col('number')]).toMatch(/^1390000\d{4}$/);
      }
      // The Msg_Id in the file is the one in the database (as text, not a rounded number).
      const msgIds = rows.slice(1).map((r) => r[col('msg_id')]!);
      expect(msgIds).toContain(msgId.toString());
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  });

  it('contacts: the import preview shows per-row errors for a bad number and a duplicate, then saves to a new group', async () => {
    const desk = await openDataWebDesk(h, { simulator: false });
    const { page, problems, ws } = desk;
    try {
      const file = join(desk.dataDir, 'contacts.csv');
      writeFileSync(file, '\ufeff手机号,姓名,城市\r\n13800138000,张三,北京\r\n12345,李四,上海\r\n+86 138-0013-8000,张三(重复),北京\r\n13900139000,王五,广州\r\n');
      await desk.goto();
      await openScreen(page, '联系人', '联系人');
      await page.getByText('还没有群组').waitFor();
      await page.getByTestId('contacts-import').click();
      const wizard = page.getByTestId('import-wizard');
      // The browser's file picker; the page uploads the chosen file to the server.
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), wizard.getByTestId('import-pick').click()]);
      await chooser.setFiles(file);
      await wizard.getByTestId('import-file').getByText('contacts.csv').waitFor();
      await wizard.locator('#import-new-group').fill('双十一客户');
      await page.getByTestId('import-preview').click();

      const issues = wizard.getByTestId('import-issues');
      await issues.waitFor();
      const issueRows = await issues.locator('tbody tr').allInnerTexts();
      expect(issueRows).toHaveLength(2);
      expect(issueRows[0]).toMatch(/^3\s+12345\s+号码无效\s+号码不是 11 位/);
      expect(issueRows[1]).toMatch(/^4\s+\+86 138-0013-8000\s+文件内重复/);
      await wizard.getByTestId('import-dedupe').getByText('文件内同一号码只导入第一行').waitFor();
      const counts = await wizard.getByTestId('import-counts').innerText();
      expect(counts).toMatch(/数据行\s+4/);
      expect(counts).toMatch(/可导入\s+2/);
      await wizard.getByTestId('import-sample').getByText('王五').waitFor();
      await settle(page);
      await page.screenshot({ path: join(shots, 'contacts-import.png') });

      await page.getByTestId('import-save').click();
      await wizard.getByTestId('import-done').getByText('已导入 2 个联系人到群组“双十一客户”').waitFor();
      await page.getByTestId('import-close').click();
      await wizard.waitFor({ state: 'hidden' });

      const group = ws.store.contacts.findGroup('双十一客户')!;
      expect(group.size).toBe(2);
      await page.getByTestId(`group-size-${group.id}`).getByText('2').waitFor();
      await page.getByRole('heading', { name: '联系人' }).waitFor();
      const members = page.getByTestId('member-list');
      await members.getByText('13800138000').waitFor();
      await members.getByText('王五').waitFor();
      expect(await members.getByText('广州').count()).toBe(1);
      await settle(page);
      await page.screenshot({ path: join(shots, 'contacts.png') });
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  });

  it('settings: an account created there passes the connection test against the simulator; a wrong secret is explained (Status 3) in Chinese', async () => {
    const desk = await openDataWebDesk(h);
    const { page, problems, ws } = desk;
    try {
      await desk.goto();
      await openScreen(page, '设置', '设置');
      await page.getByText('还没有网关账号').waitFor();
      await page.getByTestId('account-new').click();
      const editor = page.getByTestId('account-editor');
      await editor.locator('#account_name').fill('移动网关');
      await editor.locator('#account_host').fill('127.0.0.1');
      await editor.locator('#account_port').fill(String(desk.sim!.port));
      await editor.locator('#account_spId').fill(SIM_SP_ID);
      await editor.locator('#account_secret').fill(SIM_SECRET);
      await editor.locator('#account_srcId').fill('10690001');
      await editor.locator('#account_serviceId').fill('SVC');
      await page.getByTestId('account-test').click();
      await editor.getByTestId('connection-test-result').getByText(`连接成功：已登录 127.0.0.1:${desk.sim!.port}`).waitFor({ timeout: 20_000 });
      await page.getByTestId('account-save').click();
      await editor.waitFor({ state: 'detached' });
      const list = page.getByTestId('account-list');
      await list.getByText('移动网关').waitFor();
      await list.getByText('已设置').waitFor();
      const account = ws.store.accounts.findByName('移动网关')!;
      expect(account).toMatchObject({ host: '127.0.0.1', port: desk.sim!.port, spId: SIM_SP_ID, srcId: '10690001', serviceId: 'SVC', version: '3.0', rate: 100, window: 16 });
      expect(ws.store.accounts.getSecret(account.id)).toBe(SIM_SECRET);

      // The list's own test (stored secret) passes; the result is shown under the row.
      await page.getByTestId(`account-test-${account.id}`).click();
      await list.getByTestId('connection-test-result').getByText('连接成功').waitFor({ timeout: 20_000 });
      await settle(page);
      await page.screenshot({ path: join(shots, 'settings.png') });

      // Edit: the stored secret is never shown; a wrong one fails with Status 3, explained.
      await page.getByTestId(`account-edit-${account.id}`).click();
      await editor.locator('#account_name').waitFor();
      expect(await editor.locator('#account_secret').inputValue()).toBe('');
      await editor.locator('#account_secret').fill('wrong-secret');
      await page.getByTestId('account-test').click();
      const result = editor.getByTestId('connection-test-result');
      await result.getByText('登录被网关拒绝（Status 3：认证错）').waitFor({ timeout: 20_000 });
      await result.getByTestId('connection-test-hint').getByText('共享密钥（密码）或 SP_Id 与网关登记的不一致').waitFor();
      await page.screenshot({ path: join(shots, 'settings-test-failed.png') });
      // Nothing was saved by the test.
      expect(ws.store.accounts.getSecret(account.id)).toBe(SIM_SECRET);

      // A field rule speaks Chinese before anything reaches main.
      await editor.locator('#account_spId').fill('九〇〇〇〇一');
      await page.getByTestId('account-save').click();
      await editor.getByText('只能包含英文字母、数字和半角符号').waitFor();
      await page.locator('.ant-drawer-close').click();
      await editor.waitFor({ state: 'detached' });

      // The language, from Settings: English and back.
      await page.getByRole('tab', { name: '界面语言' }).click();
      await page.locator('[data-testid="settings-locale"] .ant-segmented-item', { hasText: 'English' }).click();
      await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
      await page.getByRole('tab', { name: 'Gateway accounts' }).waitFor();
      await page.locator('[data-testid="settings-locale"] .ant-segmented-item', { hasText: '中文' }).click();
      await page.getByRole('heading', { name: '设置', exact: true }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  });
});
