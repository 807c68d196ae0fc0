// Typed store errors: callers (services, IPC, CLI) switch on `code`; `message` is English (logs,
// `--lang en`); `detail` says the rule broken as data, for the operator's language.
import type { ErrorDetail } from '../../shared/error-detail.js';

export type StoreErrorCode =
  | 'invalid-input' // a value breaks a documented rule (length, range, enum)
  | 'not-found'
  | 'conflict' // unique name taken, illegal state transition
  | 'schema-too-new' // the file was written by a newer build
  | 'cipher-mismatch' // secrets were written with another cipher
  | 'cipher-failure' // the cipher could not decrypt (wrong key file, corrupt blob)
  | 'key-file' // the local key file is missing, malformed or too open
  | 'not-ours' // the path is not a CMPP Desk database (another file, a folder, truncated)
  | 'read-only'; // the database file or its folder cannot be written

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Opening a database written by a newer build: refusing protects its data from an older schema. */
export class SchemaTooNewError extends StoreError {
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
    path: string,
  ) {
    super(
      'schema-too-new',
      `database ${path} is at schema version ${fileVersion}, but this build supports up to version ${supportedVersion}; use a newer CMPP Desk`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export class CipherMismatchError extends StoreError {
  constructor(
    readonly storedCipher: string,
    readonly activeCipher: string,
    what: string,
  ) {
    super(
      'cipher-mismatch',
      `${what} was written with secret cipher '${storedCipher}' but this process uses '${activeCipher}'; open it with the same cipher (or re-enter the secret)`,
    );
    this.name = 'CipherMismatchError';
  }
}

export function invalid(message: string, detail?: ErrorDetail): StoreError {
  return new StoreError('invalid-input', message, detail);
}

export function notFound(message: string): StoreError {
  return new StoreError('not-found', message);
}

export function conflict(message: string, detail?: ErrorDetail): StoreError {
  return new StoreError('conflict', message, detail);
}
