// Channels of the data screens: delivery log, contacts, accounts, sending rules.
// Keys must match DATA_INVOKE / DATA_EVENTS in data.channels.ts. Every value is JSON-safe: Msg_Id
// as decimal (and 22-digit, hex) strings, times as epoch milliseconds, no Buffer / BigInt / Date.
// Long operations (exports, imports, deleting a big group) take a `jobKey` chosen by the renderer,
// so it can show their `data.progress` events and cancel them (`jobs.cancel`) while the call runs.
import { MessageStates, type MessageRollup, type MessageState } from '../message-state.js';
import { type, type EventSpec, type InvokeSpec } from './spec.js';
import { array, boolean, int, none, object, oneOf, optional, string, ValidationError, type Infer, type Validator } from './validate.js';

// ---- validators local to this contract ------------------------------------------------------

const MAX_ID = Number.MAX_SAFE_INTEGER;
const id = () => int(1, MAX_ID);

/** Printable ASCII (fixed-length CMPP Octet String fields), `min`..`max` characters. */
function ascii(min: number, max: number): Validator<string> {
  return {
    check(value, path) {
      const s = string({ min, max }).check(value, path);
      if (!/^[\x20-\x7e]*$/.test(s)) throw new ValidationError(path, 'printable ASCII only (it is a fixed-length CMPP field)');
      return s;
    },
  };
}

function digits(min: number, max: number): Validator<string> {
  return {
    check(value, path) {
      const s = string({ min, max }).check(value, path);
      if (!/^[0-9]*$/.test(s)) throw new ValidationError(path, 'digits only');
      return s;
    },
  };
}

/** null, or a value of `inner` (for settings that can be switched off). */
function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return {
    check(value, path) {
      return value === null ? null : inner.check(value, path);
    },
  };
}

/** A key the renderer picks for a long operation: short, URL-safe. */
export const jobKeyArg = (): Validator<string> => ({
  check(value, path) {
    const s = string({ min: 1, max: 64 }).check(value, path);
    if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new ValidationError(path, 'letters, digits, _ and - only');
    return s;
  },
});

const hhmm = (): Validator<string> => ({
  check(value, path) {
    const s = string({ min: 5, max: 5 }).check(value, path);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) throw new ValidationError(path, 'a time as HH:MM (00:00 to 23:59)');
    return s;
  },
});

// ---- limits ---------------------------------------------------------------------------------

export const LOG_PAGE_LIMIT = 500;
export const MEMBERS_PAGE_LIMIT = 500;
export const GROUP_NAME_MAX = 100;
/** Issues of an import preview sent to the window (all are counted; the rest are in the save's result). */
export const IMPORT_ISSUES_SHOWN = 2000;
export const WORDS_MAX = 500;
export const WORD_MAX = 50;
export const CONFIRMATION_MAX = 500;

// ---- delivery log ---------------------------------------------------------------------------

export const logFilterArgs = object({
  accountId: optional(id()),
  campaignId: optional(id()),
  /** Only messages sent outside a campaign (inbox replies, test sends). */
  directOnly: optional(boolean()),
  states: optional(array(oneOf(...MessageStates), { max: MessageStates.length })),
  /** Exact Stat (DELIVRD, UNDELIV, MK:0012) or a 3.0 family ending in ':' (MK:). */
  stat: optional(string({ min: 1, max: 16 })),
  number: optional(string({ min: 1, max: 40 })),
  /** Decimal, 22 digits or hex (ref §6). */
  msgId: optional(string({ min: 1, max: 40 })),
  from: optional(int(0, MAX_ID)),
  to: optional(int(0, MAX_ID)),
});
export type LogFilterArgs = Infer<typeof logFilterArgs>;

export interface LogOptions {
  campaigns: { id: number; name: string; state: string; createdAt: number }[];
  accounts: { id: number; name: string }[];
}

export interface LogRow {
  id: number;
  campaignId: number | null;
  campaignName: string | null;
  accountId: number;
  accountName: string;
  number: string;
  state: MessageState;
  /** state, or `partial` for a long message some of whose segments are delivered and the rest in progress. */
  rollup: MessageRollup;
  stat: string | null;
  result: number | null;
  reason: string | null;
  segmentCount: number;
  billedCount: number;
  possibleDuplicate: boolean;
  createdAt: number;
  submittedAt: number | null;
  doneAt: number | null;
}

export interface LogPage {
  offset: number;
  rows: LogRow[];
  /** Matching messages when counted (null before the count). */
  total: number | null;
  /** Something changed since the count: positions may have moved (offer a refresh). */
  changed: boolean;
}

/** The three text forms of a Msg_Id (ref §6). */
export interface MsgIdForms {
  decimal: string;
  digits22: string;
  hex: string;
}

export interface Meaning {
  zh: string;
  en: string;
}

export interface LogSegment {
  pkNumber: number;
  pkTotal: number;
  state: MessageState;
  /** This destination's Msg_Id (null before SUBMIT_RESP). */
  msgId: MsgIdForms | null;
  /** The SUBMIT_RESP's Msg_Id when it differs (destination i > 0 of a multi-destination SUBMIT). */
  pduMsgId: MsgIdForms | null;
  result: number | null;
  resultText: Meaning | null;
  stat: string | null;
  reason: string | null;
  sequenceId: number | null;
  connection: string | null;
  submitAt: number | null;
  responseAt: number | null;
  reportAt: number | null;
  /** The report's Done_time as sent, YYMMDDHHMM (gateway time). */
  doneTime: string | null;
  sendCount: number;
}

export interface LogDetail {
  message: LogRow;
  /** The text sent (the message's own, or its campaign's). */
  text: string | null;
  srcId: string | null;
  serviceId: string | null;
  segments: LogSegment[];
}

export interface LogExportDone {
  file: string;
  rows: number;
  messages: number;
}

// ---- contacts -------------------------------------------------------------------------------

export interface GroupView {
  id: number;
  name: string;
  size: number;
  createdAt: number;
  /** An import into the group is running. */
  importing: boolean;
}

export interface ContactView {
  id: number;
  number: string;
  name: string;
  fields: Record<string, string>;
  createdAt: number;
}

export interface ImportFileView {
  fileId: number;
  /** The file's name (not its path). */
  name: string;
  bytes: number;
}

export type ImportProblemCode =
  | 'malformed-row'
  | 'formula-without-result'
  | 'cell-error'
  | 'undecodable'
  | 'invalid-number'
  | 'duplicate-in-file'
  | 'already-in-group'
  | 'opted-out';

export interface ImportIssueView {
  line: number;
  sheet?: string;
  input: string;
  problem: ImportProblemCode;
  /** not-digits, wrong-length, ... for invalid numbers (shared/phone.ts). */
  phoneProblem?: string;
  /** English detail. */
  message: string;
}

export interface ImportCountsView {
  rows: number;
  valid: number;
  malformed: number;
  invalidNumber: number;
  duplicateInFile: number;
  alreadyInGroup: number;
  optedOut: number;
  blank: number;
  notChinaMobile: number;
}

export interface ImportPreviewView {
  fileId: number;
  name: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  bytes: number;
  /** Pass back to contacts.import: the save refuses a file changed since the preview. */
  sha256: string;
  header: string[] | null;
  numberColumn: string | null;
  nameColumn: string | null;
  fieldColumns: string[];
  dedupeRule: Meaning;
  counts: ImportCountsView;
  issues: ImportIssueView[];
  /** Issues not listed (counted in `counts`). */
  issuesOmitted: number;
  sample: { line: number; sheet?: string; number: string; name: string; fields: Record<string, string>; status: 'ok' | ImportProblemCode }[];
  warnings: string[];
  group: { id: number; name: string } | null;
}

export interface ImportDone {
  /** null when a new group was asked for and no row was valid (no empty group is created). */
  group: GroupView | null;
  createdGroup: boolean;
  added: number;
  counts: ImportCountsView;
}

export interface ExportDone {
  file: string;
  rows: number;
}

// ---- accounts -------------------------------------------------------------------------------

export const accountSettingsArgs = object({
  name: string({ min: 1, max: 64 }),
  host: string({ min: 1, max: 253 }),
  port: int(1, 65535),
  version: oneOf('2.0', '3.0'),
  /** SP_Id / Source_Addr (ref §4 CONNECT: 6 octets). */
  spId: ascii(1, 6),
  serviceId: ascii(0, 10),
  /** Src_Id with extension (21 octets). */
  srcId: ascii(1, 21),
  connections: int(1, 64),
  window: int(1, 1024),
  rate: int(1, 1_000_000),
  /** DestUsr_tl < 100 (ref §9). */
  destsPerSubmit: int(1, 99),
  /** C, T, N of ref §7. */
  activeTestIntervalMs: int(1000, 86_400_000),
  responseTimeoutMs: int(1000, 3_600_000),
  maxSends: int(1, 100),
  tls: boolean(),
  strictAuthenticator: boolean(),
  signature: string({ max: 70 }),
  signaturePosition: oneOf('prefix', 'suffix'),
  gatewayAppends: string({ max: 70 }),
  feeType: oneOf('01', '02', '03', '04', '05'),
  feeCode: digits(1, 6),
  feeUserType: oneOf(0, 1, 2, 3),
  feeTerminalId: ascii(0, 32),
  registeredDelivery: oneOf(0, 1, 2),
  maxSegments: int(1, 255),
  useGbk: boolean(),
  reportWaitMs: int(60_000, 30 * 86_400_000),
});
export type AccountSettingsArgs = Infer<typeof accountSettingsArgs>;

export interface AccountView extends AccountSettingsArgs {
  id: number;
  /** The secret is write-only: the window only learns that one is stored. */
  secretSet: true;
  createdAt: number;
  updatedAt: number;
}

export type ConnectionTestCode =
  | 'ok'
  | 'config' // the settings cannot work (checked before connecting)
  | 'network' // TCP connect failed (refused, unreachable, DNS)
  | 'tls' // TLS handshake failed
  | 'login-timeout' // no CONNECT_RESP in time
  | 'login-status' // CONNECT_RESP Status != 0
  | 'authenticator' // wrong AuthenticatorISMG with the strict setting
  | 'login-malformed'
  | 'closed-during-login' // closed without a CONNECT_RESP
  | 'closed-after-login' // accepted, then closed at once: the IP allow-list symptom
  | 'timeout' // nothing conclusive within the test's time
  | 'other';

export interface ConnectionTestResult {
  ok: boolean;
  code: ConnectionTestCode;
  /** CONNECT_RESP Status for login-status. */
  status: number | null;
  /** The Status meaning (ref §4) in both languages. */
  statusText: Meaning | null;
  /** What the client saw, in English (error text, reason). */
  detail: string;
  tookMs: number;
  /** Warnings seen during the login (e.g. a wrong AuthenticatorISMG, accepted). */
  warnings: string[];
}

// ---- sending rules --------------------------------------------------------------------------

export interface SendingRulesView {
  /** China Standard Time "HH:MM"; null = off. */
  quietHours: { start: string; end: string } | null;
  frequencyCap: { max: number; windowMs: number } | null;
  requireSignature: boolean;
  sensitiveWords: string[];
  optOutKeywords: string[];
  optInKeywords: string[];
  optOutConfirmation: string;
  optInConfirmation: string;
}

const words = () => array(string({ min: 1, max: WORD_MAX }), { max: WORDS_MAX });

export const rulesArgs = object({
  quietHours: optional(nullable(object({ start: hhmm(), end: hhmm() }))),
  frequencyCap: optional(nullable(object({ max: int(1, 1_000_000), windowMs: int(60_000, 365 * 86_400_000) }))),
  requireSignature: optional(boolean()),
  sensitiveWords: optional(words()),
  optOutKeywords: optional(words()),
  optInKeywords: optional(words()),
  optOutConfirmation: optional(string({ max: CONFIRMATION_MAX })),
  optInConfirmation: optional(string({ max: CONFIRMATION_MAX })),
});

// ---- long operations ------------------------------------------------------------------------

export type JobKind = 'log-export' | 'contacts-export' | 'contacts-preview' | 'contacts-import' | 'group-delete';

export interface JobProgress {
  jobKey: string;
  kind: JobKind;
  /** Rows (or contacts) handled so far. */
  processed: number;
  /** Known total, else null. */
  total: number | null;
  phase: 'running' | 'done' | 'cancelled' | 'failed';
}

const invoke = <A, R>(args: Validator<A>, result: { readonly __type?: R }): InvokeSpec<A, R> => ({ kind: 'invoke', args, result });
const event = <P>(keep: 'all' | 'latest', max: number): EventSpec<P> => ({ kind: 'event', keep, max, payload: type<P>() });
const exportFormat = () => oneOf('csv', 'xlsx');
const lang = () => oneOf('zh-CN', 'en');

export const dataContract = {
  'log.options': invoke(none(), type<LogOptions>()),
  /** A view of the log for a filter, with its first page (one round trip), closing the view it replaces. */
  'log.open': invoke(
    object({ filter: logFilterArgs, firstPage: optional(int(1, LOG_PAGE_LIMIT)), replaces: optional(id()) }),
    type<{ viewId: number; page: LogPage | null }>(),
  ),
  'log.count': invoke(object({ viewId: id() }), type<{ total: number }>()),
  'log.page': invoke(object({ viewId: id(), offset: int(0, MAX_ID), limit: int(1, LOG_PAGE_LIMIT) }), type<LogPage>()),
  'log.close': invoke(object({ viewId: id() }), type<null>()),
  'log.detail': invoke(object({ messageId: id() }), type<LogDetail>()),
  /** Asks where to save (native dialog), then exports the view; null when the dialog is cancelled. */
  'log.export': invoke(object({ viewId: id(), format: exportFormat(), lang: lang(), jobKey: jobKeyArg() }), type<LogExportDone | null>()),

  'contacts.groups': invoke(none(), type<GroupView[]>()),
  'contacts.createGroup': invoke(object({ name: string({ min: 1, max: GROUP_NAME_MAX }) }), type<GroupView>()),
  'contacts.renameGroup': invoke(object({ groupId: id(), name: string({ min: 1, max: GROUP_NAME_MAX }) }), type<GroupView>()),
  'contacts.deleteGroup': invoke(object({ groupId: id(), jobKey: jobKeyArg() }), type<null>()),
  'contacts.members': invoke(
    object({ groupId: id(), afterId: optional(int(0, MAX_ID)), limit: int(1, MEMBERS_PAGE_LIMIT) }),
    type<{ members: ContactView[]; nextAfterId: number | null }>(),
  ),
  'contacts.findMember': invoke(object({ groupId: id(), number: string({ min: 1, max: 40 }) }), type<ContactView | null>()),
  'contacts.removeMember': invoke(object({ groupId: id(), number: string({ min: 1, max: 40 }) }), type<boolean>()),
  /** Native open dialog; null when cancelled. The path stays in main. */
  'contacts.pickImportFile': invoke(none(), type<ImportFileView | null>()),
  'contacts.previewImport': invoke(object({ fileId: id(), groupId: optional(id()), jobKey: jobKeyArg() }), type<ImportPreviewView>()),
  'contacts.import': invoke(
    object({
      fileId: id(),
      sha256: string({ min: 64, max: 64 }),
      groupId: optional(id()),
      newGroupName: optional(string({ min: 1, max: GROUP_NAME_MAX })),
      jobKey: jobKeyArg(),
    }),
    type<ImportDone>(),
  ),
  'contacts.export': invoke(object({ groupId: id(), format: exportFormat(), lang: lang(), jobKey: jobKeyArg() }), type<ExportDone | null>()),

  'accounts.list': invoke(none(), type<AccountView[]>()),
  'accounts.create': invoke(object({ settings: accountSettingsArgs, secret: string({ min: 1, max: 64 }) }), type<AccountView>()),
  /** `secret` absent = keep the stored one. */
  'accounts.update': invoke(object({ id: id(), settings: accountSettingsArgs, secret: optional(string({ min: 1, max: 64 })) }), type<AccountView>()),
  'accounts.remove': invoke(object({ id: id() }), type<null>()),
  /** Logs in once with these settings (a temporary connection); the stored secret of `id` when `secret` is absent. */
  'accounts.test': invoke(
    object({ id: optional(id()), settings: accountSettingsArgs, secret: optional(string({ min: 1, max: 64 })), timeoutMs: optional(int(1000, 120_000)) }),
    type<ConnectionTestResult>(),
  ),

  'rules.get': invoke(none(), type<SendingRulesView>()),
  'rules.update': invoke(rulesArgs, type<SendingRulesView>()),

  'jobs.cancel': invoke(jobKeyArg(), type<boolean>()),

  'data.progress': event<JobProgress>('all', 500),
} as const;
