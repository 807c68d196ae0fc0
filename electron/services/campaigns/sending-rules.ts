// Sending rules checked at enqueue (docs/glossary.md "Sending rules"): opt-out list, per-number frequency cap, the
// 【签名】 signature check, the sensitive-word list. Each refusal is a reason the message is stored
// with (state skipped), counted per reason in the campaign's result. Quiet hours are not a skip:
// the pump waits for them to end (pump.ts).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { reasons } from '../../../shared/reasons.js';
import type { Account } from '../../store/accounts.js';
import type { EngineCore } from '../engine.js';

/** What the rules read: the settings, the opt-out list, recent sends (frequency cap), the clock. */
export type RulesEngine = Pick<EngineCore, 'now' | 'settings' | 'store'>;
import type { SendingSettings } from '../settings/settings.js';
import type { SkipCodeView } from '../../../shared/ipc/contract/composer.js';

/** Why a recipient is skipped: the contract's codes (shared/ipc/contract/composer.ts), one list. */
export type SkipCode = SkipCodeView;

export interface Skip {
  code: SkipCode;
  /** Stored as the message's reason. */
  reason: string;
}

/**
 * A set of 11-digit numbers in a Float64Array (open addressing): 1,000,000 numbers take 16 MB
 * instead of ~70 MB as a Set of strings, which keeps a 1,000,000-recipient enqueue under the
 * memory target. Anything that is not 1-15 digits goes to a small Set<string> beside it.
 */
export class NumberSet {
  private table: Float64Array;
  private count = 0;
  private readonly other = new Set<string>();

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.table = new Float64Array(cap);
  }

  get size(): number {
    return this.count + this.other.size;
  }

  /** Adds; returns false when it was already there. */
  add(number: string): boolean {
    const v = numeric(number);
    if (v === null) {
      if (this.other.has(number)) return false;
      this.other.add(number);
      return true;
    }
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    return this.insert(v);
  }

  has(number: string): boolean {
    const v = numeric(number);
    if (v === null) return this.other.has(number);
    const t = this.table;
    const mask = t.length - 1;
    for (let i = hash(v) & mask; ; i = (i + 1) & mask) {
      const x = t[i]!;
      if (x === 0) return false;
      if (x === v) return true;
    }
  }

  private insert(v: number): boolean {
    const t = this.table;
    const mask = t.length - 1;
    for (let i = hash(v) & mask; ; i = (i + 1) & mask) {
      const x = t[i]!;
      if (x === v) return false;
      if (x === 0) {
        t[i] = v;
        this.count++;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.count = 0;
    for (const v of old) if (v !== 0) this.insert(v);
  }
}

function numeric(s: string): number | null {
  // 0 marks an empty slot, so "0" and leading-zero forms go to the string set.
  if (s.length === 0 || s.length > 15 || s.charCodeAt(0) === 48) return null;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return v;
}

function hash(v: number): number {
  const lo = v % 0x100000000;
  const hi = Math.floor(v / 0x100000000);
  return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 0;
}

const SIGNATURE = /【[^【】]+】/;

export interface RuleOptions {
  /** Commercial SMS needs the 【签名】 (campaigns); replies and confirmations do not. */
  commercial: boolean;
  /** Apply the opt-out list (an opt-out confirmation reply does not). */
  optOut: boolean;
  /** Apply the frequency cap (campaigns). */
  frequencyCap: boolean;
}

/** The rules as they stand for one enqueue (settings and opt-out list read once, at the start). */
export class SendingRules {
  private constructor(
    private readonly ws: RulesEngine,
    private readonly account: Account,
    private readonly settings: SendingSettings,
    private readonly optOuts: NumberSet | null,
    private readonly opts: RuleOptions,
    private readonly now: number,
  ) {}

  /**
   * Loads the opt-out list into memory in pages (yielding between them), so each recipient costs
   * a hash lookup instead of a query.
   */
  static async prepare(ws: RulesEngine, account: Account, opts: RuleOptions): Promise<SendingRules> {
    const settings = ws.settings.reload();
    let set: NumberSet | null = null;
    if (opts.optOut) {
      const optOut = ws.store.optOuts;
      set = new NumberSet(optOut.count());
      let after = '';
      for (;;) {
        const page = optOut.list(after, 20_000);
        for (const o of page) set.add(o.number);
        if (page.length < 20_000) break;
        after = page[page.length - 1]!.number;
        await yieldToEventLoop();
      }
    }
    return new SendingRules(ws, account, settings, set, opts, ws.now());
  }

  /** Why this number must not get the message now, or null. */
  numberSkip(number: string): Skip | null {
    if (this.optOuts?.has(number)) return { code: 'opt-out', reason: reasons.optOut() };
    const cap = this.settings.frequencyCap;
    if (cap && this.opts.frequencyCap) {
      const recent = this.ws.store.outbox.recentTo(number, this.now - cap.windowMs);
      if (recent >= cap.max) {
        return { code: 'frequency-cap', reason: reasons.frequencyCap(recent, cap.windowMs, cap.max) };
      }
    }
    return null;
  }

  /** Why this text must not be sent, or null. */
  textSkip(text: string): Skip | null {
    if (this.opts.commercial && this.settings.requireSignature && !SIGNATURE.test(text) && !SIGNATURE.test(this.account.signature)) {
      return { code: 'signature', reason: reasons.signature() };
    }
    const words = this.settings.sensitiveWords;
    if (words.length > 0) {
      const lower = text.toLowerCase();
      for (const w of words) if (lower.includes(w.toLowerCase())) return { code: 'sensitive-word', reason: reasons.sensitiveWord(w) };
    }
    return null;
  }
}


/** Merge fields written {name} (store/templates.ts mergeFieldsOf uses the same pattern). */
const FIELD = /\{([^{}\s]+)\}/g;

/** Renders {field} placeholders; returns the missing field name instead when one has no value. */
export function renderMerge(text: string, values: (field: string) => string | undefined): { text: string } | { missing: string } {
  let missing: string | undefined;
  const out = text.replace(FIELD, (whole, name: string) => {
    const v = values(name);
    if (v === undefined) {
      missing ??= name;
      return whole;
    }
    return v;
  });
  return missing !== undefined ? { missing } : { text: out };
}
