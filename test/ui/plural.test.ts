// Plural forms: the catalogues' one filler chooses ICU-style plural forms with Intl.PluralRules of
// the UI language ("1 message", "2 messages"), and no English text puts a count of one before a
// plural noun.
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.js';
import { translate, type MessageKey } from '../../renderer/src/i18n/index.js';
import { zhCN } from '../../renderer/src/i18n/zh-CN.js';
import { fillPlaceholders, pluralCategory, sharedTranslator } from '../../shared/i18n/catalogue.js';

const NOUNS = 'messages|contacts|rows|characters|bytes|members|problems|duplicates|numbers|segments|recipients|SUBMITs|reports|parts|data rows|were';

/** Every placeholder of a text given the same value. */
function filledWith(text: string, value: string | number): string {
  const names = [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]!);
  return fillPlaceholders(text, Object.fromEntries(names.map((n) => [n, value])), 'en');
}

describe('plural forms', () => {
  it('choose the form by Intl.PluralRules, with # the value as shown', () => {
    expect(translate('en', 'deliveryLog.total', { count: 1 })).toBe('1 message');
    expect(translate('en', 'deliveryLog.total', { count: 0 })).toBe('0 messages');
    expect(translate('en', 'deliveryLog.total', { count: '1,234' })).toBe('1,234 messages');
    expect(translate('en', 'deliveryLog.export.doneDetail', { messages: 1, rows: 2, file: 'a.csv' })).toBe('1 message (2 rows, one per segment) written to a.csv');
    expect(translate('en', 'contacts.import.doneDetail', { rows: 1, skipped: 1 })).toMatch(/^The file has 1 data row; 1 was not imported/);
    expect(translate('zh-CN', 'deliveryLog.total', { count: 1 })).toBe('共 1 条消息');
    expect(sharedTranslator('en')('reason.frequency-cap', { recent: 1, window: '24 h', max: 1 })).toBe('Frequency cap: 1 message within 24 h (max 1)');
    expect(fillPlaceholders('{n, plural, =0 {none} one {# item} other {# items}}', { n: 0 }, 'en')).toBe('none');
    expect(pluralCategory('en', 1)).toBe('one');
    expect(pluralCategory('zh-CN', 1)).toBe('other');
    // A missing value leaves the choice visible, as a missing placeholder does.
    expect(fillPlaceholders('{n, plural, one {# item} other {# items}}', {}, 'en')).toBe('{n, plural, one {# item} other {# items}}');
  });

  it('no English text says "1 <plural noun>", and every plural choice has an "other" form', () => {
    const one = new RegExp(`\\b1 (?:more |invalid |status |MO )?(?:${NOUNS})\\b`);
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(filledWith(en[key], 1), key).not.toMatch(one);
      for (const m of en[key].matchAll(/\{\w+, plural,(.*?)\}\}/g)) expect(m[1], key).toMatch(/other \{/);
      // Chinese has one form: its catalogue never needs a choice.
      expect(zhCN[key], key).not.toContain(', plural,');
    }
  });
});
