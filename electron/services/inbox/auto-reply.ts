// Keyword auto-replies (off by default): an MO whose text a rule matches (auto-reply-rules.ts) is
// answered with the rule's text, through InboxService.reply like a reply by hand, so it carries the
// MO's Src_Id (Dest_Id), Service_Id and, on CMPP 3.0, LinkID, goes through the outbox and the
// sending rules, is logged and audited, and the MO is marked handled.
//
// When: only after the MO is durably stored (the deliver router calls consider() once the commit
// its DELIVER_RESP waits for is on disk), never on the DELIVER path itself: a slow or failing
// auto-reply can never hold back or lose an MO. Failures are logged (onError), never thrown.
// One decision at a time (a chain), so two MOs of one number cannot both pass the daily cap.
//
// Not answered: opt-out / opt-in MOs (the inbox handles those), partial or undecodable MOs, MOs
// already handled. Quiet hours (China Standard Time, as the sending rules' quiet hours): decision:
// the auto-reply is SKIPPED, not queued until the morning, because a keyword answer hours later
// answers a question the user may no longer have and wakes nobody usefully; the MO stays unhandled
// for the operator, and the skip is audited (autoreply.skipped, reason quiet-hours). The daily cap
// counts auto-replies to one number since midnight China Standard Time; past it the MO likewise
// stays for the operator (reason daily-cap).
import { AUTO_REPLY_LIMITS, type AutoReplyMatchKind } from '../../../shared/auto-reply.js';
import { AUTO_REPLY_SENT, type AutoReplyRule } from '../../store/auto-replies.js';
import type { MoMessage } from '../../store/inbox.js';
import type { WorkspaceStore } from '../engine.js';
import { chinaMinuteOfDay, quietHoursEnd, validateSettings, defaultSendingSettings, type QuietHours } from '../settings/settings.js';
import { AutoReplyMatcher, keywordProblem } from './auto-reply-rules.js';
import { InboxError, type ReplySendResult } from './inbox-ports.js';
import { detail, detailOf, shownValue } from '../../../shared/error-detail.js';

export interface AutoReplyConfig {
  /** Off by default: rules answer nothing until the operator turns auto-replies on. */
  enabled: boolean;
  /** China Standard Time "HH:MM"; null = auto-replies at any hour. */
  quietHours: QuietHours | null;
  /** Auto-replies to one number per day (China Standard Time). */
  dailyCap: number;
}

export const DEFAULT_AUTO_REPLY_CONFIG: Readonly<AutoReplyConfig> = Object.freeze({ enabled: false, quietHours: { start: '22:00', end: '08:00' }, dailyCap: 3 });

export interface NewAutoReplyRule {
  matchKind: AutoReplyMatchKind;
  keyword: string;
  reply: string;
  accountId?: number | null;
  srcExt?: string | null;
}

/** What became of one MO (tests and the audit log read it). */
export type AutoReplyOutcome =
  | { kind: 'none' }
  | { kind: 'sent'; ruleId: number; messageId: number; state: string | undefined }
  | { kind: 'skipped'; ruleId: number; reason: 'quiet-hours' | 'daily-cap' | 'sending-rule' };

export interface AutoReplyDeps {
  store: Pick<WorkspaceStore, 'autoReplies' | 'accounts' | 'audit' | 'transaction'>;
  reply: (moMessageId: number, text: string, opts: { actor: string }) => Promise<ReplySendResult>;
  now: () => number;
  onError: (err: unknown, context: string) => void;
}

export const AUTO_REPLY_ACTOR = 'auto-reply';

export class AutoReplyService {
  private chain: Promise<unknown> = Promise.resolve();
  private decided = 0;

  constructor(private readonly deps: AutoReplyDeps) {}

  config(): AutoReplyConfig {
    const raw = this.deps.store.autoReplies.configText();
    if (raw === undefined) return structuredClone(DEFAULT_AUTO_REPLY_CONFIG) as AutoReplyConfig;
    return checkConfig({ ...DEFAULT_AUTO_REPLY_CONFIG, ...(JSON.parse(raw) as Partial<AutoReplyConfig>) });
  }

  /** Validates and stores the merged config (audited); nothing changes when it is invalid. */
  setConfig(patch: Partial<AutoReplyConfig>, actor: string): AutoReplyConfig {
    const next = checkConfig({ ...this.config(), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
    const at = this.deps.now();
    this.deps.store.transaction(() => {
      this.deps.store.autoReplies.putConfigText(JSON.stringify(next), at);
      this.deps.store.audit.append({ actor, action: 'autoreply.config', details: { ...next }, at });
    });
    return next;
  }

  /** MOs decided on so far, answered or not (tests wait for it instead of sleeping). */
  get considered(): number {
    return this.decided;
  }

  rules(): AutoReplyRule[] {
    return this.deps.store.autoReplies.list();
  }

  addRule(input: NewAutoReplyRule, actor: string): AutoReplyRule {
    const problem = keywordProblem(input.matchKind, input.keyword ?? '');
    if (problem) throw new InboxError('invalid-input', problem.message, problem.detail);
    if (typeof input.reply !== 'string' || input.reply.trim() === '') throw new InboxError('invalid-input', 'the reply text is empty', detail('empty', 'reply'));
    const replyChars = [...input.reply].length;
    if (replyChars > AUTO_REPLY_LIMITS.replyChars) {
      throw new InboxError('invalid-input', `the reply text is longer than ${AUTO_REPLY_LIMITS.replyChars} characters`, detail('too-long', 'reply', { max: AUTO_REPLY_LIMITS.replyChars, actual: replyChars }));
    }
    const accountId = input.accountId ?? null;
    const srcExt = input.srcExt ?? null;
    if (srcExt !== null && !/^\d*$/.test(srcExt)) throw new InboxError('invalid-input', `an Src_Id extension is digits, got "${srcExt}"`, detail('not-digits', 'srcExt', { value: srcExt }));
    if (accountId !== null) {
      const account = this.account(accountId);
      // docs/protocol.md "Message bodies": Src_Id + extension fit the 21 octets of Dest_Id.
      if (srcExt !== null && account.srcId.length + srcExt.length > 21) throw new InboxError('invalid-input', `Src_Id ${account.srcId} with extension ${srcExt} is longer than 21 digits`, detail('src-id-too-long', 'srcExt', { srcId: account.srcId, ext: srcExt, max: 21 }));
    }
    const at = this.deps.now();
    return this.deps.store.transaction(() => {
      const rule = this.deps.store.autoReplies.add({ matchKind: input.matchKind, keyword: input.keyword.trim(), reply: input.reply, accountId, srcExt }, at);
      this.deps.store.audit.append({ actor, action: 'autoreply.rule.add', accountId, details: { ...rule }, at });
      return rule;
    });
  }

  deleteRule(id: number, actor: string): void {
    const at = this.deps.now();
    this.deps.store.transaction(() => {
      const rule = this.notFoundAsInbox(() => this.deps.store.autoReplies.get(id));
      this.deps.store.autoReplies.delete(id);
      this.deps.store.audit.append({ actor, action: 'autoreply.rule.delete', accountId: rule.accountId, details: { ...rule }, at });
    });
  }

  /**
   * Answers the MOs a rule matches, one at a time. Called once the MOs are durably stored; never
   * rejects (each failure goes to onError and the MO stays unhandled for the operator).
   */
  consider(messages: readonly MoMessage[]): Promise<AutoReplyOutcome[]> {
    const run = this.chain.then(async () => {
      const out: AutoReplyOutcome[] = [];
      for (const m of messages) {
        try {
          out.push(await this.answer(m));
        } catch (e) {
          this.deps.onError(e, `auto-reply to MO ${m.id}`);
          out.push({ kind: 'none' });
        }
        this.decided++;
      }
      return out;
    });
    this.chain = run.catch(() => undefined);
    return run.catch((e: unknown) => {
      this.deps.onError(e, 'auto-reply');
      return [];
    });
  }

  private async answer(m: MoMessage): Promise<AutoReplyOutcome> {
    if (!m.complete || m.optEvent !== null || m.text === null || m.handled) return { kind: 'none' };
    const config = this.config();
    if (!config.enabled) return { kind: 'none' };
    const account = this.account(m.accountId);
    const ext = m.destId.startsWith(account.srcId) ? m.destId.slice(account.srcId.length) : m.destId;
    const rule = new AutoReplyMatcher(this.rules()).match({ accountId: m.accountId, ext, text: m.text });
    if (!rule) return { kind: 'none' };
    const at = this.deps.now();
    const audit = (action: string, details: Record<string, unknown>) =>
      this.deps.store.audit.append({ actor: AUTO_REPLY_ACTOR, action, accountId: m.accountId, campaignId: m.campaignId, number: m.number, details: { moMessageId: m.id, ruleId: rule.id, ...details }, at });
    if (quietHoursEnd(config.quietHours, at) !== null) {
      audit('autoreply.skipped', { reason: 'quiet-hours' });
      return { kind: 'skipped', ruleId: rule.id, reason: 'quiet-hours' };
    }
    if (this.deps.store.autoReplies.sentSince(m.number, chinaDayStart(at)) >= config.dailyCap) {
      audit('autoreply.skipped', { reason: 'daily-cap', dailyCap: config.dailyCap });
      return { kind: 'skipped', ruleId: rule.id, reason: 'daily-cap' };
    }
    const r = await this.deps.reply(m.id, rule.reply, { actor: AUTO_REPLY_ACTOR });
    if (r.state === 'skipped') {
      audit('autoreply.skipped', { reason: 'sending-rule', messageId: r.messageId, detail: r.reason ?? null });
      return { kind: 'skipped', ruleId: rule.id, reason: 'sending-rule' };
    }
    audit(AUTO_REPLY_SENT, { messageId: r.messageId });
    return { kind: 'sent', ruleId: rule.id, messageId: r.messageId, state: r.state };
  }

  private account(id: number) {
    return this.notFoundAsInbox(() => this.deps.store.accounts.get(id));
  }

  private notFoundAsInbox<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if ((e as { code?: string }).code === 'not-found') throw new InboxError('not-found', (e as Error).message);
      throw e;
    }
  }
}

/** Midnight China Standard Time (UTC+8) of the day `at` falls in. */
export function chinaDayStart(at: number): number {
  return at - (at % 60_000) - chinaMinuteOfDay(at) * 60_000;
}

function checkConfig(c: AutoReplyConfig): AutoReplyConfig {
  if (typeof c.enabled !== 'boolean') throw new InboxError('invalid-input', 'auto-replies are on or off (true or false)', detail('expected-boolean', 'enabled'));
  if (!Number.isInteger(c.dailyCap) || c.dailyCap < 1 || c.dailyCap > AUTO_REPLY_LIMITS.dailyCapMax) {
    throw new InboxError(
      'invalid-input',
      `the daily cap must be a whole number from 1 to ${AUTO_REPLY_LIMITS.dailyCapMax}, got ${String(c.dailyCap)}`,
      detail('out-of-range', 'dailyCap', { min: 1, max: AUTO_REPLY_LIMITS.dailyCapMax, value: shownValue(c.dailyCap) }),
    );
  }
  let quietHours: QuietHours | null;
  try {
    // The sending rules' check of quiet hours, so both windows mean the same thing.
    quietHours = validateSettings({ ...defaultSendingSettings, quietHours: c.quietHours } as Parameters<typeof validateSettings>[0]).quietHours;
  } catch (e) {
    throw new InboxError('invalid-input', (e as Error).message, detailOf(e));
  }
  return { enabled: c.enabled, quietHours, dailyCap: c.dailyCap };
}
