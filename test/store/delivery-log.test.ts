import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportRow, LogCursor } from '../../electron/store/log/delivery-log.js';
import type { Store } from '../../electron/store/store.js';
import { accountInput, decemberMsgId, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let accountId: number;
let campaignId: number;
const ids: Record<string, number> = {};

beforeAll(() => {
  store = openTestStore(tmp.file('log.db'));
  accountId = store.accounts.create(accountInput({ srcId: '1069' })).id;
  campaignId = store.campaigns.create({ name: 'log', accountId, text: 'x', srcIdExt: '77', feeType: '02', feeCode: '5' }).id;
  // 30 messages over time 1000..30000: 10 delivered (2 segments), 10 failed, 10 left queued; plus one skipped.
  let t = 1000;
  for (let i = 0; i < 30; i++, t += 1000) {
    for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 2 }, [{ number: String(13800000000 + i) }], { now: t }));
  }
  for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 1 }, [{ number: '13899999999', skipReason: 'opted out' }], { now: 31_000 }));
  const claimed = store.outbox.claim({ accountId, campaignId, limit: 20, reportExpected: true });
  let seq = 0;
  for (const m of claimed) {
    store.outbox.markSent(m.segments.map((s) => ({ segmentIds: [s.segmentId], sequenceId: ++seq, connection: 'c0', at: 40_000 })));
    const n = Number(m.number) - 13800000000;
    store.outbox.recordResponses(m.segments.map((s) => ({ segmentIds: [s.segmentId], msgId: decemberMsgId(seq * 10 + s.pkNumber), result: 0, at: 41_000 })));
    for (const s of m.segments) {
      const stat = n % 2 === 0 ? 'DELIVRD' : s.pkNumber === 2 ? 'UNDELIV' : 'DELIVRD';
      const msgId = store.log.detail(m.messageId).segments[s.pkNumber - 1]!.msgId!;
      store.reports.record({ accountId, deliverMsgId: msgId, msgId, stat, submitTime: '2412242359', doneTime: '2412250001', destTerminalId: m.number, smscSequence: 1, receivedAt: 42_000 });
    }
    ids[m.number] = m.messageId;
  }
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('delivery log', () => {
  it('pages newest first across states without gaps or repeats', () => {
    const seen: number[] = [];
    let cursor: LogCursor | undefined;
    for (;;) {
      const page = store.log.search({ campaignId }, 7, cursor);
      seen.push(...page.entries.map((e) => e.id));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
    const created = seen.map((id) => store.log.detail(id).message.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('filters by state set, time range, number and account', () => {
    const failed = store.log.search({ campaignId, states: ['failed'] }, 100).entries;
    expect(failed).toHaveLength(10);
    expect(failed.every((e) => e.stat === 'UNDELIV' && e.reason === 'status report Stat UNDELIV')).toBe(true);
    expect(store.log.search({ states: ['delivered', 'skipped'] }, 100).entries).toHaveLength(11);
    const window = store.log.search({ campaignId, from: 5000, to: 8000 }, 100).entries;
    expect(window.map((e) => e.number)).toEqual(['13800000006', '13800000005', '13800000004']);
    const one = store.log.search({ number: '+8613800000003' }, 100).entries;
    expect(one.map((e) => [e.number, e.state, e.billedCount])).toEqual([['13800000003', 'failed', 2]]);
    expect(store.log.search({ number: '13800000003', states: ['delivered'] }, 100).entries).toEqual([]);
    expect(store.log.search({ accountId: accountId + 1 }, 100).entries).toEqual([]);
    expect(() => store.log.search({ states: ['partial' as never] })).toThrow(/unknown message state "partial"/);
  });

  it('filters by Stat (exact or a 3.0 family), Msg_Id and direct sends, as the log view does', () => {
    expect(store.log.search({ stat: ' undeliv ' }, 100).entries.map((e) => e.state)).toEqual(Array(10).fill('failed'));
    expect(store.log.search({ stat: 'UND:' }, 100).entries).toEqual([]);
    expect(store.log.search({ stat: 'DELIV' }, 100).entries).toEqual([]);
    expect(store.log.search({ directOnly: true }, 100).entries).toEqual([]);
    expect(store.log.search({ directOnly: false, campaignId }, 100).entries).toHaveLength(31);
    const id = ids['13800000004']!;
    const msgId = store.log.detail(id).segments[1]!.msgId!;
    expect(store.log.search({ msgId: msgId.toString() }, 100).entries.map((e) => e.id)).toEqual([id]);
    expect(store.log.search({ msgId: msgId.toString(), states: ['failed'] }, 100).entries).toEqual([]);
    expect(() => store.log.search({ stat: 'MK:00123' })).toThrow(/not a Stat value/);
    expect(() => store.log.search({ msgId: 'x' })).toThrow(/not a Msg_Id/);
    expect(() => store.log.search({ directOnly: true, campaignId })).toThrow(/either one campaign or direct sends/);
  });

  it('exports one row per segment, oldest first, in pages, with every column the export needs', () => {
    const rows: ExportRow[] = [];
    let cursor: LogCursor | undefined;
    for (;;) {
      const page = store.log.exportPage({ campaignId }, 4, cursor);
      rows.push(...page.rows);
      if (!page.next) break;
      cursor = page.next;
    }
    // 20 sent messages x 2 segments + 10 queued (no segments yet) + 1 skipped
    expect(rows).toHaveLength(51);
    const first = rows[0]!;
    expect(first).toMatchObject({
      number: '13800000000',
      messageState: 'delivered',
      segmentState: 'delivered',
      pkNumber: 1,
      pkTotal: 2,
      stat: 'DELIVRD',
      result: 0,
      srcId: '106977',
      feeType: '02',
      feeCode: '5',
      billedCount: 2,
      inDoubt: false,
      possibleDuplicate: false,
      campaignName: 'log',
      accountName: 'gw1',
    });
    expect(first.msgId! >> 60n).toBe(12n);
    const queued = rows.find((r) => r.messageState === 'queued')!;
    expect(queued).toMatchObject({ segmentState: null, pkNumber: null, pkTotal: 2, msgId: null });
    expect(rows.at(-1)).toMatchObject({ number: '13899999999', messageState: 'skipped', reason: 'opted out' });
  });

  it('shows partial for a long message with some segments delivered', () => {
    const c = store.campaigns.create({ name: 'partial', accountId, text: 'x' });
    for (const _ of store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 2 }, [{ number: '13700000000' }]));
    const [m] = store.outbox.claim({ accountId, campaignId: c.id, limit: 1, reportExpected: true });
    store.outbox.markSent(m!.segments.map((s) => ({ segmentIds: [s.segmentId], sequenceId: 1, connection: 'c0' })));
    store.outbox.recordResponses(m!.segments.map((s) => ({ segmentIds: [s.segmentId], msgId: decemberMsgId(900 + s.pkNumber), result: 0 })));
    store.reports.record({ accountId, deliverMsgId: 1n, msgId: decemberMsgId(901), stat: 'DELIVRD', submitTime: '', doneTime: '', destTerminalId: '13700000000', smscSequence: 0 });
    expect(store.log.search({ campaignId: c.id }).entries[0]).toMatchObject({ state: 'submitted', rollup: 'partial' });
  });
});
