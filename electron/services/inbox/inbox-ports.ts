// What the inbox works on and hands out: the narrow store, settings and reply sender it takes
// (InboxStore, InboxSettings, ReplySender: the Store and the campaign service satisfy them), the
// views of its messages (shared/inbox-message.ts, the live feed's LiveMo), and its typed error.
import type { Codes } from '../../../shared/error-codes.js';
import type { InboxMessage, OptEvent } from '../../../shared/inbox-message.js';
import type { LiveMo } from '../../../shared/ipc/contract/inbox.js';
import type { Accounts } from '../../store/accounts.js';
import type { AuditLog } from '../../store/audit.js';
import type { Campaigns } from '../../store/campaigns.js';
import type { Inbox, MoMessage, MoThread } from '../../store/inbox.js';
import type { OptOuts } from '../../store/opt-out.js';
import type { LiveFeed } from './live-feed.js';
import { type ErrorDetail } from '../../../shared/error-detail.js';

/** The repositories the inbox works on (the Store satisfies it). */
export interface InboxStore {
  inbox: Inbox;
  optOuts: OptOuts;
  audit: AuditLog;
  campaigns: Campaigns;
  accounts: Accounts;
  transaction<T>(fn: () => T): T;
}

/** The settings the inbox reads, live, at every MO (WorkspaceSettings satisfies it). */
export interface InboxSettings {
  readonly optOutKeywords: readonly string[];
  readonly optInKeywords: readonly string[];
  /** '' = no confirmation reply. */
  readonly optOutConfirmation: string;
  readonly optInConfirmation: string;
  readonly moReassemblyTimeoutMs: number;
}

/** A reply as the outbox takes it (docs/protocol.md "Replying to an MO"): Src_Id = MO Dest_Id, Dest = MO sender, its Service_Id, 3.0 LinkID. */
export interface ReplySendRequest {
  accountId: number;
  to: string;
  text: string;
  srcId: string;
  serviceId: string;
  /** 3.0 only; undefined on 2.0 accounts. */
  linkId?: string;
  replyToMoId: number;
  /** The opt-out / opt-in confirmation: sent although the number has just opted out. */
  confirmation?: OptEvent;
  actor: string;
}

/** What the outbox did with a reply: queued, or stored as skipped by a sending rule (with the reason). */
export interface ReplySendResult {
  messageId: number;
  state?: string;
  reason?: string;
}

export type ReplySender = (req: ReplySendRequest) => Promise<ReplySendResult>;

export interface InboxServiceOptions {
  store: InboxStore;
  feed?: LiveFeed;
  settings?: InboxSettings;
  /** Enqueues a reply through the outbox (engineer A's CampaignService.sendOne). */
  send?: ReplySender;
  /** How often incomplete sets are checked for the reassembly timeout. Default 60 s. */
  sweepIntervalMs?: number;
  now?: () => number;
  /** Problems that must not fail the DELIVER (a confirmation that could not be queued, a sweep error). */
  onError?: (err: unknown, context: string) => void;
}

export type InboxThreadView = MoThread;

export class InboxError extends Error {
  constructor(
    readonly code: Codes<'invalid-input' | 'not-found' | 'not-available'>,
    message: string,
    /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'InboxError';
  }
}

/** What one acceptMo call did (tests and the router's log use it). */
export interface AcceptResult {
  duplicate: boolean;
  segmentId: number;
  /** Messages stored by this DELIVER: the one it completed, and sets it closed as partial. */
  messages: MoMessage[];
}

export function toView(m: MoMessage): InboxMessage {
  const { content, ...rest } = m;
  return { ...rest, contentHex: Buffer.from(content).toString('hex') };
}

export function feedMo(m: MoMessage): LiveMo {
  return {
    at: m.receivedAt,
    accountId: m.accountId,
    moMessageId: m.id,
    number: m.number,
    destId: m.destId,
    text: m.text,
    complete: m.complete,
    campaignId: m.campaignId,
    optEvent: m.optEvent,
  };
}
