// Result and Status codes with their meanings in English and Chinese (docs/protocol.md "Result and Status codes", "Timers and flow control").
import { submitResultMeaning } from '../../../shared/submit-result.js';

export type Lang = 'en' | 'zh';

interface Meaning {
  en: string;
  zh: string;
}

/** CONNECT_RESP Status, docs/protocol.md "Result and Status codes". */
export const ConnectStatus = {
  OK: 0,
  STRUCTURE_ERROR: 1,
  ILLEGAL_SOURCE_ADDRESS: 2,
  AUTHENTICATION_ERROR: 3,
  VERSION_TOO_HIGH: 4,
} as const;

const connectStatus: Record<number, Meaning> = {
  0: { en: 'OK', zh: '正确' },
  1: { en: 'message structure error', zh: '消息结构错' },
  2: { en: 'illegal source address (SP_Id)', zh: '非法源地址' },
  3: { en: 'authentication error', zh: '认证错' },
  4: { en: 'version too high', zh: '版本太高' },
};

/**
 * docs/protocol.md "Timers and flow control": Status 2, 3 and 4 are configuration errors (stop reconnecting, tell the user); anything
 * else non-zero (5, vendor codes 55-60 for connection count or IP) may be retried with back-off.
 */
export function isConfigurationStatus(status: number): boolean {
  return status === 2 || status === 3 || status === 4;
}

export function connectStatusText(code: number, lang: Lang = 'en'): string {
  const m = connectStatus[code];
  if (m) return m[lang];
  return lang === 'zh'
    ? `其他错误 (${code}; 厂商自定义, 常见为连接数或IP地址限制)`
    : `other error (${code}; vendor-specific, often a connection-count or IP address limit)`;
}

/** SUBMIT_RESP Result, docs/protocol.md "Result and Status codes" (9-13 from V2.1 on; 2.0 gateways mean "other error" by them). */
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

/** In English (shared/submit-result.ts, the one table); the UI translates by code. */
export function submitResultText(code: number): string {
  return submitResultMeaning(code) ?? `other error (${code})`;
}

/** docs/protocol.md "Timers and flow control": Result 8 asks the SP to slow down and resend, without a resend storm. */
export function isFlowControl(result: number): boolean {
  return result === SubmitResult.FLOW_CONTROL;
}

/** DELIVER_RESP Result (0-8 as SUBMIT_RESP, 9 and above "other"), in English. */
export function deliverResultText(code: number): string {
  return code >= 0 && code <= 8 ? submitResultText(code) : `other error (${code})`;
}
