// The renderer's live store (plain TypeScript, no DOM needed): a report shown unmatched because
// it came before its SUBMIT_RESP is replaced in place when main publishes it again, matched.
import { describe, expect, it } from 'vitest';
import type { ReportRow } from '../../shared/ipc/contract/inbox.js';
import { LiveStore } from '../../renderer/src/monitor/live-store.js';
import { Ring } from '../../shared/ring-buffer.js';

const row = (msgId: string, number: string, over: Partial<ReportRow> = {}): ReportRow => ({
  at: 1, accountId: 1, msgId, number, stat: 'DELIVRD', outcome: 'delivered', messageId: null, campaignId: null, ...over,
});

describe('live store', () => {
  it('replaces an unmatched report row when the same report comes back matched (late)', () => {
    const s = new LiveStore();
    s.ingest('live.reports', { items: [row('1', '13800000001'), row('2', '13800000002'), row('3', '13800000003', { messageId: 9, campaignId: 2 })], dropped: 0 });
    s.ingest('live.reports', { items: [row('2', '13800000002', { messageId: 7, campaignId: 2, late: true })], dropped: 0 });
    expect(s.reports.newest(10).map((r) => [r.msgId, r.messageId])).toEqual([['3', 9], ['2', 7], ['1', null]]);
    // A late match whose row scrolled out of the ring adds nothing.
    s.ingest('live.reports', { items: [row('99', '13800000099', { messageId: 5, late: true })], dropped: 0 });
    expect(s.reports.length).toBe(3);
  });

  it('ring: replaceLast finds the newest match across the wrap', () => {
    const r = new Ring<number>(3);
    for (const n of [1, 2, 3, 4, 2]) r.push(n);
    expect(r.replaceLast((x) => x === 2, 20)).toBe(true);
    expect(r.toArray()).toEqual([3, 4, 20]);
    expect(r.replaceLast((x) => x === 1, 10)).toBe(false);
  });
});
