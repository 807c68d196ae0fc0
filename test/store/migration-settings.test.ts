// Migration 5 (settings table, messages.concat_ref): a file at version 4 with an outbox keeps its
// rows exactly, gains the settings table (JSON values only) and the nullable concat_ref column
// (0..65535), and the services' settings and reference counter work on it.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/store/database.js';
import { ConcatRefCounter, WorkspaceSettings, defaultSendingSettings } from '../../electron/services/settings/settings.js';
import { decemberMsgId, fixtureAccount, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = 1_700_000_000_000;

describe('migration 5', () => {
  it('adds settings and concat_ref to a version-4 file without touching its rows', () => {
    const path = tmp.file('m5.db');
    const db = openDatabase(path, { targetVersion: 4 });
    fixtureAccount(db, now);
    const m = db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, segment_count, billed_count, created_at, updated_at)
      VALUES (NULL, 1, '13800138000', 'submitted', 2, 2, ?, ?)`).run(now, now).lastInsertRowid;
    const msgId = BigInt.asIntN(64, decemberMsgId(3));
    db.prepare(`INSERT INTO segments (message_id, account_id, number, pk_number, pk_total, state, report_expected, msg_id, pdu_msg_id)
      VALUES (?, 1, '13800138000', 1, 2, 'submitted', 1, ?, ?)`).run(m, msgId, msgId);
    db.close();

    const db5 = openDatabase(path, { targetVersion: 5 });
    expect(schemaVersion(db5)).toBe(5);
    expect(db5.prepare('SELECT msg_id FROM segments').safeIntegers(true).pluck().get()).toBe(msgId);
    expect(db5.prepare('SELECT concat_ref FROM messages WHERE id = ?').pluck().get(m)).toBeNull();
    db5.prepare('UPDATE messages SET concat_ref = 255 WHERE id = ?').run(m);
    expect(() => db5.prepare('UPDATE messages SET concat_ref = 70000 WHERE id = ?').run(m)).toThrow(/CHECK constraint/);
    expect(() => db5.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('x', 'not json', 0)`).run()).toThrow(/CHECK constraint/);

    const settings = new WorkspaceSettings(db5, () => now);
    expect(settings.snapshot()).toEqual(defaultSendingSettings);
    settings.update({ quietHours: { start: '21:00', end: '08:00' }, sensitiveWords: ['赌博'] });
    expect(new WorkspaceSettings(db5).quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(() => settings.update({ quietHours: { start: '25:00', end: '08:00' } })).toThrow(/quiet hours must be/);
    expect(new WorkspaceSettings(db5).sensitiveWords).toEqual(['赌博']);

    const refs = new ConcatRefCounter(db5);
    const first = refs.next(1);
    expect(refs.next(1)).toBe((first + 1) & 0xff);
    // Persisted: a new counter (a restart) continues after the last one handed out.
    expect(new ConcatRefCounter(db5).next(1)).toBe((first + 2) & 0xff);
    db5.close();
  });
});
