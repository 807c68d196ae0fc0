// Result / Status texts, command ids, versions and Stat classification.
import { describe, expect, it } from 'vitest';
import {
  CommandId,
  commandLabel,
  commandName,
  connectStatusText,
  deliverResultText,
  isConfigurationStatus,
  isResponse,
  layoutOfVersionByte,
  responseId,
  submitResultText,
  VERSION_BYTE,
} from '../../electron/cmpp/wire/index.js';
import { translate } from '../../renderer/src/i18n/index.js';
import { connectStatusText as connectStatusIn, statText } from '../../shared/i18n/code-text.js';
import { classifyStat } from '../../shared/stat.js';

const zh = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('zh-CN', key, params);
const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('en', key, params);

describe('codes and names', () => {
  it('SUBMIT_RESP and DELIVER_RESP results in English (the UI translates by code)', () => {
    expect(submitResultText(8)).toMatch(/flow control/);
    expect(submitResultText(13)).toBe('Dest_terminal_Id error');
    expect(submitResultText(99)).toBe('other error (99)');
    expect(deliverResultText(9)).toBe('other error (9)');
    expect(deliverResultText(7)).toBe('service code error');
  });

  it('CONNECT_RESP statuses; 2, 3 and 4 are configuration errors', () => {
    expect(connectStatusIn(3, zh)).toBe('认证错');
    expect(connectStatusText(3)).toBe(connectStatusIn(3, en));
    expect(connectStatusText(4)).toBe('version too high');
    expect(connectStatusText(56)).toMatch(/vendor-specific/);
    expect([0, 1, 2, 3, 4, 5, 55].map(isConfigurationStatus)).toEqual([false, false, true, true, true, false, false]);
  });

  it('command ids, responses and labels', () => {
    expect(CommandId.CMPP_SUBMIT_RESP).toBe(0x80000004);
    expect(commandName(0x80000008)).toBe('CMPP_ACTIVE_TEST_RESP');
    expect(commandName(0x99)).toBeUndefined();
    expect(commandLabel(0x99)).toBe('0x00000099');
    expect(isResponse(0x80000001)).toBe(true);
    expect(isResponse(0x00000001)).toBe(false);
    expect(responseId(CommandId.CMPP_DELIVER)).toBe(CommandId.CMPP_DELIVER_RESP);
  });

  it('version bytes: high nibble 3 is 3.0, everything else the 2.0 layout', () => {
    expect(VERSION_BYTE).toEqual({ '2.0': 0x20, '3.0': 0x30 });
    expect([0x30, 0x31, 0x20, 0x21, 0x00, 0x01].map(layoutOfVersionByte)).toEqual(['3.0', '3.0', '2.0', '2.0', '2.0', '2.0']);
  });

  it('classifies Stat per docs/protocol.md "Result and Status codes" and keeps unknown codes failed', () => {
    expect(classifyStat('DELIVRD')).toBe('delivered');
    expect(classifyStat('ACCEPTD')).toBe('pending');
    expect(classifyStat('UNKNOWN')).toBe('unknown');
    for (const s of ['UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED', 'MK:0012', 'AF:4', 'MA:0001']) expect(classifyStat(s)).toBe('failed');
    // An empty Stat is no status at all (shared/stat.ts): outcome unknown, never "failed".
    expect(classifyStat('')).toBe('unknown');
    expect(classifyStat('DELIVRD ')).toBe('delivered');
    expect(statText('MB:0013', zh)).toBe('SMSC返回错误响应消息');
    expect(statText('AF:4', en)).toBe('gateway-specific status AF:4');
    expect(statText(' delivrd ', en)).toBe('delivered');
  });
});
