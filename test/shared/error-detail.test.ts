// Every rule an IPC argument can break (shared/ipc/validate.ts) arrives as a detail code with its
// figures, and both languages word it: Chinese without an English word (the field by its Chinese
// label, protocol names aside), English without Chinese.
import { describe, expect, it } from 'vitest';
import { detail, isErrorDetail } from '../../shared/error-detail.js';
import { DETAIL_CODES } from '../../shared/error-codes.js';
import { sharedTranslator } from '../../shared/i18n/catalogue.js';
import { detailText, failureText } from '../../shared/i18n/error-text.js';
import { ascii, digits } from '../../shared/ipc/contract/fields.js';
import { array, boolean, int, none, object, oneOf, optional, string, ValidationError, type Validator } from '../../shared/ipc/validate.js';

const zh = sharedTranslator('zh-CN');
const en = sharedTranslator('en');

function refusal(v: Validator<unknown>, value: unknown, path: string): ValidationError {
  try {
    v.check(value, path);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error(`${path} accepted ${JSON.stringify(value)}`);
}

/** Latin words but protocol names and the allowed values the rule lists. */
function latin(text: string, allowed: readonly string[] = []): string[] {
  return (text.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []).filter((w) => !['ASCII', 'CMPP', 'SP_Id', 'Src_Id'].includes(w) && !allowed.includes(w));
}

describe('validation details', () => {
  const cases: [string, Validator<unknown>, unknown, string, string[]?][] = [
    ['expected-string', string({ max: 5 }), 7, 'accounts.create.settings.name'],
    ['too-long', string({ max: 5 }), 'abcdefg', 'accounts.create.settings.name'],
    ['empty', string({ min: 1, max: 5 }), '', 'accounts.create.settings.host'],
    ['too-short', string({ min: 3, max: 5 }), 'ab', 'accounts.create.settings.host'],
    ['expected-integer', int(1, 9), 1.5, 'accounts.create.settings.port'],
    ['out-of-range', int(1, 9), 10, 'accounts.create.settings.port'],
    ['expected-boolean', boolean(), 'yes', 'accounts.create.settings.tls', ['TLS']],
    ['not-in-set', oneOf('prefix', 'suffix'), 'middle', 'accounts.create.settings.signaturePosition', ['prefix', 'suffix', 'middle']],
    ['expected-array', array(int(1, 9), { max: 2 }), 'x', 'composer.plan.groupIds'],
    ['too-many-items', array(int(1, 9), { max: 2 }), [1, 2, 3], 'composer.plan.groupIds'],
    ['expected-object', object({ a: int(1, 2) }), 5, 'composer.plan'],
    ['expected-plain-object', object({ a: int(1, 2) }), new Date(0), 'composer.plan'],
    ['unknown-field', object({ a: int(1, 2) }), { a: 1, keyword: 2 }, 'composer.plan'],
    ['required', object({ text: string({ max: 5 }), b: optional(int(1, 2)) }), {}, 'composer.plan'],
    ['takes-no-argument', none(), 1, 'app.info'],
    ['not-digits', digits(0, 5), '12a', 'campaigns.create.srcIdExt', ['a']],
    ['not-ascii', ascii(0, 5), '中文', 'accounts.create.settings.spId', ['spId']],
  ];

  it('each rule has its code, and both languages word it', () => {
    const seen = new Set<string>();
    for (const [rule, v, value, path, allowed] of cases) {
      const e = refusal(v, value, path);
      expect(e.detail.code, path).toBe(rule);
      expect(isErrorDetail(e.detail)).toBe(true);
      seen.add(rule);
      const zhText = failureText({ code: 'invalid-args', message: e.message, detail: e.detail }, zh);
      expect(latin(zhText, allowed), zhText).toEqual([]);
      const enText = failureText({ code: 'invalid-args', message: e.message, detail: e.detail }, en);
      expect(enText, enText).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(seen.size).toBe(cases.length);
  });

  it('names the field by its label where the catalogue has one, else by its identifier', () => {
    const e = refusal(string({ max: 5 }), 'abcdefg', 'accounts.create.settings.name');
    expect(detailText(e.detail, zh)).toBe('名称最多 5 个字符（现有 7 个）');
    expect(detailText(e.detail, en)).toBe('Name: at most 5 characters (7 given)');
    expect(detailText(detail('empty', 'leaseHolder'), zh)).toBe('leaseHolder不能为空');
  });

  it('words campaign states and number problems, and never shows main\'s English in Chinese', () => {
    expect(detailText(detail('campaign-transition', undefined, { id: 4, from: 'completed', to: 'running' }), zh)).toBe('群发任务 4 不能从“已完成”变为“发送中”');
    expect(failureText({ code: 'conflict', message: 'campaign 4 is frozen' }, zh)).toBe('操作冲突：请检查后重试');
    expect(failureText({ code: 'conflict', message: 'campaign 4 is frozen' }, en)).toBe('Conflict: campaign 4 is frozen');
  });

  it('every detail code has a text in both languages without a placeholder left', () => {
    for (const code of DETAIL_CODES) {
      const params = { field: 'x', value: 1, min: 1, max: 2, actual: 3, allowed: '1 / 2', count: 2, id: 7, name: 'n', state: 'draft', from: 'draft', to: 'running', problem: 'empty', only: 'failed', version: '3.0', srcId: '1069', ext: '88', channel: 'c', reason: 'r', expected: 1, account: 2, why: 'backreference', undelivered: 0.5, expired: 0.6, segments: 9, merge: '姓名', known: '手机号' };
      for (const t of [zh, en]) expect(detailText(detail(code, 'name', params), t), code).not.toMatch(/\{\w+\}/);
    }
  });
});
