import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.js';
import { translate } from '../../renderer/src/i18n/index.js';
import { zhCN } from '../../renderer/src/i18n/zh-CN.js';
import { SCREENS, menuKey, titleKey } from '../../renderer/src/screens.js';
import { BLOCKING_WARNINGS } from '../../shared/plan.js';

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
// main's English detail of an error ({message}) is shown in the English UI only: the Chinese text of
// an error code says what happened and what to do without it.
const samePlaceholders = (key: string, en: string, zh: string) =>
  expect(placeholders(en).filter((p) => !(p === 'message' && /^error(Detail)?\./.test(key) && !zh.includes('{message}'))), key).toEqual(placeholders(zh));

describe('message catalogues', () => {
  it('zh-CN and en have identical key sets', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('every message is non-empty and uses the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(zhCN[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      samePlaceholders(key, en[key], zhCN[key]);
    }
  });

  it('the Chinese catalogue is Chinese and the English one is not', () => {
    const han = /\p{Script=Han}/u;
    expect(han.test(zhCN['menu.composer'])).toBe(true);
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      // Example placeholders may quote Chinese text (e.g. 回T退订) on purpose.
      if (key.endsWith('Placeholder')) continue;
      expect(han.test(en[key]), key).toBe(false);
    }
  });

  it('covers the eight screens and every planner warning', () => {
    expect(SCREENS).toHaveLength(8);
    for (const s of SCREENS) {
      expect(zhCN).toHaveProperty([menuKey(s)]);
      expect(zhCN).toHaveProperty([titleKey(s)]);
    }
    expect(SCREENS.map((s) => translate('zh-CN', menuKey(s)))).toEqual(['监控', '撰写', '联系人', '群发任务', '收件箱', '发送日志', '统计', '设置']);
    for (const code of [...BLOCKING_WARNINGS, 'forces-ucs2', 'not-gsm7']) expect(zhCN).toHaveProperty([`warning.${code}`]);
  });

  it('empty states say what to do next, never that a feature will come later', () => {
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(text, key).not.toMatch(/将随|一同提供|敬请期待|尚未实现|arrives with|will come|coming soon|not implemented/i);
    }
    // Each "nothing yet" text of a screen names the next step (where to go or what to do).
    const next = /[:：]/;
    for (const key of ['campaigns.empty', 'deliveryLog.emptyAll', 'deliveryLog.emptyFiltered', 'statistics.empty', 'inbox.noThreads', 'inbox.reportsEmpty', 'inbox.optEventsEmpty', 'contacts.noGroups', 'contacts.noMembers', 'monitor.logEmpty', 'settings.accounts.empty', 'screen.noWorkspace'] as const) {
      expect(zhCN[key], key).toMatch(next);
      expect(en[key], key).toMatch(next);
    }
    expect(zhCN['campaigns.empty']).toContain('撰写');
    expect(en['campaigns.empty']).toBe('No campaigns yet: write one in the Composer and choose its recipients');
  });

  it('translate fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'preview.segment', { index: 2, total: 3 })).toBe('第 2/3 条');
    expect(translate('en', 'preview.segment', { index: 2, total: 3 })).toBe('Segment 2/3');
    expect(translate('en', 'preview.segment', { index: 2 })).toBe('Segment 2/{total}');
  });
});
