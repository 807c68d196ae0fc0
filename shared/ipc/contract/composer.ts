// The composer: the planner preview, the batch plan, test sends and sending (enqueue progress).
// Channel names: ../channels/composer.ts. Values are JSON-safe (../contract.ts says what that means).
import { FEE_TYPES, type FeeType } from '../../account-defaults.js';
import type { ErrorDetail } from '../../error-detail.js';
import type { MessageState } from '../../message-state.js';
import type { MessagePlan, PlanOptions } from '../../plan.js';
import { type } from '../spec.js';
import { array, boolean, type Infer, int, none, object, oneOf, optional, string } from '../validate.js';
import { ascii, digits, event, id, invoke, MAX_ID } from './fields.js';

/** A composer text (template or message), as the planner preview. */
export const COMPOSER_TEXT_MAX = 5000;
/** Pasted recipients: about 150,000 numbers; larger lists belong in a contact group (import). */
export const PASTED_NUMBERS_MAX = 2_000_000;
export const GROUPS_PER_SEND_MAX = 100;
export const CAMPAIGN_NAME_MAX = 100;
/** Validity in hours (ValId_Time, relative form); 0 = the gateway's default. docs/protocol.md "Message bodies". */
export const VALIDITY_HOURS_MAX = 72;

/** Product limits: a composer message is at most 5000 characters. */
export const PREVIEW_TEXT_MAX = 5000;
export const SIGNATURE_MAX = 40;
export const FOOTER_MAX = 40;

export const planOptionsArgs = object({
  encoding: optional(oneOf('auto', 'ascii', 'ucs2', 'gbk')),
  udhRefBits: optional(oneOf(8, 16)),
  signature: optional(string({ max: SIGNATURE_MAX })),
  signaturePosition: optional(oneOf('prefix', 'suffix')),
  gatewayFooter: optional(string({ max: FOOTER_MAX })),
  // docs/protocol.md "Long messages and encodings": Pk_total is one byte.
  maxSegments: optional(int(1, 255)),
});
export type PlanOptionsArgs = Infer<typeof planOptionsArgs>;
// Compile-time guard: what the renderer may send is something the planner accepts.
type Fits<A extends B, B> = A;
export type PlanOptionsArgsFit = Fits<PlanOptionsArgs, PlanOptions>;

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

/** A template as the Composer lists it: its merge fields in order of first use. */
export interface ComposerTemplate {
  id: number;
  name: string;
  text: string;
  fields: string[];
}

export const TEMPLATE_NAME_MAX = 100;

export interface ComposerContext {
  accounts: ComposerAccount[];
  groups: { id: number; name: string; size: number }[];
  templates: ComposerTemplate[];
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
  /** Planner refusal (e.g. footer too long), as a code and message (and the rule broken, as data). */
  error: { code: string; message: string; detail?: ErrorDetail } | null;
}

export type SkipCodeView = 'opt-out' | 'frequency-cap' | 'signature' | 'sensitive-word' | 'merge-field' | 'unsendable';

/** The batch plan: recipients -> messages x segments -> SUBMIT PDUs -> duration. */
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
  /** At the account's rate (messages/s, docs/protocol.md "Timers and flow control"). */
  estimatedSeconds: number;
  rate: number;
  destsPerSubmit: number;
  /** True when merge fields made the counts an extrapolation from the first recipients. */
  estimated: boolean;
  /** Set when no recipient would be sent to: creating the campaign is refused with these causes. */
  refusal: NothingToSend | null;
}

/** Why recipients drop out: a sending rule's skip code, or a number the campaign refuses. */
export type NothingToSendCause = SkipCodeView | 'invalid-number';

/** A campaign refused because no recipient would be sent to (shared/nothing-to-send.ts). */
export interface NothingToSend {
  /** Recipients walked: every one of them skipped or refused. */
  recipients: number;
  /** Largest first; each cause once. */
  causes: { cause: NothingToSendCause; count: number }[];
}

export interface FeeArgs {
  serviceId?: string;
  feeType?: FeeType;
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

export const feeArgs = {
  serviceId: optional(ascii(0, 10)),
  feeType: optional(oneOf(...FEE_TYPES)),
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

export const composerContract = {
  'composer.context': invoke(none(), type<ComposerContext>()),
  'composer.preview': invoke(object({ accountId: id(), ...textArgs, groupIds: recipientArgs.groupIds, numbers: recipientArgs.numbers }), type<ComposerPreview>()),
  'composer.plan': invoke(composerPlanArgs, type<BatchPlan>()),
  'composer.testSend': invoke(object({ accountId: id(), number: string({ min: 1, max: 32 }), text: string({ min: 1, max: COMPOSER_TEXT_MAX }) }), type<SendOutcome>()),
  'composer.send': invoke(composerSendArgs, type<SendResult>()),
  'composer.cancelSend': invoke(string({ min: 1, max: 64 }), type<boolean>()),
  /** A new template (no id) or a changed one; merge fields written {name}. Audited. */
  'composer.saveTemplate': invoke(object({ id: optional(id()), name: string({ min: 1, max: TEMPLATE_NAME_MAX }), text: string({ min: 1, max: COMPOSER_TEXT_MAX }) }), type<ComposerTemplate>()),
  /** Campaigns made from it keep their own text. Audited. */
  'composer.deleteTemplate': invoke(id(), type<boolean>()),
  'live.enqueue': event<EnqueueEvent>('all', 500),
  'planner.preview': {
    kind: 'invoke',
    args: object({ text: string({ max: PREVIEW_TEXT_MAX }), options: optional(planOptionsArgs) }),
    result: type<MessagePlan>(),
  },
} as const;
