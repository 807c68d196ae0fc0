// Campaigns as the UI and the CLI use them: create (text or template with merge
// fields; recipients from groups and typed numbers; fee settings; schedule), the sending rules at
// enqueue, start / pause / resume / cancel, status, one-off sends (replies), and the operator's
// decisions on in-doubt messages.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkPhone, type PhoneProblem } from '../../../shared/phone.js';
import { isFinalState, type MessageState } from '../../../shared/message-state.js';
import { reasons } from '../../../shared/reasons.js';
import type { Account } from '../../store/accounts.js';
import type { Campaign, CampaignCounts } from '../../store/campaigns.js';
import type { Contact } from '../../store/contacts.js';
import { StoreError } from '../../store/errors.js';
import type { EnqueueProgress, Recipient } from '../../store/outbox.js';
import { mergeFieldsOf } from '../../store/templates.js';
import { isCharged } from '../../store/validate.js';
import { NumberSet, renderMerge, SendingRules, type SkipCode } from './sending-rules.js';
import { planFor, UnsendableTextError } from './submit-batches.js';
import type { EngineCore } from '../engine.js';
import type { Pump } from '../sending/pump.js';
import { endCreation, holdCreation, isUnfinished } from './unfinished-drafts.js';

/** What the campaign service needs of the engine (the Workspace is one). */
export type CampaignEngine = Pick<EngineCore, 'store' | 'settings' | 'now' | 'actor' | 'log' | 'emit' | 'on' | 'off' | 'pool'> & {
  readonly pump: Pick<Pump, 'kick' | 'start' | 'campaignStopped'>;
};

/** A clear, typed refusal of campaign input; nothing was written. */
export class CampaignInputError extends Error {
  readonly code = 'invalid-input';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CampaignInputError';
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
  confirmation?: 'opt_out' | 'opt_in';
  actor?: string;
}

export interface SendOneResult {
  messageId: number;
  state: MessageState;
  reason?: string;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Called on every check with the counts. */
  onProgress?: (counts: CampaignCounts) => void;
  /** Poll period; events from this process wake it earlier. Default 250 ms. */
  intervalMs?: number;
  /** Also wait for reports (true, default) or only until nothing is queued or on the wire (false). */
  reports?: boolean;
}

export class CampaignService {
  constructor(private readonly ws: CampaignEngine) {}

  get(id: number): Campaign {
    return this.ws.store.campaigns.get(id);
  }

  /** Every campaign, except drafts whose creation has not finished (never shown, never used). */
  list(): Campaign[] {
    return this.ws.store.campaigns.list().filter((c) => c.state !== 'draft' || !isUnfinished(this.ws, c));
  }

  /** Counts per state (every state present) plus total. */
  status(id: number): CampaignCounts {
    return this.ws.store.campaigns.counts(id);
  }

  /**
   * Creates a campaign as a draft and enqueues its recipients in chunks (the event loop keeps
   * flowing). Invalid typed numbers are reported and not enqueued; recipients blocked by a sending
   * rule are stored as skipped with their reason. Bad input throws before anything is written; a
   * failure during the enqueue removes the draft and its messages again.
   */
  async create(input: CampaignCreateInput): Promise<CampaignCreateResult> {
    const ws = this.ws;
    const account = this.account(input.accountId);
    const { text, templateId } = this.textOf(input);
    checkFeeInput(input);
    const groups = (input.groupIds ?? []).map((id) => {
      try {
        return ws.store.contacts.getGroup(id);
      } catch {
        throw new CampaignInputError(`contact group ${id} does not exist`, 'groupIds');
      }
    });
    const typed = await typedNumbers(input.numbers);
    if (groups.length === 0 && typed.numbers.length === 0) {
      throw new CampaignInputError(
        typed.invalid.length > 0 ? `no valid recipients: all ${typed.invalid.length} numbers are invalid` : 'no recipients: give a group or numbers',
        'numbers',
      );
    }
    const fields = mergeFieldsOf(text);
    let plan: CampaignCreateResult['plan'] = null;
    let segmentCount = 1;
    let billedCount = 1;
    if (fields.length === 0) {
      try {
        const p = planFor(account, text);
        segmentCount = p.segments.length;
        billedCount = p.billedCount;
        plan = { segments: segmentCount, billedCount, encoding: p.encoding };
      } catch (e) {
        if (e instanceof UnsendableTextError) throw new CampaignInputError(e.message, 'text');
        throw e;
      }
    }
    const commercial = input.commercial ?? true;
    const rules = await SendingRules.prepare(ws, account, { commercial, optOut: true, frequencyCap: true });

    let campaign: Campaign;
    try {
      // The row and its creation lease commit together: a draft is never without its marker.
      campaign = ws.store.transaction(() => {
        const created = ws.store.campaigns.create(
          {
            name: input.name ?? `campaign ${new Date(ws.now()).toISOString().slice(0, 16).replace('T', ' ')}`,
            accountId: account.id,
            templateId,
            text,
            ...pick(input, ['serviceId', 'feeType', 'feeCode', 'feeUserType', 'feeTerminalId', 'srcIdExt', 'validTime', 'atTime']),
            registeredDelivery: input.registeredDelivery ?? 1,
            scheduleAt: input.scheduleAt ?? null,
            createdBy: input.createdBy ?? ws.actor,
          },
          ws.now(),
        );
        holdCreation(ws, created.id);
        return created;
      });
    } catch (e) {
      if (e instanceof StoreError) throw new CampaignInputError(e.message);
      throw e;
    }

    const skippedByReason: Partial<Record<SkipCode, number>> = {};
    const counter = { duplicates: 0 };
    const staticSkip = fields.length === 0 ? rules.textSkip(text) : null;
    const groupInvalid: InvalidNumber[] = [];
    const recipients = this.recipients(account, text, fields, typed.numbers, groups.map((g) => g.id), rules, staticSkip, skippedByReason, counter, groupInvalid);
    let progress: EnqueueProgress;
    try {
      progress = await ws.store.outbox.enqueueAsync(
        { accountId: account.id, campaignId: campaign.id, segmentCount, billedCount },
        recipients,
        // 2,500 per step (the store's default is 5,000): each step also pulls contact pages and
        // applies the rules, and a step must stay well under the 50 ms stall budget on a busy machine.
        { now: ws.now(), chunkSize: 2500, ...(input.onProgress ? { onProgress: input.onProgress } : {}) },
      );
    } catch (e) {
      await this.discardDraft(campaign.id);
      if (e instanceof StoreError) throw new CampaignInputError(e.message);
      throw e;
    }
    if (progress.written === 0) {
      await this.discardDraft(campaign.id);
      throw new CampaignInputError('no recipients left after removing duplicates', 'numbers');
    }
    const result: CampaignCreateResult = {
      campaign: ws.store.campaigns.get(campaign.id),
      messages: progress.written,
      queued: progress.queued,
      skipped: progress.skipped,
      skippedByReason,
      invalid: [...typed.invalid, ...groupInvalid],
      duplicates: counter.duplicates + typed.duplicates,
      notChinaMobile: typed.notChinaMobile,
      plan,
    };
    ws.store.audit.append({
      actor: input.createdBy ?? ws.actor,
      action: 'campaign.create',
      accountId: account.id,
      campaignId: campaign.id,
      templateId,
      details: { name: campaign.name, queued: result.queued, skipped: result.skipped, skippedByReason, invalid: typed.invalid.length, groups: groups.map((g) => g.name) },
      at: ws.now(),
    });
    // The audit entry is the creation's last step: from here the campaign is complete (unfinished-drafts.ts).
    endCreation(ws, campaign.id);
    return result;
  }

  /** draft or paused -> running; starts the pump in this process if no other pump is sending. */
  async start(id: number): Promise<{ campaign: Campaign; pumping: boolean }> {
    const c = this.get(id);
    if (isUnfinished(this.ws, c)) throw new CampaignInputError(`campaign ${id} is still being created, or its creation did not finish; it cannot be started`);
    if (c.state !== 'running') this.setState(c, 'running', 'campaign.start');
    const pumping = await this.ws.pump.start();
    this.ws.pump.kick();
    return { campaign: this.get(id), pumping };
  }

  pause(id: number): Campaign {
    const c = this.setState(this.get(id), 'paused', 'campaign.pause');
    this.ws.pump.campaignStopped(id);
    return c;
  }

  resume(id: number): Campaign {
    const c = this.get(id);
    if (c.state !== 'paused') throw new CampaignInputError(`campaign ${id} is ${c.state}; only a paused campaign can be resumed`);
    const next = this.setState(c, 'running', 'campaign.resume');
    this.ws.pump.kick();
    return next;
  }

  /**
   * Cancels: queued messages become cancelled (in chunks); messages already accepted by the gateway
   * for a scheduled At_Time in the future are withdrawn with CMPP_CANCEL. Messages on the wire
   * finish normally; in-doubt ones stay for the operator.
   */
  async cancel(id: number): Promise<{ campaign: Campaign; cancelled: number; withdrawn: number; withdrawFailed: number }> {
    const c = this.get(id);
    const next = this.setState(c, 'cancelled', 'campaign.cancel');
    this.ws.pump.campaignStopped(id);
    const outbox = this.ws.store.outbox;
    let cancelled = 0;
    for (;;) {
      const n = outbox.cancelQueued(c.accountId, id, 5000, this.ws.now());
      cancelled += n;
      if (n < 5000) break;
      await yieldToEventLoop();
    }
    let withdrawn = 0;
    let withdrawFailed = 0;
    if (isFutureCmppTime(c.atTime, this.ws.now())) {
      const pool = this.ws.pool(c.accountId);
      let after = { createdAt: 0, messageId: 0 };
      for (;;) {
        const page = outbox.submittedSegments(id, after, 500);
        if (page.length === 0) break;
        const last = page[page.length - 1]!;
        after = { createdAt: last.createdAt, messageId: last.messageId };
        const byPdu = new Map<bigint, number[]>();
        for (const s of page) {
          const l = byPdu.get(s.pduMsgId) ?? [];
          l.push(s.segmentId);
          byPdu.set(s.pduMsgId, l);
        }
        const results = await Promise.all(
          [...byPdu].map(async ([msgId, segs]) => {
            const o = await pool.cancel(msgId);
            return { segs, ok: o.ok && o.value.Success_Id === 0 };
          }),
        );
        for (const r of results) {
          if (r.ok) withdrawn += outbox.cancelSubmitted(r.segs, reasons.withdrawn(), this.ws.now());
          else withdrawFailed += r.segs.length;
        }
      }
    }
    this.ws.store.audit.append({ actor: this.ws.actor, action: 'campaign.cancelled', accountId: c.accountId, campaignId: id, details: { cancelled, withdrawn, withdrawFailed } });
    return { campaign: this.get(next.id), cancelled, withdrawn, withdrawFailed };
  }

  /**
   * One message outside any campaign (a reply, a test send): checked, planned and queued through
   * the outbox, so it is logged and gets its report. An opted-out number (unless this is the
   * opt-out confirmation) or a sensitive word stores it as skipped with the reason.
   */
  async sendOne(req: SendOneRequest): Promise<SendOneResult> {
    const ws = this.ws;
    const account = this.account(req.accountId);
    const phone = checkPhone(String(req.to ?? ''));
    if (!phone.ok) throw new CampaignInputError(`number "${req.to}" is invalid (${phone.problem})`, 'to');
    if (typeof req.text !== 'string' || req.text.length === 0) throw new CampaignInputError('text must not be empty', 'text');
    let plan;
    try {
      plan = planFor(account, req.text);
    } catch (e) {
      if (e instanceof UnsendableTextError) throw new CampaignInputError(e.message, 'text');
      throw e;
    }
    const rules = await SendingRules.prepare(ws, account, { commercial: false, optOut: req.confirmation === undefined, frequencyCap: false });
    const skip = rules.numberSkip(phone.number) ?? rules.textSkip(req.text);
    const recipient: Recipient = {
      number: phone.number,
      text: req.text,
      segmentCount: plan.segments.length,
      billedCount: plan.billedCount,
      skipReason: skip?.reason ?? null,
      srcId: req.srcId ?? null,
      serviceId: req.serviceId ?? null,
      linkId: account.version === '3.0' ? (req.linkId ?? null) : null,
    };
    const p = await ws.store.outbox.enqueueAsync({ accountId: account.id, campaignId: null, segmentCount: plan.segments.length, billedCount: plan.billedCount }, [recipient], { now: ws.now() });
    const messageId = p.lastId;
    ws.store.audit.append({
      actor: req.actor ?? ws.actor,
      action: req.confirmation ? `message.confirm_${req.confirmation}` : req.replyToMoId !== undefined ? 'message.reply' : 'message.send',
      accountId: account.id,
      number: phone.number,
      details: { messageId, replyToMoId: req.replyToMoId ?? null, skipped: skip?.reason ?? null, segments: plan.segments.length },
      at: ws.now(),
    });
    if (!skip) {
      await ws.pump.start();
      ws.pump.kick();
    }
    return { messageId, state: skip ? 'skipped' : 'queued', ...(skip ? { reason: skip.reason } : {}) };
  }

  /** The operator resends in-doubt messages (at-least-once; flagged as possible duplicates). */
  resendInDoubt(messageIds: readonly number[]): number {
    const n = this.ws.store.outbox.resendInDoubt(messageIds, this.ws.now());
    this.ws.store.audit.append({ actor: this.ws.actor, action: 'in_doubt.resend', details: { messageIds: messageIds.slice(0, 1000), count: n } });
    // A completed campaign whose charged messages are resent is running again.
    for (const id of new Set(messageIds)) {
      const m = this.ws.store.deliveryLog.detail(id).message;
      if (m.campaignId !== null) {
        const c = this.get(m.campaignId);
        if (c.state === 'completed') this.setState(c, 'running', 'campaign.reopen');
      }
    }
    this.ws.pump.kick();
    return n;
  }

  /** The operator gives in-doubt messages up: they become unknown. */
  dropInDoubt(messageIds: readonly number[]): number {
    const n = this.ws.store.outbox.dropInDoubt(messageIds, this.ws.now());
    this.ws.store.audit.append({ actor: this.ws.actor, action: 'in_doubt.drop', details: { messageIds: messageIds.slice(0, 1000), count: n } });
    return n;
  }

  /**
   * Resolves when the campaign has settled: every message final or waiting for the operator (the
   * pump then marks it completed), or the campaign was cancelled. With reports: false, when
   * nothing is queued or on the wire any more. Rejects when an account of it cannot log in.
   */
  waitUntilSettled(id: number, opts: WaitOptions = {}): Promise<CampaignCounts> {
    const ws = this.ws;
    const interval = opts.intervalMs ?? 250;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (err: Error | null, counts?: CampaignCounts) => {
        if (done) return;
        done = true;
        clearInterval(timer);
        ws.off('log', onLog);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(counts!);
      };
      const check = () => {
        try {
          const c = this.get(id);
          const n = this.status(id);
          opts.onProgress?.(n);
          const waitingReports = c.registeredDelivery === 1 && opts.reports !== false ? n.submitted : 0;
          const freeInDoubt = c.charged ? 0 : n.in_doubt;
          const idle = n.queued + n.submitting + waitingReports + freeInDoubt === 0;
          if (c.state === 'completed' || c.state === 'cancelled' || (idle && c.state !== 'draft' && opts.reports === false)) finish(null, n);
        } catch (e) {
          finish(e as Error);
        }
      };
      const onLog = (e: { code: string; message: string; accountId?: number }) => {
        if (e.code !== 'account-failed') return;
        try {
          if (e.accountId === undefined || e.accountId === this.get(id).accountId) finish(new Error(e.message));
        } catch {
          // campaign vanished: check() reports it
        }
      };
      const onAbort = () => finish(new Error('aborted'));
      ws.on('log', onLog);
      opts.signal?.addEventListener('abort', onAbort);
      timer = setInterval(check, interval);
      check();
    });
  }

  // ---- internals ----------------------------------------------------------------------------

  private account(id: number): Account {
    if (!Number.isInteger(id) || id < 1) throw new CampaignInputError(`account id must be a positive integer, got ${String(id)}`, 'accountId');
    try {
      return this.ws.store.accounts.get(id);
    } catch {
      throw new CampaignInputError(`account ${id} does not exist`, 'accountId');
    }
  }

  private textOf(input: CampaignCreateInput): { text: string; templateId: number | null } {
    if (input.templateId !== undefined && input.templateId !== null) {
      if (input.text !== undefined) throw new CampaignInputError('give either a text or a template, not both', 'text');
      try {
        return { text: this.ws.store.templates.get(input.templateId).text, templateId: input.templateId };
      } catch {
        throw new CampaignInputError(`template ${input.templateId} does not exist`, 'templateId');
      }
    }
    if (typeof input.text !== 'string' || input.text.trim() === '') throw new CampaignInputError('a campaign needs a text or a template', 'text');
    return { text: input.text, templateId: null };
  }

  private setState(c: Campaign, to: Campaign['state'], action: string): Campaign {
    let next: Campaign;
    try {
      next = this.ws.store.campaigns.setState(c.id, to, this.ws.now());
    } catch (e) {
      if (e instanceof StoreError) throw new CampaignInputError(e.message);
      throw e;
    }
    this.ws.store.audit.append({ actor: this.ws.actor, action, accountId: c.accountId, campaignId: c.id, templateId: c.templateId, details: { from: c.state, to } });
    this.ws.emit('campaign', next);
    return next;
  }

  private async discardDraft(id: number): Promise<void> {
    try {
      while (this.ws.store.outbox.deleteMessagesOf(id, 5000) > 0) await yieldToEventLoop();
      this.ws.store.campaigns.removeDraft(id);
      endCreation(this.ws, id);
    } catch (e) {
      this.ws.log({ level: 'error', code: 'campaign-discard', message: `could not remove the failed draft campaign ${id}: ${(e as Error).message}`, campaignId: id });
    }
  }

  /** The recipients, rules applied, as the synchronous iterable the outbox's chunked enqueue pulls from. */
  private *recipients(
    account: Account,
    text: string,
    fields: string[],
    typed: string[],
    groupIds: number[],
    rules: SendingRules,
    staticSkip: { code: SkipCode; reason: string } | null,
    byReason: Partial<Record<SkipCode, number>>,
    counter: { duplicates: number },
    groupInvalid: InvalidNumber[],
  ): Generator<Recipient> {
    // One group and nothing typed: its numbers are unique already (UNIQUE (group_id, number)), so
    // only the few rows normalised here (e.g. +86...) can repeat a number; they are checked against
    // the group itself. That spares a 1,000,000-member campaign a 16 MB set.
    const single = typed.length === 0 && groupIds.length === 1 ? groupIds[0]! : null;
    const seen: { add(number: string): boolean; normalised?(number: string): void } =
      single === null
        ? new NumberSet(typed.length + groupIds.reduce((n, id) => n + this.ws.store.contacts.getGroup(id).size, 0))
        : new SingleGroupDuplicates(single, this.ws.store.contacts);
    const skip = (code: SkipCode, reason: string, number: string): Recipient => {
      byReason[code] = (byReason[code] ?? 0) + 1;
      return { number, skipReason: reason };
    };
    const one = (number: string, contact: Contact | null): Recipient | null => {
      if (!seen.add(number)) {
        counter.duplicates++;
        return null;
      }
      const ns = rules.numberSkip(number);
      if (ns) return skip(ns.code, ns.reason, number);
      if (fields.length === 0) return staticSkip ? skip(staticSkip.code, staticSkip.reason, number) : { number };
      const r = renderMerge(text, (f) => (f === 'number' ? number : f === 'name' ? (contact?.name ?? contact?.fields.name) : contact?.fields[f]));
      if ('missing' in r) return skip('merge-field', reasons.mergeField(r.missing), number);
      const ts = rules.textSkip(r.text);
      if (ts) return skip(ts.code, ts.reason, number);
      try {
        const p = planFor(account, r.text);
        return { number, text: r.text, segmentCount: p.segments.length, billedCount: p.billedCount };
      } catch (e) {
        if (e instanceof UnsendableTextError) return skip('unsendable', e.message, number);
        throw e;
      }
    };
    for (const n of typed) {
      const r = one(n, null);
      if (r) yield r;
    }
    // Contacts were validated at import; anything that is not a plain national mobile number is
    // checked again here: refused ones never reach the outbox and are reported like typed ones.
    const valid = (raw: string, g: number): string | null => {
      if (NATIONAL_MOBILE.test(raw)) return raw;
      const p = checkPhone(raw);
      if (p.ok) {
        seen.normalised?.(p.number);
        return p.number;
      }
      groupInvalid.push({ input: raw, problem: p.problem, group: g });
      return null;
    };
    for (const g of groupIds) {
      if (fields.length === 0) {
        // No merge fields: the numbers are all that is read.
        for (const page of this.ws.store.contacts.numberChunks(g, 5000)) {
          for (const raw of page) {
            const number = valid(raw, g);
            const r = number === null ? null : one(number, null);
            if (r) yield r;
          }
        }
        continue;
      }
      for (const page of this.ws.store.contacts.memberChunks(g, 5000)) {
        for (const c of page) {
          const number = valid(c.number, g);
          const r = number === null ? null : one(number, c);
          if (r) yield r;
        }
      }
    }
  }
}

const NATIONAL_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Duplicates within one group: its stored numbers are unique, so only a number this campaign had
 * to normalise (stored as +86..., 0086...) can repeat one, either a stored national number or
 * another normalised row.
 */
class SingleGroupDuplicates {
  private readonly normalisedNumbers = new Set<string>();
  private pending: string | null = null;

  constructor(
    private readonly groupId: number,
    private readonly contacts: CampaignEngine['store']['contacts'],
  ) {}

  /** The next add() is of a number normalised from another form. */
  normalised(number: string): void {
    this.pending = number;
  }

  add(number: string): boolean {
    if (this.pending !== number) return true;
    this.pending = null;
    if (this.normalisedNumbers.has(number) || this.contacts.existingMembers(this.groupId, [number]).size > 0) return false;
    this.normalisedNumbers.add(number);
    return true;
  }
}

/** FeeCode is validated here (the codec does not): digits only, at most 6 (fen). */
function checkFeeInput(input: CampaignCreateInput): void {
  if (input.feeCode !== undefined && (typeof input.feeCode !== 'string' || !/^[0-9]{1,6}$/.test(input.feeCode))) {
    throw new CampaignInputError(`FeeCode must be 1 to 6 digits (fen), got "${String(input.feeCode)}"`, 'feeCode');
  }
  if (input.feeType !== undefined && !/^0[1-5]$/.test(String(input.feeType))) {
    throw new CampaignInputError(`FeeType must be 01..05 (docs/protocol.md "Message bodies"), got "${String(input.feeType)}"`, 'feeType');
  }
  if (input.srcIdExt !== undefined && !/^[0-9]*$/.test(String(input.srcIdExt))) {
    throw new CampaignInputError(`Src_Id extension must be digits, got "${String(input.srcIdExt)}"`, 'srcIdExt');
  }
  if (input.registeredDelivery !== undefined && ![0, 1, 2].includes(input.registeredDelivery)) {
    throw new CampaignInputError(`Registered_Delivery must be 0, 1 or 2, got ${String(input.registeredDelivery)}`, 'registeredDelivery');
  }
}

/**
 * Typed numbers: validated, normalised, de-duplicated (first kept); invalid ones reported with
 * their problem and line. Pasted text is split like shared/phone.ts checkNumberList does; a long
 * paste is checked in slices that yield to the event loop.
 */
async function typedNumbers(
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
    throw new CampaignInputError('numbers must be text or a list of numbers', 'numbers');
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

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
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

/** Re-exported for callers that show whether a state is final. */
export { isFinalState, isCharged };
