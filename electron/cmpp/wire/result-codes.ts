// Result and Status codes in the session's English (docs/protocol.md "Result and Status codes",
// "Timers and flow control"). The tables are shared/connect-status.ts and shared/submit-result.ts,
// the words the catalogues' (shared/code-table.ts): the UI shows the same code in the user's language.
import { englishText } from '../../../shared/code-table.js';
import { connectStatusMeaning } from '../../../shared/connect-status.js';
import { SubmitResult, submitResultEnglish } from '../../../shared/submit-result.js';

export { ConnectStatus } from '../../../shared/connect-status.js';
export { SubmitResult } from '../../../shared/submit-result.js';

/**
 * docs/protocol.md "Timers and flow control": Status 2, 3 and 4 are configuration errors (stop reconnecting, tell the user); anything
 * else non-zero (5, vendor codes 55-60 for connection count or IP) may be retried with back-off.
 */
export function isConfigurationStatus(status: number): boolean {
  return status === 2 || status === 3 || status === 4;
}

/** A CONNECT_RESP Status in English. */
export function connectStatusText(code: number): string {
  return englishText(connectStatusMeaning(code));
}

/** A SUBMIT_RESP Result in English; a code outside the table as "other error (N)". */
export function submitResultText(code: number): string {
  return submitResultEnglish(code) ?? `${englishText({ key: 'submitResult.other' })} (${code})`;
}

/** docs/protocol.md "Timers and flow control": Result 8 asks the SP to slow down and resend, without a resend storm. */
export function isFlowControl(result: number): boolean {
  return result === SubmitResult.FLOW_CONTROL;
}

/** DELIVER_RESP Result (0-8 as SUBMIT_RESP, 9 and above "other"), in English. */
export function deliverResultText(code: number): string {
  return code >= 0 && code <= 8 ? submitResultText(code) : `${englishText({ key: 'submitResult.other' })} (${code})`;
}
