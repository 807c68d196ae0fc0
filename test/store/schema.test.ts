// Pragmas, foreign keys, STRICT typing, integrity check, and "prepared statements only".
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';
import { sqlState } from '../../electron/store/state-codes.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('database file', () => {
  it('runs WAL with synchronous NORMAL by default, FULL on request, foreign keys on, a busy timeout', () => {
    const db = openDatabase(tmp.file('p1.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
    const full = openDatabase(tmp.file('p2.db'), { synchronous: 'FULL', busyTimeoutMs: 250 });
    expect(full.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(full.pragma('busy_timeout', { simple: true })).toBe(250);
    full.close();
    expect(() => openDatabase(tmp.file('p3.db'), { synchronous: 'OFF' as never })).toThrow(/NORMAL or FULL/);
  });

  it('declares every table STRICT', () => {
    const db = openDatabase(tmp.file('strict.db'));
    const tables = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table'`).all() as { name: string; sql: string }[];
    expect(tables.length).toBeGreaterThan(10);
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT(,\s*WITHOUT ROWID)?\s*$/);
    db.close();
  });

  it('STRICT: text in an INTEGER column is an error, not a silent conversion', () => {
    const store = openTestStore(tmp.file('types.db'));
    const acc = store.accounts.create(accountInput());
    const insert = store.db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at)
      VALUES (NULL, ?, 13800138000, 3, ?, 1, 0)`);
    expect(() => insert.run(acc.id, 'three')).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => insert.run(acc.id, 1.5)).toThrow(/cannot store REAL value in INTEGER column/);
    insert.run(acc.id, 3);
    expect(() => store.db.prepare(`UPDATE accounts SET port = '7890x'`).run()).toThrow(/INTEGER column/);
    expect(() => store.db.prepare(`UPDATE messages SET state = 'partial'`).run()).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => store.db.prepare(`UPDATE messages SET state = 9`).run()).toThrow(/CHECK constraint/);
    store.close();
  });

  it('enforces foreign keys', () => {
    const store = openTestStore(tmp.file('fk.db'));
    const acc = store.accounts.create(accountInput());
    expect(() =>
      store.db
        .prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at)
          VALUES (999, ?, 13800138000, 3, 1, 1, 0)`)
        .run(acc.id),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(() =>
      store.db
        .prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state, report_expected) VALUES (12345, ?, 1, 1, ${sqlState('queued')}, 1)`)
        .run(acc.id),
    ).toThrow(/FOREIGN KEY constraint failed/);
    // An account with messages cannot be deleted (a clear conflict, not a raw SQLite error).
    const c = store.campaigns.create({ name: 'c', accountId: acc.id, text: 'hi' });
    for (const _ of store.outbox.enqueue({ accountId: acc.id, campaignId: c.id, segmentCount: 1 }, [{ number: '13800138000' }]));
    expect(() => store.accounts.remove(acc.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(store.integrityCheck()).toEqual({ ok: true, problems: [] });
    store.close();
  });

  it('integrity check reports foreign-key damage done behind its back', () => {
    const store = openTestStore(tmp.file('damage.db'));
    const acc = store.accounts.create(accountInput());
    store.db.pragma('foreign_keys = OFF');
    store.db.prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state, report_expected) VALUES (777, ?, 1, 1, ${sqlState('queued')}, 1)`).run(acc.id);
    store.db.pragma('foreign_keys = ON');
    const report = store.integrityCheck();
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/segments row \d+ points to a missing messages/);
    store.close();
  });
});

describe('prepared statements only', () => {
  // Review point made executable: SQL text may interpolate only fixed column lists, generated
  // names and the enum-built CHECK, never a value that came from a caller.
  const allowed = new Set([
    'columns', 'select', 'segColumns', 'msgSelect', 'where.join(\' AND \')', 'order', 'busy', 'sync', 'cache', 'walPages',
    'm.version', "stateCheck('state')", 'segmentRowColumns', 'messageBefore', 'changed', 'NOT_SENDING',
    'messageFactColumns', 'groupColumn[by]', 'groupTail[by]', 'filter[Number(account) + 2 * Number(campaign)]',
    'REPORT_COLUMNS', 'REPORT_FROM', 'REPORT_JOINS', 'FOLDED_COLUMNS', 'FOLDED_FROM', 'CLEAR_FOLDED', "segmentStatSql('segments')",
  ]);
  // Fixed fragments built from constants: a state's code (state-codes.ts) or a message column as
  // stored (message-columns.ts), each called with a literal.
  const fixed = [
    /^(sqlState|stateNameSql|doneAfterOf|submittedAfterOf|numberColumnOf|numberColumnFrom)\('[a-z_.?@()> 0-9-]+'\)$/,
    /^sqlStates\(\[('[a-z_]+'(, )?)+\]\)$/,
    /^(MESSAGE_COLUMNS|M)\.\w+$/,
    /^messageColumnsSql\('m'\)\.\w+$/,
  ];
  const isFixed = (v: string) => allowed.has(v) || fixed.some((re) => re.test(v));
  it('interpolates nothing but fixed fragments into SQL', () => {
    // Every file of the store, its folders (log/, outbox/) included.
    const dir = resolve(import.meta.dirname, '../../electron/store');
    const found: string[] = [];
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/(?:prepare|exec|pragma)\(\s*`([^`]*)`/g)) {
        for (const v of m[1]!.matchAll(/\$\{([^}]*)\}/g)) if (!isFixed(v[1]!)) found.push(`${f}: \${${v[1]}}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('stores values full of SQL syntax as plain values', () => {
    const store = openTestStore(tmp.file('inject.db'));
    const name = `x'); DROP TABLE accounts; --`;
    const acc = store.accounts.create(accountInput({ name, signature: `【'"; DELETE FROM messages】` }));
    expect(store.accounts.findByName(name)?.id).toBe(acc.id);
    const g = store.contacts.createGroup(`g' OR '1'='1`);
    for (const _ of store.contacts.addMembers(g.id, [{ number: '13800138000', name: `Robert'); DROP TABLE contacts;--`, fields: { "a'b": `"}` } }]));
    expect(store.contacts.members(g.id)[0]!.fields).toEqual({ "a'b": `"}` });
    // The log refuses a number that is not digits, and reads a Stat full of quotes as a value.
    expect(() => store.log.search({ number: `13800138000' OR 1=1 --` })).toThrow(/not a phone number/);
    expect(store.log.search({ stat: `'OR'1'` }).entries).toEqual([]);
    store.close();
  });
});
