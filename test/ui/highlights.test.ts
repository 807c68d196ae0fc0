import { describe, expect, it } from 'vitest';
import { codePointLabel, distinctChars, highlightMap, marksInPlace, pieces, segmentStarts } from '../../renderer/src/composer/highlights.js';
import { planMessage } from '../../electron/sms/planner.js';

describe('composer highlights', () => {
  it('marks the characters that force UCS2 inside the right segment', () => {
    const text = 'a'.repeat(150) + '“quoted”' + 'b'.repeat(20);
    const plan = planMessage(text);
    expect(plan.encoding).toBe('ucs2');
    const map = highlightMap(plan);
    const starts = segmentStarts(plan);
    const marked = plan.segments.flatMap((s, k) => pieces(s.text, starts[k]!, map).filter((p) => p.mark).map((p) => [k, p.text]));
    expect(marked).toEqual([
      [2, '“'],
      [2, '”'],
    ]);
    // Reassembled pieces are the segment texts, and the segments are the full text.
    expect(plan.segments.map((s, k) => pieces(s.text, starts[k]!, map).map((p) => p.text).join('')).join('')).toBe(plan.fullText);
  });

  it('keeps an emoji whole and labels code points', () => {
    const plan = planMessage('hi 😀 there');
    const map = highlightMap(plan);
    const ps = pieces(plan.segments[0]!.text, 0, map);
    expect(ps).toEqual([
      { text: 'hi ', mark: false },
      { text: '😀', mark: true, blocking: false },
      { text: ' there', mark: false },
    ]);
    expect(codePointLabel('😀')).toBe('U+1F600');
    expect(codePointLabel('“')).toBe('U+201C');
    expect(codePointLabel('\u00a0')).toBe('U+00A0');
  });

  it('does not mark every Han character of a Chinese message, but lists look-alikes once', () => {
    const plan = planMessage('您好，这是一条测试短信，请查收。'.repeat(3));
    expect(plan.warnings[0]).toMatchObject({ code: 'forces-ucs2' });
    expect(marksInPlace(plan.warnings[0]!)).toBe(false);
    expect(highlightMap(plan).size).toBe(0);
    expect(distinctChars([{ char: '“', index: 0 }, { char: 'a', index: 1 }, { char: '“', index: 5 }])).toEqual([
      { char: '“', count: 2 },
      { char: 'a', count: 1 },
    ]);
  });

  it('flags unencodable characters as blocking', () => {
    const plan = planMessage('abc😀', { encoding: 'gbk' });
    const map = highlightMap(plan);
    expect([...map.values()]).toContain(true);
  });
});
