// The README's table of input limits says what shared/input-limits.ts holds, limit by limit.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { charCount, INPUT_LIMITS, limitText, type InputLimit } from '../../shared/input-limits.js';

describe('input limits', () => {
  it('are each stated in the README with their value', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const rows = new Map([...readme.matchAll(/^\| .*\(`(\w+)`\) \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
    for (const key of Object.keys(INPUT_LIMITS) as InputLimit[]) expect([key, rows.get(key)]).toEqual([key, limitText(key)]);
    expect(rows.size).toBe(Object.keys(INPUT_LIMITS).length);
  });

  it('counts characters as code points, stopping early when asked', () => {
    expect(charCount('张三')).toBe(2);
    expect(charCount('😀a')).toBe(2);
    expect(charCount('a'.repeat(1000), 10)).toBe(11);
  });
});
