// Results cross IPC as data, never as thrown errors: ipcRenderer.invoke() keeps only
// the message of an Error thrown in main and drops custom fields such as `code`.
import type { ErrorDetail } from '../error-detail.js';
import type { ErrorCode } from '../error-codes.js';

/**
 * A failure carries main's English `message` (for logs and English) and, where main knows it, the
 * `detail` as data (the rule broken, the field, the figures), which the renderer words in the
 * operator's language (shared/i18n/error-text.ts).
 */
export type Failure = { ok: false; code: ErrorCode; message: string; detail?: ErrorDetail };

export type Envelope<T> = { ok: true; value: T } | Failure;

/** Codes produced by the IPC layer itself; services add their own (all in shared/error-codes.ts). */
export const IpcErrorCode = {
  /** The call did not come from our window's top frame on app://. */
  forbiddenSender: 'forbidden-sender',
  /** An argument failed validation in main; the message names the field. */
  invalidArgs: 'invalid-args',
  /** A handler returned something that cannot cross IPC unchanged (BigInt, Buffer, ...): a bug in main. */
  unsafeResult: 'unsafe-result',
  /** A handler threw something without a code: a bug in main. */
  internal: 'internal',
} as const satisfies Record<string, ErrorCode>;

/** A service error that should reach the renderer with its code intact. */
export class IpcFailure extends Error {
  override readonly name = 'IpcFailure';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

/** Unwraps an envelope in the renderer: the value, or an IpcFailure carrying the code. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new IpcFailure(envelope.code, envelope.message, envelope.detail);
}
