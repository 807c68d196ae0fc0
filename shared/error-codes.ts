// Every error code that can reach a caller (an IPC envelope, the CLI, a test) in one table, all
// kebab-case. The typed errors of each layer (StoreError, IoError, PlanError, ...) take their code
// types from here through `Codes<...>`, so a code outside the table does not compile, and the
// renderer has a text for each (test/architecture/error-codes.test.ts).

export const ERROR_CODES = [
  // IPC plumbing (shared/ipc/envelope.ts)
  'forbidden-sender',
  'invalid-args',
  'unsafe-result',
  'internal',
  // the store
  'invalid-input',
  'not-found',
  'conflict',
  'schema-too-new',
  'cipher-mismatch',
  'cipher-failure',
  'key-file',
  'not-ours',
  'read-only',
  // files: imports and exports
  'unsupported-format',
  'malformed-file',
  'file-changed',
  'busy',
  'too-large',
  'io',
  'cancelled',
  // gateway requests (CMPP_QUERY and the like)
  'not-connected',
  'timeout',
  'connection-lost',
  'stopped',
  'login-failed',
  // the desk: workspace, demo gateway, dialogs, jobs
  'no-workspace',
  'switching',
  'not-demo',
  'demo-stopped',
  'open-failed',
  'not-available',
  'superseded',
  'job-running',
  'no-dialogs',
  'file-expired',
  'file-too-large',
  'upload-failed',
  'no-support-log',
  // message planning and PDU tools
  'invalid-option',
  'too-many-segments',
  'footer-too-long',
  'invalid-udh',
  'invalid-hex',
  'unencodable',
  // the browser-mode transport and the renderer's own calls
  'disconnected',
  'ipc',
  // the delivery log
  'invalid-filter',
  'invalid-msg-id',
  'invalid-number',
  'view-expired',
  // campaigns
  'nothing-to-send',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A layer's own codes: a subset of the table (a code outside it is a compile error). */
export type Codes<T extends ErrorCode> = T;

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}

/** The envelope's style: lower-case words joined by hyphens. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
