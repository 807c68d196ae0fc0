// The inbox: MO conversations, replies, live status reports and MOs, opt-out events.
// Channel names: ../channels/inbox.ts. Values are JSON-safe (../contract.ts says what that means).
import type { InboxMessage, OptEvent } from '../../inbox-message.js';
import type { MessageState } from '../../message-state.js';
import { type } from '../spec.js';
import { array, boolean, int, none, object, optional, string } from '../validate.js';
import type { SendOutcome } from './composer.js';
import { AUTO_REPLY_LIMITS } from '../../auto-reply.js';
import { event, id, invoke, MAX_ID } from './fields.js';

export const REPLY_TEXT_MAX = 1000;

export interface ThreadRow {
  number: string;
  lastAt: number;
  lastText: string | null;
  total: number;
  unhandled: number;
  optedOut: boolean;
}

/** An outbound message to the conversation's number (a reply, a campaign message). */
export interface SentView {
  messageId: number;
  campaignId: number | null;
  text: string | null;
  state: MessageState | 'partial';
  stat: string | null;
  createdAt: number;
}

export interface Conversation {
  number: string;
  optedOut: boolean;
  /** The MOs from the number: the inbox service's own type (shared/inbox-message.ts). */
  mos: InboxMessage[];
  sent: SentView[];
}

export interface ReportRow {
  /** Epoch ms the DELIVER was read. */
  at: number;
  accountId: number;
  /** The report's Msg_Id (= the SUBMIT_RESP Msg_Id), decimal. */
  msgId: string;
  /** Dest_terminal_Id of the report, normalised. */
  number: string;
  /** Raw Stat, e.g. DELIVRD, UNDELIV, MK:0012. */
  stat: string;
  /** docs/protocol.md "Message bodies" classification: delivered / pending (ACCEPTD) / unknown / failed. */
  outcome: 'delivered' | 'pending' | 'unknown' | 'failed';
  /** Matched segment's message and campaign; null when the report matched nothing (yet). */
  messageId: number | null;
  campaignId: number | null;
  /**
   * This report was shown before, unmatched (it came before its SUBMIT_RESP, docs/protocol.md "Gateway quirks tolerated"), and has
   * matched now: it replaces that row rather than adding one.
   */
  late?: boolean;
}

export interface OptEventRow {
  moId: number;
  number: string;
  text: string | null;
  event: OptEvent;
  at: number;
  /** Still on the opt-out list now. */
  optedOut: boolean;
}

/** An MO as the live feed publishes it (the inbox service builds it, the Monitor and Inbox show it). */
export interface LiveMo {
  at: number;
  accountId: number;
  moMessageId: number;
  number: string;
  /** Dest_Id the user texted (Src_Id + extension). */
  destId: string;
  /** Decoded text; null when the Msg_Fmt cannot be decoded. */
  text: string | null;
  /** false: a partial message (parts missing after the reassembly timeout). */
  complete: boolean;
  campaignId: number | null;
  optEvent: OptEvent | null;
}

/** A saved reply snippet (quick reply). */
export interface QuickReplyRow {
  id: number;
  text: string;
  createdAt: number;
}

/** A campaign that MOs answered (by its Src_Id extension), for the inbox's campaign filter. */
export interface CampaignMoRow {
  campaignId: number;
  name: string;
  mos: number;
  unhandled: number;
}

export const SEARCH_TERM_MAX = 100;

export const inboxContract = {
  'inbox.threads': invoke(optional(object({ limit: optional(int(1, 1000)), before: optional(int(0, MAX_ID)) })), type<ThreadRow[]>()),
  'inbox.conversation': invoke(object({ number: string({ min: 1, max: 32 }) }), type<Conversation>()),
  'inbox.reply': invoke(object({ moId: id(), text: string({ min: 1, max: REPLY_TEXT_MAX }) }), type<SendOutcome>()),
  'inbox.markHandled': invoke(object({ ids: array(id(), { max: 1000 }), handled: boolean() }), type<number>()),
  'inbox.recentReports': invoke(optional(object({ limit: optional(int(1, 1000)) })), type<ReportRow[]>()),
  'inbox.optEvents': invoke(none(), type<OptEventRow[]>()),
  'inbox.search': invoke(object({ term: optional(string({ min: 1, max: SEARCH_TERM_MAX })), campaignId: optional(id()), limit: optional(int(1, 1000)) }), type<InboxMessage[]>()),
  'inbox.campaigns': invoke(none(), type<CampaignMoRow[]>()),
  'inbox.quickReplies': invoke(none(), type<QuickReplyRow[]>()),
  'inbox.addQuickReply': invoke(object({ text: string({ min: 1, max: AUTO_REPLY_LIMITS.quickReplyChars }) }), type<QuickReplyRow>()),
  'inbox.deleteQuickReply': invoke(object({ id: id() }), type<number>()),
  'live.reports': event<ReportRow>('all', 5000),
  'live.mos': event<LiveMo>('all', 1000),
} as const;
