// Which auto-reply rule answers an MO (exact, prefix, pattern; per account and extension; exact
// before prefix before pattern), and the check that keeps patterns from backtracking for ever.
import { describe, expect, it } from 'vitest';
import { AutoReplyMatcher, keywordProblem } from '../../electron/services/inbox/auto-reply-rules.js';
import type { AutoReplyRule } from '../../electron/store/auto-replies.js';
import { patternProblem } from '../../shared/auto-reply.js';

let nextId = 1;
const rule = (over: Partial<AutoReplyRule> & Pick<AutoReplyRule, 'matchKind' | 'keyword'>): AutoReplyRule => ({
  id: nextId++,
  reply: `reply ${over.keyword}`,
  accountId: null,
  srcExt: null,
  createdAt: 0,
  ...over,
});

describe('patternProblem', () => {
  it('refuses patterns that can backtrack catastrophically, backreferences and too many unbounded repeats', () => {
    for (const p of ['(a+)+$', '(a*)*b', '(a|aa)*c', '(\\w+\\s?)*$', '(?:x+y?)+z', '(a{2,})+', '(.*a){3}', '((ab)*)+']) {
      expect(patternProblem(p), p).toMatch(/repeated group/);
    }
    expect(patternProblem('(a)\\1')).toMatch(/backreferences/);
    expect(patternProblem('(?<x>a)\\k<x>')).toMatch(/backreferences/);
    expect(patternProblem('a+b+c+')).toMatch(/at most 2 unbounded/);
    expect(patternProblem('x'.repeat(101))).toMatch(/longer than 100/);
    expect(patternProblem('[')).toMatch(/not a valid pattern/);
  });

  it('accepts the patterns operators write', () => {
    for (const p of ['^优惠(券|码)$', '退订|取消', '.*价格.*', '订单\\d{6,10}', '(?:ab)+c', '[+*(]+', '^(?=.*会员)', 'a{2,5}b?', '(券)?码']) {
      expect(patternProblem(p), p).toBeNull();
    }
  });
});

describe('AutoReplyMatcher', () => {
  const rules = [
    rule({ matchKind: 'pattern', keyword: '价格|多少钱' }),
    rule({ matchKind: 'prefix', keyword: '价格' }),
    rule({ matchKind: 'exact', keyword: '价格' }),
    rule({ matchKind: 'exact', keyword: 'vip', accountId: 2 }),
    rule({ matchKind: 'exact', keyword: '1', srcExt: '88' }),
    rule({ matchKind: 'exact', keyword: '2', srcExt: '' }),
  ];
  const m = new AutoReplyMatcher(rules);
  const on = (text: string, accountId = 1, ext = '') => m.match({ accountId, ext, text })?.keyword ?? null;

  it('tries exact, then prefix, then pattern rules; folds case, full-width letters and punctuation', () => {
    expect(m.match({ accountId: 1, ext: '', text: '价格。' })).toBe(rules[2]);
    expect(m.match({ accountId: 1, ext: '', text: '价格表' })).toBe(rules[1]);
    expect(m.match({ accountId: 1, ext: '', text: '这个多少钱' })).toBe(rules[0]);
    expect(on('ＶＩＰ', 2)).toBe('vip');
    expect(on('你好')).toBeNull();
  });

  it('keeps to the rule\'s account and extension', () => {
    expect(on('VIP', 1)).toBeNull();
    expect(on('1', 1, '88')).toBe('1');
    expect(on('1', 1, '')).toBeNull();
    expect(on('2', 1, '')).toBe('2');
    expect(on('2', 1, '88')).toBeNull();
  });

  it('leaves out stored rules whose keyword no longer passes its check', () => {
    expect(new AutoReplyMatcher([rule({ matchKind: 'pattern', keyword: '(a+)+$' }), rule({ matchKind: 'exact', keyword: '。' })]).size).toBe(0);
    expect(keywordProblem('exact', '  ！ ')?.message).toMatch(/empty/);
    expect(keywordProblem('exact', '  ！ ')?.detail.code).toBe('keyword-empty');
    expect(keywordProblem('pattern', '(a+)+$')?.detail).toMatchObject({ code: 'invalid-pattern', params: { why: 'nested-repeat' } });
  });
});
