// Calls to main from every screen: envelopes unwrapped into errors whose text is already in the
// operator's language (the detail main sends as data, worded by the catalogue; main's English
// message only in English). The one helper for a failed call and the one catalogue of error texts
// (`error.<code>`, one per code of shared/error-codes.ts, and `detail.<code>`).
import type { ErrorDetail } from '../../shared/error-detail.js';
import type { Envelope } from '../../shared/ipc/envelope.js';
import { failureText } from '../../shared/i18n/error-text.js';
import type { Translate } from './i18n/index.js';

export class CallError extends Error {
  override readonly name = 'CallError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A failure from main (an envelope's, or a result's `error`) in the operator's language. */
export function errorText(t: Translate, failure: { code: string; message: string; detail?: ErrorDetail | undefined }): string {
  return failureText(failure, t);
}

/** The value, or a CallError with a translated message. */
export async function call<T>(t: Translate, pending: Promise<Envelope<T>>): Promise<T> {
  const r = await pending;
  if (r.ok) return r.value;
  throw new CallError(r.code, errorText(t, r));
}

/** A failed call as a screen keeps it: main's code with the translated text, or 'ipc' when the call itself broke. */
export function failureOf(error: unknown): { code: string; text: string } {
  return error instanceof CallError ? { code: error.code, text: error.message } : { code: 'ipc', text: String(error) };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isCancelled(error: unknown): boolean {
  return error instanceof CallError && error.code === 'cancelled';
}

let jobCounter = 0;

/** A key for a long operation, unique in this window. */
export function newJobKey(kind: string): string {
  jobCounter += 1;
  return `${kind}-${Date.now().toString(36)}-${jobCounter}-${Math.random().toString(36).slice(2, 8)}`;
}
