// Typed errors of the import/export services: callers (IPC, CLI) switch on `code`, users read
// `message` (one line, naming the file line / row where there is one).

// Codes from the application's table (shared/error-codes.ts; test/architecture/error-codes.test.ts
// checks they are in it): this folder imports nothing of the application.
export type IoErrorCode =
  | 'invalid-input' // a bad option (format, path, filter, date)
  | 'unsupported-format' // .xls, .ods, a binary file
  | 'malformed-file' // cannot be read past a point (unbalanced quotes, corrupt zip)
  | 'file-changed' // the file differs from the one previewed
  | 'busy' // another import into the same group is running
  | 'not-found' // group or file missing
  | 'too-large' // beyond what the format can hold
  | 'io' // the disk said no
  | 'cancelled'; // AbortSignal fired

export class IoError extends Error {
  constructor(
    readonly code: IoErrorCode,
    message: string,
    /**
     * The rule broken, as data, for the operator's language: an ErrorDetail of
     * shared/error-detail.ts, typed by its shape here (IPC checks it before it crosses).
     */
    readonly detail?: { readonly code: string; readonly field?: string; readonly params?: Readonly<Record<string, string | number>> },
  ) {
    super(message);
    this.name = 'IoError';
  }
}

export function cancelled(what: string): IoError {
  return new IoError('cancelled', `${what} was cancelled`);
}

export function isAbort(e: unknown): boolean {
  return (e instanceof IoError && e.code === 'cancelled') || (e instanceof Error && e.name === 'AbortError');
}
