// Which auto-reply rule answers an MO. A rule applies to its account (or every account) and its
// Src_Id extension (docs/protocol.md "Message bodies": Dest_Id = the account's Src_Id + the
// extension; a rule for '' answers only MOs to the bare Src_Id, a rule without one answers any).
// Its keyword is compared as opt-out keywords are (opt-out-keywords.ts foldReply: full-width to
// half-width, Latin letters to upper case, punctuation and spaces around the text trimmed):
// - exact:   the whole reply is the keyword ("1", "价格");
// - prefix:  the reply starts with it ("查询 订单123" for "查询");
// - pattern: a checked regular expression (shared/auto-reply.ts) found anywhere in the text,
//   case-insensitive, over its first characters only.
// Decision: exact rules are tried first, then prefix, then pattern, each in the order they were
// added: a precise rule is never shadowed by a broad one added earlier.
import { AUTO_REPLY_LIMITS, patternProblem, patternProblemCode } from '../../../shared/auto-reply.js';
import type { AutoReplyRule } from '../../store/auto-replies.js';
import { foldReply } from './opt-out-keywords.js';
import { detail, type ErrorDetail } from '../../../shared/error-detail.js';

const ORDER = { exact: 0, prefix: 1, pattern: 2 } as const;

/** What of an MO a rule looks at. */
export interface MoToMatch {
  accountId: number;
  /** The extension the user texted: Dest_Id minus the account's Src_Id ('' for none). */
  ext: string;
  text: string;
}

/** A rule's keyword checked for its kind: the reason it is refused (in English and as data), or null. */
export function keywordProblem(kind: AutoReplyRule['matchKind'], keyword: string): { message: string; detail: ErrorDetail } | null {
  if (kind === 'pattern') {
    const message = patternProblem(keyword);
    const why = patternProblemCode(keyword);
    const max = why === 'too-many-repeats' ? AUTO_REPLY_LIMITS.unboundedQuantifiers : AUTO_REPLY_LIMITS.patternChars;
    return message === null ? null : { message, detail: detail('invalid-pattern', 'keyword', { why: why ?? 'invalid', max }) };
  }
  const f = foldReply(keyword);
  if (f === '') return { message: `the keyword "${keyword}" is empty once spaces and punctuation are trimmed`, detail: detail('keyword-empty', 'keyword', { value: keyword }) };
  const n = [...f].length;
  if (n > AUTO_REPLY_LIMITS.keywordChars) {
    return { message: `the keyword is longer than ${AUTO_REPLY_LIMITS.keywordChars} characters`, detail: detail('too-long', 'keyword', { max: AUTO_REPLY_LIMITS.keywordChars, actual: n }) };
  }
  return null;
}

export class AutoReplyMatcher {
  private readonly rules: { rule: AutoReplyRule; test: (text: string, folded: string) => boolean }[];

  /** Rules whose keyword no longer passes its check (a database edited by hand) are left out. */
  constructor(rules: readonly AutoReplyRule[]) {
    this.rules = [...rules]
      .filter((r) => keywordProblem(r.matchKind, r.keyword) === null)
      .sort((a, b) => ORDER[a.matchKind] - ORDER[b.matchKind] || a.id - b.id)
      .map((rule) => ({ rule, test: tester(rule) }));
  }

  get size(): number {
    return this.rules.length;
  }

  match(mo: MoToMatch): AutoReplyRule | null {
    let folded: string | undefined;
    for (const { rule, test } of this.rules) {
      if (rule.accountId !== null && rule.accountId !== mo.accountId) continue;
      if (rule.srcExt !== null && rule.srcExt !== mo.ext) continue;
      folded ??= foldReply(mo.text.slice(0, AUTO_REPLY_LIMITS.patternInputChars * 2));
      if (test(mo.text, folded)) return rule;
    }
    return null;
  }
}

function tester(rule: AutoReplyRule): (text: string, folded: string) => boolean {
  if (rule.matchKind === 'pattern') {
    const re = new RegExp(rule.keyword, 'iu');
    return (text) => re.test(text.slice(0, AUTO_REPLY_LIMITS.patternInputChars));
  }
  const k = foldReply(rule.keyword);
  return rule.matchKind === 'exact' ? (_t, folded) => folded === k : (_t, folded) => folded.startsWith(k);
}
