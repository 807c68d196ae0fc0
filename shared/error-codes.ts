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

/**
 * What exactly was wrong, beside an error's code (shared/error-detail.ts): the rule an input broke
 * (with its field and figures) or the state that refused the request. The UI and the CLI word each
 * one in the operator's language (`detail.<code>` in shared/i18n/); the architecture test checks
 * both languages have a text for each.
 */
export const DETAIL_CODES = [
  // the shape of a value (shared/ipc/validate.ts and the store's own checks)
  'expected-string',
  'expected-integer',
  'expected-boolean',
  'expected-array',
  'expected-object',
  'expected-plain-object',
  'unknown-field',
  'required',
  'takes-no-argument',
  'too-many-arguments',
  'unknown-channel',
  // the rule a value broke
  'too-long',
  'too-short',
  'empty',
  'out-of-range',
  'not-in-set',
  'too-many-items',
  'not-ascii',
  'not-digits',
  'digits-length',
  'not-cmpp-time',
  'not-time-of-day',
  'not-job-key',
  'not-positive-id',
  'fee-type-version',
  'registered-delivery-version',
  'src-id-too-long',
  'odd-hex',
  'invalid-pattern',
  'keyword-empty',
  'keyword-twice',
  'keyword-both',
  'quiet-hours-same',
  'opt-out-keyword-required',
  'invalid-phone',
  'date-range',
  'not-a-day',
  'filter-campaign-and-direct',
  'msg-id-too-common',
  'not-stat',
  'is-a-folder',
  'not-a-date',
  'not-fraction',
  'report-delay-order',
  'shares-over-one',
  // what the request named does not exist or is taken
  'account-not-found',
  'template-not-found',
  'group-not-found',
  'campaign-not-found',
  'mo-not-found',
  'account-name-taken',
  'template-name-taken',
  'group-name-taken',
  'quick-reply-saved',
  'quick-replies-full',
  'account-in-use',
  'group-in-use',
  // a campaign's state refused it
  'campaign-not-draft',
  'campaign-transition',
  'campaign-changed',
  'campaign-finished',
  'campaign-deleted',
  'campaign-not-deletable',
  'campaign-sending',
  'campaign-creating',
  'campaign-on-wire',
  'campaign-in-doubt',
  'campaign-not-paused',
  'campaign-wrong-account',
  // what a campaign or a message is made of
  'text-and-template',
  'group-or-new-name',
  'text-or-template',
  'message-empty',
  'no-recipients',
  'no-recipients-left',
  'nobody-to-copy',
  'group-import-unfinished',
  'unsendable-text',
  'text-over-cap',
  'text-unencodable',
  'unknown-merge-field',
] as const;

export type DetailCode = (typeof DETAIL_CODES)[number];

const DETAILS: ReadonlySet<string> = new Set(DETAIL_CODES);

export function isDetailCode(code: unknown): code is DetailCode {
  return typeof code === 'string' && DETAILS.has(code);
}

/** The envelope's style: lower-case words joined by hyphens. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
