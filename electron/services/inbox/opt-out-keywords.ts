// Opt-out / opt-in keywords (docs/glossary.md "Opt-out / opt-in"; the usual words: 退订, TD, T, R,
// N, STOP), checked at enqueue time, with an opt-in word to undo").
//
// A keyword counts only as the WHOLE reply: "N" alone opts out, "No thanks" does not (a single
// letter inside a sentence is not consent to anything). Before comparing, a reply is folded:
// - full-width ASCII (Ｔ Ｄ ＳＴＯＰ) to half-width, the ideographic space to a space (Chinese IMEs);
// - Latin letters to upper case (td, Td, TD are the same);
// - surrounding whitespace, zero-width characters and punctuation trimmed ("退订。", "TD!",
//   "【退订】"): decision: punctuation around the word never changes what the user meant, and a
//   missed opt-out is the costly error (commercial SMS must stop once a user refuses).
// Inner spaces are kept ("T D" is not "TD").
//
// Opt-in defaults (decision): 订阅 and START. They undo an opt-out; neither can also be an opt-out
// keyword. The lists and the optional confirmation replies live in the workspace settings
// (settings.ts: optOutKeywords, optInKeywords, optOutConfirmation, optInConfirmation).

import type { OptEvent } from '../../../shared/inbox-message.js';
import { detail, type ErrorDetail } from '../../../shared/error-detail.js';

export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = ['退订', 'TD', 'T', 'N', 'R', 'STOP'];
export const DEFAULT_OPT_IN_KEYWORDS: readonly string[] = ['订阅', 'START'];

export type OptKeywordMatch = { event: OptEvent; keyword: string };

export class OptKeywordError extends Error {
  readonly code = 'invalid-input';
  constructor(
    message: string,
    readonly detail: ErrorDetail,
  ) {
    super(message);
    this.name = 'OptKeywordError';
  }
}

// Zero-width characters, BOM, and every punctuation or symbol-like mark around the word.
const EDGE = /^[\s\u200b-\u200d\u2060\ufeff\p{P}]+|[\s\u200b-\u200d\u2060\ufeff\p{P}]+$/gu;

/** The folded form a reply and a keyword are compared in. */
export function foldReply(text: string): string {
  const halfWidth = text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
  // Upper-case Latin only: toUpperCase on CJK is the identity, but on e.g. 'ß' it changes length.
  return halfWidth.replace(/[a-z]+/g, (s) => s.toUpperCase()).replace(EDGE, '');
}

/**
 * Validates and normalises a keyword list: each keyword folded, non-empty, at most 20 characters,
 * no duplicates (after folding). Throws OptKeywordError with the offending entry.
 */
export function checkKeywordList(list: readonly unknown[], what: string): string[] {
  if (!Array.isArray(list)) throw new OptKeywordError(`${what} must be a list of words`, detail('expected-array', what));
  if (list.length > 50) throw new OptKeywordError(`${what}: at most 50 keywords, got ${list.length}`, detail('too-many-items', what, { max: 50, actual: list.length }));
  const out: string[] = [];
  for (const k of list) {
    if (typeof k !== 'string') throw new OptKeywordError(`${what}: every keyword must be text, got ${typeof k}`, detail('expected-string', what));
    const f = foldReply(k);
    if (f === '') throw new OptKeywordError(`${what}: "${k}" is empty once spaces and punctuation are trimmed`, detail('keyword-empty', what, { value: k }));
    if ([...f].length > 20) {
      throw new OptKeywordError(`${what}: "${k}" is longer than 20 characters; keywords are whole short replies`, detail('too-long', what, { max: 20, actual: [...f].length }));
    }
    if (out.includes(f)) throw new OptKeywordError(`${what}: "${k}" is listed twice`, detail('keyword-twice', what, { value: k }));
    out.push(f);
  }
  return out;
}

/**
 * Strict check for the settings screen: both lists valid (see checkKeywordList) and no word in
 * both. Returns the folded lists.
 */
export function validateOptKeywords(optOut: readonly unknown[], optIn: readonly unknown[]): { optOut: string[]; optIn: string[] } {
  const out = checkKeywordList(optOut, 'opt-out keywords');
  const inn = checkKeywordList(optIn, 'opt-in keywords');
  for (const k of inn) {
    if (out.includes(k)) throw new OptKeywordError(`"${k}" cannot be both an opt-out and an opt-in keyword`, detail('keyword-both', 'optInKeywords', { value: k }));
  }
  return { optOut: out, optIn: inn };
}

/**
 * Matches whole replies against the configured keywords. Lenient by design (it runs on the
 * DELIVER path, where throwing would withhold the DELIVER_RESP): entries that fold to nothing are
 * ignored, and a word in both lists counts as opt-out (a missed opt-out is the costly mistake).
 * The settings screen uses validateOptKeywords to refuse such lists up front.
 */
export class OptKeywordMatcher {
  private readonly out = new Map<string, string>();
  private readonly in = new Map<string, string>();

  constructor(optOut: readonly string[] = DEFAULT_OPT_OUT_KEYWORDS, optIn: readonly string[] = DEFAULT_OPT_IN_KEYWORDS) {
    // folded -> the keyword as configured (kept on the opt-out entry and in the audit log)
    for (const k of optOut) {
      const f = typeof k === 'string' ? foldReply(k) : '';
      if (f !== '' && !this.out.has(f)) this.out.set(f, k.trim());
    }
    for (const k of optIn) {
      const f = typeof k === 'string' ? foldReply(k) : '';
      if (f !== '' && !this.out.has(f) && !this.in.has(f)) this.in.set(f, k.trim());
    }
  }

  match(text: string | null): OptKeywordMatch | null {
    if (text === null) return null;
    // A whole reply is short; skip folding long texts (no keyword can match them).
    if (text.length > 64) return null;
    const f = foldReply(text);
    if (f === '') return null;
    const o = this.out.get(f);
    if (o !== undefined) return { event: 'opt_out', keyword: o };
    const i = this.in.get(f);
    if (i !== undefined) return { event: 'opt_in', keyword: i };
    return null;
  }
}
