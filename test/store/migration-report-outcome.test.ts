// Migration 6 (status_reports rebuilt with its outcome CHECK as an OR chain): a version-5 file
// keeps every report exactly (December Msg_Ids, matched and unmatched), the same values are
// refused as before, and the indexes the matching and the log rely on are back.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/store/database.js';
import { decemberMsgId, fixtureAccount, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = 1_700_000_000_000;

describe('migration 6', () => {
  it('rebuilds status_reports without losing or changing a row', () => {
    const path = tmp.file('m6.db');
    const db = openDatabase(path, { targetVersion: 5 });
    fixtureAccount(db, now);
    const m = db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at, updated_at)
      VALUES (NULL, 1, '13800138000', 'delivered', 1, 1, ?, ?)`).run(now, now).lastInsertRowid;
    const msgId = BigInt.asIntN(64, decemberMsgId(7));
    const seg = db.prepare(`INSERT INTO segments (message_id, account_id, number, pk_number, pk_total, state, report_expected, msg_id, pdu_msg_id)
      VALUES (?, 1, '13800138000', 1, 1, 'delivered', 1, ?, ?)`).run(m, msgId, msgId).lastInsertRowid;
    const insert = db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time,
      done_time, dest_terminal_id, number, smsc_sequence, dest_id, service_id, connection, segment_id, matched_at)
      VALUES (1, ?, ?, ?, ?, ?, '2412242359', '2412250001', ?, ?, 7, '1069', 'test', 'c1', ?, ?)`);
    insert.run(now, msgId, msgId, 'DELIVRD', 'delivered', '8613800138000', '13800138000', seg, now + 1);
    insert.run(now + 5, msgId, BigInt.asIntN(64, decemberMsgId(8)), 'UNDELIV', 'failed', '13900139000', '13900139000', null, null);
    const read = (d: typeof db) => d.prepare('SELECT * FROM status_reports ORDER BY id').safeIntegers(true).all();
    const before = read(db);
    db.close();

    const db6 = openDatabase(path, { targetVersion: 6 });
    expect(schemaVersion(db6)).toBe(6);
    expect(read(db6)).toEqual(before);
    // The same rule as before: the four outcomes and nothing else.
    const add = (outcome: string) =>
      db6.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
        dest_terminal_id, number, smsc_sequence, dest_id, service_id) VALUES (1, 0, 1, 1, 'X', ?, '', '', '1', '1', 0, '', '')`).run(outcome);
    for (const ok of ['delivered', 'failed', 'unknown', 'pending']) expect(() => add(ok)).not.toThrow();
    expect(() => add('lost')).toThrow(/CHECK constraint/);
    expect(db6.prepare("SELECT sql FROM sqlite_schema WHERE name = 'status_reports'").pluck().get()).not.toMatch(/outcome IN/);
    expect(db6.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'status_reports' ORDER BY name").pluck().all()).toEqual([
      'reports_by_msg_id',
      'reports_by_segment',
      'reports_unmatched_time',
    ]);
    // Deleting a segment still lets go of its reports (ON DELETE SET NULL kept).
    db6.prepare('DELETE FROM messages WHERE id = ?').run(m);
    expect(db6.prepare('SELECT count(*) FROM status_reports WHERE segment_id IS NOT NULL').pluck().get()).toBe(0);
    expect(db6.pragma('foreign_key_check')).toEqual([]);
    expect(db6.pragma('integrity_check', { simple: true })).toBe('ok');
    db6.close();
  });
});
