// Migration 13 (compact status reports and segments): a version-9 file with messages, segments and
// reports of every shape (matched on arrival, matched late, matched through the PDU's Msg_Id, kept
// unmatched, odd raw times, a raw Dest_terminal_Id, a number unlike its message's) upgrades with
// every visible field unchanged: the delivery log (search, detail drawer, export rows) reads the
// same before and after, and every report reads back as it was stored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/store/database.js';
import { DeliveryLog } from '../../electron/store/log/delivery-log.js';
import { latestVersion } from '../../electron/store/migrations.js';
import type { StatusReport } from '../../electron/store/reports.js';
import { decemberMsgId, fixtureAccount, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = 1_700_000_000_000;
const col = (id: bigint) => BigInt.asIntN(64, id);
/** The last version before the compact rows: the file is seeded at 9 and read as it was just before them. */
const BEFORE = 12;

function seedVersion9(path: string): void {
  const db = openDatabase(path, { targetVersion: 9 });
  const acc = fixtureAccount(db, now);
  const c = db
    .prepare(`INSERT INTO campaigns (name, account_id, text, service_id, fee_type, fee_code, fee_user_type, fee_terminal_id, src_id_ext,
      registered_delivery, valid_time, at_time, state, created_by, created_at, updated_at)
      VALUES ('c', ?, 'hi', 'svc', '02', '5', 2, '', '01', 1, '', '', 'completed', 'me', ?, ?)`)
    .run(acc, now, now).lastInsertRowid;
  const msg = db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, stat, reason, segment_count, billed_count, created_at,
    submitted_at, done_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const seg = db.prepare(`INSERT INTO segments (message_id, account_id, number, pk_number, pk_total, state, report_expected, sequence_id,
    connection, msg_id, pdu_msg_id, result, stat, reason, submit_at, response_at, report_at, done_time, send_count)
    VALUES (?, ?, ?, ?, ?, ?, 1, ?, 'c0', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`);
  const rep = db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
    dest_terminal_id, number, smsc_sequence, dest_id, service_id, connection, segment_id, matched_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const A = decemberMsgId(1);
  const B = decemberMsgId(100); // a two-destination PDU: B for the first, B + 1 for the second
  // 1: delivered, its report matched on arrival (raw destination with 86), an ACCEPTD before it.
  const m1 = msg.run(c, acc, '13800138001', 'delivered', 'DELIVRD', null, 1, 1, now, now + 10, now + 900, now + 900).lastInsertRowid;
  const s1 = seg.run(m1, acc, '13800138001', 1, 1, 'delivered', 7, col(A), col(A), 0, 'DELIVRD', null, now + 10, now + 40, now + 900, '2412250001').lastInsertRowid;
  rep.run(acc, now + 500, col(decemberMsgId(9001, 30)), col(A), 'ACCEPTD', 'pending', '2412242359', '2412242359', '13800138001', '13800138001', 1, '106900001', 'svc', '3', s1, now + 500);
  rep.run(acc, now + 900, col(decemberMsgId(9002, 30)), col(A), 'DELIVRD', 'delivered', '2412242359', '2412250001', '8613800138001', '13800138001', 2, '106900001', 'svc', '3', s1, now + 900);
  // 2: the second destination of a PDU, failed; its report came before the SUBMIT_RESP (matched late)
  // and carries the PDU's Msg_Id; a 9-digit and a leading-zero raw time.
  const m2 = msg.run(c, acc, '13800138002', 'failed', 'UNDELIV', 'status report Stat UNDELIV', 1, 1, now + 1, now + 11, now + 700, now + 700).lastInsertRowid;
  const s2 = seg.run(m2, acc, '13800138002', 1, 1, 'failed', 8, col(B + 1n), col(B), 0, 'UNDELIV', 'status report Stat UNDELIV', now + 11, now + 800, now + 700, '0912242359').lastInsertRowid;
  rep.run(acc, now + 700, col(decemberMsgId(9003, 30)), col(B), 'UNDELIV', 'failed', '241224235', '0912242359', '+8613800138002', '13800138002', 3, '1069000012', 'other', null, s2, now + 800);
  // 3: matched to a segment although its number and Msg_Id are not the segment's (kept as they were).
  rep.run(acc, now + 710, col(decemberMsgId(9004, 30)), col(decemberMsgId(55)), 'EXPIRED', 'failed', '', 'x', '13900000000', '13900000000', 4, '106900001', 'svc', '1', s2, now + 710);
  // 4: matching nothing.
  rep.run(acc, now + 720, col(decemberMsgId(9005, 30)), col(decemberMsgId(77)), 'UNKNOWN', 'unknown', '2412242359', '2412242359', '13700000000', '13700000000', 5, '106900001', 'svc', '1', null, null);
  // 5: still queued, no segment.
  msg.run(c, acc, '13800138003', 'queued', null, null, 1, 1, now + 2, null, null, now + 2);
  db.close();
}

/** What the version-9 store read for a report: its columns as they were. */
function reportsAsStored(path: string): StatusReport[] {
  const db = openDatabase(path, { targetVersion: BEFORE });
  const rows = db.prepare('SELECT * FROM status_reports ORDER BY id').safeIntegers(true).all() as Record<string, bigint | string | null>[];
  db.close();
  const n = (v: unknown) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: Number(r.account_id),
    receivedAt: Number(r.received_at),
    deliverMsgId: BigInt.asUintN(64, r.deliver_msg_id as bigint),
    msgId: BigInt.asUintN(64, r.msg_id as bigint),
    stat: r.stat as string,
    outcome: r.outcome as StatusReport['outcome'],
    submitTime: r.submit_time as string,
    doneTime: r.done_time as string,
    destTerminalId: r.dest_terminal_id as string,
    number: r.number as string,
    smscSequence: Number(r.smsc_sequence),
    destId: r.dest_id as string,
    serviceId: r.service_id as string,
    connection: r.connection as string | null,
    segmentId: n(r.segment_id),
    matchedAt: n(r.matched_at),
  }));
}

/** Everything the delivery log shows of every message: the search, the detail drawer, the export rows. */
function logView(log: DeliveryLog) {
  const entries = log.search({}, 100).entries;
  return {
    entries,
    details: entries.map((e) => log.detail(e.id)),
    exported: log.exportPage({}, 100).rows,
    byMsgId: [decemberMsgId(1), decemberMsgId(101), decemberMsgId(100)].map((id) => log.search({ msgId: id.toString() }).entries.map((e) => e.id)),
  };
}

describe('migration 13', () => {
  it('keeps every message, segment and report as the log and the reports show them', () => {
    const path = tmp.file('m10.db');
    seedVersion9(path);
    const reports = reportsAsStored(path);
    // The log as the code of version 12 read this file (the current code reads the latest schema
    // only): written by that code, once, into the fixture.
    const before = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/migration-13-log-view.json'), 'utf8'), (_, v: unknown) =>
      typeof v === 'object' && v !== null && 'bigint' in v ? BigInt((v as { bigint: string }).bigint) : v,
    ) as ReturnType<typeof logView>;
    expect(before.entries).toHaveLength(3);
    expect(before.exported.length).toBe(3);

    const store = openTestStore(path);
    expect(schemaVersion(store.db)).toBe(latestVersion);
    expect(logView(store.log)).toEqual(before);
    for (const r of reports) expect(store.reports.get(r.id), `report ${r.id}`).toEqual(r);
    expect(store.reports.recent(100)).toEqual([...reports].reverse());
    expect(store.reports.unmatched(100)).toEqual(reports.filter((r) => r.segmentId === null));
    for (const segmentId of new Set(reports.map((r) => r.segmentId).filter((s) => s !== null))) {
      expect(store.reports.forSegment(segmentId)).toEqual(reports.filter((r) => r.segmentId === segmentId));
    }
    for (const msgId of new Set(reports.map((r) => r.msgId))) {
      expect(store.reports.byMsgId(1, msgId), `Msg_Id ${msgId}`).toEqual(reports.filter((r) => r.msgId === msgId));
    }
    // The detail drawer still tells a PDU's Msg_Id from its destination's.
    const second = store.log.detail(before.entries.find((e) => e.number === '13800138002')!.id).segments[0]!;
    expect([second.msgId, second.pduMsgId]).toEqual([decemberMsgId(101), decemberMsgId(100)]);
    expect(store.integrityCheck()).toEqual({ ok: true, problems: [] });
    store.close();
  });

  it('recognises a resent DELIVER of a report stored before the upgrade, matched or not', () => {
    const path = tmp.file('m10-resend.db');
    seedVersion9(path);
    const reports = reportsAsStored(path);
    const store = openTestStore(path, { duplicateWindowMs: Number.MAX_SAFE_INTEGER });
    for (const r of reports) {
      const again = store.reports.record({ ...r, destId: r.destId, serviceId: r.serviceId, receivedAt: r.receivedAt + 1 });
      expect(again, `report ${r.id}`).toMatchObject({ duplicate: true, reportId: r.id, segmentId: r.segmentId, outcome: r.outcome });
    }
    expect(store.reports.recent(100)).toHaveLength(reports.length);
    store.close();
  });
});
