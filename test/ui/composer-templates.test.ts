// Templates in the Composer, in real Chromium (zh-CN) against the real engine: the text in the box
// saved as a new template, picked to fill the text, saved over, and deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_SESSION, openDesk, startHarness, type Harness, type OpenedDesk } from './live-harness.js';
import { until } from '../support/until.js';

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

describe('Composer templates', () => {
  it('saves the text as a template, fills the text from it, and deletes it', async () => {
    const page = desk.page;
    const ws = desk.session!.workspace!;
    await page.goto(`${h.origin}/index.html`);
    await page.getByRole('menuitem', { name: '撰写' }).click();
    const text = page.getByTestId('composer-text');
    await text.waitFor({ timeout: 20_000 });
    await text.fill('【演示】{姓名}您好，会员日全场八折');
    await page.getByTestId('template-name').fill('会员日模板');
    await page.getByTestId('template-save-new').click();
    const saved = await until('the template in the database', () => ws.store.templates.findByName('会员日模板'));
    expect(saved.text).toBe('【演示】{姓名}您好，会员日全场八折');
    await page.getByText('模板「会员日模板」已保存').waitFor();

    // Selecting it (after the text changed) fills the Composer's text.
    await text.fill('别的内容');
    await page.getByTestId('composer-template').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '会员日模板' }).first().click();
    expect(await text.inputValue()).toBe('【演示】{姓名}您好，会员日全场八折');

    await page.getByTestId('template-delete').click();
    await page.locator('.ant-popover:visible .ant-btn-primary').click();
    await until('the template deleted', () => ws.store.templates.findByName('会员日模板') === null);
    expect(desk.problems).toEqual([]);
  }, 60_000);
});
