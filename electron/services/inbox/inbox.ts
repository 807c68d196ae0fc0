// The MO inbox: every MO DELIVER is stored before its DELIVER_RESP, long MOs are
// reassembled over the persisted parts (a restart in the middle of a set loses nothing), complete
// and timed-out sets become messages grouped into conversations by number, linked to the campaign
// whose Src_Id extension the user texted, opt-out / opt-in keywords are applied, and the operator
// replies by hand through the outbox.
//
// acceptMo runs synchronously inside ONE transaction: the raw segment, the reassembled message,
// the opt-out entry and its audit line commit together or not at all. A resent DELIVER (same
// account, DELIVER Msg_Id, sender and bytes) is recognised by the store and changes nothing, so
// the DELIVER_RESP can go out again safely.
import type { DeliverInfo } from '../../cmpp/session/client.js';
import type { Deliver } from '../../cmpp/wire/pdu.js';
import { reassemble, type MoMessage as AssembledMo } from '../../sms/index.js';
import type { InboxMessage, OptEvent } from '../../../shared/inbox-message.js';
import type { MoMessage, MoSegment } from '../../store/inbox.js';
import { payloadOf, segmentInputOf, toRawPart } from './mo-parts.js';
import { feedMo, InboxError, toView, type InboxStore, type ReplySendRequest, type ReplySendResult, type InboxServiceOptions, type InboxThreadView, type AcceptResult } from './inbox-ports.js';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS, OptKeywordMatcher } from './opt-out-keywords.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

export { feedMo, InboxError, toView } from './inbox-ports.js';
export type { InboxStore, InboxSettings, ReplySendRequest, ReplySendResult, ReplySender, InboxServiceOptions, InboxThreadView, AcceptResult } from './inbox-ports.js';
export { UNKNOWN_SENDER } from './mo-parts.js';

interface OptAction {
  message: MoMessage;
  event: OptEvent;
  changed: boolean;
}

const TEXT_FORMATS = new Set([0, 8, 15]);
const ACTOR = 'mo';
export class InboxService {
  private readonly store: InboxStore;
  private readonly now: () => number;
  private readonly sweepIntervalMs: number;
  private sweepTimer: NodeJS.Timeout | undefined;
  private matcher: { out: readonly string[]; in: readonly string[]; m: OptKeywordMatcher } | undefined;
  private readonly pendingSends = new Set<Promise<unknown>>();

  constructor(private readonly options: InboxServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    if (!(this.sweepIntervalMs > 0)) throw new RangeError(`sweepIntervalMs must be > 0, got ${this.sweepIntervalMs}`);
  }

  /** Times out sets that expired while the app was down, then sweeps periodically. */
  start(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.runSweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
    this.runSweep();
  }

  /** Stops the sweep and waits (bounded) for confirmation replies being queued. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    if (this.pendingSends.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pendingSends]),
      new Promise((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  get reassemblyTimeoutMs(): number {
    const t = this.options.settings?.moReassemblyTimeoutMs ?? 6 * 3600_000;
    return t > 0 ? t : 6 * 3600_000;
  }

  // ---- receiving ---------------------------------------------------------------------------

  /**
   * Keeps one MO DELIVER (Registered_Delivery 0). Synchronous and called BEFORE the DELIVER_RESP:
   * when it returns, the segment and whatever it completed are committed. Throws only when the
   * database cannot take it (then no DELIVER_RESP goes out and the gateway resends).
   */
  acceptMo(accountId: number, d: Deliver, info?: Pick<DeliverInfo, 'receivedAt'>): AcceptResult {
    const at = info?.receivedAt ?? this.now();
    const input = segmentInputOf(accountId, d, at);
    const opts: OptAction[] = [];
    const result = this.store.transaction((): AcceptResult => {
      const r = this.store.inbox.recordSegment(input);
      if (r.duplicate) return { duplicate: true, segmentId: r.segmentId, messages: [] };
      const seg = this.store.inbox.segment(r.segmentId);
      let messages: MoMessage[];
      if (seg.concat === null) {
        messages = this.assemble([seg], at, opts);
      } else {
        const c = seg.concat;
        const parts = this.store.inbox.pendingParts(accountId, seg.number, seg.destId, c.ref, c.total);
        if (parts.length === 1 && this.linkLateDuplicate(seg, at)) return { duplicate: true, segmentId: r.segmentId, messages: [] };
        messages = this.assemble(parts, at, opts);
      }
      return { duplicate: false, segmentId: r.segmentId, messages };
    });
    this.afterCommit(result.messages, opts);
    return result;
  }

  /**
   * Turns incomplete sets older than the reassembly timeout into visible partial messages (and
   * assembles anything left pending by an older build). Returns the messages stored. Bounded: at
   * most `limit` stale parts per call; the timer calls again while there is more.
   */
  sweep(now = this.now(), limit = 1000): MoMessage[] {
    return this.sweepOnce(now, limit).messages;
  }

  private sweepOnce(now: number, limit: number): { messages: MoMessage[]; full: boolean } {
    const timeout = this.reassemblyTimeoutMs;
    // staleParts takes received_at < cutoff; a set expires when now - first part >= timeout.
    const stale = this.store.inbox.staleParts(now - timeout + 1, limit);
    const seen = new Set<string>();
    const out: MoMessage[] = [];
    for (const p of stale) {
      const key = p.concat === null ? `single:${p.id}` : JSON.stringify([p.accountId, p.number, p.destId, p.concat.ref, p.concat.total]);
      if (seen.has(key)) continue;
      seen.add(key);
      const opts: OptAction[] = [];
      let saved: MoMessage[];
      try {
        saved = this.store.transaction(() => {
          const parts = p.concat === null ? [this.store.inbox.segment(p.id)] : this.store.inbox.pendingParts(p.accountId, p.number, p.destId, p.concat.ref, p.concat.total);
          // Re-read inside the transaction: another process may have assembled them meanwhile.
          const open = parts.filter((x) => x.moMessageId === null);
          return open.length === 0 ? [] : this.assemble(open, now, opts);
        });
      } catch (e) {
        // One bad set must not hold the others back; it stays pending and is retried next sweep.
        this.options.onError?.(e, `MO reassembly sweep (segment ${p.id})`);
        continue;
      }
      this.afterCommit(saved, opts);
      out.push(...saved);
    }
    return { messages: out, full: stale.length === limit };
  }

  // ---- reading -----------------------------------------------------------------------------

  threads(limit = 100, lastAtOrBefore?: number): InboxThreadView[] {
    return this.store.inbox.threads(checkLimit(limit), lastAtOrBefore);
  }

  conversation(number: string, limit = 100, receivedAtOrBefore?: number): InboxMessage[] {
    if (typeof number !== 'string' || number.trim() === '') throw new InboxError('invalid-input', 'a conversation is chosen by a number', detail('empty', 'number'));
    return this.store.inbox.conversation(number, checkLimit(limit), receivedAtOrBefore).map(toView);
  }

  unhandled(limit = 100, receivedAtOrBefore?: number): InboxMessage[] {
    return this.store.inbox.unhandled(checkLimit(limit), receivedAtOrBefore).map(toView);
  }

  recent(limit = 100, receivedAtOrBefore?: number): InboxMessage[] {
    return this.store.inbox.recent(checkLimit(limit), receivedAtOrBefore).map(toView);
  }

  get(id: number): InboxMessage {
    return toView(this.message(id));
  }

  /** Marks MOs handled (or back to unhandled); audited. Returns how many changed. */
  markHandled(ids: readonly number[], handled = true, actor = 'operator'): number {
    if (!Array.isArray(ids) || ids.some((id) => !Number.isInteger(id) || id < 1)) throw new InboxError('invalid-input', 'MO ids must be positive whole numbers', detail('not-positive-id', 'ids', { value: shownValue(ids) }));
    return this.store.transaction(() => {
      const n = this.store.inbox.markHandled(ids, handled, this.now());
      if (n > 0) this.store.audit.append({ actor, action: handled ? 'inbox.handled' : 'inbox.unhandled', details: { ids: [...ids], changed: n }, at: this.now() });
      return n;
    });
  }

  // ---- replying ----------------------------------------------------------------------------

  /**
   * Replies by hand to an MO through the outbox (so it is logged, gets its report and obeys the
   * sending rules): docs/protocol.md "Replying to an MO" Src_Id = the MO's Dest_Id, Dest_terminal_Id = its sender, Service_Id
   * from the MO (the account's when the MO had none), LinkID copied on 3.0 accounts. Marks the MO
   * handled once the reply is queued (not when a sending rule skipped it: then nothing was sent).
   */
  async reply(moMessageId: number, text: string, opts: { actor?: string; markHandled?: boolean } = {}): Promise<ReplySendResult> {
    if (typeof text !== 'string' || text.trim() === '') throw new InboxError('invalid-input', 'the reply text is empty', detail('empty', 'reply'));
    const send = this.options.send;
    if (!send) throw new InboxError('not-available', 'replies need the outbox (no sender configured)');
    const mo = this.message(moMessageId);
    const actor = opts.actor ?? 'operator';
    const req = this.replyRequest(mo, text, actor);
    const r = await send(req);
    this.store.transaction(() => {
      this.store.audit.append({
        actor,
        action: 'inbox.reply',
        accountId: mo.accountId,
        campaignId: mo.campaignId,
        number: mo.number,
        details: { moMessageId: mo.id, messageId: r.messageId, srcId: req.srcId, serviceId: req.serviceId, linkId: req.linkId ?? '', state: r.state ?? null, reason: r.reason ?? null },
        at: this.now(),
      });
      if (opts.markHandled !== false && r.state !== 'skipped') this.store.inbox.markHandled([mo.id], true, this.now());
    });
    return r;
  }

  // ---- internals ---------------------------------------------------------------------------

  private message(id: number): MoMessage {
    if (!Number.isInteger(id) || id < 1) throw new InboxError('invalid-input', `MO id must be a positive whole number, got ${String(id)}`, detail('not-positive-id', 'moId', { value: shownValue(id) }));
    try {
      return this.store.inbox.get(id);
    } catch (e) {
      if ((e as { code?: string }).code === 'not-found') throw new InboxError('not-found', `MO message ${id} does not exist`, detail('mo-not-found', 'moId', { id }));
      throw e;
    }
  }

  private replyRequest(mo: MoMessage, text: string, actor: string, confirmation?: OptEvent): ReplySendRequest {
    const account = this.store.accounts.get(mo.accountId);
    const req: ReplySendRequest = {
      accountId: mo.accountId,
      to: mo.number,
      text,
      srcId: mo.destId || account.srcId,
      serviceId: mo.serviceId || account.serviceId,
      replyToMoId: mo.id,
      actor,
    };
    // docs/protocol.md "Message bodies", "Replying to an MO": LinkID exists only in 3.0; it ties the reply to the user's on-demand request.
    if (account.version === '3.0') req.linkId = mo.linkId;
    if (confirmation) req.confirmation = confirmation;
    return req;
  }

  /**
   * A part that arrives alone for its key may repeat a part of a set assembled recently (a fresh
   * DELIVER Msg_Id, e.g. the gateway lost our DELIVER_RESP and re-sent it as a new DELIVER): then it
   * is linked to that message instead of starting a set that would time out as a bogus partial.
   */
  private linkLateDuplicate(seg: MoSegment, now: number): boolean {
    const c = seg.concat!;
    const since = now - this.reassemblyTimeoutMs;
    const payload = payloadOf(seg);
    for (const m of this.store.inbox.conversation(seg.number, 20, now)) {
      if (m.receivedAt < since) break;
      if (m.accountId !== seg.accountId || m.destId !== seg.destId || m.segmentTotal !== c.total) continue;
      for (const p of this.store.inbox.partsOf(m.id)) {
        if (p.id !== seg.id && p.concat?.ref === c.ref && p.concat.index === c.index && payloadOf(p).equals(payload)) {
          this.store.inbox.linkDuplicate(seg.id, m.id);
          return true;
        }
      }
    }
    return false;
  }

  /** Reassembles stored parts of one key (or a single part) and stores what they make. In a transaction. */
  private assemble(parts: MoSegment[], now: number, opts: OptAction[]): MoMessage[] {
    const byId = new Map(parts.map((p) => [String(p.id), p]));
    const { messages, pending } = reassemble(parts.map(toRawPart), now, this.reassemblyTimeoutMs);
    if (messages.length === 0) return [];
    const saved: { m: MoMessage; indexes: number[] }[] = [];
    // Still waiting for more parts (e.g. a new set after a reused reference): not duplicates.
    const used = new Set<string>(pending.map((p) => p.id!));
    for (const am of messages) {
      const rows = am.segmentIds.map((id) => byId.get(id)!);
      for (const id of am.segmentIds) used.add(id);
      saved.push({ m: this.saveAssembled(am, rows, opts), indexes: am.received });
    }
    // Duplicates the reassembly dropped (same part, same bytes, fresh DELIVER Msg_Id) belong to
    // the message that has their part; left pending they would later time out as a partial.
    for (const p of parts) {
      if (used.has(String(p.id)) || p.concat === null) continue;
      const owner = saved.find((s) => s.m.segmentTotal === p.concat!.total && s.indexes.includes(p.concat!.index));
      if (owner) this.store.inbox.linkDuplicate(p.id, owner.m.id);
    }
    return saved.map((s) => s.m);
  }

  private saveAssembled(am: AssembledMo, rows: MoSegment[], opts: OptAction[]): MoMessage {
    const first = rows[0]!;
    const account = this.store.accounts.get(first.accountId);
    const hasText = am.msgFmts.some((f) => TEXT_FORMATS.has(f));
    const text = hasText ? am.text : null;
    const content = Buffer.concat(rows.map(payloadOf));
    // docs/protocol.md "Message bodies": Dest_Id = the account's Src_Id + the extension the campaign was sent with. No
    // extension: not linked (decision: the newest campaign without one is a guess, not a link).
    let campaignId: number | null = null;
    if (first.destId.length > account.srcId.length && first.destId.startsWith(account.srcId)) {
      campaignId = this.store.campaigns.findBySrcExt(account.id, first.destId.slice(account.srcId.length))?.id ?? null;
    }
    const match = am.complete ? this.keywords().match(text) : null;
    const saved = this.store.inbox.saveMessage(
      {
        accountId: first.accountId,
        srcTerminalId: first.srcTerminalId,
        destId: first.destId,
        serviceId: first.serviceId,
        linkId: rows.find((r) => r.linkId !== '')?.linkId ?? '',
        msgFmt: first.msgFmt,
        text,
        content,
        complete: am.complete,
        segmentTotal: am.total,
        segmentReceived: am.received.length,
        campaignId,
        optEvent: match?.event ?? null,
        receivedAt: am.lastReceivedAt,
      },
      rows.map((r) => r.id),
    );
    if (!match) return saved;
    const changed = this.applyOpt(saved, match.event, match.keyword);
    const handled = this.store.inbox.get(saved.id);
    opts.push({ message: handled, event: match.event, changed });
    return handled;
  }

  /**
   * Puts the number on the opt-out list or takes it off, with an audit line (proof of consent).
   * The MO is then handled: nothing is left for the operator to do, so it leaves the unhandled list
   * (audited as handled by the inbox, with the event as the reason).
   */
  private applyOpt(m: MoMessage, event: OptEvent, keyword: string): boolean {
    const at = m.receivedAt;
    const changed =
      event === 'opt_out' ? this.store.optOuts.add(m.number, 'mo', { keyword, moMessageId: m.id, now: at }) : this.store.optOuts.remove(m.number);
    this.store.audit.append({
      actor: ACTOR,
      action: event === 'opt_out' ? 'optout.add' : 'optout.remove',
      accountId: m.accountId,
      campaignId: m.campaignId,
      number: m.number,
      details: { keyword, moMessageId: m.id, destId: m.destId, changed },
      at,
    });
    this.store.inbox.markHandled([m.id], true, at);
    this.store.audit.append({ actor: ACTOR, action: 'inbox.handled', accountId: m.accountId, number: m.number, details: { ids: [m.id], changed: 1, reason: event }, at });
    return changed;
  }

  private keywords(): OptKeywordMatcher {
    const s = this.options.settings;
    const out = s?.optOutKeywords ?? DEFAULT_OPT_OUT_KEYWORDS;
    const inn = s?.optInKeywords ?? DEFAULT_OPT_IN_KEYWORDS;
    if (!this.matcher || this.matcher.out !== out || this.matcher.in !== inn) {
      this.matcher = { out, in: inn, m: new OptKeywordMatcher(out, inn) };
    }
    return this.matcher.m;
  }

  private afterCommit(messages: MoMessage[], opts: OptAction[]): void {
    const feed = this.options.feed;
    if (feed) for (const m of messages) feed.publishMo(feedMo(m));
    for (const o of opts) {
      // Decision: confirm only a change (a second 退订 from an opted-out number gets no new SMS).
      if (!o.changed) continue;
      const text = o.event === 'opt_out' ? this.options.settings?.optOutConfirmation : this.options.settings?.optInConfirmation;
      if (!text || !this.options.send) continue;
      const p = this.options
        .send(this.replyRequest(o.message, text, ACTOR, o.event))
        .catch((e: unknown) => this.options.onError?.(e, `confirmation reply to MO ${o.message.id}`));
      this.pendingSends.add(p);
      void p.finally(() => this.pendingSends.delete(p));
    }
  }

  private runSweep(): void {
    try {
      // More stale parts than one bounded pass takes: continue on the next turn, not in one stall.
      const r = this.sweepOnce(this.now(), 1000);
      // Only while it makes progress: a batch that keeps failing waits for the next interval.
      if (r.full && r.messages.length > 0 && this.sweepTimer) setImmediate(() => this.runSweep());
    } catch (e) {
      this.options.onError?.(e, 'MO reassembly sweep');
    }
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new InboxError('invalid-input', `limit must be a whole number from 1 to 10,000, got ${String(limit)}`, detail('out-of-range', 'limit', { min: 1, max: 10_000, value: shownValue(limit) }));
  }
  return limit;
}
