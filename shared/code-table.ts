// Which catalogue text explains a CMPP code, and the English of it for the main process.
//
// The codes are tabled once each in shared/ (stat.ts, connect-status.ts, submit-result.ts); their
// texts, in both languages, are the shared catalogue's (shared/i18n/{zh-CN,en}/codes.ts), which the
// renderer's catalogues include whole. What crosses from main to the UI is the code, never a text:
// the UI looks it up in the user's language (shared/i18n/code-text.ts). The main process's log
// lines and stored reason texts are English: the same English catalogue's words, so the engine and
// the UI never word a code differently (docs/architecture.md "Texts").
import { codesEn } from './i18n/en/codes.js';
import { fillPlaceholders } from './i18n/catalogue.js';

export type CodeTextKey = keyof typeof codesEn;

/** A catalogue key with the values of its {placeholders}. */
export interface CodeText {
  key: CodeTextKey;
  params?: Record<string, string>;
}

/** The English text, for the main process's log lines and stored reasons. */
export function englishText(c: CodeText): string {
  return fillPlaceholders(codesEn[c.key], c.params);
}

/** A table of numeric codes (CONNECT_RESP Status, SUBMIT_RESP Result) and which text explains each. */
export interface NumericCodeTable<C extends number> {
  readonly codes: readonly C[];
  has(code: number): code is C;
  /** The code's own text `<prefix>.<code>`, or `<prefix>.other` for a code outside the table. */
  meaning(code: number): CodeText;
}

/**
 * The table of `named` codes whose texts are `<prefix>.<code>`: it compiles only when the
 * catalogues word every code of it and the fallback `<prefix>.other`.
 */
export function numericCodeTable<P extends string, C extends number>(
  prefix: P & ([`${P}.${C}` | `${P}.other`] extends [CodeTextKey] ? unknown : never),
  named: Readonly<Record<string, C>>,
): NumericCodeTable<C> {
  const codes = Object.values(named);
  const has = (code: number): code is C => (codes as readonly number[]).includes(code);
  return { codes, has, meaning: (code) => ({ key: (has(code) ? `${prefix}.${code}` : `${prefix}.other`) as CodeTextKey }) };
}
