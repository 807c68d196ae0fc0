// Keyword auto-replies: how a rule's keyword is matched (one vocabulary for the store's CHECK, the
// services, the IPC contract, the CLI and the Settings screen), their limits, and the check that
// keeps a pattern safe to run on the DELIVER path.
//
// A pattern runs on every MO an operator's rule sees, so it must never take long, whatever the
// user texted. JavaScript's RegExp backtracks; what makes it explode is a quantified group whose
// body can itself match in several ways ((a+)+, (a|aa)*, (\w+\s?)*) and backreferences, and what
// makes it slow is many unbounded quantifiers in a row (a*a*a*b). So (decision): a pattern is at
// most PATTERN_MAX characters, a repeated group may hold neither a quantifier nor an alternation,
// backreferences are refused, at most MAX_UNBOUNDED quantifiers are unbounded (*, +, {n,}), and it
// only ever sees the first PATTERN_INPUT_MAX characters of an MO. With those, the worst case is
// about (PATTERN_INPUT_MAX)^(MAX_UNBOUNDED + 1) steps, a few million.

export const AUTO_REPLY_MATCH_KINDS = ['exact', 'prefix', 'pattern'] as const;
export type AutoReplyMatchKind = (typeof AUTO_REPLY_MATCH_KINDS)[number];

export const AUTO_REPLY_LIMITS = {
  /** An exact or prefix keyword, in characters. */
  keywordChars: 50,
  /** A pattern, in characters. */
  patternChars: 100,
  /** A pattern sees this many characters of an MO at most. */
  patternInputChars: 200,
  /** Unbounded quantifiers in one pattern. */
  unboundedQuantifiers: 2,
  /** A reply text (one message or a long one), in characters. */
  replyChars: 500,
  /** An Src_Id extension, in digits. */
  extDigits: 20,
  /** Auto-replies to one number per day, the cap's highest setting. */
  dailyCapMax: 100,
  /** A quick reply, in characters. */
  quickReplyChars: 500,
  /** Saved quick replies. */
  quickReplies: 100,
} as const;

export function isAutoReplyMatchKind(v: unknown): v is AutoReplyMatchKind {
  return typeof v === 'string' && (AUTO_REPLY_MATCH_KINDS as readonly string[]).includes(v);
}

/** Why a pattern can be refused: the UI names each in its own language. */
export type PatternProblemCode = 'empty' | 'too-long' | 'invalid' | 'backreference' | 'nested-repeat' | 'too-many-repeats';

const PATTERN_PROBLEMS: Record<PatternProblemCode, string> = {
  empty: 'the pattern is empty',
  'too-long': `the pattern is longer than ${AUTO_REPLY_LIMITS.patternChars} characters`,
  invalid: 'not a valid pattern',
  backreference: 'backreferences (\\1, \\k<name>) are not allowed',
  'nested-repeat': 'a repeated group may not hold a quantifier or an alternation (e.g. (a+)+, (a|b)*): it can take for ever',
  'too-many-repeats': `at most ${AUTO_REPLY_LIMITS.unboundedQuantifiers} unbounded repeats (*, +, {n,}) in one pattern`,
};

/** Why a pattern is refused, in words, or null when it is safe to run (see the top of this file). */
export function patternProblem(pattern: string): string | null {
  const code = patternProblemCode(pattern);
  if (code !== 'invalid') return code === null ? null : PATTERN_PROBLEMS[code];
  try {
    new RegExp(pattern, 'iu');
    return PATTERN_PROBLEMS.invalid;
  } catch (e) {
    return `${PATTERN_PROBLEMS.invalid}: ${(e as Error).message}`;
  }
}

/** Why a pattern is refused, as a code, or null when it is safe to run. */
export function patternProblemCode(pattern: string): PatternProblemCode | null {
  if (pattern.length === 0) return 'empty';
  if (pattern.length > AUTO_REPLY_LIMITS.patternChars) return 'too-long';
  try {
    new RegExp(pattern, 'iu');
  } catch {
    return 'invalid';
  }
  // Each open group: did its body use a quantifier or an alternation?
  const groups: { risky: boolean }[] = [{ risky: false }];
  let unbounded = 0;
  let lastGroupRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    let closedRisky = false;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return 'backreference';
      i++;
    } else if (c === '[') {
      // A character class is one character; skip to its end.
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (c === '(') {
      groups.push({ risky: false });
      // (?:  (?=  (?!  (?<=  (?<!  (?<name>: the group's kind, not a quantifier.
      const kind = /^\?(:|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(pattern.slice(i + 1));
      if (kind) i += kind[0].length;
    } else if (c === ')') {
      const g = groups.pop()!;
      closedRisky = g.risky;
      if (g.risky) groups[groups.length - 1]!.risky = true;
    } else if (c === '|') {
      groups[groups.length - 1]!.risky = true;
    } else {
      const q = quantifierAt(pattern, i);
      if (q) {
        groups[groups.length - 1]!.risky = true;
        if (q.unbounded) unbounded++;
        if (q.repeats && lastGroupRisky) return 'nested-repeat';
        i = q.end;
      }
    }
    lastGroupRisky = c === ')' ? closedRisky : false;
  }
  if (unbounded > AUTO_REPLY_LIMITS.unboundedQuantifiers) return 'too-many-repeats';
  return null;
}

/** A quantifier starting at i: whether it repeats (more than once) and whether it is unbounded. */
function quantifierAt(p: string, i: number): { end: number; repeats: boolean; unbounded: boolean } | null {
  const c = p[i];
  let end = i;
  let repeats: boolean;
  let unbounded: boolean;
  if (c === '*' || c === '+') {
    repeats = true;
    unbounded = true;
  } else if (c === '?') {
    repeats = false;
    unbounded = false;
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return null;
    end = i + m[0].length - 1;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    repeats = max > 1;
    unbounded = max === Infinity;
  } else {
    return null;
  }
  if (p[end + 1] === '?') end++; // lazy
  return { end, repeats, unbounded };
}
