// A test per migration (Signal-Desktop style): open the file at version N-1, write fixture data
// with that version's schema, migrate to N, assert the data survived and the new schema works.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../electron/store/database.js';
import { SchemaTooNewError, StoreError } from '../../electron/store/errors.js';
import { latestVersion, migrations, type Migration } from '../../electron/store/migrations.js';
import { decemberMsgId, fixtureAccount, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let fileNo = 0;
const newFile = () => tmp.file(`m${++fileNo}.db`);

function atVersion(version: number): { path: string; db: Database.Database } {
  const path = newFile();
  const db = openDatabase(path, { targetVersion: version });
  expect(schemaVersion(db)).toBe(version);
  return { path, db };
}

function tables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all() as string[]).filter(
    (n) => !n.startsWith('sqlite_'),
  );
}

const now = 1_700_000_000_000;


describe('migrations', () => {
  it('are numbered 1..N in order with names', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(latestVersion).toBe(migrations.length);
    for (const m of migrations) expect(m.name.length).toBeGreaterThan(0);
  });

  it('1: creates accounts and leases in an empty file', () => {
    const path = newFile();
    const db = openDatabase(path, { targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['accounts', 'leases']);
    const id = fixtureAccount(db, now);
    expect(db.prepare('SELECT name FROM accounts WHERE id = ?').pluck().get(id)).toBe('gw');
    db.close();
  });

  it('2: keeps accounts and adds contacts, groups and templates', () => {
    const { path, db } = atVersion(1);
    const acc = fixtureAccount(db, now);
    db.close();
    const db2 = openDatabase(path, { targetVersion: 2 });
    expect(schemaVersion(db2)).toBe(2);
    expect(db2.prepare('SELECT sp_id FROM accounts WHERE id = ?').pluck().get(acc)).toBe('900001');
    const g = db2.prepare(`INSERT INTO contact_groups (name, created_at) VALUES ('vip', ?)`).run(now).lastInsertRowid;
    db2.prepare(`INSERT INTO contacts (group_id, number, name, fields, created_at) VALUES (?, '13800138000', '张三', '{"city":"北京"}', ?)`).run(g, now);
    expect(() =>
      db2.prepare(`INSERT INTO contacts (group_id, number, name, fields, created_at) VALUES (?, '13800138001', '', 'not json', ?)`).run(g, now),
    ).toThrow(/CHECK/);
    db2.prepare(`INSERT INTO templates (name, text, created_at, updated_at) VALUES ('t', '{name}您好', ?, ?)`).run(now, now);
    expect(db2.prepare('SELECT size FROM contact_groups').pluck().get()).toBe(0);
    db2.close();
  });

  it('3: keeps accounts, contacts and templates, adds campaigns, messages, segments and reports', () => {
    const { path, db } = atVersion(2);
    const acc = fixtureAccount(db, now);
    const g = db.prepare(`INSERT INTO contact_groups (name, created_at) VALUES ('vip', ?)`).run(now).lastInsertRowid;
    db.prepare(`INSERT INTO contacts (group_id, number, name, fields, created_at) VALUES (?, '13800138000', 'a', '{}', ?)`).run(g, now);
    const t = db.prepare(`INSERT INTO templates (name, text, created_at, updated_at) VALUES ('t', 'hi {name}', ?, ?)`).run(now, now).lastInsertRowid;
    db.close();
    const db3 = openDatabase(path, { targetVersion: 3 });
    expect(schemaVersion(db3)).toBe(3);
    expect(db3.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(1);
    expect(db3.prepare('SELECT text FROM templates WHERE id = ?').pluck().get(t)).toBe('hi {name}');
    const c = db3
      .prepare(
        `INSERT INTO campaigns (name, account_id, template_id, text, service_id, fee_type, fee_code, fee_user_type, fee_terminal_id,
        src_id_ext, registered_delivery, valid_time, at_time, state, created_by, created_at, updated_at)
        VALUES ('c', ?, ?, 'hi {name}', 'test', '01', '0', 2, '', '01', 1, '', '', 'draft', 'me', ?, ?)`,
      )
      .run(acc, t, now, now).lastInsertRowid;
    db3.prepare(`INSERT INTO campaign_counts (campaign_id, state, n) VALUES (?, 'queued', 0), (?, 'delivered', 0)`).run(c, c);
    const m = db3
      .prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at, updated_at)
        VALUES (?, ?, '13800138000', 'queued', 1, 1, ?, ?)`)
      .run(c, acc, now, now).lastInsertRowid;
    // Counting is the outbox's; deleting a message is counted by the trigger.
    db3.prepare(`UPDATE campaign_counts SET n = 1 WHERE campaign_id = ? AND state = 'queued'`).run(c);
    const gone = db3
      .prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at, updated_at)
        VALUES (?, ?, '13800138001', 'queued', 1, 1, ?, ?)`)
      .run(c, acc, now, now).lastInsertRowid;
    db3.prepare(`UPDATE campaign_counts SET n = 2 WHERE campaign_id = ? AND state = 'queued'`).run(c);
    db3.prepare('DELETE FROM messages WHERE id = ?').run(gone);
    expect(db3.prepare(`SELECT state, n FROM campaign_counts WHERE campaign_id = ? ORDER BY state`).all(c)).toEqual([
      { state: 'delivered', n: 0 },
      { state: 'queued', n: 1 },
    ]);
    const msgId = BigInt.asIntN(64, decemberMsgId(1));
    db3.prepare(`INSERT INTO segments (message_id, account_id, number, pk_number, pk_total, state, report_expected, msg_id, pdu_msg_id)
      VALUES (?, ?, '13800138000', 1, 1, 'submitted', 1, ?, ?)`).run(m, acc, msgId, msgId);
    expect(db3.prepare('SELECT msg_id FROM segments').safeIntegers(true).pluck().get()).toBe(msgId);
    db3.close();
  });

  it('4: keeps the outbox exactly (December Msg_Id included) and adds inbox, opt-out and audit', () => {
    const { path, db } = atVersion(3);
    const acc = fixtureAccount(db, now);
    const m = db
      .prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, text, created_at, updated_at)
        VALUES (NULL, ?, '13800138000', 'submitted', 1, 1, 'hello', ?, ?)`)
      .run(acc, now, now).lastInsertRowid;
    const msgId = BigInt.asIntN(64, decemberMsgId(9));
    db.prepare(`INSERT INTO segments (message_id, account_id, number, pk_number, pk_total, state, report_expected, msg_id, pdu_msg_id)
      VALUES (?, ?, '13800138000', 1, 1, 'submitted', 1, ?, ?)`).run(m, acc, msgId, msgId);
    db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
      dest_terminal_id, number, smsc_sequence, dest_id, service_id) VALUES (?, ?, ?, ?, 'DELIVRD', 'delivered', '2412242359',
      '2412242359', '8613800138000', '13800138000', 7, '1069', 'test')`).run(acc, now, msgId, msgId);
    db.close();
    const db4 = openDatabase(path, { targetVersion: 4 });
    expect(schemaVersion(db4)).toBe(4);
    expect(BigInt.asUintN(64, db4.prepare('SELECT msg_id FROM segments').safeIntegers(true).pluck().get() as bigint)).toBe(decemberMsgId(9));
    expect(db4.prepare('SELECT count(*) FROM status_reports').pluck().get()).toBe(1);
    for (const t of ['mo_messages', 'mo_segments', 'mo_threads', 'opt_outs', 'audit_log']) expect(tables(db4)).toContain(t);
    db4.prepare(`INSERT INTO opt_outs (number, source, keyword, created_at) VALUES ('13800138000', 'mo', 'TD', ?)`).run(now);
    const a = db4.prepare(`INSERT INTO audit_log (at, actor, action, details) VALUES (?, 'me', 'campaign.start', '{}')`).run(now).lastInsertRowid;
    expect(() => db4.prepare(`UPDATE audit_log SET actor = 'x' WHERE id = ?`).run(a)).toThrow(/append-only/);
    expect(() => db4.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
    db4.close();
  });

  it('applies all pending steps in one transaction: a failing step leaves the file untouched', () => {
    const path = newFile();
    const db = new Database(path);
    const failing: Migration = {
      version: 3,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x INTEGER) STRICT',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, path, 3, [migrations[0]!, migrations[1]!, failing])).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a file from a newer build, naming both versions, without touching it', () => {
    const path = newFile();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestVersion + 3}`);
    raw.close();
    let err: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect(err).toBeInstanceOf(StoreError);
    const e = err as SchemaTooNewError;
    expect(e.code).toBe('schema-too-new');
    expect(e.fileVersion).toBe(latestVersion + 3);
    expect(e.supportedVersion).toBe(latestVersion);
    expect(e.message).toContain(`version ${latestVersion + 3}`);
    expect(e.message).toContain(`up to version ${latestVersion}`);
    const again = new Database(path);
    expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(schemaVersion(again)).toBe(latestVersion + 3);
    again.close();
  });

  it('reopening a current file changes nothing', () => {
    const path = newFile();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(latestVersion);
    db.close();
  });
});
