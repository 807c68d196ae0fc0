// Released migrations are frozen literal SQL: their text is pinned by hash, a database made at any
// released version upgrades to exactly the schema of a fresh one, and the live vocabularies still
// agree with the latest schema's CHECKs (a new state fails here until a migration adds it).
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/store/database.js';
import { CampaignStates } from '../../shared/campaign-state.js';
import { latestVersion, migrations } from '../../electron/store/migrations.js';
import type { OptOutSource } from '../../electron/store/opt-out.js';
import { OUTCOME_CODES } from '../../electron/store/report-columns.js';
import { STATE_CODE, STATE_CODES } from '../../electron/store/state-codes.js';
import { MessageStates } from '../../shared/message-state.js';
import type { StatClass } from '../../shared/stat.js';
import { fixtureAccount, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// Add a line when a version is released; never change one.
const released: Record<number, string> = {
  1: '009c982010cd0d2c126a59fe6b4bb70e5dffff651bc5e2cc86a98728e4052856',
  2: '2d5c52fb4c941b369ec0acdc92065a3401b8f029ff764fa72b3a2cf8039328e5',
  3: '1ed22dbbe05b9fc439f6c1b8abbca630b878965017beead0c74427340b3b884e',
  4: '0aaa99b97e0947eab351d2a38efae7dacece1122d31d5daae95b33bef74b1b66',
  5: 'f5150b5abeb2bee17b0af1d4ed476c13fa65e558f85d115978d185fb3f1389ed',
  6: 'd91ce5ca29571796ff3a565330ade387ec3828d68d9c0b8761f91d0d598c7a32',
  7: 'c47b537cb4eef81c7fb9e72e1dafb0af0e53c748deb6b3c8ae66cd5cb1eeacda',
  8: 'e2e783c49b2fa756be0d47c2c2b3820b49766b3fba1999bb57dff8d0158fab95',
  9: 'e8d7e910b38efcd1b3a4eb689bc5c9534b6d22eb809daf4300417c628ab94a0c',
  10: '008198299aaf60afd3333d52703c2f646e471cd1fa20469296d4dca380dbb192',
  11: 'e3bbc531ce5d22d7652757d7335efe4cfa67f7c43d21e70f36c82b7ba48faa85',
  12: 'c36015fb092c526ea87d345d85636c8ed2ead84010e59693c8ddba86f7fce0cb',
  13: 'ae61a7c1186867cc172867c47bfdf1b0a04f8f3f03b89877d73ddf2e03dc361e',
  14: 'af0a1c1e5f7ec80ef2e79414d3c152cd46cd83c76d880c02ebad6b2fa63bb04e',
  15: 'b42b5600b4546aa6b594b54455cbef9ad3f11a7a305720eb62b98e6e1accb25a',
  16: '30df27b312c87b2ade4bd1fea8b6d04f689379ab58fe1913a30a55fcbc829f13',
  17: '8c578c1b055d0750e6bf6b525925b76e48de0913827ec399481b3ea33ea22273',
  18: 'ed415c83104f2b80d7c3817c6dee725ff434ff84c8e9d219232dd7f8c854367c',
  19: 'f3af3a88215a26502657caf9be7f58fad89aa6e761b67b975aab06688bf10278',
  20: '38ad621e3470c42b145dcdb36817614c56f5c377e7b57de655e4760c6d1bb5b8',
  21: '8586611d3c0f7c6dcdfe1e99b0c42ef8864abf24adce07bc336af7af7a22b458',
};

const now = 1_700_000_000_000;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** sqlite_master without root pages (they depend on the order pages were allocated in). */
function schema(db: Database.Database): { type: string; name: string; tbl_name: string; sql: string | null }[] {
  return db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all() as never;
}

function rowCounts(db: Database.Database): Record<string, number> {
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return Object.fromEntries(names.map((n) => [n, db.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number]));
}

/** A few rows in every table that exists at `version`, written with that version's schema. */
function seed(db: Database.Database, version: number): void {
  const acc = fixtureAccount(db, now);
  db.prepare(`INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ('pump', 'me', ?, ?)`).run(now, now + 1);
  if (version < 2) return;
  const g = db.prepare(`INSERT INTO contact_groups (name, size, created_at) VALUES ('vip', 1, ?)`).run(now).lastInsertRowid;
  db.prepare(`INSERT INTO contacts (group_id, number, name, fields, created_at) VALUES (?, '13800138000', 'a', '{"x":1}', ?)`).run(g, now);
  const t = db.prepare(`INSERT INTO templates (name, text, created_at, updated_at) VALUES ('t', '{name}您好', ?, ?)`).run(now, now).lastInsertRowid;
  if (version < 3) return;
  const c = db
    .prepare(
      `INSERT INTO campaigns (name, account_id, template_id, text, service_id, fee_type, fee_code, fee_user_type, fee_terminal_id,
      src_id_ext, registered_delivery, valid_time, at_time, state, created_by, created_at, updated_at)
      VALUES ('c', ?, ?, 'hi {name}', 'test', '01', '0', 2, '', '01', 1, '', '', 'running', 'me', ?, ?)`,
    )
    .run(acc, t, now, now).lastInsertRowid;
  db.prepare(`INSERT INTO campaign_counts (campaign_id, state, n) VALUES (?, 'submitted', 1)`).run(c);
  const m =
    version >= 17
      ? // Version 17: the state as its code (5: submitted), times as delays, no update time.
        db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at, submitted_after)
          VALUES (?, ?, ${version >= 20 ? '13800138000' : "'13800138000'"}, 5, 1, 1, ?, 40)`).run(c, acc, now).lastInsertRowid
      : db
          .prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at, updated_at)
            VALUES (?, ?, '13800138000', 'submitted', 1, 1, ?, ?)`)
          .run(c, acc, now, now).lastInsertRowid;
  if (version >= 13) {
    // Version 13: segments without the number, compact status reports; version 18: the state as its code.
    const s = db
      .prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state, report_expected, msg_id, done_time) VALUES (?, ?, 1, 1, ?, 1, -7, ?)`)
      .run(m, acc, version >= 18 ? STATE_CODE.submitted : 'submitted', version >= 18 ? 2412242359 : '2412242359').lastInsertRowid;
    const o = db.prepare(`INSERT INTO report_origins (dest_id, service_id) VALUES ('1069', 'test')`).run().lastInsertRowid;
    db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
      dest_terminal_id, number, smsc_sequence, origin_id, segment_id, matched_after) VALUES (?, ?, 5, -7, 'DELIVRD', 0,
      2412242359, 2412242359, '8613800138000', '13800138000', 7, ?, ?, 0)`).run(acc, now, o, s);
  } else {
    const s = db
      .prepare(`INSERT INTO segments (message_id, account_id, number, pk_number, pk_total, state, report_expected, msg_id, pdu_msg_id)
        VALUES (?, ?, '13800138000', 1, 1, 'submitted', 1, -7, -7)`)
      .run(m, acc).lastInsertRowid;
    db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
      dest_terminal_id, number, smsc_sequence, dest_id, service_id, segment_id) VALUES (?, ?, 5, -7, 'DELIVRD', 'delivered',
      '2412242359', '2412242359', '8613800138000', '13800138000', 7, '1069', 'test', ?)`).run(acc, now, s);
  }
  if (version < 4) return;
  const mo = db
    .prepare(`INSERT INTO mo_messages (account_id, number, src_terminal_id, dest_id, service_id, link_id, msg_fmt, text, content,
      complete, segment_total, segment_received, received_at) VALUES (?, '13800138000', '13800138000', '1069', 'test', '', 15, 'TD',
      x'5444', 1, 1, 1, ?)`)
    .run(acc, now).lastInsertRowid;
  db.prepare(`INSERT INTO mo_threads (number, last_message_id, last_at, total, unhandled) VALUES ('13800138000', ?, ?, 1, 1)`).run(mo, now);
  db.prepare(`INSERT INTO mo_segments (account_id, received_at, deliver_msg_id, number, src_terminal_id, dest_id, service_id, tp_pid,
    tp_udhi, msg_fmt, content, link_id, mo_message_id) VALUES (?, ?, 9, '13800138000', '13800138000', '1069', 'test', 0, 0, 15,
    x'5444', '', ?)`).run(acc, now, mo);
  db.prepare(`INSERT INTO opt_outs (number, source, keyword, mo_message_id, created_at) VALUES ('13800138000', 'mo', 'TD', ?, ?)`).run(mo, now);
  db.prepare(`INSERT INTO audit_log (at, actor, action, details) VALUES (?, 'me', 'campaign.start', '{}')`).run(now);
  if (version < 5) return;
  db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('rules', '{}', ?)`).run(now);
  db.prepare(`UPDATE messages SET concat_ref = 42`).run();
  if (version < 7) return;
  db.prepare(`INSERT INTO auto_reply_rules (match_kind, keyword, reply, account_id, src_ext, created_at) VALUES ('exact', '1', 'ok', ?, '88', ?)`).run(acc, now);
  db.prepare(`INSERT INTO quick_replies (text, created_at) VALUES ('您好', ?)`).run(now);
  if (version < 9) return;
  db.prepare(`UPDATE campaigns SET state = 'paused', pause_reason = 'account gw cannot log in: login refused'`).run();
  if (version < 10) return;
  db.prepare(`INSERT INTO log_archives (month, file, phase, started_at) VALUES ('2023-10', 'x.db.archive-2023-10.sqlite', 'copying', ?)`).run(now);
}

/** The values a column's CHECK allows, read from the latest schema's CREATE TABLE text. */
function checkValues(db: Database.Database, table: string, column: string): string[] {
  const sql = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(table) as string;
  const line = new RegExp(`^\\s*${column} TEXT[^\\n]*CHECK\\s*\\(([^\\n]*)\\)`, 'm').exec(sql);
  if (!line) throw new Error(`no CHECK on ${table}.${column}`);
  return [...line[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!).sort();
}

/** Every member of a string union, listed once; the Record makes a missing or extra member a type error. */
const members = <T extends string>(all: Record<T, true>): string[] => Object.keys(all).sort();

describe('released migrations', () => {
  it('are frozen: each step\'s text has its pinned SHA-256, and every step is pinned', () => {
    expect(migrations.map((m) => m.version)).toEqual(Object.keys(released).map(Number));
    for (const m of migrations) expect(sha256(m.sql), `migration ${m.version} (${m.name}) changed`).toBe(released[m.version]);
  });

  it('are literal SQL files that import nothing and interpolate nothing', () => {
    const dir = join(import.meta.dirname, '../../electron/store/migrations');
    const files = readdirSync(dir).sort();
    expect(files.length).toBe(migrations.length);
    files.forEach((f, i) => {
      expect(f).toMatch(new RegExp(`^${String(i + 1).padStart(4, '0')}-[a-z0-9-]+\\.ts$`));
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/^\s*import\b/m);
      expect(text, f).not.toContain('${');
    });
  });

  it('upgrade a database made at every released version to the schema of a fresh one, keeping its rows', () => {
    const fresh = openDatabase(tmp.file('fresh.db'));
    const want = schema(fresh);
    fresh.close();
    for (let v = 1; v <= latestVersion; v++) {
      const path = tmp.file(`at-${v}.db`);
      const old = openDatabase(path, { targetVersion: v });
      seed(old, v);
      const before = rowCounts(old);
      old.close();
      const db = openDatabase(path);
      expect(schemaVersion(db)).toBe(latestVersion);
      expect(schema(db), `upgraded from version ${v}`).toEqual(want);
      const after = rowCounts(db);
      for (const [table, n] of Object.entries(before)) expect(after[table], `${table} from version ${v}`).toBe(n);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
  });

  it('agree with the live vocabularies: a new value fails here until a migration allows it', () => {
    const db = openDatabase(tmp.file('vocab.db'));
    for (const [table, column] of [['campaign_counts', 'state']] as const) {
      expect(checkValues(db, table, column), `${table}.${column}`).toEqual([...MessageStates].sort());
    }
    // Message states are stored as codes (state-codes.ts): the CHECK allows exactly one per state.
    expect(STATE_CODES).toEqual(expect.arrayContaining([...MessageStates]));
    expect(STATE_CODES).toHaveLength(MessageStates.length);
    const messages = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'messages'`).pluck().get() as string;
    expect(messages).toMatch(new RegExp(`state INTEGER NOT NULL CHECK \\(state BETWEEN 0 AND ${STATE_CODES.length - 1}\\)`));
    expect(checkValues(db, 'campaigns', 'state')).toEqual([...CampaignStates].sort());
    // Outcomes are stored as codes (report-columns.ts): the CHECK allows exactly one per outcome.
    expect([...OUTCOME_CODES].sort()).toEqual(members<StatClass>({ delivered: true, pending: true, unknown: true, failed: true }));
    const reports = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'status_reports'`).pluck().get() as string;
    expect(reports).toMatch(new RegExp(`outcome INTEGER NOT NULL CHECK \\(outcome BETWEEN 0 AND ${OUTCOME_CODES.length - 1}\\)`));
    // Segment states are stored as codes (state-codes.ts): the CHECK allows exactly one per state.
    const segments = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'segments'`).pluck().get() as string;
    expect(segments).toMatch(new RegExp(`state INTEGER NOT NULL CHECK \\(state BETWEEN 0 AND ${STATE_CODES.length - 1}\\)`));
    expect(checkValues(db, 'opt_outs', 'source')).toEqual(members<OptOutSource>({ mo: true, manual: true, import: true }));
    db.close();
  });
});
