// Status reports: matched by (account, Msg_Id, destination) (docs/protocol.md "Msg_Id"), December Msg_Ids, rollup of
// long messages, reports before responses, unmatched reports kept, resent DELIVERs not stored twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../electron/store/reports.js';
import type { Store } from '../../electron/store/store.js';
import { accountInput, decemberMsgId, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let accountId: number;
let otherAccountId: number;
beforeAll(() => {
  store = openTestStore(tmp.file('reports.db'));
  accountId = store.accounts.create(accountInput()).id;
  otherAccountId = store.accounts.create(accountInput({ name: 'gw2' })).id;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

let seq = 1000;
let deliverSeq = 1;
/** Enqueues one message, sends all its segments, answers Result 0; returns its ids and Msg_Ids. */
function submitted(number: string, segments = 1, account = accountId) {
  const c = store.campaigns.create({ name: `c${seq}`, accountId: account, text: 'x' });
  for (const _ of store.outbox.enqueue({ accountId: account, campaignId: c.id, segmentCount: segments }, [{ number }]));
  const [m] = store.outbox.claim({ accountId: account, campaignId: c.id, limit: 1, reportExpected: true });
  const msgIds = m!.segments.map(() => decemberMsgId(seq++));
  store.outbox.markSent(m!.segments.map((s) => ({ segmentIds: [s.segmentId], sequenceId: 1, connection: 'c0' })));
  store.outbox.recordResponses(m!.segments.map((s, i) => ({ segmentIds: [s.segmentId], msgId: msgIds[i]!, result: 0, at: 10_000 })));
  return { messageId: m!.messageId, campaignId: c.id, segmentIds: m!.segments.map((s) => s.segmentId), msgIds };
}

function report(msgId: bigint, dest: string, stat = 'DELIVRD', over: Partial<ReportInput> = {}): ReportInput {
  return {
    accountId,
    deliverMsgId: decemberMsgId(deliverSeq++, 30),
    msgId,
    stat,
    submitTime: '2412242359',
    doneTime: '2412250001',
    destTerminalId: dest,
    smscSequence: 42,
    destId: '106900001',
    serviceId: 'test',
    ...over,
  };
}

const stateOf = (id: number) => store.log.detail(id).message;

describe('report matching', () => {
  it('matches a December Msg_Id to its segment, 86-prefixed destination included', () => {
    const m = submitted('13800000001');
    const r = store.reports.record(report(m.msgIds[0]!, '8613800000001'));
    expect(r).toMatchObject({ duplicate: false, segmentId: m.segmentIds[0], outcome: 'delivered' });
    expect(stateOf(m.messageId)).toMatchObject({ state: 'delivered', stat: 'DELIVRD', rollup: 'delivered' });
    const stored = store.reports.get(r.reportId)!;
    expect(stored.msgId).toBe(m.msgIds[0]);
    expect(stored.msgId > 2n ** 63n).toBe(true);
    expect(stored.deliverMsgId >> 60n).toBe(12n);
    expect(stored).toMatchObject({ destTerminalId: '8613800000001', number: '13800000001', segmentId: m.segmentIds[0], stat: 'DELIVRD' });
    expect(store.reports.forSegment(m.segmentIds[0]!).map((x) => x.id)).toEqual([r.reportId]);
    expect(store.reports.byMsgId(accountId, m.msgIds[0]!).map((x) => x.id)).toEqual([r.reportId]);
  });

  it('delivers a 3-segment message only when every segment is delivered, showing partial meanwhile', () => {
    const m = submitted('13800000002', 3);
    store.reports.record(report(m.msgIds[0]!, '13800000002'));
    expect(stateOf(m.messageId)).toMatchObject({ state: 'submitted', rollup: 'partial' });
    store.reports.record(report(m.msgIds[2]!, '13800000002'));
    expect(stateOf(m.messageId)).toMatchObject({ state: 'submitted', rollup: 'partial' });
    store.reports.record(report(m.msgIds[1]!, '13800000002'));
    expect(stateOf(m.messageId)).toMatchObject({ state: 'delivered', rollup: 'delivered' });
    expect(store.campaigns.counts(m.campaignId)).toMatchObject({ delivered: 1, submitted: 0 });
  });

  it('fails the message when any segment fails, keeping that Stat', () => {
    const m = submitted('13800000003', 2);
    store.reports.record(report(m.msgIds[0]!, '13800000003'));
    store.reports.record(report(m.msgIds[1]!, '13800000003', 'MK:0012'));
    expect(stateOf(m.messageId)).toMatchObject({ state: 'failed', stat: 'MK:0012', reason: 'status report Stat MK:0012', rollup: 'failed' });
  });

  it('ignores ACCEPTD, and UNKNOWN never overrides a final outcome', () => {
    const m = submitted('13800000004');
    store.reports.record(report(m.msgIds[0]!, '13800000004', 'ACCEPTD'));
    expect(stateOf(m.messageId).state).toBe('submitted');
    store.reports.record(report(m.msgIds[0]!, '13800000004', 'DELIVRD'));
    store.reports.record(report(m.msgIds[0]!, '13800000004', 'UNKNOWN'));
    expect(stateOf(m.messageId).state).toBe('delivered');
    const u = submitted('13800000005');
    store.reports.record(report(u.msgIds[0]!, '13800000005', 'UNKNOWN'));
    expect(stateOf(u.messageId)).toMatchObject({ state: 'unknown', stat: 'UNKNOWN' });
  });

  it('turns no report within the wait into unknown, and a late report still updates it', () => {
    const m = submitted('13800000006');
    expect(store.outbox.expireReports(accountId, 10_000, 1000, 20_000)).toBe(0); // response at 10,000: not before the cutoff
    const n = store.outbox.expireReports(accountId, 10_001, 1000, 20_000);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(stateOf(m.messageId)).toMatchObject({ state: 'unknown', reason: 'no status report within the report wait', doneAt: 20_000 });
    store.reports.record(report(m.msgIds[0]!, '13800000006', 'DELIVRD', { receivedAt: 99_000 }));
    expect(stateOf(m.messageId)).toMatchObject({ state: 'delivered', doneAt: 99_000 });
  });

  it('keeps a report that arrives before its SUBMIT_RESP and matches it when the response comes', () => {
    const c = store.campaigns.create({ name: 'early', accountId, text: 'x' });
    for (const _ of store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, [{ number: '13800000007' }]));
    const [m] = store.outbox.claim({ accountId, campaignId: c.id, limit: 1, reportExpected: true });
    store.outbox.markSent([{ segmentIds: [m!.segments[0]!.segmentId], sequenceId: 1, connection: 'c0' }]);
    const msgId = decemberMsgId(60_000);
    const early = store.reports.record(report(msgId, '13800000007'));
    expect(early.segmentId).toBeNull();
    expect(store.reports.unmatched().map((r) => r.id)).toContain(early.reportId);
    const sum = store.outbox.recordResponses([{ segmentIds: [m!.segments[0]!.segmentId], msgId, result: 0 }]);
    expect(sum.reportsMatched).toBe(1);
    expect(sum.lateReports).toEqual([{ reportId: early.reportId, segmentId: m!.segments[0]!.segmentId }]);
    expect(stateOf(m!.messageId).state).toBe('delivered');
    expect(store.reports.get(early.reportId)!.segmentId).toBe(m!.segments[0]!.segmentId);
    expect(store.reports.unmatched().map((r) => r.id)).not.toContain(early.reportId);
  });

  it('keeps and lists reports that match nothing', () => {
    const before = store.reports.unmatchedCount();
    const r = store.reports.record(report(decemberMsgId(61_000), '13999999999', 'UNDELIV'));
    expect(r.segmentId).toBeNull();
    expect(store.reports.unmatchedCount()).toBe(before + 1);
    expect(store.reports.unmatched(10)[0]).toMatchObject({ id: r.reportId, stat: 'UNDELIV', outcome: 'failed', number: '13999999999' });
  });

  it('recognises a resent DELIVER and does not store it twice', () => {
    const m = submitted('13800000008');
    const input = report(m.msgIds[0]!, '13800000008');
    const first = store.reports.record(input);
    const again = store.reports.recordMany([input, input]);
    expect(again.map((r) => [r.reportId, r.duplicate])).toEqual([
      [first.reportId, true],
      [first.reportId, true],
    ]);
    expect(store.reports.forSegment(m.segmentIds[0]!)).toHaveLength(1);
    // Outside the window (a Msg_Id repeats a year later) the same ids are a new report.
    const later = store.reports.record({ ...input, receivedAt: Date.now() + 8 * 86_400_000 });
    expect(later.duplicate).toBe(false);
  });

  it('recognises resends of reports matched late, through the PDU Msg_Id or not at all, and reads each back as received', () => {
    // Stored compactly (report-columns.ts): each shape keeps other columns, and each resend is found by another path.
    const c = store.campaigns.create({ name: 'shapes', accountId, text: 'x' });
    for (const _ of store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, [{ number: '13600000001' }, { number: '13600000002' }]));
    const claimed = store.outbox.claim({ accountId, campaignId: c.id, limit: 10, reportExpected: true });
    const segmentIds = claimed.map((m) => m.segments[0]!.segmentId);
    const pdu = decemberMsgId(63_000);
    store.outbox.markSent([{ segmentIds, sequenceId: 9, connection: 'c0' }]);
    const early = report(pdu, '8613600000001', 'DELIVRD', { submitTime: '0912242359', doneTime: '24122', connection: '2', receivedAt: 50_000 });
    const earlyId = store.reports.record(early).reportId;
    store.outbox.recordResponses([{ segmentIds, msgId: pdu, result: 0, at: 50_100 }]);
    const viaPdu = report(pdu, '13600000002', 'UNDELIV', { destId: '1069000099', serviceId: 'other', receivedAt: 50_200 });
    const viaPduId = store.reports.record(viaPdu).reportId;
    const stray = report(decemberMsgId(63_100), '+86 136 0000 0009', 'EXPIRED', { receivedAt: 50_300 });
    const strayId = store.reports.record(stray).reportId;
    const asReceived = (r: ReportInput, id: number, segmentId: number | null, number: string, matchedAt: number | null) => ({
      id, accountId, receivedAt: r.receivedAt, deliverMsgId: r.deliverMsgId, msgId: r.msgId, stat: r.stat, submitTime: r.submitTime,
      doneTime: r.doneTime, destTerminalId: r.destTerminalId, number, smscSequence: r.smscSequence, destId: r.destId, serviceId: r.serviceId,
      connection: r.connection ?? null, segmentId, matchedAt,
    });
    expect(store.reports.get(earlyId)).toMatchObject(asReceived(early, earlyId, segmentIds[0]!, '13600000001', 50_100));
    expect(store.reports.get(viaPduId)).toMatchObject(asReceived(viaPdu, viaPduId, segmentIds[1]!, '13600000002', 50_200));
    expect(store.reports.get(strayId)).toMatchObject(asReceived(stray, strayId, null, '13600000009', null));
    expect(store.reports.byMsgId(accountId, pdu).map((r) => r.id)).toEqual([earlyId, viaPduId]);
    const again = store.reports.recordMany([early, viaPdu, stray].map((r) => ({ ...r, receivedAt: r.receivedAt! + 1 })));
    expect(again.map((r) => [r.reportId, r.duplicate])).toEqual([[earlyId, true], [viaPduId, true], [strayId, true]]);
  });

  it('matches within the account only: Msg_Ids are not unique across accounts', () => {
    const a = submitted('13800000009');
    const msgId = a.msgIds[0]!;
    const b = store.reports.record(report(msgId, '13800000009', 'DELIVRD', { accountId: otherAccountId }));
    expect(b.segmentId).toBeNull();
    expect(stateOf(a.messageId).state).toBe('submitted');
  });

  it('matches gateways that stamp the PDU Msg_Id on every destination of a multi-destination SUBMIT', () => {
    const c = store.campaigns.create({ name: 'multi', accountId, text: 'x' });
    for (const _ of store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, [{ number: '13700000001' }, { number: '13700000002' }]));
    const claimed = store.outbox.claim({ accountId, campaignId: c.id, limit: 10, reportExpected: true });
    const segmentIds = claimed.map((m) => m.segments[0]!.segmentId);
    const pdu = decemberMsgId(62_000);
    store.outbox.markSent([{ segmentIds, sequenceId: 9, connection: 'c0' }]);
    store.outbox.recordResponses([{ segmentIds, msgId: pdu, result: 0 }]);
    // Destination 0 by its own Msg_Id (= the PDU's), destination 1 by the PDU's Msg_Id as well.
    expect(store.reports.record(report(pdu, '13700000001')).segmentId).toBe(segmentIds[0]);
    expect(store.reports.record(report(pdu, '13700000002')).segmentId).toBe(segmentIds[1]);
    expect(claimed.map((m) => stateOf(m.messageId).state)).toEqual(['delivered', 'delivered']);
  });

  it('applies a batch of reports in one transaction and refuses a bad one whole', () => {
    const m = submitted('13800000010');
    expect(() => store.reports.recordMany([report(m.msgIds[0]!, '13800000010'), report(-1n, '13800000010')])).toThrow(/unsigned 64-bit/);
    expect(store.reports.forSegment(m.segmentIds[0]!)).toHaveLength(0);
    expect(stateOf(m.messageId).state).toBe('submitted');
  });
});

describe('counters after reports', () => {
  it('agree with a full recount', () => {
    const campaigns = store.campaigns.list();
    const kept = campaigns.map((c) => store.campaigns.counts(c.id));
    for (const c of campaigns) store.outbox.recount(c.id);
    expect(campaigns.map((c) => store.campaigns.counts(c.id))).toEqual(kept);
  });
});
