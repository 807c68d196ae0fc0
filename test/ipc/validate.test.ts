import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../shared/input-limits.js';
import { array, boolean, int, none, object, oneOf, optional, string, ValidationError, type Infer } from '../../shared/ipc/validate.js';

function failure(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('validators', () => {
  it('string: type and length limits, no coercion', () => {
    const v = string({ max: 3, min: 1 });
    expect(v.check('abc', 'x')).toBe('abc');
    expect(failure(() => v.check('abcd', 'x')).message).toBe('x: at most 3 characters allowed, got 4');
    expect(failure(() => v.check('', 'x')).reason).toMatch(/at least 1/);
    expect(failure(() => v.check(12, 'x')).reason).toBe('expected a string, got number');
    expect(failure(() => v.check(null, 'x')).reason).toBe('expected a string, got null');
  });

  it('int: safe integers in range only', () => {
    const v = int(1, 255);
    expect(v.check(1, 'n')).toBe(1);
    expect(v.check(255, 'n')).toBe(255);
    for (const bad of [0, 256, 1.5, Number.NaN, Infinity, '3', 2 ** 60]) expect(() => v.check(bad, 'n')).toThrow(ValidationError);
    expect(failure(() => v.check(1.5, 'n')).reason).toBe('expected an integer, got 1.5');
  });

  it('oneOf compares strictly (8 is not "8")', () => {
    const v = oneOf(8, 16);
    expect(v.check(16, 'bits')).toBe(16);
    expect(failure(() => v.check('8', 'bits')).reason).toBe('must be one of 8, 16, got "8"');
    expect(() => oneOf('a', 'b').check(undefined, 'e')).toThrow(/must be one of "a", "b"/);
  });

  it('boolean and none', () => {
    expect(boolean().check(false, 'b')).toBe(false);
    expect(() => boolean().check(0, 'b')).toThrow(ValidationError);
    expect(none().check(undefined, 'c')).toBeUndefined();
    expect(failure(() => none().check(null, 'c')).reason).toBe('takes no argument');
  });

  it('array: items checked with their index, length bounded', () => {
    const v = array(int(0, 9), { max: 2 });
    expect(v.check([1, 2], 'a')).toEqual([1, 2]);
    expect(failure(() => v.check([1, 10], 'a')).path).toBe('a[1]');
    expect(failure(() => v.check([1, 2, 3], 'a')).reason).toMatch(/at most 2 items/);
    expect(() => v.check({ length: 1 }, 'a')).toThrow(/expected an array/);
  });

  it('object: exact keys, required vs optional, a fresh object', () => {
    const v = object({ text: string({ max: 10 }), size: optional(int(1, 3)) });
    const input = { text: 'hi' };
    const out = v.check(input, 'arg');
    expect(out).toEqual({ text: 'hi' });
    expect(out).not.toBe(input);
    expect('size' in out).toBe(false);
    expect(v.check({ text: 'hi', size: undefined }, 'arg')).toEqual({ text: 'hi' });
    expect(failure(() => v.check({ text: 'hi', sise: 2 }, 'arg')).message).toBe('arg.sise: unknown field');
    expect(failure(() => v.check({}, 'arg')).message).toBe('arg.text: required');
    expect(failure(() => v.check({ text: 'hi', size: null }, 'arg')).path).toBe('arg.size');
    expect(() => v.check([], 'arg')).toThrow(/expected an object, got an array/);
    expect(() => v.check(new Date(), 'arg')).toThrow(/plain object/);
    expect(() => v.check(Object.create(null), 'arg')).toThrow(/arg.text: required/);
  });

  it('nested paths name the offending field', () => {
    const v = object({ options: optional(object({ bits: oneOf(8, 16) })) });
    expect(failure(() => v.check({ options: { bits: 7 } }, 'planner.preview')).path).toBe('planner.preview.options.bits');
  });

  it('types are inferred from the validators', () => {
    const v = object({ a: string({ max: 1 }), b: optional(oneOf('x', 'y')) });
    type T = Infer<typeof v>;
    const ok: T = { a: 'q' };
    const ok2: T = { a: 'q', b: 'y' };
    // @ts-expect-error b must be 'x' | 'y'
    const bad: T = { a: 'q', b: 'z' };
    // @ts-expect-error a is required
    const missing: T = { b: 'x' };
    expect([ok, ok2, bad, missing]).toHaveLength(4);
  });
});

describe('validation messages are bounded in size and depth', () => {
  it('oneOf describes a 5,000-deep value or a 10 MB string without serialising it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const v = oneOf('a', 'b');
    expect(failure(() => v.check(deep, 'x')).message).toBe('x: must be one of "a", "b", got an array');
    let nested: Record<string, unknown> = {};
    const top = nested;
    for (let i = 0; i < 5000; i++) nested = (nested.k = {}) as Record<string, unknown>;
    expect(failure(() => v.check(top, 'x')).message).toBe('x: must be one of "a", "b", got an object');
    const big = failure(() => v.check('z'.repeat(10_000_000), 'x')).message;
    expect(big.length).toBeLessThanOrEqual(INPUT_LIMITS.ipcErrorChars);
  });

  it('an unknown field with a huge name gives a short message', () => {
    const v = object({ a: int(0, 1) });
    const m = failure(() => v.check({ ['k'.repeat(1_000_000)]: 1 }, 'x')).message;
    expect(m.length).toBeLessThanOrEqual(INPUT_LIMITS.ipcErrorChars);
    expect(m).toMatch(/^x\.k+…?: unknown field$/);
  });
});
