// The form numbers are stored and matched in. Callers (import, campaign creation) validate and
// normalise numbers first; this key is applied again at every store boundary so a report's
// Dest_terminal_Id "8613800138000" still finds the segment sent to "13800138000" (docs/protocol.md "Message bodies": "86"
// prefix allowed on the wire; docs/glossary.md "Normalised number").
import { invalid } from './errors.js';
import { detail } from '../../shared/error-detail.js';

export function numberKey(raw: string): string {
  let s = raw.replace(/[\0\s]+/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13 && s[2] === '1') s = s.slice(2);
  return s;
}

/** numberKey, refusing an empty result: a message or contact without a number is an error. */
export function requireNumberKey(raw: string, what = 'number'): string {
  if (typeof raw !== 'string') throw invalid(`${what} must be a string`, detail('expected-string', what));
  const key = numberKey(raw);
  if (key.length === 0) throw invalid(`${what} is empty`, detail('empty', what));
  if (key.length > 32) throw invalid(`${what} "${raw}" is longer than 32 characters (docs/protocol.md "Message bodies": Dest_terminal_Id is 32 bytes at most)`, detail('too-long', what, { max: 32, actual: key.length }));
  return key;
}
