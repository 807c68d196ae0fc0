// The CMPP codes are tabled once in shared/ (stat.ts, connect-status.ts, submit-result.ts) and
// worded once per language in the catalogues (renderer/src/i18n/{zh-CN,en}/codes.ts): every code
// of a table has a text in both catalogues, and every text there belongs to a code of a table.
// The main process's English is the English catalogue's (shared/code-table.ts).
import { describe, expect, it } from 'vitest';
import { connectStatusText, submitResultText } from '../../electron/cmpp/wire/result-codes.js';
import { codesEn } from '../../shared/i18n/en/codes.js';
import { codesZhCN } from '../../shared/i18n/zh-CN/codes.js';
import { en } from '../../renderer/src/i18n/en.js';
import { zhCN } from '../../renderer/src/i18n/zh-CN.js';
import { CONNECT_STATUS_CODES } from '../../shared/connect-status.js';
import { reasons } from '../../shared/reasons.js';
import { STAT_FAMILIES, STAT_VALUES } from '../../shared/stat.js';
import { SUBMIT_RESULT_CODES } from '../../shared/submit-result.js';

/** Every key the tables can ask for: one per code, plus each table's fallbacks. */
const tableKeys = [
  ...STAT_VALUES.map((s) => `stat.${s}`),
  ...STAT_FAMILIES.map((f) => `stat.family.${f}`),
  'stat.invalid',
  'stat.other',
  ...CONNECT_STATUS_CODES.map((c) => `connectStatus.${c}`),
  'connectStatus.other',
  ...SUBMIT_RESULT_CODES.map((c) => `submitResult.${c}`),
  'submitResult.other',
].sort();

const codeKeys = (cat: Record<string, string>) => Object.keys(cat).filter((k) => /^(stat|connectStatus|submitResult)\./.test(k)).sort();

describe('CMPP code texts', () => {
  it('both catalogues word exactly the codes of the shared tables', () => {
    expect(Object.keys(codesZhCN).sort()).toEqual(tableKeys);
    expect(Object.keys(codesEn).sort()).toEqual(tableKeys);
  });

  it('the full catalogues hold them, and no other catalogue file words a code', () => {
    expect(codeKeys(zhCN)).toEqual(tableKeys);
    expect(codeKeys(en)).toEqual(tableKeys);
    for (const k of tableKeys) {
      expect((zhCN as Record<string, string>)[k]).toBe((codesZhCN as Record<string, string>)[k]);
      expect((en as Record<string, string>)[k]).toBe((codesEn as Record<string, string>)[k]);
    }
  });

  it('the stored reasons and the session say the English catalogue\'s words', () => {
    for (const c of SUBMIT_RESULT_CODES.filter((c) => c !== 0)) {
      expect(reasons.submitResult(c)).toBe(`SUBMIT_RESP Result ${c} (${codesEn[`submitResult.${c}`]})`);
      expect(submitResultText(c)).toBe(codesEn[`submitResult.${c}`]);
    }
    for (const c of CONNECT_STATUS_CODES) expect(connectStatusText(c)).toBe(codesEn[`connectStatus.${c}`]);
    expect(connectStatusText(57)).toBe(codesEn['connectStatus.other']);
  });
});
