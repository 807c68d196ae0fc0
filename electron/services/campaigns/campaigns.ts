// Campaigns as the UI and the CLI use them: create (text or template with merge
// fields; recipients from groups and typed numbers; fee settings; schedule), the sending rules at
// enqueue, start / pause / resume / cancel, status, one-off sends (replies), and the operator's
// decisions on in-doubt messages.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkPhone } from '../../../shared/phone.js';
import { isFinalState } from '../../../shared/message-state.js';
import { reasons } from '../../../shared/reasons.js';
import { dateTimeText } from '../../../shared/time-format.js';
import type { Campaign, CampaignCounts } from '../../store/campaigns.js';
import { StoreError } from '../../store/errors.js';
import type { EnqueueProgress, Recipient } from '../../store/outbox.js';
import { mergeFieldsOf } from '../../store/templates.js';
import { isCharged } from '../../store/validate.js';
import { SendingRules, type SkipCode } from './sending-rules.js';
import { planFor, UnsendableTextError } from './submit-batches.js';
import type { Emits, EngineCore, Listens, WorkspaceLogEvent } from '../engine.js';
import type { Pump } from '../sending/pump.js';
import { accountOf, CampaignInputError, checkFeeInput, textOf, isFutureCmppTime, typedNumbers, type CampaignCreateInput, type CampaignCreateResult, type InvalidNumber, type SendOneRequest, type SendOneResult } from './campaign-input.js';
import { checkMergeFields } from './merge-fields.js';
import { endCreation, holdCreation, isUnfinished } from './unfinished-drafts.js';
import { waitUntilSettled, type WaitOptions } from './campaign-wait.js';
import { walkEarlier, walkRecipients } from './recipient-walk.js';
import { CampaignRecipients } from '../../store/campaign-recipients.js';
import { deleteCampaign, type DeleteResult, type LogRows } from './delete.js';
import { cloneCampaign, type CloneRequest, type CloneResult } from './clone.js';
import { lookAhead, nothingToSendError } from './nothing-to-send.js';
import { nothingToSend } from '../../../shared/nothing-to-send.js';

export { CampaignInputError, isFutureCmppTime, type CampaignCreateInput, type CampaignCreateResult, type InvalidNumber, type SendOneRequest, type SendOneResult } from './campaign-input.js';
export type { WaitOptions } from './campaign-wait.js';
import { importUnfinished } from '../contacts/import-journal.js';
import { detail } from '../../../shared/error-detail.js';

/** What the campaign service needs of the engine (the Workspace is one). */
export type CampaignEngine = Pick<EngineCore, 'store' | 'settings' | 'now' | 'actor' | 'log' | 'pool'> &
  Emits<'campaign', [Campaign]> &
  Listens<'log', [WorkspaceLogEvent]> & {
  readonly pump: Pick<Pump, 'kick' | 'start' | 'campaignStopped'>;
};

export class CampaignService {
  constructor(private readonly ws: CampaignEngine) {}

  get(id: number): Campaign {
    return this.ws.store.campaigns.get(id);
  }

  /** Every campaign, except deleted ones and drafts whose creation has not finished (never shown, never used). */
  list(): Campaign[] {
    return this.ws.store.campaigns.list().filter((c) => c.deletedAt === null && (c.state !== 'draft' || !isUnfinished(this.ws, c)));
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
    const account = accountOf(ws.store, input.accountId);
    const { text, templateId } = textOf(ws.store, input);
    checkFeeInput(input, account.version);
    const groups = (input.groupIds ?? []).map((id) => {
      let g;
      try {
        g = ws.store.contacts.getGroup(id);
      } catch {
        throw CampaignInputError.because(`contact group ${id} does not exist`, detail('group-not-found', 'groupIds', { id }));
      }
      if (importUnfinished(ws.store, id)) {
        throw CampaignInputError.because(
          `contact group "${g.name}" has an import that has not finished (running, or stopped half-way and rolled back at the next start); try again when it is complete`,
          detail('group-import-unfinished', 'groupIds', { name: g.name }),
        );
      }
      return g;
    });
    const typed = await typedNumbers(input.numbers);
    const earlier = input.recipientsOf;
    if (groups.length === 0 && typed.numbers.length === 0 && !earlier) {
      if (typed.invalid.length > 0) throw nothingToSendError(nothingToSend({ 'invalid-number': typed.invalid.length }));
      throw CampaignInputError.because('no recipients: give a group or numbers', detail('no-recipients', 'numbers'));
    }
    const fields = mergeFieldsOf(text);
    // A copy's recipients bring the texts they were given (recipient-walk.ts walkEarlier).
    if (!earlier) checkMergeFields(ws.store.contacts, fields, groups.map((g) => g.id));
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
        if (e instanceof UnsendableTextError) throw CampaignInputError.because(e.message, e.detail);
        throw e;
      }
    }
    const commercial = input.commercial ?? true;
    const rules = await SendingRules.prepare(ws, account, { commercial, optOut: true, frequencyCap: true });
    const staticSkip = fields.length === 0 ? rules.textSkip(text) : null;
    const groupIds = groups.map((g) => g.id);
    const walk = (byReason: Partial<Record<SkipCode, number>>, counter: { duplicates: number }, invalid: InvalidNumber[]) =>
      earlier
        ? walkEarlier(new CampaignRecipients(ws.store.db).pages(earlier.campaignId, earlier.states), earlier.count, { account, text, fields, rules, staticSkip, byReason, counter })
        : walkRecipients(ws.store.contacts, account, text, fields, typed.numbers, groupIds, rules, staticSkip, byReason, counter, invalid);
    // Refused before anything is written when no recipient would be sent to (nothing-to-send.ts).
    const probe = { byReason: {}, invalid: [] as InvalidNumber[] };
    const refusal = await lookAhead(walk(probe.byReason, { duplicates: 0 }, probe.invalid), probe.byReason, () => typed.invalid.length + probe.invalid.length);
    if (refusal) throw nothingToSendError(refusal);

    let campaign: Campaign;
    try {
      // The row and its creation lease commit together: a draft is never without its marker.
      campaign = ws.store.transaction(() => {
        const created = ws.store.campaigns.create(
          {
            name: input.name ?? `campaign ${dateTimeText(ws.now()).slice(0, 16)}`,
            accountId: account.id,
            templateId,
            text,
            ...pick(input, ['serviceId', 'feeType', 'feeCode', 'feeUserType', 'feeTerminalId', 'srcIdExt', 'validTime', 'atTime']),
            registeredDelivery: input.registeredDelivery ?? 1,
            scheduleAt: input.scheduleAt ?? null,
            commercial,
            createdBy: input.createdBy ?? ws.actor,
          },
          ws.now(),
        );
        holdCreation(ws, created.id);
        return created;
      });
    } catch (e) {
      if (e instanceof StoreError) throw CampaignInputError.of(e);
      throw e;
    }

    const skippedByReason: Partial<Record<SkipCode, number>> = {};
    const counter = { duplicates: 0 };
    const groupInvalid: InvalidNumber[] = [];
    const recipients = walk(skippedByReason, counter, groupInvalid);
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
      if (e instanceof StoreError) throw CampaignInputError.of(e);
      throw e;
    }
    if (progress.written === 0) {
      await this.discardDraft(campaign.id);
      throw CampaignInputError.because('no recipients left after removing duplicates', detail('no-recipients-left', 'numbers'));
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
    if (isUnfinished(this.ws, c)) throw CampaignInputError.because(`campaign ${id} is still being created, or its creation did not finish; it cannot be started`, detail('campaign-creating', undefined, { id }));
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
    if (c.state !== 'paused') throw CampaignInputError.because(`campaign ${id} is ${c.state}; only a paused campaign can be resumed`, detail('campaign-not-paused', undefined, { id, state: c.state }));
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
    const account = accountOf(ws.store, req.accountId);
    const phone = checkPhone(String(req.to ?? ''));
    if (!phone.ok) throw CampaignInputError.because(`number "${req.to}" is invalid (${phone.problem})`, detail('invalid-phone', 'to', { value: String(req.to ?? ''), problem: phone.problem }));
    if (typeof req.text !== 'string' || req.text.length === 0) throw CampaignInputError.because('text must not be empty', detail('empty', 'text'));
    let plan;
    try {
      plan = planFor(account, req.text);
    } catch (e) {
      if (e instanceof UnsendableTextError) throw CampaignInputError.because(e.message, e.detail);
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

  /** Deletes a draft or finished campaign, its delivery-log rows kept or deleted (delete.ts). */
  delete(id: number, log: LogRows): Promise<DeleteResult> {
    return deleteCampaign(this.ws, this, id, log);
  }

  /** A new draft copying the campaign, to all or some of its recipients (clone.ts). */
  clone(req: CloneRequest): Promise<CloneResult> {
    return cloneCampaign(this.ws, this, req);
  }

  /**
   * Resolves when the campaign has settled: every message final or waiting for the operator (the
   * pump then marks it completed), or the campaign was cancelled. With reports: false, when
   * nothing is queued or on the wire any more. Rejects when an account of it cannot log in.
   */
  waitUntilSettled(id: number, opts: WaitOptions = {}): Promise<CampaignCounts> {
    return waitUntilSettled(this.ws, this, id, opts);
  }

  // ---- internals ----------------------------------------------------------------------------

  private setState(c: Campaign, to: Campaign['state'], action: string): Campaign {
    let next: Campaign;
    try {
      next = this.ws.store.campaigns.setState(c.id, to, this.ws.now());
    } catch (e) {
      if (e instanceof StoreError) throw CampaignInputError.of(e);
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
      this.ws.log({ level: 'error', code: 'campaign-discard', message: `could not remove the failed draft campaign ${id}: ${(e as Error).message}`, campaignId: id, params: { id } }, e);
    }
  }


}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Re-exported for callers that show whether a state is final. */
export { isFinalState, isCharged };
