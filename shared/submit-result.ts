// SUBMIT_RESP Result codes (docs/protocol.md "Result and Status codes"): the one table of what each
// code means, in English, for stored reason texts (shared/reasons.ts), the session's log lines and
// the CLI. The renderer shows its catalogues' texts for 'reason.result.<code>' in either language;
// test/shared/submit-result.test.ts holds both catalogues to exactly these codes, and the English
// catalogue to these words. 9-13 exist from V2.1 on; a 2.0 gateway means "other error" by them.
// Browser-safe: no Node builtins, no packages.

export const SUBMIT_RESULT_MEANINGS: Readonly<Record<number, string>> = {
  0: 'OK',
  1: 'structure error',
  2: 'command id error',
  3: 'duplicate sequence',
  4: 'length error',
  5: 'fee code error',
  6: 'content too long',
  7: 'service code error',
  8: 'flow control',
  9: 'fee number not served here',
  10: 'Src_Id error',
  11: 'Msg_src error',
  12: 'Fee_terminal_Id error',
  13: 'Dest_terminal_Id error',
};

/** The English meaning of a Result, or undefined for a code outside the table (an "other error"). */
export function submitResultMeaning(code: number): string | undefined {
  return Object.hasOwn(SUBMIT_RESULT_MEANINGS, code) ? SUBMIT_RESULT_MEANINGS[code] : undefined;
}
