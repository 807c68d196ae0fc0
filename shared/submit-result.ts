// SUBMIT_RESP Result codes (docs/protocol.md "Result and Status codes"): the one table of them.
// 9-13 exist from V2.1 on; a 2.0 gateway means "other error" by them. Their texts are the
// catalogues' 'submitResult.<code>' (shared/code-table.ts): test/shared/code-texts.test.ts holds
// both catalogues to exactly these codes. The stored reason texts (shared/reasons.ts), the
// session's log lines and the CLI say the English one.
// Browser-safe: no Node builtins, no packages.
import { englishText, numericCodeTable } from './code-table.js';

export const SubmitResult = {
  OK: 0,
  STRUCTURE_ERROR: 1,
  COMMAND_ID_ERROR: 2,
  DUPLICATE_SEQUENCE: 3,
  LENGTH_ERROR: 4,
  FEE_CODE_ERROR: 5,
  CONTENT_TOO_LONG: 6,
  SERVICE_CODE_ERROR: 7,
  FLOW_CONTROL: 8,
  FEE_NUMBER_NOT_SERVED: 9,
  SRC_ID_ERROR: 10,
  MSG_SRC_ERROR: 11,
  FEE_TERMINAL_ID_ERROR: 12,
  DEST_TERMINAL_ID_ERROR: 13,
} as const;

const table = numericCodeTable('submitResult', SubmitResult);

export const SUBMIT_RESULT_CODES = table.codes;

/** The text of a Result: its own, or "other error" for a code outside the table. */
export const submitResultMeaning = table.meaning;

/** The English meaning of a Result, or undefined for a code outside the table (an "other error"). */
export function submitResultEnglish(code: number): string | undefined {
  return table.has(code) ? englishText(table.meaning(code)) : undefined;
}
