// Opt-out / opt-in keywords matched as whole replies: trimmed, case-insensitive for Latin,
// full-width folded, punctuation around the word ignored, never inside a sentence.
import { describe, expect, it } from 'vitest';
import { foldReply, OptKeywordMatcher, validateOptKeywords } from '../../electron/services/inbox/opt-out-keywords.js';

describe('opt-out keywords', () => {
  const m = new OptKeywordMatcher();

  it('matches the defaults as whole replies, in every form a handset sends them', () => {
    for (const reply of ['退订', ' 退订 ', '退订。', '【退订】', 'TD', 'td', 'Td', 'ＴＤ', 'ｔｄ', 'T', 't', 'N', 'n!', 'R', 'STOP', 'stop', 'Stop.', '\u3000TD\u3000', '\u200bT']) {
      expect(m.match(reply), reply).toEqual({ event: 'opt_out', keyword: expect.any(String) });
    }
    expect(m.match('ｔｄ')!.keyword).toBe('TD');
    expect(m.match('退订。')!.keyword).toBe('退订');
  });

  it('never matches a keyword inside a longer reply', () => {
    for (const reply of ['No thanks', 'T D', 'TDD', '请退订', '退订吧', 'stop it', 'Not now', '', '   ', '。', 'N'.repeat(100)]) {
      expect(m.match(reply), reply).toBeNull();
    }
    expect(m.match(null)).toBeNull();
  });

  it('matches the opt-in words (订阅, START) and configured lists', () => {
    expect(m.match('订阅')).toEqual({ event: 'opt_in', keyword: '订阅' });
    expect(m.match('start')).toEqual({ event: 'opt_in', keyword: 'START' });
    const custom = new OptKeywordMatcher(['取消', 'QX'], ['恢复']);
    expect(custom.match('qx')).toEqual({ event: 'opt_out', keyword: 'QX' });
    expect(custom.match('TD')).toBeNull();
    expect(custom.match('恢复')).toEqual({ event: 'opt_in', keyword: '恢复' });
  });

  it('is lenient on the DELIVER path (a word in both lists opts out) and strict for the settings screen', () => {
    const both = new OptKeywordMatcher(['T'], ['t', '']);
    expect(both.match('T')!.event).toBe('opt_out');
    expect(() => validateOptKeywords(['T'], ['t'])).toThrow(/both an opt-out and an opt-in keyword/);
    expect(() => validateOptKeywords(['。'], [])).toThrow(/empty once spaces and punctuation are trimmed/);
    expect(() => validateOptKeywords(['TD', 'td'], [])).toThrow(/listed twice/);
    expect(() => validateOptKeywords([42], [])).toThrow(/must be text/);
    expect(validateOptKeywords(['ｔｄ', '退订'], ['Start'])).toEqual({ optOut: ['TD', '退订'], optIn: ['START'] });
  });

  it('folds only what it should', () => {
    expect(foldReply('  Ｓｔｏｐ！ ')).toBe('STOP');
    expect(foldReply('T D')).toBe('T D');
    expect(foldReply('退订')).toBe('退订');
  });
});
