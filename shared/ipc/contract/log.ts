// The delivery log: filtered views over 1,000,000+ messages, pages, details, export.
// Channel names: ../channels/log.ts. Values are JSON-safe (../contract.ts says what that means).
import { type MessageRollup, type MessageState, MessageStates } from '../../message-state.js';
import { type } from '../spec.js';
import { array, boolean, type Infer, int, none, object, oneOf, optional, string } from '../validate.js';
import { exportForm, exportFormat, id, invoke, lang, MAX_ID } from './fields.js';
import { jobKeyArg } from './jobs.js';

export const LOG_PAGE_LIMIT = 500;

/**
 * What the delivery log is filtered by: the views, their counts and jumps, the search, the export.
 * Every field narrows the messages shown; absent (or an empty state list, or directOnly false)
 * means no condition. The store plans each filter into indexed queries (electron/store/log/).
 */
export const logFilterArgs = object({
  accountId: optional(id()),
  campaignId: optional(id()),
  /** Only messages sent outside a campaign (inbox replies, test sends). */
  directOnly: optional(boolean()),
  /** Any of these states. */
  states: optional(array(oneOf(...MessageStates), { max: MessageStates.length })),
  /**
   * The message's Stat: an exact value (DELIVRD, UNDELIV, MK:0012) or a 3.0 family ending in ':'
   * (MK:, MA:). Case and surrounding blanks are ignored (gateways pad the 7-byte field).
   */
  stat: optional(string({ min: 1, max: 16 })),
  /** A phone number, with or without +86. */
  number: optional(string({ min: 1, max: 40 })),
  /** A Msg_Id in any of its three text forms (decimal, 22 digits, hex), on any account (docs/protocol.md "Msg_Id"). */
  msgId: optional(string({ min: 1, max: 40 })),
  /** created_at >= from (ms). */
  from: optional(int(0, MAX_ID)),
  /** created_at < to (ms). */
  to: optional(int(0, MAX_ID)),
});
export type LogFilter = Infer<typeof logFilterArgs>;

export interface LogOptions {
  /** Every campaign with log rows, deleted ones (their rows kept) included and marked. */
  campaigns: { id: number; name: string; state: string; createdAt: number; deleted: boolean }[];
  accounts: { id: number; name: string }[];
}

/** A message of the delivery log as the store reads it. */
export interface LogEntry {
  id: number;
  campaignId: number | null;
  accountId: number;
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

/** A message as the window shows it: the entry with its campaign's and account's names. */
export interface LogRow extends LogEntry {
  campaignName: string | null;
  accountName: string;
}

/**
 * Archived months a search reached (its date range, or all time), beside the live log: those
 * searched, those whose archive file is missing (moved away: reported, not an error), those
 * left out because one search attaches at most 9 archives (a narrower date range reaches them),
 * those written by an older version and not upgraded yet (searchable once upgraded in the
 * background), and those this version cannot read (written by a newer version, or damaged).
 */
export interface LogArchives {
  searched: string[];
  missing: string[];
  notSearched: string[];
  notUpgraded: string[];
  unreadable: string[];
}

export interface LogPage {
  offset: number;
  rows: LogRow[];
  /** Present when the filter reaches archived months. */
  archives?: LogArchives;
  /** Matching messages when counted (null before the count). */
  total: number | null;
  /** Something changed since the count: positions may have moved (offer a refresh). */
  changed: boolean;
}

/** The three text forms of a Msg_Id (docs/protocol.md "Msg_Id"). */
export interface MsgIdForms {
  decimal: string;
  digits22: string;
  hex: string;
}

export interface LogSegment {
  pkNumber: number;
  pkTotal: number;
  state: MessageState;
  /** This destination's Msg_Id (null before SUBMIT_RESP). */
  msgId: MsgIdForms | null;
  /** The SUBMIT_RESP's Msg_Id when it differs (destination i > 0 of a multi-destination SUBMIT). */
  pduMsgId: MsgIdForms | null;
  /** SUBMIT_RESP Result; the renderer shows its meaning from its catalogues (shared/submit-result.ts). */
  result: number | null;
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

/** An MO from the message's recipient to its campaign's Src_Id extension (the user's answer). */
export interface LogReply {
  moId: number;
  at: number;
  destId: string;
  text: string | null;
}

export interface LogDetail {
  message: LogRow;
  /** The text sent (the message's own, or its campaign's). */
  text: string | null;
  srcId: string | null;
  serviceId: string | null;
  segments: LogSegment[];
  /** The recipient's MOs that answered the message's campaign, oldest first ([] for a direct send). */
  replies: LogReply[];
}

export interface LogExportDone {
  file: string;
  rows: number;
  messages: number;
  /** Present when the exported range reaches archived months. */
  archives?: LogArchives;
}

export const logContract = {
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
  'log.export': invoke(
    object({
      viewId: id(),
      format: exportFormat(),
      lang: lang(),
      /** Default readable: words in `lang`; machine: codes for scripts. */
      form: optional(exportForm()),
      /** CSV: a leading TAB on long digit strings so Excel keeps them exact (default off: plain RFC 4180). */
      protectLongNumbers: optional(boolean()),
      jobKey: jobKeyArg(),
    }),
    type<LogExportDone | null>(),
  ),
} as const;
