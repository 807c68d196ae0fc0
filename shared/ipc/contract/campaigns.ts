// Campaigns: the list, details by Stat, start / pause / resume / cancel, in-doubt messages.
// Channel names: ../channels/campaigns.ts. Values are JSON-safe (../contract.ts says what that means).
import type { StateCounts } from '../../message-state.js';
import { type } from '../spec.js';
import { array, none, object, oneOf, optional, string } from '../validate.js';
import type { SkipCodeView } from './composer.js';
import { event, id, invoke } from './fields.js';
import type { CampaignState } from '../../campaign-state.js';

export const IN_DOUBT_BATCH_MAX = 10_000;

/** The store's own campaign states (shared/campaign-state.ts). */
export type CampaignStateView = CampaignState;

export interface CampaignRow {
  id: number;
  name: string;
  accountId: number;
  accountName: string;
  state: CampaignStateView;
  charged: boolean;
  text: string;
  counts: StateCounts & { total: number };
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  scheduleAt: number | null;
  /** Why the engine paused it (a shared/reasons.ts text, shown in the user's language); null otherwise. */
  pauseReason: string | null;
}

export interface InDoubtRow {
  messageId: number;
  number: string;
  charged: boolean;
  createdAt: number;
}

export interface CampaignDetail {
  campaign: CampaignRow;
  /** Fee settings and addressing as sent. */
  serviceId: string;
  srcId: string;
  feeType: string;
  feeCode: string;
  feeUserType: number;
  registeredDelivery: number;
  validTime: string;
  /** Final outcomes by raw Stat (DELIVRD, UNDELIV, MK:0012, ...) plus `(no report)` for unknown without Stat. */
  stats: { stat: string; outcome: 'delivered' | 'failed' | 'unknown'; count: number }[];
  /** Skipped messages by reason. */
  skipped: { reason: string; count: number }[];
  /** In-doubt messages waiting for the operator (at most 1,000 listed). */
  inDoubt: InDoubtRow[];
}

/** Which recipients a copy of a campaign gets: all, or only those it did not reach (not-delivered: failed and unknown). */
export const CLONE_RECIPIENTS = ['all', 'failed', 'not-delivered'] as const;
export type CloneRecipients = (typeof CLONE_RECIPIENTS)[number];

/** What becomes of a deleted campaign's delivery-log rows. */
export const LOG_ROWS = ['keep', 'delete'] as const;
export type LogRows = (typeof LOG_ROWS)[number];

export interface CloneResultView {
  /** The new draft. */
  campaign: CampaignRow;
  sourceId: number;
  only: CloneRecipients;
  /** Recipients of the copy: to send + skipped by today's sending rules. */
  recipients: number;
  queued: number;
  skipped: number;
  skippedByReason: Partial<Record<SkipCodeView, number>>;
}

export interface DeleteResultView {
  id: number;
  log: LogRows;
  /** Delivery-log rows the campaign had (kept or deleted). */
  messages: number;
}

export const campaignsContract = {
  'campaigns.list': invoke(none(), type<CampaignRow[]>()),
  'campaigns.detail': invoke(id(), type<CampaignDetail>()),
  'campaigns.start': invoke(id(), type<CampaignRow>()),
  'campaigns.pause': invoke(id(), type<CampaignRow>()),
  'campaigns.resume': invoke(id(), type<CampaignRow>()),
  'campaigns.cancel': invoke(id(), type<CampaignRow>()),
  'campaigns.resendInDoubt': invoke(object({ messageIds: array(id(), { max: IN_DOUBT_BATCH_MAX }) }), type<number>()),
  'campaigns.dropInDoubt': invoke(object({ messageIds: array(id(), { max: IN_DOUBT_BATCH_MAX }) }), type<number>()),
  'campaigns.clone': invoke(object({ id: id(), only: optional(oneOf(...CLONE_RECIPIENTS)), name: optional(string({ min: 1, max: 200 })) }), type<CloneResultView>()),
  'campaigns.delete': invoke(object({ id: id(), log: oneOf(...LOG_ROWS) }), type<DeleteResultView>()),
  /** A campaign whose state or counts changed (coalesced, at most ~4 per second per campaign). */
  'live.campaign': event<CampaignRow>('all', 500),
} as const;
