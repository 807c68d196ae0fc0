// What a campaign (or a one-off send) is created from and what creating it returns, and the
// checks made before anything is written: the fee fields, and the typed or pasted numbers
// (validated, normalised, de-duplicated, each refusal reported with its line). campaigns.ts
// creates the campaign; recipient-walk.ts adds the groups.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkPhone, type PhoneProblem } from '../../../shared/phone.js';
import { feeFieldDetail, feeFieldProblem } from '../../../shared/account-defaults.js';
import { detail, shownValue, type ErrorDetail } from '../../../shared/error-detail.js';
import type { MessageState } from '../../../shared/message-state.js';
import type { OptEvent } from '../../../shared/inbox-message.js';
import type { Codes } from '../../../shared/error-codes.js';
import type { Account } from '../../store/accounts.js';
import type { Campaign } from '../../store/campaigns.js';
import type { StoreError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { feeCodeDetail } from '../../store/validate.js';
import type { EnqueueProgress } from '../../store/outbox.js';
import type { SkipCode } from './sending-rules.js';

/** A clear, typed refusal of campaign input; nothing was written. */
export class CampaignInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    /** nothing-to-send: every recipient would be skipped (nothing-to-send.ts). */
    readonly code: Codes<'invalid-input' | 'nothing-to-send' | 'conflict'> = 'invalid-input',
    /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'CampaignInputError';
  }

  /** A refusal with its detail; the field is the detail's. */
  static because(message: string, d: ErrorDetail, code: Codes<'invalid-input' | 'conflict'> = 'invalid-input'): CampaignInputError {
    return new CampaignInputError(message, d.field, code, d);
  }

  /** A store refusal (a name taken, a state that forbids it) as campaign input, its detail kept. */
  static of(e: StoreError): CampaignInputError {
    return new CampaignInputError(e.message, e.detail?.field, 'invalid-input', e.detail);
  }
}

export interface CampaignCreateInput {
  accountId: number;
  name?: string;
  /** The text, merge fields written {field}; or templateId (its text is snapshotted). */
  text?: string;
  templateId?: number;
  /** Contact groups (by id) whose members receive it. */
  groupIds?: number[];
  /** Typed or pasted numbers: one string (any separators) or a list. */
  numbers?: string | string[];
  serviceId?: string;
  feeType?: string;
  feeCode?: string;
  feeUserType?: number;
  feeTerminalId?: string;
  /** Digits appended to the account's Src_Id (MOs to it link back to the campaign). */
  srcIdExt?: string;
  /** Default 1: operators want reports (some libraries default to 0). */
  registeredDelivery?: number;
  validTime?: string;
  atTime?: string;
  /** When the pump may start it (ms since epoch); null/absent = as soon as it is started. */
  scheduleAt?: number | null;
  /** Commercial SMS must carry a 【签名】 (default true). */
  commercial?: boolean;
  /** A copy of an earlier campaign (clone.ts): its recipients whose message is in `states` (`count` of them), each with the text it was given. */
  recipientsOf?: { campaignId: number; states: readonly MessageState[]; count: number };
  createdBy?: string;
  onProgress?: (p: EnqueueProgress) => void;
}

export interface InvalidNumber {
  input: string;
  problem: PhoneProblem;
  /** Line of the pasted text (typed numbers), when known. */
  line?: number;
  /** The contact group it came from (group members that fail the check again at enqueue). */
  group?: number;
}

export interface CampaignCreateResult {
  campaign: Campaign;
  /** Messages stored: queued + skipped. */
  messages: number;
  queued: number;
  skipped: number;
  skippedByReason: Partial<Record<SkipCode, number>>;
  /** Typed numbers refused (not enqueued), each with its problem. */
  invalid: InvalidNumber[];
  /** Recipients dropped because the same number was already a recipient. */
  duplicates: number;
  /** Valid numbers outside China Mobile's ranges (sent anyway: numbers are portable). */
  notChinaMobile: string[];
  /** For a text without merge fields: its plan (segments, billed count, encoding). */
  plan: { segments: number; billedCount: number; encoding: string } | null;
}

export interface SendOneRequest {
  accountId: number;
  to: string;
  text: string;
  srcId?: string;
  serviceId?: string;
  /** 3.0 LinkID (ignored on 2.0 accounts). */
  linkId?: string;
  replyToMoId?: number;
  /** An opt-out / opt-in confirmation: sent even though the number has just opted out. */
  confirmation?: OptEvent;
  actor?: string;
}

export interface SendOneResult {
  messageId: number;
  state: MessageState;
  reason?: string;
}

/** FeeCode is validated here (the codec does not): digits only, at most 6 (fen). */
export function checkFeeInput(input: CampaignCreateInput, version: '2.0' | '3.0'): void {
  if (input.feeCode !== undefined && (typeof input.feeCode !== 'string' || !/^[0-9]{1,6}$/.test(input.feeCode))) {
    throw CampaignInputError.because(`FeeCode must be 1 to 6 digits (fen), got "${String(input.feeCode)}"`, feeCodeDetail(input.feeCode));
  }
  const feeTypeProblem = input.feeType === undefined ? null : feeFieldProblem('feeType', input.feeType, version);
  if (feeTypeProblem) throw CampaignInputError.because(feeTypeProblem, feeFieldDetail('feeType', input.feeType, version));
  if (input.srcIdExt !== undefined && !/^[0-9]*$/.test(String(input.srcIdExt))) {
    throw CampaignInputError.because(`Src_Id extension must be digits, got "${String(input.srcIdExt)}"`, detail('not-digits', 'srcIdExt', { value: shownValue(input.srcIdExt) }));
  }
  const rdProblem = input.registeredDelivery === undefined ? null : feeFieldProblem('registeredDelivery', input.registeredDelivery, version);
  if (rdProblem) throw CampaignInputError.because(rdProblem, feeFieldDetail('registeredDelivery', input.registeredDelivery, version));
}

/**
 * Typed numbers: validated, normalised, de-duplicated (first kept); invalid ones reported with
 * their problem and line. Pasted text is split like shared/phone.ts checkNumberList does; a long
 * paste is checked in slices that yield to the event loop.
 */
export async function typedNumbers(
  numbers: string | string[] | undefined,
): Promise<{ numbers: string[]; invalid: InvalidNumber[]; duplicates: number; notChinaMobile: string[] }> {
  const out: string[] = [];
  const invalid: InvalidNumber[] = [];
  const notCm: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  if (numbers === undefined) return { numbers: out, invalid, duplicates, notChinaMobile: notCm };
  let pieces: { text: string; line?: number }[];
  if (typeof numbers === 'string') {
    pieces = [];
    numbers.split(/\r?\n/).forEach((lineText, i) => {
      for (const piece of lineText.split(/[,;，；、|\t]/)) if (piece.trim() !== '') pieces.push({ text: piece, line: i + 1 });
    });
  } else if (Array.isArray(numbers)) {
    pieces = numbers.map((n) => ({ text: String(n) }));
  } else {
    throw CampaignInputError.because('numbers must be text or a list of numbers', detail('expected-array', 'numbers'));
  }
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0 && i % 10_000 === 0) await yieldToEventLoop();
    const { text, line } = pieces[i]!;
    const p = checkPhone(text);
    if (!p.ok) invalid.push({ input: text.trim(), problem: p.problem, ...(line !== undefined ? { line } : {}) });
    else if (seen.has(p.number)) duplicates++;
    else {
      seen.add(p.number);
      out.push(p.number);
      if (p.warning) notCm.push(p.number);
    }
  }
  return { numbers: out, invalid, duplicates, notChinaMobile: notCm };
}

/**
 * Whether an SMPP-format time (ValId_Time / At_Time, docs/protocol.md "Message bodies": "YYMMDDhhmmsstnnp") lies in the
 * future. 'R' (relative) times are in the future by definition; '' is "now".
 */
export function isFutureCmppTime(t: string, now: number): boolean {
  if (t === '') return false;
  if (t.endsWith('R')) return true;
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d)(\d{2})([+-])$/.exec(t);
  if (!m) return false;
  const [, yy, mo, dd, hh, mi, ss, tenth, nn, sign] = m;
  // nn quarter hours ahead of (+) or behind (-) UTC.
  const offsetMs = Number(nn) * 15 * 60_000 * (sign === '+' ? 1 : -1);
  const utc = Date.UTC(2000 + Number(yy), Number(mo) - 1, Number(dd), Number(hh), Number(mi), Number(ss), Number(tenth) * 100) - offsetMs;
  return utc > now;
}

/** The campaign's account, or a refusal naming the id. */
export function accountOf(store: Pick<Store, 'accounts'>, id: number): Account {
  if (!Number.isInteger(id) || id < 1) throw CampaignInputError.because(`account id must be a positive integer, got ${String(id)}`, detail('not-positive-id', 'accountId', { value: shownValue(id) }));
  try {
    return store.accounts.get(id);
  } catch {
    throw CampaignInputError.because(`account ${id} does not exist`, detail('account-not-found', 'accountId', { id }));
  }
}

/** The campaign's text: typed, or its template's (snapshotted), never both. */
export function textOf(store: Pick<Store, 'templates'>, input: CampaignCreateInput): { text: string; templateId: number | null } {
  if (input.templateId !== undefined && input.templateId !== null) {
    if (input.text !== undefined) throw CampaignInputError.because('give either a text or a template, not both', detail('text-and-template', 'text'));
    try {
      return { text: store.templates.get(input.templateId).text, templateId: input.templateId };
    } catch {
      throw CampaignInputError.because(`template ${input.templateId} does not exist`, detail('template-not-found', 'templateId', { id: input.templateId }));
    }
  }
  if (typeof input.text !== 'string' || input.text.trim() === '') throw CampaignInputError.because('a campaign needs a text or a template', detail('text-or-template', 'text'));
  return { text: input.text, templateId: null };
}
