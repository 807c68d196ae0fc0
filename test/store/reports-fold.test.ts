// A segment's first report kept in its row (electron/store/folded-reports.ts): read back exactly as
// received by every reader, moved to status_reports when a second report comes, recognised when
// the DELIVER is resent (folded or not), and not folded when it cannot be said exactly in the row
// (matched late, through the PDU's Msg_Id, a connection the row cannot tell apart, a pending Stat).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput, StatusReport } from '../../electron/store/reports.js';
import type { Store } from '../../electron/store/store.js';
import { accountInput, decemberMsgId, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let accountId: number;
beforeAll(() => {
  store = openTestStore(tmp.file('fold.db'));
  accountId = store.accounts.create(accountInput()).id;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

let seq = 3000;
let deliverSeq = 5000;
/** One message sent on connection c0 and answered with Result 0 (`respond` false: not answered yet). */
function submitted(number: string, respond = true) {
  const c = store.campaigns.create({ name: `f${seq}`, accountId, text: 'x' });
  for (const _ of store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, [{ number }]));
  const [m] = store.outbox.claim({ accountId, campaignId: c.id, limit: 1, reportExpected: true });
  const segmentId = m!.segments[0]!.segmentId;
  const msgId = decemberMsgId(seq++);
  store.outbox.markSent([{ segmentIds: [segmentId], sequenceId: 1, connection: 'c0' }]);
  const respond_ = () => store.outbox.recordResponses([{ segmentIds: [segmentId], msgId, result: 0, at: 10_000, connection: 'c0' }]);
  if (respond) respond_();
  return { messageId: m!.messageId, segmentId, msgId, respond: respond_ };
}

function report(msgId: bigint, dest: string, over: Partial<ReportInput> = {}): ReportInput {
  return {
    accountId,
    deliverMsgId: decemberMsgId(deliverSeq++, 30),
    msgId,
    stat: 'DELIVRD',
    submitTime: '2412242359',
    doneTime: '2412250001',
    destTerminalId: dest,
    smscSequence: 4_000_000_000,
    destId: '106900001',
    serviceId: 'test',
    connection: 'c0',
    receivedAt: 20_000,
    ...over,
  };
}

/** The report as received, as the API gives it back. */
function asReceived(r: ReportInput, id: number, segmentId: number | null, number: string, matchedAt: number | null): StatusReport {
  return {
    id,
    accountId: r.accountId,
    receivedAt: r.receivedAt!,
    deliverMsgId: r.deliverMsgId,
    msgId: r.msgId,
    stat: r.stat,
    outcome: r.stat === 'DELIVRD' ? 'delivered' : r.stat === 'UNKNOWN' ? 'unknown' : r.stat === 'ACCEPTD' ? 'pending' : 'failed',
    submitTime: r.submitTime,
    doneTime: r.doneTime,
    destTerminalId: r.destTerminalId,
    number,
    smscSequence: r.smscSequence,
    destId: r.destId!,
    serviceId: r.serviceId!,
    connection: r.connection ?? null,
    segmentId,
    matchedAt,
  };
}

const rowsOf = (segmentId: number) => store.db.prepare('SELECT count(*) FROM status_reports WHERE segment_id = ?').pluck().get(segmentId);
const foldedIn = (segmentId: number) => store.db.prepare('SELECT report_deliver_msg_id IS NOT NULL FROM segments WHERE id = ?').pluck().get(segmentId);

describe('a segment\'s first report kept in its row', () => {
  it('is read back exactly as received by every reader, under the id -segment', () => {
    // Odd raw forms: a leading-zero Submit_time, an 86-prefixed destination, another connection.
    const m = submitted('13900000001');
    const input = report(m.msgId, '8613900000001', { submitTime: '0912242359', doneTime: '2412250001', connection: 'c3' });
    const r = store.reports.record(input);
    expect(r).toEqual({ reportId: -m.segmentId, duplicate: false, segmentId: m.segmentId, outcome: 'delivered' });
    expect([foldedIn(m.segmentId), rowsOf(m.segmentId)]).toEqual([1, 0]);
    const want = asReceived(input, -m.segmentId, m.segmentId, '13900000001', 20_000);
    expect(store.reports.get(-m.segmentId)).toEqual(want);
    expect(store.reports.forSegment(m.segmentId)).toEqual([want]);
    expect(store.reports.byMsgId(accountId, m.msgId)).toEqual([want]);
    expect(store.reports.recent(10)).toContainEqual(want);
    expect(store.log.detail(m.messageId).message).toMatchObject({ state: 'delivered', stat: 'DELIVRD' });
    // A delivered segment's DELIVRD is implied (electron/store/segment-columns.ts), and read back.
    expect(store.db.prepare('SELECT stat FROM segments WHERE id = ?').pluck().get(m.segmentId)).toBeNull();
    expect(store.log.detail(m.messageId).segments[0]).toMatchObject({ state: 'delivered', stat: 'DELIVRD' });
    // Submit_time and Done_time not both ten digits: kept as received.
    const m2 = submitted('13900000002');
    const odd = report(m2.msgId, '13900000002', { submitTime: '241224235', doneTime: '2412250001', stat: 'UNDELIV', connection: null });
    store.db.prepare('UPDATE segments SET connection = NULL WHERE id = ?').run(m2.segmentId);
    expect(store.reports.record(odd).reportId).toBe(-m2.segmentId);
    expect(store.reports.get(-m2.segmentId)).toEqual(asReceived(odd, -m2.segmentId, m2.segmentId, '13900000002', 20_000));
  });

  it('moves to status_reports, unchanged, when a second report of its segment comes', () => {
    const m = submitted('13900000003');
    const first = report(m.msgId, '13900000003', { stat: 'UNKNOWN', receivedAt: 20_000 });
    store.reports.record(first);
    const second = report(m.msgId, '13900000003', { stat: 'DELIVRD', doneTime: '2412250007', receivedAt: 30_000, connection: 'c1' });
    const r2 = store.reports.record(second);
    expect(r2.reportId).toBeGreaterThan(0);
    expect([foldedIn(m.segmentId), rowsOf(m.segmentId)]).toEqual([0, 2]);
    const both = store.reports.forSegment(m.segmentId);
    expect(both.map((x) => x.id)[1]).toBe(r2.reportId);
    expect(both[0]).toEqual(asReceived(first, both[0]!.id, m.segmentId, '13900000003', 20_000));
    expect(both[1]).toEqual(asReceived(second, r2.reportId, m.segmentId, '13900000003', 30_000));
    expect(store.reports.get(-m.segmentId)).toBeNull();
    expect(store.log.detail(m.messageId).message).toMatchObject({ state: 'delivered', stat: 'DELIVRD' });
  });

  it('recognises a resent DELIVER whether its report is folded or moved to status_reports', () => {
    const m = submitted('13900000004');
    const first = report(m.msgId, '13900000004');
    store.reports.record(first);
    expect(store.reports.record({ ...first, receivedAt: 21_000 })).toEqual({ reportId: -m.segmentId, duplicate: true, segmentId: m.segmentId, outcome: 'delivered' });
    expect([foldedIn(m.segmentId), rowsOf(m.segmentId)]).toEqual([1, 0]);
    store.reports.record(report(m.msgId, '13900000004', { stat: 'EXPIRED', receivedAt: 22_000 }));
    const moved = store.reports.forSegment(m.segmentId)[0]!;
    expect(store.reports.record({ ...first, receivedAt: 23_000 })).toEqual({ reportId: moved.id, duplicate: true, segmentId: m.segmentId, outcome: 'delivered' });
    expect(store.reports.forSegment(m.segmentId)).toHaveLength(2);
  });

  it('is not kept in the row when matched late, through the PDU\'s Msg_Id, or when the row cannot tell its connection', () => {
    // Before the SUBMIT_RESP: unmatched, then matched late; it stays a status_reports row.
    const early = submitted('13900000005', false);
    const input = report(early.msgId, '13900000005');
    const r = store.reports.record(input);
    expect(r.segmentId).toBeNull();
    expect(store.reports.unmatched(100).map((x) => x.id)).toContain(r.reportId);
    early.respond();
    expect(store.reports.get(r.reportId)).toEqual(asReceived(input, r.reportId, early.segmentId, '13900000005', 10_000));
    expect([foldedIn(early.segmentId), rowsOf(early.segmentId)]).toEqual([0, 1]);
    // A report without a connection for a segment sent on one: the row's NULL would say "the segment's".
    const m = submitted('13900000006');
    const noConn = report(m.msgId, '13900000006', { connection: null });
    const r2 = store.reports.record(noConn);
    expect(r2.reportId).toBeGreaterThan(0);
    expect(store.reports.get(r2.reportId)).toEqual(asReceived(noConn, r2.reportId, m.segmentId, '13900000006', 20_000));
    // A pending Stat changes no state: a status_reports row; the final report after it too.
    const p = submitted('13900000007');
    expect(store.reports.record(report(p.msgId, '13900000007', { stat: 'ACCEPTD' })).reportId).toBeGreaterThan(0);
    expect(store.reports.record(report(p.msgId, '13900000007')).reportId).toBeGreaterThan(0);
    expect([foldedIn(p.segmentId), rowsOf(p.segmentId)]).toEqual([0, 2]);
  });

  it('is kept by a report whose number differs from the message\'s nowhere: another destination matches nothing', () => {
    const m = submitted('13900000008');
    const stray = report(m.msgId, '13900000009');
    const r = store.reports.record(stray);
    expect(r.segmentId).toBeNull();
    expect(store.reports.get(r.reportId)).toEqual(asReceived(stray, r.reportId, null, '13900000009', null));
    expect(foldedIn(m.segmentId)).toBe(0);
  });
});
