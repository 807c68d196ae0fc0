// Channels of the live-operations screens: monitor, composer sending, campaigns, inbox, demo gateway.
// Keys must match LIVE_INVOKE / LIVE_EVENTS in live.channels.ts. Every value is JSON-safe: Msg_Id
// as a decimal string, times as epoch milliseconds, no Buffer / BigInt / Date.
import type { MessagePlan } from '../plan.js';
import type { MessageState, StateCounts } from '../message-state.js';
import { type, type EventSpec, type InvokeSpec } from './spec.js';
import { array, boolean, int, none, object, oneOf, optional, string, ValidationError, type Infer, type Validator } from './validate.js';

// ---- validators local to this contract ------------------------------------------------------

const MAX_ID = Number.MAX_SAFE_INTEGER;
const id = () => int(1, MAX_ID);

/** A string of ASCII digits, `min`..`max` long (CMPP numeric Octet String fields). */
function digits(min: number, max: number): Validator<string> {
  return {
    check(value, path) {
      const s = string({ max, min }).check(value, path);
      if (!/^[0-9]*$/.test(s)) throw new ValidationError(path, 'digits only');
      return s;
    },
  };
}

/** Printable ASCII (fixed-length CMPP fields such as Service_Id), at most `max`. */
function ascii(max: number): Validator<string> {
  return {
    check(value, path) {
      const s = string({ max }).check(value, path);
      if (!/^[\x20-\x7e]*$/.test(s)) throw new ValidationError(path, 'printable ASCII only (it is a fixed-length CMPP field)');
      return s;
    },
  };
}

// ---- limits ---------------------------------------------------------------------------------

/** A composer text (template or message), as the planner preview. */
export const COMPOSER_TEXT_MAX = 5000;
/** Pasted recipients: about 150,000 numbers; larger lists belong in a contact group (import). */
export const PASTED_NUMBERS_MAX = 2_000_000;
export const GROUPS_PER_SEND_MAX = 100;
export const REPLY_TEXT_MAX = 1000;
export const IN_DOUBT_BATCH_MAX = 10_000;
export const CAMPAIGN_NAME_MAX = 100;
/** Validity in hours (ValId_Time, relative form); 0 = the gateway's default. ref §4. */
export const VALIDITY_HOURS_MAX = 72;
export const DEMO_DELAY_MAX_MS = 600_000;

// ---- shared shapes --------------------------------------------------------------------------

export type DeskMode = 'demo' | 'real';

/** Per-second and running counters of one account, as the monitor shows them. */
export interface LiveCounterValues {
  /** SUBMIT PDUs written for the first time. */
  submits: number;
  /** Messages as the gateway counts them (PDUs x destinations). */
  messages: number;
  responsesOk: number;
  /** Non-zero SUBMIT_RESP Results (flow control included). */
  responsesFailed: number;
  flowControl: number;
  timeouts: number;
  resends: number;
  /** Status reports received (DELIVER with Registered_Delivery 1). */
  reports: number;
  /** Of the reports stored: ref §4 classification. */
  delivered: number;
  failed: number;
  unknown: number;
  mos: number;
}

export interface LiveConnection {
  slot: number;
  connectionId: number;
  /** idle | connecting | logging-in | ready | backing-off | stopped | failed */
  state: string;
  inFlight: number;
  window: number;
}

/** `not-connected` until the account's pool is started; then the pool's state. */
export type AccountLinkState = 'not-connected' | 'idle' | 'connecting' | 'ready' | 'stopping' | 'stopped' | 'failed';

/** One account's counters, once a second while its pool runs. */
export interface LiveCounters {
  at: number;
  accountId: number;
  intervalMs: number;
  interval: LiveCounterValues;
  totals: LiveCounterValues;
  /** Messages queued in the outbox for the account (campaigns and direct sends). */
  queued: number;
  /** Messages in doubt (on the wire when a connection died, no response seen). */
  inDoubt: number;
  /** PDUs handed to the pool and not yet recorded. */
  inFlight: number;
  /** Work waiting inside the pool for a connection or rate tokens. */
  poolQueueDepth: number;
  /** Messages/s in force (lowered after Result 8); null = unlimited. */
  rate: number | null;
  linkState: AccountLinkState;
  connections: LiveConnection[];
}

export interface MonitorAccount {
  id: number;
  name: string;
  host: string;
  port: number;
  version: '2.0' | '3.0';
  spId: string;
  /** Configured messages/s, connections, window. */
  rate: number;
  connectionsConfigured: number;
  window: number;
  linkState: AccountLinkState;
  /** Why the account failed (wrong secret, ...), when it did. */
  failure: string | null;
  latest: LiveCounters | null;
  queued: number;
  inDoubt: number;
}

export interface MonitorSnapshot {
  at: number;
  mode: DeskMode;
  accounts: MonitorAccount[];
  /** Last per-second samples per account (oldest first), so the chart is not empty after a reload. */
  history: LiveCounters[];
}

export interface DemoBehaviourView {
  reportDelayMs: { min: number; max: number };
  undeliveredShare: number;
  expiredShare: number;
  moEverySeconds: number;
}

export interface DemoStatusView {
  running: boolean;
  host: string;
  port: number;
  accountId: number;
  groupId: number | null;
  templateId: number | null;
  spId: string;
  srcId: string;
  version: '3.0';
  dbPath: string;
  behaviour: DemoBehaviourView;
  connections: number;
  submits: number;
  reportsSent: number;
  mosSent: number;
}

export interface ModeInfo {
  mode: DeskMode;
  /** The database in use. */
  dbPath: string;
  demo: DemoStatusView | null;
  /** How gateway secrets are protected: the OS keyring, a key file beside the database, or not at all. */
  secrets: 'os-keyring' | 'key-file' | 'plaintext';
}

export interface ComposerAccount {
  id: number;
  name: string;
  version: '2.0' | '3.0';
  serviceId: string;
  srcId: string;
  rate: number;
  destsPerSubmit: number;
  signature: string;
  signaturePosition: 'prefix' | 'suffix';
  gatewayAppends: string;
  useGbk: boolean;
  maxSegments: number;
  registeredDelivery: number;
  feeType: string;
  feeCode: string;
  feeUserType: number;
  feeTerminalId: string;
}

export interface ComposerContext {
  accounts: ComposerAccount[];
  groups: { id: number; name: string; size: number }[];
  templates: { id: number; name: string; text: string; fields: string[] }[];
  /** Whether the sending rules require a 【签名】 (Settings). */
  requireSignature: boolean;
}

export interface ComposerPreview {
  /** The plan with the account's signature, footer, encoding and segment cap: what the pump sends. */
  plan: MessagePlan | null;
  /** The text planned (merge fields filled from the sample recipient). */
  text: string;
  mergeFields: string[];
  /** The recipient whose values filled the merge fields, when there are any. */
  sample: { number: string; name: string } | null;
  /** A merge field the sample recipient has no value for (that recipient would be skipped). */
  missingField: string | null;
  /** Planner refusal (e.g. footer too long), as a code and message. */
  error: { code: string; message: string } | null;
}

export type SkipCodeView = 'opt-out' | 'frequency-cap' | 'signature' | 'sensitive-word' | 'merge-field' | 'unsendable';

/** The batch plan (issue 5 §2): recipients -> messages x segments -> SUBMIT PDUs -> duration. */
export interface BatchPlan {
  /** Distinct valid recipients (groups + pasted). */
  recipients: number;
  /** Of them, to be sent / skipped by a sending rule. */
  toSend: number;
  skipped: number;
  skippedByReason: Partial<Record<SkipCodeView, number>>;
  invalid: { input: string; problem: string; line?: number }[];
  invalidCount: number;
  duplicates: number;
  notChinaMobile: number;
  segmentsPerMessage: { min: number; max: number };
  /** Segments of all messages to send (the gateway's count). */
  segments: number;
  billed: number;
  /** SUBMIT PDUs: segments grouped by the account's destinations per SUBMIT. */
  submits: number;
  /** At the account's rate (messages/s, ref §7). */
  estimatedSeconds: number;
  rate: number;
  destsPerSubmit: number;
  /** True when merge fields made the counts an extrapolation from the first recipients. */
  estimated: boolean;
}

export interface FeeArgs {
  serviceId?: string;
  feeType?: '01' | '02' | '03' | '04' | '05';
  feeCode?: string;
  feeUserType?: 0 | 1 | 2 | 3;
  feeTerminalId?: string;
  srcIdExt?: string;
  registeredDelivery?: 0 | 1 | 2;
  validityHours?: number;
}

export interface SendOutcome {
  messageId: number;
  state: MessageState;
  reason?: string;
}

export interface SendResult {
  campaignId: number;
  queued: number;
  skipped: number;
  skippedByReason: Partial<Record<SkipCodeView, number>>;
  invalidCount: number;
  duplicates: number;
  started: boolean;
}

export type CampaignStateView = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled';

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

export interface ThreadRow {
  number: string;
  lastAt: number;
  lastText: string | null;
  total: number;
  unhandled: number;
  optedOut: boolean;
}

export interface MoView {
  id: number;
  accountId: number;
  number: string;
  destId: string;
  serviceId: string;
  text: string | null;
  complete: boolean;
  segmentTotal: number;
  segmentReceived: number;
  campaignId: number | null;
  receivedAt: number;
  handled: boolean;
  optEvent: 'opt_out' | 'opt_in' | null;
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
  mos: MoView[];
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
  /** ref §4 classification: delivered / pending (ACCEPTD) / unknown / failed. */
  outcome: 'delivered' | 'pending' | 'unknown' | 'failed';
  /** Matched segment's message and campaign; null when the report matched nothing (yet). */
  messageId: number | null;
  campaignId: number | null;
  /**
   * This report was shown before, unmatched (it came before its SUBMIT_RESP, ref §11), and has
   * matched now: it replaces that row rather than adding one.
   */
  late?: boolean;
}

export interface OptEventRow {
  moId: number;
  number: string;
  text: string | null;
  event: 'opt_out' | 'opt_in';
  at: number;
  /** Still on the opt-out list now. */
  optedOut: boolean;
}

export interface LiveMo {
  at: number;
  accountId: number;
  moMessageId: number;
  number: string;
  destId: string;
  text: string | null;
  complete: boolean;
  campaignId: number | null;
  optEvent: 'opt_out' | 'opt_in' | null;
}

export interface EnqueueEvent {
  jobId: string;
  /** validate: recipients read and checked; write: messages stored; done / cancelled / failed at the end. */
  phase: 'validate' | 'write' | 'done' | 'cancelled' | 'failed';
  read: number;
  written: number;
  /** Recipients expected (groups + pasted numbers), for the progress bar. */
  total: number;
  queued: number;
  skipped: number;
}

export interface LiveLog {
  at: number;
  level: 'info' | 'warn' | 'error';
  code: string;
  message: string;
  accountId?: number;
  campaignId?: number;
}

// ---- argument validators --------------------------------------------------------------------

export const feeArgs = {
  serviceId: optional(ascii(10)),
  feeType: optional(oneOf('01', '02', '03', '04', '05')),
  feeCode: optional(digits(1, 6)),
  feeUserType: optional(oneOf(0, 1, 2, 3)),
  feeTerminalId: optional(digits(0, 32)),
  srcIdExt: optional(digits(0, 20)),
  registeredDelivery: optional(oneOf(0, 1, 2)),
  validityHours: optional(int(0, VALIDITY_HOURS_MAX)),
};

/** Who gets a composed message: groups and pasted numbers (validated again in main). */
const recipientArgs = {
  groupIds: array(id(), { max: GROUPS_PER_SEND_MAX }),
  numbers: string({ max: PASTED_NUMBERS_MAX }),
};

/** The text: typed, or a template's (never both; checked in main). */
const textArgs = {
  text: optional(string({ max: COMPOSER_TEXT_MAX })),
  templateId: optional(id()),
};

export const composerPlanArgs = object({ accountId: id(), ...textArgs, ...recipientArgs });
export const composerSendArgs = object({
  /** Chosen by the renderer, so it can cancel the enqueue while `composer.send` is still running. */
  jobId: string({ min: 1, max: 64 }),
  accountId: id(),
  name: optional(string({ max: CAMPAIGN_NAME_MAX })),
  ...textArgs,
  ...recipientArgs,
  ...feeArgs,
  /** When the pump may start it (epoch ms); absent = at once. */
  scheduleAt: optional(int(0, MAX_ID)),
  /** Start sending right away (true) or keep it as a draft in Campaigns (false). */
  start: boolean(),
});
export type ComposerSendArgs = Infer<typeof composerSendArgs>;

export const demoBehaviourArgs = object({
  reportDelayMinMs: optional(int(0, DEMO_DELAY_MAX_MS)),
  reportDelayMaxMs: optional(int(0, DEMO_DELAY_MAX_MS)),
  undeliveredPercent: optional(int(0, 100)),
  expiredPercent: optional(int(0, 100)),
  moEverySeconds: optional(int(0, 86_400)),
});
export type DemoBehaviourArgs = Infer<typeof demoBehaviourArgs>;

const invoke = <A, R>(args: Validator<A>, result: { readonly __type?: R }): InvokeSpec<A, R> => ({ kind: 'invoke', args, result });
const event = <P>(keep: 'all' | 'latest', max: number): EventSpec<P> => ({ kind: 'event', keep, max, payload: type<P>() });

export const liveContract = {
  // The database in use: the demo gateway's or the operator's own.
  'mode.get': invoke(none(), type<ModeInfo>()),
  'mode.set': invoke(oneOf('demo', 'real'), type<ModeInfo>()),

  'demo.status': invoke(none(), type<DemoStatusView | null>()),
  'demo.setBehaviour': invoke(demoBehaviourArgs, type<DemoStatusView>()),
  'demo.sendMo': invoke(object({ from: digits(1, 21), text: string({ min: 1, max: REPLY_TEXT_MAX }), ext: optional(digits(0, 12)) }), type<null>()),

  'monitor.snapshot': invoke(none(), type<MonitorSnapshot>()),
  'monitor.connect': invoke(id(), type<null>()),

  'composer.context': invoke(none(), type<ComposerContext>()),
  'composer.preview': invoke(object({ accountId: id(), ...textArgs, groupIds: recipientArgs.groupIds, numbers: recipientArgs.numbers }), type<ComposerPreview>()),
  'composer.plan': invoke(composerPlanArgs, type<BatchPlan>()),
  'composer.testSend': invoke(object({ accountId: id(), number: string({ min: 1, max: 32 }), text: string({ min: 1, max: COMPOSER_TEXT_MAX }) }), type<SendOutcome>()),
  'composer.send': invoke(composerSendArgs, type<SendResult>()),
  'composer.cancelSend': invoke(string({ min: 1, max: 64 }), type<boolean>()),

  'campaigns.list': invoke(none(), type<CampaignRow[]>()),
  'campaigns.detail': invoke(id(), type<CampaignDetail>()),
  'campaigns.start': invoke(id(), type<CampaignRow>()),
  'campaigns.pause': invoke(id(), type<CampaignRow>()),
  'campaigns.resume': invoke(id(), type<CampaignRow>()),
  'campaigns.cancel': invoke(id(), type<CampaignRow>()),
  'campaigns.resendInDoubt': invoke(object({ messageIds: array(id(), { max: IN_DOUBT_BATCH_MAX }) }), type<number>()),
  'campaigns.dropInDoubt': invoke(object({ messageIds: array(id(), { max: IN_DOUBT_BATCH_MAX }) }), type<number>()),

  'inbox.threads': invoke(optional(object({ limit: optional(int(1, 1000)), before: optional(int(0, MAX_ID)) })), type<ThreadRow[]>()),
  'inbox.conversation': invoke(object({ number: string({ min: 1, max: 32 }) }), type<Conversation>()),
  'inbox.reply': invoke(object({ moId: id(), text: string({ min: 1, max: REPLY_TEXT_MAX }) }), type<SendOutcome>()),
  'inbox.markHandled': invoke(object({ ids: array(id(), { max: 1000 }), handled: boolean() }), type<number>()),
  'inbox.recentReports': invoke(optional(object({ limit: optional(int(1, 1000)) })), type<ReportRow[]>()),
  'inbox.optEvents': invoke(none(), type<OptEventRow[]>()),

  // Events (main -> renderer), batched by electron/ipc/events.ts.
  /** One account's per-second counters; several accounts per flush, so every item is kept. */
  'live.counters': event<LiveCounters>('all', 1200),
  'live.reports': event<ReportRow>('all', 5000),
  'live.mos': event<LiveMo>('all', 1000),
  /** A campaign whose state or counts changed (coalesced, at most ~4 per second per campaign). */
  'live.campaign': event<CampaignRow>('all', 500),
  'live.enqueue': event<EnqueueEvent>('all', 500),
  'live.log': event<LiveLog>('all', 200),
  'live.mode': event<ModeInfo>('latest', 1),
} as const;
