// Migration 19 (first report in its segment): a version-18 file's reports that fit move into their
// segments' rows and read back exactly as they were stored (raw times as the driver wrote them,
// REAL numbers included, a leading zero, a text Submit_time, another connection, a raw destination);
// the others stay status_reports rows under their ids.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database.js';
import type { StatusReport } from '../../electron/store/reports.js';
import { decemberMsgId, fixtureAccount, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = 1_700_000_000_000;
const col = (id: bigint) => BigInt.asIntN(64, id);

describe('migration 19', () => {
  it('keeps every report as it was stored, folded or not', () => {
    const path = tmp.file('v18.db');
    const db = openDatabase(path, { targetVersion: 18 });
    const acc = fixtureAccount(db, now);
    // Version 17's messages and 18's segments: states as codes (0 delivered, 1 failed).
    const msg = db.prepare(`INSERT INTO messages (account_id, number, state, stat, segment_count, billed_count, created_at) VALUES (?, ?, ?, ?, 1, 1, ?)`);
    const seg = db.prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state, report_expected, connection, msg_id, stat,
      submit_at, response_at, report_at, done_time, send_count) VALUES (?, ?, 1, 1, ?, 1, ?, ?, ?, ?, ?, ?, ?, 1)`);
    db.prepare(`INSERT INTO report_origins (dest_id, service_id) VALUES ('106900001', 'svc'), ('1069', 'other')`).run();
    const rep = db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
      dest_terminal_id, number, smsc_sequence, origin_id, connection, segment_id, matched_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const line = (n: number, state: number, stat: string, conn: string | null, done: number | string) => {
      const m = msg.run(acc, `1380000000${n}`, state, state === 0 ? null : stat, now).lastInsertRowid;
      return Number(seg.run(m, acc, state, conn, col(decemberMsgId(n)), stat, now + 10, now + 50, now + 3000, done).lastInsertRowid);
    };
    // 1: folds; times as the driver bound JS numbers (REAL), Submit_time with a leading zero, another
    // connection and an 86-prefixed destination.
    const s1 = line(1, 0, 'DELIVRD', 'c0', 2412250001);
    const r1 = Number(rep.run(acc, now + 3000, col(decemberMsgId(901, 30)), null, 'DELIVRD', 0, 912242359, 2412250001, '8613800000001', null, 4_000_000_000, 1, 'c2', s1, 0).lastInsertRowid);
    // 2: folds; a Submit_time that is not ten digits, no connection anywhere.
    const s2 = line(2, 1, 'UNDELIV', null, '2412250001');
    rep.run(acc, now + 3000, col(decemberMsgId(902, 30)), null, 'UNDELIV', 1, '241224235', '2412250001', null, null, 7, 2, null, s2, 0);
    // 3: two reports: both stay.
    const s3 = line(3, 0, 'DELIVRD', 'c0', 2412250001);
    const r3a = Number(rep.run(acc, now + 2000, col(decemberMsgId(903, 30)), null, 'ACCEPTD', 3, 2412242359, 2412250000, null, null, 8, 1, 'c0', s3, 0).lastInsertRowid);
    const r3b = Number(rep.run(acc, now + 3000, col(decemberMsgId(904, 30)), null, 'DELIVRD', 0, 2412242359, 2412250001, null, null, 9, 1, 'c0', s3, 0).lastInsertRowid);
    // 4: matched late (after its SUBMIT_RESP): stays. 5: matching nothing: stays.
    const s4 = line(4, 0, 'DELIVRD', 'c0', 2412250001);
    const r4 = Number(rep.run(acc, now + 3000, col(decemberMsgId(905, 30)), null, 'DELIVRD', 0, 2412242359, 2412250001, null, null, 10, 1, 'c0', s4, 40).lastInsertRowid);
    const r5 = Number(rep.run(acc, now + 4000, col(decemberMsgId(906, 30)), col(decemberMsgId(77)), 'DELIVRD', 0, 2412242359, 2412250001, null, '13900000000', 11, 1, 'c1', null, null).lastInsertRowid);
    db.close();

    const store = openTestStore(path);
    const base = { accountId: acc, destId: '106900001', serviceId: 'svc' };
    const expectReport = (id: number, want: Partial<StatusReport>) => expect(store.reports.get(id), `report ${id}`).toEqual({ ...base, id, ...want });
    expectReport(-s1, {
      receivedAt: now + 3000, deliverMsgId: decemberMsgId(901, 30), msgId: decemberMsgId(1), stat: 'DELIVRD', outcome: 'delivered',
      submitTime: '0912242359', doneTime: '2412250001', destTerminalId: '8613800000001', number: '13800000001', smscSequence: 4_000_000_000,
      connection: 'c2', segmentId: s1, matchedAt: now + 3000,
    });
    expectReport(-s2, {
      receivedAt: now + 3000, deliverMsgId: decemberMsgId(902, 30), msgId: decemberMsgId(2), stat: 'UNDELIV', outcome: 'failed',
      submitTime: '241224235', doneTime: '2412250001', destTerminalId: '13800000002', number: '13800000002', smscSequence: 7,
      destId: '1069', serviceId: 'other', connection: null, segmentId: s2, matchedAt: now + 3000,
    });
    expect(store.reports.forSegment(s3).map((r) => [r.id, r.stat, r.submitTime])).toEqual([[r3a, 'ACCEPTD', '2412242359'], [r3b, 'DELIVRD', '2412242359']]);
    expectReport(r4, {
      receivedAt: now + 3000, deliverMsgId: decemberMsgId(905, 30), msgId: decemberMsgId(4), stat: 'DELIVRD', outcome: 'delivered',
      submitTime: '2412242359', doneTime: '2412250001', destTerminalId: '13800000004', number: '13800000004', smscSequence: 10,
      connection: 'c0', segmentId: s4, matchedAt: now + 3040,
    });
    expect(store.reports.unmatched(10).map((r) => r.id)).toEqual([r5]);
    expect(store.db.prepare('SELECT id FROM status_reports ORDER BY id').pluck().all()).toEqual([r3a, r3b, r4, r5]);
    expect(store.reports.get(r1)).toBeNull();
    // Raw times are INTEGERs now, as version 13 meant them to be.
    expect(store.db.prepare(`SELECT count(*) FROM status_reports WHERE typeof(submit_time) = 'real' OR typeof(done_time) = 'real'`).pluck().get()).toBe(0);
    expect(store.db.prepare(`SELECT count(*) FROM segments WHERE typeof(done_time) = 'real'`).pluck().get()).toBe(0);
    expect(store.integrityCheck()).toEqual({ ok: true, problems: [] });
    store.close();
  });
});
