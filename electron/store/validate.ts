// Field rules shared by accounts and campaigns. Each failure names the field and the rule, so the
// UI and the CLI can show it as is.
import { feeFieldDetail, feeFieldProblem } from '../../shared/account-defaults.js';
import { detail, shownValue, type ErrorDetail } from '../../shared/error-detail.js';
import { invalid } from './errors.js';

export function checkInt(v: unknown, what: string, min: number, max: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(`${what} must be an integer from ${min} to ${max}, got ${String(v)}`, detail('out-of-range', what, { min, max, value: shownValue(v) }));
  }
}

export function checkText(v: unknown, what: string, min: number, max: number): asserts v is string {
  if (typeof v !== 'string') throw invalid(`${what} must be text`, detail('expected-string', what));
  const n = [...v].length;
  if (n < min) throw invalid(min === 1 ? `${what} must not be empty` : `${what} needs at least ${min} characters`, detail(n === 0 ? 'empty' : 'too-short', what, { min, actual: n }));
  if (n > max) throw invalid(`${what} is ${n} characters long; at most ${max} allowed`, detail('too-long', what, { max, actual: n }));
}

/** Fixed-length CMPP Octet String fields: printable ASCII only, so they fit their bytes exactly. */
export function checkAscii(v: unknown, what: string, min: number, max: number): asserts v is string {
  checkText(v, what, min, max);
  if (!/^[\x20-\x7e]*$/.test(v)) throw invalid(`${what} "${v}" must be printable ASCII (it is a fixed-length CMPP field)`, detail('not-ascii', what));
}

export interface FeeFields {
  /** FeeType: "01" free, "02" per message, "03" monthly; 2.0 also "04", "05" (docs/protocol.md "Message bodies"). */
  feeType: string;
  /** FeeCode in fen, 1..6 digits. */
  feeCode: string;
  /** Fee_UserType 0..3. */
  feeUserType: number;
  /** Fee_terminal_Id, required when Fee_UserType is 3. */
  feeTerminalId: string;
}

export function checkFee(f: FeeFields, version: '2.0' | '3.0'): void {
  const feeTypeProblem = feeFieldProblem('feeType', f.feeType, version);
  if (feeTypeProblem) throw invalid(feeTypeProblem, feeFieldDetail('feeType', f.feeType, version));
  if (typeof f.feeCode !== 'string' || !/^[0-9]{1,6}$/.test(f.feeCode)) {
    throw invalid(`FeeCode must be 1 to 6 digits (fen), got "${String(f.feeCode)}"`, feeCodeDetail(f.feeCode));
  }
  checkInt(f.feeUserType, 'Fee_UserType', 0, 3);
  checkAscii(f.feeTerminalId, 'Fee_terminal_Id', f.feeUserType === 3 ? 1 : 0, version === '2.0' ? 21 : 32);
}

/** FeeCode's rule (1 to 6 digits, in fen) broken, as the operator reads it. */
export function feeCodeDetail(value: unknown): ErrorDetail {
  return detail('digits-length', 'FeeCode', { min: 1, max: 6, value: shownValue(value) });
}

/** SMPP 3.3 time string as CMPP uses it (ValId_Time, At_Time): '' or 16 characters (docs/protocol.md "Message bodies"). */
export function checkCmppTime(v: unknown, what: string): asserts v is string {
  if (typeof v !== 'string' || (v !== '' && !/^\d{12}\d[0-4]\d[+\-R]$/.test(v))) {
    throw invalid(`${what} must be empty or a 16-character SMPP time like "151105131555101+", got "${String(v)}"`, detail('not-cmpp-time', what, { value: shownValue(v) }));
  }
}

/**
 * A charged message (FeeCode > 0) costs the recipient money when sent twice, so an
 * in-doubt one waits for the operator. FeeCode decides even when FeeType says free: when the two
 * disagree, caution wins.
 */
export function isCharged(feeCode: string): boolean {
  return /[1-9]/.test(feeCode);
}
