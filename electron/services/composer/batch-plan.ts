// The composer's batch plan, computed in main: recipients -> messages x segments ->
// SUBMIT PDUs -> duration at the account's rate, and who the sending rules skip, with the same
// rules CampaignService.create applies (shared/phone.ts, SendingRules, planOptionsFor).
//
// The walk over the recipients (groups of any size, pasted numbers) does not depend on the text,
// so it is kept for a while: typing in the composer re-plans the text against the cached walk
// instead of re-reading 1,000,000 contacts at every pause. The walk yields to the event loop every
// chunk, and a newer request makes an older walk stop early (it answers `superseded`).
import type { BatchPlan, SkipCodeView } from '../../../shared/ipc/contract/composer.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import { checkNumberList, type NumberListResult } from '../../../shared/phone.js';
import type { MessagePlan } from '../../../shared/plan.js';
import { PlanError, planMessage } from '../../sms/index.js';
import { NumberSet, renderMerge, SendingRules, type RulesEngine, type SkipCode } from '../campaigns/sending-rules.js';
import { mergeValue } from '../campaigns/merge-fields.js';
import { planOptionsFor } from '../campaigns/submit-batches.js';
import type { Account } from '../../store/accounts.js';
import type { Contact, ContactGroup } from '../../store/contacts.js';
import { mergeFieldsOf } from '../../store/templates.js';
import { groupMembers } from '../campaigns/recipient-walk.js';
import { refusalOf } from '../campaigns/nothing-to-send.js';

/** Recipients walked between two yields to the event loop. */
export const WALK_CHUNK = 5000;
/** With merge fields, this many recipients are rendered and planned exactly; the rest extrapolated. */
export const PLAN_SAMPLE = 2000;
/** A cached walk is trusted this long (the opt-out list and groups change slowly). */
export const WALK_TTL_MS = 60_000;

/** What the plan needs of the engine: the sending rules' view and the database it walks. */
export type PlanEngine = RulesEngine & { readonly dbPath: string };

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Walk {
  recipients: number;
  duplicates: number;
  /** Skipped by the number rules (opt-out, frequency cap), whatever the text. */
  numberSkips: Partial<Record<SkipCode, number>>;
  /** Recipients the number rules let through. */
  eligible: number;
  typed: NumberListResult;
  /** Group members whose stored number the campaign would refuse (the same check as creation). */
  groupInvalid: { input: string; problem: string }[];
}

export class BatchPlanner {
  private generation = 0;
  private cache: { key: string; numbers: string; walk: Walk; at: number } | null = null;

  async plan(ws: PlanEngine, acc: Account, text: string, groups: readonly ContactGroup[], numbers: string): Promise<BatchPlan> {
    const generation = ++this.generation;
    const stale = () => {
      if (generation !== this.generation) throw new IpcFailure('superseded', 'a newer plan was asked for');
    };
    const rules = await SendingRules.prepare(ws, acc, { commercial: true, optOut: true, frequencyCap: true });
    const walk = await this.walk(ws, acc, groups, numbers, rules, stale);
    const fields = mergeFieldsOf(text);
    const byReason: Partial<Record<SkipCodeView, number>> = { ...walk.numberSkips };
    const add = (code: SkipCode, n: number) => {
      if (n > 0) byReason[code] = (byReason[code] ?? 0) + n;
    };
    let toSend = 0;
    let segments = 0;
    let billed = 0;
    let submits = 0;
    let minSeg = 0;
    let maxSeg = 0;
    let estimated = false;
    if (fields.length === 0) {
      const p = planOf(acc, text);
      const skip: SkipCode | null = p ? (rules.textSkip(text)?.code ?? null) : 'unsendable';
      if (skip) add(skip, walk.eligible);
      else if (p) {
        toSend = walk.eligible;
        minSeg = maxSeg = p.segments.length;
        segments = toSend * p.segments.length;
        billed = toSend * p.billedCount;
        // One PDU per segment per group of up to destsPerSubmit recipients (docs/protocol.md "Group sends").
        submits = Math.ceil(toSend / acc.destsPerSubmit) * p.segments.length;
      }
    } else {
      // Merge fields: render and plan the first recipients the number rules let through.
      const sample = { n: 0, ok: 0, segments: 0, billed: 0, skips: {} as Partial<Record<SkipCode, number>> };
      minSeg = Infinity;
      const seen = new NumberSet(Math.min(walk.recipients, PLAN_SAMPLE * 2));
      for (const { number, contact } of recipientsOf(ws, walk.typed, groups, () => undefined)) {
        if (sample.n >= PLAN_SAMPLE) break;
        if (!seen.add(number) || rules.numberSkip(number)) continue;
        sample.n++;
        const r = renderMerge(text, (f) => mergeValue(f, number, contact));
        const code: SkipCode | null = 'missing' in r ? 'merge-field' : (rules.textSkip(r.text)?.code ?? null);
        const p = code === null && !('missing' in r) ? planOf(acc, r.text) : null;
        if (code !== null || !p) {
          const c = code ?? 'unsendable';
          sample.skips[c] = (sample.skips[c] ?? 0) + 1;
          continue;
        }
        sample.ok++;
        sample.segments += p.segments.length;
        sample.billed += p.billedCount;
        minSeg = Math.min(minSeg, p.segments.length);
        maxSeg = Math.max(maxSeg, p.segments.length);
      }
      stale();
      estimated = walk.eligible > sample.n;
      const scale = sample.n > 0 ? walk.eligible / sample.n : 0;
      toSend = Math.round(sample.ok * scale);
      for (const [code, n] of Object.entries(sample.skips) as [SkipCode, number][]) add(code, Math.round(n * scale));
      segments = Math.round(sample.segments * scale);
      billed = Math.round(sample.billed * scale);
      // Merged texts differ per recipient: one destination per SUBMIT.
      submits = segments;
      if (minSeg === Infinity) minSeg = 0;
    }
    const skipped = Object.values(byReason).reduce((n, v) => n + (v ?? 0), 0);
    return {
      recipients: walk.recipients,
      toSend,
      skipped,
      skippedByReason: byReason,
      invalid: [...walk.typed.invalid.map((i) => ({ input: i.input, problem: i.problem, line: i.line })), ...walk.groupInvalid.slice(0, 100)].slice(0, 100),
      invalidCount: walk.typed.invalid.length + walk.groupInvalid.length,
      duplicates: walk.duplicates + walk.typed.duplicates.length,
      notChinaMobile: walk.typed.notChinaMobile.length,
      segmentsPerMessage: { min: minSeg, max: maxSeg },
      segments,
      billed,
      submits,
      // docs/protocol.md "Timers and flow control": the gateway's rate counts every segment of every destination.
      estimatedSeconds: acc.rate > 0 ? Math.ceil(segments / acc.rate) : 0,
      rate: acc.rate,
      destsPerSubmit: acc.destsPerSubmit,
      estimated,
      refusal: refusalOf(toSend, byReason, walk.typed.invalid.length + walk.groupInvalid.length),
    };
  }

  /** Forgets the cached walk (the opt-out list or a group changed in this process). */
  invalidate(): void {
    this.cache = null;
  }

  private async walk(ws: PlanEngine, acc: Account, groups: readonly ContactGroup[], numbers: string, rules: SendingRules, stale: () => void): Promise<Walk> {
    const fresh = groups.map((g) => ws.store.contacts.getGroup(g.id));
    // What the walk depends on besides the pasted text: the groups (and their sizes), the opt-out
    // list's size and the frequency cap.
    const key = JSON.stringify([ws.dbPath, acc.id, fresh.map((g) => [g.id, g.size]), ws.store.optOuts.count(), ws.settings.frequencyCap]);
    const c = this.cache;
    if (c && c.key === key && c.numbers === numbers && Date.now() - c.at < WALK_TTL_MS) return c.walk;
    const typed = checkNumberList(numbers);
    const seen = new NumberSet(typed.numbers.length + fresh.reduce((n, g) => n + g.size, 0));
    const walk: Walk = { recipients: 0, duplicates: 0, numberSkips: {}, eligible: 0, typed, groupInvalid: [] };
    let steps = 0;
    for (const { number } of recipientsOf(ws, typed, fresh, (i) => walk.groupInvalid.push(i))) {
      if (!seen.add(number)) walk.duplicates++;
      else {
        walk.recipients++;
        const s = rules.numberSkip(number);
        if (s) walk.numberSkips[s.code] = (walk.numberSkips[s.code] ?? 0) + 1;
        else walk.eligible++;
      }
      if (++steps % WALK_CHUNK === 0) {
        await yieldToEventLoop();
        stale();
      }
    }
    this.cache = { key, numbers, walk, at: Date.now() };
    return walk;
  }
}

/**
 * Pasted numbers first, then each group's members in order, through the campaign's own group walk
 * (recipient-walk.ts: the same normalisation and refusals), so the preview counts what is queued.
 */
function* recipientsOf(
  ws: Pick<PlanEngine, 'store'>,
  typed: NumberListResult,
  groups: readonly ContactGroup[],
  invalid: (i: { input: string; problem: string }) => void,
): Generator<{ number: string; contact: Contact | null }> {
  for (const number of typed.numbers) yield { number, contact: null };
  for (const g of groups) yield* groupMembers(ws.store.contacts, g.id, true, { invalid }, WALK_CHUNK);
}

function planOf(acc: Account, text: string): MessagePlan | null {
  try {
    const p = planMessage(text, planOptionsFor(acc, text));
    return p.sendable ? p : null;
  } catch (e) {
    if (e instanceof PlanError) return null;
    throw e;
  }
}
