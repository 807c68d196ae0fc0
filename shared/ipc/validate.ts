// A tiny validator combinator library for IPC arguments (no zod: the contract is
// shared with the browser renderer and must stay dependency-free). Each validator
// both checks an untrusted value at run time and carries its TypeScript type, so
// the contract's argument types are inferred from the validators themselves.
import { detail, fieldOfPath, shownValue, type ErrorDetail } from '../error-detail.js';
import type { DetailCode } from '../error-codes.js';
import { INPUT_LIMITS } from '../input-limits.js';

/**
 * Thrown by a validator; `path` names the offending field, e.g. `planner.preview.options.udhRefBits`.
 * The message is bounded (INPUT_LIMITS.ipcErrorChars) whatever the value: it is logged and is
 * `--lang en`'s text. `detail` is the rule broken, as data (shared/error-detail.ts), for the
 * operator's language.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly detail: ErrorDetail;
  constructor(
    readonly path: string,
    readonly reason: string,
    rule: DetailCode,
    params?: Record<string, string | number>,
  ) {
    super(clip(`${path}: ${reason}`, INPUT_LIMITS.ipcErrorChars));
    this.detail = detail(rule, fieldOfPath(path), params);
  }
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * An untrusted value as messages show it: primitives (strings clipped), else only its kind. Never
 * serialises a structure, so a 5,000-deep or 100 MB value costs nothing to describe.
 */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(clip(value, 40));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return describe(value);
}

/** An object key as a path segment: clipped, so a huge key cannot make a huge message. */
function keyOf(key: string): string {
  return clip(key, 40);
}

export interface Validator<T> {
  /** Returns the value (typed) or throws ValidationError. Never coerces. */
  check(value: unknown, path: string): T;
  /** Marks object fields that may be absent; see `optional`. */
  readonly optional?: boolean;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A string of at most `max` UTF-16 code units (the limits are about memory, not characters). */
export function string(opts: { max: number; min?: number }): Validator<string> {
  const min = opts.min ?? 0;
  return {
    check(value, path) {
      if (typeof value !== 'string') throw new ValidationError(path, `expected a string, got ${describe(value)}`, 'expected-string');
      if (value.length > opts.max) throw new ValidationError(path, `at most ${opts.max} characters allowed, got ${value.length}`, 'too-long', { max: opts.max, actual: value.length });
      if (value.length < min) throw new ValidationError(path, `at least ${min} characters required, got ${value.length}`, min === 1 ? 'empty' : 'too-short', { min, actual: value.length });
      return value;
    },
  };
}

/** A safe integer in [min, max]; 1.5, NaN, Infinity and numeric strings are rejected. */
export function int(min: number, max: number): Validator<number> {
  return {
    check(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new ValidationError(path, `expected an integer, got ${typeof value === 'number' ? String(value) : describe(value)}`, 'expected-integer', { value: shownValue(value) });
      }
      if (value < min || value > max) throw new ValidationError(path, `must be between ${min} and ${max}, got ${value}`, 'out-of-range', { min, max, value });
      return value;
    },
  };
}

export function boolean(): Validator<boolean> {
  return {
    check(value, path) {
      if (typeof value !== 'boolean') throw new ValidationError(path, `expected a boolean, got ${describe(value)}`, 'expected-boolean');
      return value;
    },
  };
}

/** One of a fixed list of strings or numbers, compared with ===. */
export function oneOf<const T extends readonly (string | number)[]>(...values: T): Validator<T[number]> {
  return {
    check(value, path) {
      if (!values.includes(value as T[number])) {
        throw new ValidationError(path, `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${shown(value)}`, 'not-in-set', {
          allowed: values.join(' / '),
          value: shownValue(value),
        });
      }
      return value as T[number];
    },
  };
}

/** Marks an object field as optional: absent or undefined is accepted (null is not). */
export function optional<T>(inner: Validator<T>): Validator<T | undefined> & { readonly optional: true } {
  return {
    optional: true,
    check(value, path) {
      return value === undefined ? undefined : inner.check(value, path);
    },
  };
}

/** An array of at most `max` items, each checked. */
export function array<T>(item: Validator<T>, opts: { max: number }): Validator<T[]> {
  return {
    check(value, path) {
      if (!Array.isArray(value)) throw new ValidationError(path, `expected an array, got ${describe(value)}`, 'expected-array');
      if (value.length > opts.max) throw new ValidationError(path, `at most ${opts.max} items allowed, got ${value.length}`, 'too-many-items', { max: opts.max, actual: value.length });
      return value.map((v, i) => item.check(v, `${path}[${i}]`));
    },
  };
}

type Shape = Record<string, Validator<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/**
 * A plain object with exactly these keys: unknown keys are rejected (a typo in a
 * field name must not be silently ignored), missing required keys are rejected.
 * The result is a fresh object holding only the declared keys.
 */
export function object<const S extends Shape>(shape: S): Validator<ObjectOf<S>> & { readonly shape: S } {
  return {
    shape,
    check(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ValidationError(path, `expected an object, got ${describe(value)}`, 'expected-object');
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new ValidationError(path, 'expected a plain object', 'expected-plain-object');
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape, key)) throw new ValidationError(`${path}.${keyOf(key)}`, 'unknown field', 'unknown-field');
      }
      const out: Record<string, unknown> = {};
      for (const [key, validator] of Object.entries(shape)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined && !validator.optional) throw new ValidationError(`${path}.${key}`, 'required', 'required');
        const checked = validator.check(v, `${path}.${key}`);
        if (checked !== undefined) out[key] = checked;
      }
      return out as ObjectOf<S>;
    },
  };
}

/** For channels without arguments: only `undefined` (no argument at all) is accepted. */
export function none(): Validator<void> {
  return {
    check(value, path) {
      if (value !== undefined) throw new ValidationError(path, 'takes no argument', 'takes-no-argument');
    },
  };
}

/**
 * `inner` plus a condition across its fields (a range's start before its end): `problem` returns
 * what is wrong (the English reason and the rule, shared/error-codes.ts), or null. The path names
 * the whole value.
 */
export function refine<T>(inner: Validator<T>, problem: (value: T) => { reason: string; rule: DetailCode; params?: Record<string, string | number> } | null): Validator<T> {
  return {
    check(value, path) {
      const v = inner.check(value, path);
      const p = problem(v);
      if (p !== null) throw new ValidationError(path, p.reason, p.rule, p.params);
      return v;
    },
  };
}
