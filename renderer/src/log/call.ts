// Calls to main from the data screens: envelopes unwrapped into errors whose text is already in
// the operator's language (main's English detail kept: it names the field or the file line).
import type { Envelope } from '../../../shared/ipc/envelope.js';
import { hasKey, type Translate } from '../i18n/index.js';
import { refusalMessage } from '../i18n/refusal.js';

export class DataCallError extends Error {
  override readonly name = 'DataCallError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function dataErrorText(t: Translate, code: string, message: string): string {
  const key = `dataError.${code}`;
  if (code === 'nothing-to-send') message = refusalMessage(message, t);
  return hasKey(key) ? t(key, { message }) : t('dataError.unknown', { code, message });
}

/** The value, or a DataCallError with a translated message. */
export async function call<T>(t: Translate, pending: Promise<Envelope<T>>): Promise<T> {
  const r = await pending;
  if (r.ok) return r.value;
  throw new DataCallError(r.code, dataErrorText(t, r.code, r.message));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isCancelled(error: unknown): boolean {
  return error instanceof DataCallError && error.code === 'cancelled';
}

let jobCounter = 0;

/** A key for a long operation, unique in this window. */
export function newJobKey(kind: string): string {
  jobCounter += 1;
  return `${kind}-${Date.now().toString(36)}-${jobCounter}-${Math.random().toString(36).slice(2, 8)}`;
}
