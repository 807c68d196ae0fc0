// Typed errors of the import/export services: callers (IPC, CLI) switch on `code`, users read
// `message` (one line, naming the file line / row where there is one).

export type IoErrorCode =
  | 'invalid_input' // a bad option (format, path, filter, date)
  | 'unsupported_format' // .xls, .ods, a binary file
  | 'malformed_file' // cannot be read past a point (unbalanced quotes, corrupt zip)
  | 'file_changed' // the file differs from the one previewed
  | 'busy' // another import into the same group is running
  | 'not_found' // group or file missing
  | 'too_large' // beyond what the format can hold
  | 'io' // the disk said no
  | 'cancelled'; // AbortSignal fired

export class IoError extends Error {
  constructor(
    readonly code: IoErrorCode,
    message: string,
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
