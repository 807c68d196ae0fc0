// SUBMIT_RESP Result meanings: one table (shared/submit-result.ts). The stored reason texts and the
// session's English come from it; the renderer's catalogues translate exactly its codes, and the
// English catalogue says the same words, so a code or a wording added in one place fails here.
import { describe, expect, it } from 'vitest';
import { submitResultText } from '../../electron/cmpp/wire/result-codes.js';
import { en } from '../../renderer/src/i18n/en.js';
import { zhCN } from '../../renderer/src/i18n/zh-CN.js';
import { reasons } from '../../shared/reasons.js';
import { SUBMIT_RESULT_MEANINGS } from '../../shared/submit-result.js';

const codes = Object.keys(SUBMIT_RESULT_MEANINGS).map(Number).filter((c) => c !== 0);
const catalogueCodes = (cat: Record<string, string>) =>
  Object.keys(cat)
    .map((k) => /^reason\.result\.(\d+)$/.exec(k)?.[1])
    .filter((c): c is string => c !== undefined)
    .map(Number)
    .sort((a, b) => a - b);

describe('SUBMIT_RESP Result meanings', () => {
  it('both catalogues translate exactly the table\'s failing codes', () => {
    expect(catalogueCodes(en)).toEqual(codes);
    expect(catalogueCodes(zhCN)).toEqual(codes);
  });

  it('the English catalogue, the stored reasons and the session say the table\'s words', () => {
    for (const c of codes) {
      const meaning = SUBMIT_RESULT_MEANINGS[c]!;
      expect((en as Record<string, string>)[`reason.result.${c}`]).toBe(meaning);
      expect(reasons.submitResult(c)).toBe(`SUBMIT_RESP Result ${c} (${meaning})`);
      expect(submitResultText(c)).toBe(meaning);
    }
  });
});
