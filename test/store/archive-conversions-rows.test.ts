// The archive conversions of the compact-rows versions (electron/store/archive/upgrades/): an archive
// of the log tables written at the version before becomes exactly what the migration makes of the
// same rows in a live database: the same table and index text, the same rows, value for value.
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { conversion as to18 } from '../../electron/store/archive/upgrades/0018-segment-state-codes.js';
import { openDatabase } from '../../electron/store/database.js';
import { STATE_CODE } from '../../electron/store/state-codes.js';
import { MessageStates } from '../../shared/message-state.js';
import { decemberMsgId, fixtureAccount, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = 1_700_000_000_000;
const col = (id: bigint) => BigInt.asIntN(64, id);
const LOG_TABLES = ['messages', 'segments', 'status_reports', 'report_origins'];

/** A live database at `version` (17: messages compact, segments not yet) with a message and a segment in every state, and reports of every kind. */
function seedLive(path: string, version: number): void {
  const db = openDatabase(path, { targetVersion: version });
  const acc = fixtureAccount(db, now);
  // Version 17's messages: the state as its code.
  const msg = db.prepare(`INSERT INTO messages (account_id, number, state, segment_count, billed_count, created_at) VALUES (?, ?, ?, 1, 1, ?)`);
  const seg = db.prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state, report_expected, msg_id, stat,
    submit_at, response_at, report_at, done_time, send_count) VALUES (?, ?, 1, 1, ?, 1, ?, ?, ?, ?, ?, ?, 1)`);
  const origin = db.prepare(`INSERT INTO report_origins (dest_id, service_id) VALUES ('1069', 'svc')`).run().lastInsertRowid;
  const rep = db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time,
    done_time, dest_terminal_id, number, smsc_sequence, origin_id, connection, segment_id, matched_after)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  MessageStates.forEach((state, i) => {
    const number = `1380013800${i}`;
    const m = msg.run(acc, number, STATE_CODE[state], now + i).lastInsertRowid;
    // Done_time: ten digits (one with a leading zero), anything else as received, or none.
    const done = ['2412250001', '0912242359', '24122', null][i % 4]!;
    const s = seg.run(m, acc, state, col(decemberMsgId(i)), i % 2 ? 'DELIVRD' : 'UNDELIV', now + 10, now + 50, now + 3000, done).lastInsertRowid;
    rep.run(acc, now + 3000, col(decemberMsgId(900 + i, 30)), null, 'DELIVRD', 0, 2412242359, 2412250001, null, null, i, origin, '0', s, 0);
  });
  rep.run(acc, now + 5000, col(decemberMsgId(999, 30)), col(decemberMsgId(77)), 'UNDELIV', 1, '2412242359', 'x', '+8613900000000', '13900000000', 9, origin, null, null, null);
  db.close();
}

/** The log tables' and their indexes' text, and every row, of a database's schema `schema`. */
function logTables(db: Database.Database, schema = 'main') {
  const objects = db
    .prepare(`SELECT type, name, tbl_name, sql FROM ${schema}.sqlite_master WHERE type IN ('table', 'index') AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY type, name`)
    .all(JSON.stringify(LOG_TABLES));
  const rows = Object.fromEntries(LOG_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${schema}.${t} ORDER BY id`).safeIntegers(true).raw(true).all()]));
  return { objects, rows };
}

/** Runs a conversion's build with `old` attached, carrying over the tables it does not create. */
function convert(oldPath: string, newPath: string, c: { build: string }): Database.Database {
  const db = new Database(newPath);
  db.pragma('foreign_keys = OFF');
  db.prepare('ATTACH DATABASE ? AS old').run(oldPath);
  db.exec(c.build);
  const made = new Set(db.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
  for (const t of LOG_TABLES.filter((t) => !made.has(t))) {
    db.exec(db.prepare(`SELECT sql FROM old.sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(t) as string);
    db.exec(`INSERT INTO main.${t} SELECT * FROM old.${t}`);
    for (const sql of db.prepare(`SELECT sql FROM old.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck().all(t) as string[]) db.exec(sql);
  }
  db.exec('DETACH DATABASE old');
  return db;
}

describe('archive conversions of the compact rows', () => {
  it('to version 18: segments as the migration rebuilds them (state codes, Done_time numbers), every row kept', () => {
    const old = tmp.file('v17-old.db');
    seedLive(old, 17);
    const live = tmp.file('v18.db');
    copyFileSync(old, live);
    const migrated = openDatabase(live, { targetVersion: 18 });
    const want = logTables(migrated);
    migrated.close();
    const archive = convert(old, tmp.file('archive-18.db'), to18);
    expect(logTables(archive)).toEqual(want);
    expect(archive.pragma('integrity_check', { simple: true })).toBe('ok');
    archive.close();
    // The codes are the states' (state-codes.ts) and the times come back exactly.
    const segments = want.rows.segments as unknown[][];
    expect(segments.map((r) => [r[5], r[17]])).toEqual(MessageStates.map((s, i) => [BigInt(STATE_CODE[s]), [2412250001n, 912242359n, '24122', null][i % 4]]));
  });
});
