// Reason texts: every builder's text parses back to its own code and parameters (so the renderer
// can translate every reason the engine stores), and each code reads in both languages.
import { describe, expect, it } from 'vitest';
import { parseReason, reasons, type ReasonCode } from '../../shared/reasons.js';
import { translate, type Translate } from '../../renderer/src/i18n/index.js';
import { reasonText } from '../../shared/i18n/reason-text.js';

const built: [string, ReasonCode, Record<string, string>][] = [
  [reasons.submitResult(13), 'submit-result', { result: '13' }],
  [reasons.submitResult(99), 'submit-result', { result: '99' }],
  [reasons.flowControl(), 'flow-control', {}],
  [reasons.segmentFailed(2), 'segment-failed', { pk: '2' }],
  [reasons.siblingFailed(reasons.submitResult(6)), 'sibling-failed', { reason: 'SUBMIT_RESP Result 6 (content too long)' }],
  [reasons.reportStat('MK:0012'), 'report-stat', { stat: 'MK:0012' }],
  [reasons.inDoubt('connection-lost', 'connection lost before SUBMIT_RESP'), 'in-doubt', { cause: 'connection-lost', detail: 'connection lost before SUBMIT_RESP' }],
  [reasons.crashInDoubt(), 'crash-in-doubt', {}],
  [reasons.droppedInDoubt(), 'dropped-in-doubt', {}],
  [reasons.cancelledByOperator(), 'cancelled-by-operator', {}],
  [reasons.withdrawn(), 'withdrawn', {}],
  [reasons.reportWaitExpired(), 'report-wait-expired', {}],
  [reasons.connectionUnavailable(), 'connection-unavailable', {}],
  [reasons.notSent('Dest_terminal_Id: too long'), 'not-sent', { detail: 'Dest_terminal_Id: too long' }],
  [reasons.noText(), 'no-text', {}],
  [reasons.replanned(3, 2), 'replanned', { planned: '3', enqueued: '2' }],
  [reasons.optOut(), 'opt-out', {}],
  [reasons.frequencyCap(2, 86_400_000, 2), 'frequency-cap', { recent: '2', window: '24 h', max: '2' }],
  [reasons.signature(), 'signature', {}],
  [reasons.sensitiveWord('赌博'), 'sensitive-word', { word: '赌博' }],
  [reasons.mergeField('city'), 'merge-field', { field: 'city' }],
  [reasons.unsendable('segment cap exceeded'), 'unsendable', { detail: 'segment cap exceeded' }],
  [reasons.loginRefused('gw (1)', 3, 'authentication error'), 'login-refused', { account: 'gw (1)', status: '3' }],
  [reasons.loginFailed('gw', 'AuthenticatorISMG mismatch'), 'login-failed', { account: 'gw', detail: 'AuthenticatorISMG mismatch' }],
];

describe('reason texts', () => {
  it('parse back to the code and parameters they were built from', () => {
    for (const [text, code, params] of built) expect(parseReason(text), text).toEqual({ code, params });
    // Every code is covered above.
    expect(new Set(built.map((b) => b[1])).size).toBe(Object.keys(reasons).length);
  });

  it('keep the English the store and the CLI have always shown', () => {
    expect(reasons.submitResult(13)).toBe('SUBMIT_RESP Result 13 (Dest_terminal_Id error)');
    expect(reasons.reportStat('UNDELIV')).toBe('status report Stat UNDELIV');
    expect(reasons.frequencyCap(1, 86_400_000, 1)).toBe('frequency cap: 1 messages to this number within 24 h (max 1)');
  });

  it('reads in Chinese and in English, nested reasons and parameters included', () => {
    const zh: Translate = (k, p) => translate('zh-CN', k, p);
    const en: Translate = (k, p) => translate('en', k, p);
    // No placeholder left unfilled, no key shown instead of its text.
    const unfilled = /\{(result|meaning|pk|reason|stat|cause|detail|planned|enqueued|recent|window|max|word|field|account|status)\}|reason\./;
    for (const [text] of built) {
      const z = reasonText(text, zh);
      expect(z, text).not.toMatch(unfilled);
      expect(z).not.toBe(text);
      expect(reasonText(text, en), text).not.toMatch(unfilled);
    }
    expect(reasonText(reasons.submitResult(13), zh)).toBe('网关拒收：SUBMIT_RESP Result 13（Dest_terminal_Id 错误）');
    expect(reasonText(reasons.siblingFailed(reasons.reportStat('UNDELIV')), zh)).toBe('同一条消息的另一段失败：状态报告 Stat UNDELIV');
    expect(reasonText(reasons.frequencyCap(2, 86_400_000, 2), zh)).toBe('超过频次限制：24 小时内已发 2 条（上限 2 条）');
    expect(reasonText(reasons.mergeField('city'), zh)).toBe('合并字段 {city} 对该联系人没有值');
    expect(reasonText(reasons.inDoubt('timeout', 'no SUBMIT_RESP after 3 sends'), zh)).toBe('已发出但未收到 SUBMIT_RESP（多次重发仍无响应）：结果不明');
    // Text no builder wrote (an older row, a caller's own words) is shown as stored.
    expect(reasonText('opted out by phone call', zh)).toBe('已退订');
    expect(reasonText('something else entirely', zh)).toBe('something else entirely');
    expect(reasonText(null, zh)).toBe('');
    expect(reasonText(reasons.loginRefused('gw', 3, 'authentication error'), zh)).toBe('账号 gw 无法登录：网关拒绝登录，Status 3（认证错）');
    expect(reasonText(reasons.loginRefused('gw', 3, 'authentication error'), en)).toBe('account gw cannot log in: the gateway refused the login with Status 3 (authentication error)');
  });
});
