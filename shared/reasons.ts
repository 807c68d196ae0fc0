// Why a message or segment is where it is: the reason texts stored in messages.reason and
// segments.reason. The stored text stays plain English (the CLI, the audit trail and exported logs
// read it as is), but every producer builds it here and the renderer parses it back into a code
// and parameters to show it in the user's language. Builder and pattern sit side by side, so a
// text and its translation cannot drift apart; text that matches no pattern (older rows, free text
// from a caller) is shown as stored.
import { submitResultEnglish } from './submit-result.js';

export type ReasonCode =
  | 'submit-result'
  | 'flow-control'
  | 'segment-failed'
  | 'sibling-failed'
  | 'report-stat'
  | 'in-doubt'
  | 'crash-in-doubt'
  | 'dropped-in-doubt'
  | 'cancelled-by-operator'
  | 'withdrawn'
  | 'report-wait-expired'
  | 'connection-unavailable'
  | 'not-sent'
  | 'no-text'
  | 'replanned'
  | 'opt-out'
  | 'frequency-cap'
  | 'signature'
  | 'sensitive-word'
  | 'merge-field'
  | 'unsendable'
  | 'login-refused'
  | 'login-failed';

export interface ParsedReason {
  code: ReasonCode;
  /** Values named in the pattern (e.g. result, stat, word); `reason` holds a nested reason text. */
  params: Record<string, string>;
}


function windowText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms} ms`;
}

/** The builders: every stored reason text comes from one of these. */
export const reasons = {
  submitResult: (result: number): string => {
    const meaning = result === 0 ? undefined : submitResultEnglish(result);
    return `SUBMIT_RESP Result ${result}${meaning ? ` (${meaning})` : ''}`;
  },
  /** docs/protocol.md "Timers and flow control": Result 8, back in the queue to be resent slower. */
  flowControl: (): string => `${reasons.submitResult(8)}: resend`,
  segmentFailed: (pkNumber: number): string => `segment ${pkNumber} failed`,
  siblingFailed: (reason: string): string => `another segment failed: ${reason}`,
  reportStat: (stat: string): string => `status report Stat ${stat}`,
  /** Written, no SUBMIT_RESP: `cause` is the session's failure code (connection-lost, timeout, ...). */
  inDoubt: (cause: string, detail: string): string => `in doubt (${cause}): ${detail}`,
  crashInDoubt: (): string => 'on the wire when the app stopped; no SUBMIT_RESP seen',
  droppedInDoubt: (): string => 'in doubt, dropped by the operator',
  cancelledByOperator: (): string => 'cancelled by the operator',
  withdrawn: (): string => 'withdrawn by CMPP_CANCEL (campaign cancelled)',
  reportWaitExpired: (): string => 'no status report within the report wait',
  connectionUnavailable: (): string => 'not sent: the connection was not available',
  notSent: (detail: string): string => `SUBMIT not sent: ${detail}`,
  noText: (): string => 'message has no text',
  replanned: (planned: number, enqueued: number): string =>
    `the text now plans to ${planned} segments, not the ${enqueued} enqueued (account signature or footer changed)`,
  optOut: (): string => 'opted out',
  frequencyCap: (recent: number, windowMs: number, max: number): string =>
    `frequency cap: ${recent} messages to this number within ${windowText(windowMs)} (max ${max})`,
  signature: (): string => 'no 【签名】 signature: commercial SMS must carry one (in the text or as the account signature)',
  sensitiveWord: (word: string): string => `sensitive word "${word}"`,
  mergeField: (field: string): string => `merge field {${field}} has no value for this recipient`,
  unsendable: (detail: string): string => `text cannot be sent: ${detail}`,
  /** A campaign paused by the engine: the gateway refused its account's login (CONNECT_RESP Status). */
  loginRefused: (account: string, status: number, meaning: string): string => `account ${account} cannot log in: the gateway refused the login with Status ${status} (${meaning})`,
  /** A campaign paused by the engine: its account cannot log in for another reason (e.g. AuthenticatorISMG). */
  loginFailed: (account: string, detail: string): string => `account ${account} cannot log in: ${detail}`,
};

// Anchored patterns, tried in order; named groups become the params.
const patterns: readonly { code: ReasonCode; re: RegExp }[] = [
  { code: 'flow-control', re: /^SUBMIT_RESP Result 8 \(flow control\): resend$/ },
  { code: 'submit-result', re: /^SUBMIT_RESP Result (?<result>\d+)(?: \(.*\))?$/ },
  { code: 'segment-failed', re: /^segment (?<pk>\d+) failed$/ },
  { code: 'sibling-failed', re: /^another segment failed: (?<reason>.*)$/s },
  { code: 'report-stat', re: /^status report Stat (?<stat>.*)$/ },
  { code: 'in-doubt', re: /^in doubt \((?<cause>[a-z-]+)\): (?<detail>.*)$/s },
  { code: 'crash-in-doubt', re: /^on the wire when the app stopped; no SUBMIT_RESP seen$/ },
  { code: 'dropped-in-doubt', re: /^in doubt, dropped by the operator$/ },
  { code: 'cancelled-by-operator', re: /^cancelled by the operator$/ },
  { code: 'withdrawn', re: /^withdrawn by CMPP_CANCEL/ },
  { code: 'report-wait-expired', re: /^no status report within the report wait$/ },
  { code: 'connection-unavailable', re: /^not sent: the connection was not available$/ },
  { code: 'not-sent', re: /^SUBMIT not sent: (?<detail>.*)$/s },
  { code: 'no-text', re: /^message has no text$/ },
  { code: 'replanned', re: /^the text now plans to (?<planned>\d+) segments, not the (?<enqueued>\d+) enqueued/ },
  { code: 'opt-out', re: /^opted out\b/ },
  { code: 'frequency-cap', re: /^frequency cap: (?<recent>\d+) messages to this number within (?<window>[^(]+) \(max (?<max>\d+)\)$/ },
  { code: 'signature', re: /^no 【签名】 signature/ },
  { code: 'sensitive-word', re: /^sensitive word "(?<word>.*)"$/s },
  { code: 'merge-field', re: /^merge field \{(?<field>[^}]*)\} has no value for this recipient$/ },
  { code: 'unsendable', re: /^text cannot be sent: (?<detail>.*)$/s },
  { code: 'login-refused', re: /^account (?<account>.+?) cannot log in: the gateway refused the login with Status (?<status>\d+) \(.*\)$/s },
  { code: 'login-failed', re: /^account (?<account>.+?) cannot log in: (?<detail>.*)$/s },
];

/** Every code parseReason can return. */
export const ReasonCodes: ReadonlySet<string> = new Set(patterns.map((p) => p.code));

/** The code and parameters of a stored reason text, or null for text no builder here writes. */
export function parseReason(text: string): ParsedReason | null {
  for (const p of patterns) {
    const m = p.re.exec(text);
    if (m) return { code: p.code, params: { ...(m.groups ?? {}) } };
  }
  return null;
}
