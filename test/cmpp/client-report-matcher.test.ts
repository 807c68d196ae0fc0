import { describe, expect, it } from 'vitest';
import { normaliseTerminal, ReportMatcher } from '../../electron/cmpp/session/report-matcher.js';
import type { StatusReport } from '../../electron/cmpp/wire/report.js';
import { addToMsgId, composeMsgId } from '../../shared/msg-id.js';

// A December id: above 2^63 (docs/protocol.md "Msg_Id"), with the sequence part near the 16-bit wrap.
const base = composeMsgId({ month: 12, day: 31, hour: 23, minute: 59, second: 59, ismgCode: 79101, sequence: 0xfffe });

const report = (id: bigint, dest: string, stat = 'DELIVRD'): StatusReport => ({
  Msg_Id: id,
  Stat: stat,
  Submit_time: '2412312359',
  Done_time: '2412312359',
  Dest_terminal_Id: dest,
  SMSC_sequence: 1,
});

describe('ReportMatcher', () => {
  it('matches the i-th destination to Msg_Id + i, wrapping the 16-bit sequence inside the range', () => {
    const m = new ReportMatcher<string>();
    expect(m.expect(base, ['13800000001', '13800000002', '13800000003'], 'job')).toEqual([]);
    const third = m.report(report(addToMsgId(base, 2), '13800000003'));
    expect(third).toMatchObject({ kind: 'matched', value: 'job', destIndex: 2, final: true });
    expect(addToMsgId(base, 2) & 0xffffn).toBe(0n); // wrapped
    expect(m.report(report(addToMsgId(base, 1), '8613800000002'))).toMatchObject({ kind: 'matched', destIndex: 1 });
  });

  it('also matches gateways that stamp one Msg_Id on every destination', () => {
    const m = new ReportMatcher<number>();
    m.expect(base, ['13800000001', '13800000002'], 7);
    expect(m.report(report(base, '+8613800000002'))).toMatchObject({ kind: 'matched', value: 7, destIndex: 1 });
  });

  it('keeps reports that arrive before their SUBMIT_RESP and matches them when it comes', () => {
    const m = new ReportMatcher<number>();
    expect(m.report(report(base, '13800000001', 'UNDELIV')).kind).toBe('early');
    expect(m.early).toBe(1);
    const late = m.expect(base, ['13800000001'], 1);
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ kind: 'matched', value: 1, final: true, report: { Stat: 'UNDELIV' } });
    expect(m.early).toBe(0);
  });

  it('flags a second final report as a duplicate; ACCEPTD is not final', () => {
    const m = new ReportMatcher<number>();
    m.expect(base, ['13800000001'], 1);
    expect(m.report(report(base, '13800000001', 'ACCEPTD'))).toMatchObject({ kind: 'matched', final: false });
    expect(m.report(report(base, '13800000001'))).toMatchObject({ kind: 'matched', final: true });
    expect(m.report(report(base, '13800000001')).kind).toBe('duplicate');
  });

  it('normalises 86 / +86 prefixes of mobile numbers only', () => {
    expect(normaliseTerminal('+8613912345678')).toBe('13912345678');
    expect(normaliseTerminal('8613912345678')).toBe('13912345678');
    expect(normaliseTerminal('10086')).toBe('10086');
  });
});
