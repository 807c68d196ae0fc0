// Building blocks every domain's contract uses: id and CMPP-field validators, the invoke/event
// spec helpers, the export format and language arguments, and the two-language meaning shape.
import { type, type EventSpec, type InvokeSpec } from '../spec.js';
import { int, oneOf, string, ValidationError, type Validator } from '../validate.js';
import { EXPORT_FORMS } from '../../export-form.js';
import { LOCALES } from '../locale.js';

export const MAX_ID = Number.MAX_SAFE_INTEGER;
export const id = () => int(1, MAX_ID);

/** A string of ASCII digits, `min`..`max` long (CMPP numeric Octet String fields). */
export function digits(min: number, max: number): Validator<string> {
  return {
    check(value, path) {
      const s = string({ min, max }).check(value, path);
      if (!/^[0-9]*$/.test(s)) throw new ValidationError(path, 'digits only', 'not-digits', { value: s.slice(0, 40) });
      return s;
    },
  };
}

/** Printable ASCII (fixed-length CMPP Octet String fields such as Service_Id), `min`..`max` characters. */
export function ascii(min: number, max: number): Validator<string> {
  return {
    check(value, path) {
      const s = string({ min, max }).check(value, path);
      if (!/^[\x20-\x7e]*$/.test(s)) throw new ValidationError(path, 'printable ASCII only (it is a fixed-length CMPP field)', 'not-ascii');
      return s;
    },
  };
}

/** null, or a value of `inner` (for settings that can be switched off). */
export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return {
    check(value, path) {
      return value === null ? null : inner.check(value, path);
    },
  };
}

export const invoke = <A, R>(args: Validator<A>, result: { readonly __type?: R }): InvokeSpec<A, R> => ({ kind: 'invoke', args, result });
export const event = <P>(keep: 'all' | 'latest', max: number): EventSpec<P> => ({ kind: 'event', keep, max, payload: type<P>() });
export const exportFormat = () => oneOf('csv', 'xlsx');
export const lang = () => oneOf(...LOCALES);
export const exportForm = () => oneOf(...EXPORT_FORMS);
