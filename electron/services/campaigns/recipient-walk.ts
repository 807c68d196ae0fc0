// The recipient walk of a campaign: typed numbers first, then each group's members, every number
// checked (contacts not in plain national form are validated again), de-duplicated, and run
// through the sending rules and the merge fields, as the Recipient rows the outbox's chunked
// enqueue pulls. Skipped recipients are counted by reason and still stored (visibly skipped).
import { checkPhone } from '../../../shared/phone.js';
import { reasons } from '../../../shared/reasons.js';
import type { Account } from '../../store/accounts.js';
import type { Contact, Contacts } from '../../store/contacts.js';
import type { EarlierRecipient } from '../../store/campaign-recipients.js';
import type { Recipient } from '../../store/outbox.js';
import { NumberSet, renderMerge, type SendingRules, type SkipCode } from './sending-rules.js';
import { mergeValue } from './merge-fields.js';
import { planFor, UnsendableTextError } from './submit-batches.js';
import type { InvalidNumber } from './campaign-input.js';

/** What the walk applies to each recipient and where it counts what it skips. */
export interface WalkRules {
  account: Account;
  /** The campaign's text, merge fields unrendered. */
  text: string;
  fields: string[];
  rules: SendingRules;
  /** The text's own skip (no 【签名】, a sensitive word) when it has no merge fields. */
  staticSkip: { code: SkipCode; reason: string } | null;
  byReason: Partial<Record<SkipCode, number>>;
  counter: { duplicates: number };
}

/**
 * One recipient through the rules: a repeated number is dropped (null), a number the rules refuse
 * or a text that cannot go out is stored as skipped with its reason. `rendered` is the recipient's
 * own text (merge fields filled), or what is missing for it; absent when the text has no fields.
 */
function screen(w: WalkRules, seen: { add(number: string): boolean }) {
  const skip = (code: SkipCode, reason: string, number: string): Recipient => {
    w.byReason[code] = (w.byReason[code] ?? 0) + 1;
    return { number, skipReason: reason };
  };
  return (number: string, rendered?: () => { text: string } | { missing: string }): Recipient | null => {
    if (!seen.add(number)) {
      w.counter.duplicates++;
      return null;
    }
    const ns = w.rules.numberSkip(number);
    if (ns) return skip(ns.code, ns.reason, number);
    if (!rendered) return w.staticSkip ? skip(w.staticSkip.code, w.staticSkip.reason, number) : { number };
    const r = rendered();
    if ('missing' in r) return skip('merge-field', reasons.mergeField(r.missing), number);
    const ts = w.rules.textSkip(r.text);
    if (ts) return skip(ts.code, ts.reason, number);
    try {
      const p = planFor(w.account, r.text);
      return { number, text: r.text, segmentCount: p.segments.length, billedCount: p.billedCount };
    } catch (e) {
      if (e instanceof UnsendableTextError) return skip('unsendable', e.message, number);
      throw e;
    }
  };
}

/** The recipients, rules applied, as the synchronous iterable the outbox's chunked enqueue pulls from. */
export function* walkRecipients(
  contacts: Contacts,
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
      ? new NumberSet(typed.length + groupIds.reduce((n, id) => n + contacts.getGroup(id).size, 0))
      : new SingleGroupDuplicates(single, contacts);
  const check = screen({ account, text, fields, rules, staticSkip, byReason, counter }, seen);
  const one = (number: string, contact: Contact | null): Recipient | null =>
    check(number, fields.length === 0 ? undefined : () => renderMerge(text, (f) => mergeValue(f, number, contact)));
  for (const n of typed) {
    const r = one(n, null);
    if (r) yield r;
  }
  const hooks: GroupWalkHooks = { invalid: (i) => groupInvalid.push(i), normalised: (n) => seen.normalised?.(n) };
  for (const g of groupIds) {
    // No merge fields: the numbers are all that is read.
    for (const { number, contact } of groupMembers(contacts, g, fields.length > 0, hooks)) {
      const r = one(number, contact);
      if (r) yield r;
    }
  }
}

/**
 * The recipients of an earlier campaign (a copy of it), rules applied again: each keeps the text it
 * was given (merge fields as rendered then). One skipped before its fields were rendered has no
 * such text and is skipped again for its merge field: the copy does not know its contact.
 */
export function* walkEarlier(pages: Iterable<EarlierRecipient[]>, expected: number, w: WalkRules): Generator<Recipient> {
  const check = screen(w, new NumberSet(expected));
  for (const page of pages) {
    for (const e of page) {
      const own = e.text;
      const r =
        own !== null
          ? check(e.number, () => ({ text: own }))
          : check(e.number, w.fields.length === 0 ? undefined : () => ({ missing: w.fields[0]! }));
      if (r) yield r;
    }
  }
}

export interface GroupWalkHooks {
  /** A member whose number is refused: it never reaches the outbox and is reported like a typed one. */
  invalid(i: InvalidNumber): void;
  /** A member stored in another form (+86..., 0086...) and normalised here. */
  normalised?(number: string): void;
}

/**
 * A group's members as a campaign sends to them, the one walk that both campaign creation and the
 * Composer's preview use (so the preview counts what will be queued). Contacts were validated at
 * import; anything that is not a plain national mobile number is checked again and normalised.
 */
export function* groupMembers(
  contacts: Contacts,
  groupId: number,
  withContacts: boolean,
  hooks: GroupWalkHooks,
  chunk = 5000,
): Generator<{ number: string; contact: Contact | null }> {
  const valid = (raw: string): string | null => {
    if (NATIONAL_MOBILE.test(raw)) return raw;
    const p = checkPhone(raw);
    if (p.ok) {
      hooks.normalised?.(p.number);
      return p.number;
    }
    hooks.invalid({ input: raw, problem: p.problem, group: groupId });
    return null;
  };
  if (!withContacts) {
    for (const page of contacts.numberChunks(groupId, chunk)) {
      for (const raw of page) {
        const number = valid(raw);
        if (number !== null) yield { number, contact: null };
      }
    }
    return;
  }
  for (const page of contacts.memberChunks(groupId, chunk)) {
    for (const c of page) {
      const number = valid(c.number);
      if (number !== null) yield { number, contact: c };
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
    private readonly contacts: Contacts,
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
