// The recipient walk of a campaign: typed numbers first, then each group's members, every number
// checked (contacts not in plain national form are validated again), de-duplicated, and run
// through the sending rules and the merge fields, as the Recipient rows the outbox's chunked
// enqueue pulls. Skipped recipients are counted by reason and still stored (visibly skipped).
import { checkPhone } from '../../../shared/phone.js';
import { reasons } from '../../../shared/reasons.js';
import type { Account } from '../../store/accounts.js';
import type { Contact, Contacts } from '../../store/contacts.js';
import type { Recipient } from '../../store/outbox.js';
import { NumberSet, renderMerge, type SendingRules, type SkipCode } from './sending-rules.js';
import { mergeValue } from './merge-fields.js';
import { planFor, UnsendableTextError } from './submit-batches.js';
import type { InvalidNumber } from './campaign-input.js';

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
    const r = renderMerge(text, (f) => mergeValue(f, number, contact));
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
  const hooks: GroupWalkHooks = { invalid: (i) => groupInvalid.push(i), normalised: (n) => seen.normalised?.(n) };
  for (const g of groupIds) {
    // No merge fields: the numbers are all that is read.
    for (const { number, contact } of groupMembers(contacts, g, fields.length > 0, hooks)) {
      const r = one(number, contact);
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
