// The CMPP codes in a language: the shared tables say which catalogue text explains a code
// (shared/code-table.ts), this looks it up with a translator (the UI's, or main's for an export).
import type { CodeText } from '../code-table.js';
import { connectStatusMeaning } from '../connect-status.js';
import { statMeaning } from '../stat.js';
import { submitResultMeaning } from '../submit-result.js';
import type { SharedTranslate } from './catalogue.js';

export function codeText(c: CodeText, t: SharedTranslate): string {
  return t(c.key, c.params);
}

/** A status report's Stat explained (DELIVRD: 成功送达; MB:0013: SMSC返回错误响应消息; ...). */
export function statText(stat: string, t: SharedTranslate): string {
  return codeText(statMeaning(stat), t);
}

/** A CONNECT_RESP Status's meaning. */
export function connectStatusText(status: number, t: SharedTranslate): string {
  return codeText(connectStatusMeaning(status), t);
}

/** A SUBMIT_RESP Result's meaning ("other error" for a code outside the table). */
export function submitResultText(result: number, t: SharedTranslate): string {
  return codeText(submitResultMeaning(result), t);
}
