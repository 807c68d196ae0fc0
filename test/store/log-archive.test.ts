// Archiving months of the delivery log (electron/store/archive/): a whole, final month moves into
// its own file beside the database (verified, then deleted from the live file in batches, the
// space given back); a month with unfinished messages waits; campaign counts and statistics stay as they were.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { LogArchiver } from '../../electron/store/archive/archiver.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import type { Store } from '../../electron/store/store.js';
import { seedLogMonth } from './fixtures/log-months.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
const dbPath = tmp.file('archive.db');
const NOW = Date.UTC(2026, 11, 6, 9, 0);
let store: Store;
let campaignId: number;
const month = (name: string) => monthRange(parseMonth(name)!);

const counts = () => store.db.prepare('SELECT campaign_id, state, n FROM campaign_counts WHERE n <> 0 ORDER BY 1, 2').all();

beforeAll(() => {
  store = openTestStore(dbPath);
  const accountId = store.accounts.create(accountInput()).id;
  campaignId = store.campaigns.create({ name: 'c', accountId, text: 'x' }).id;
  const [marFrom, marTo] = month('2026-03');
  const [aprFrom, aprTo] = month('2026-04');
  const [novFrom, novTo] = month('2026-11');
  store.transaction(() => {
    seedLogMonth(store.db, { accountId, campaignId, from: marFrom, to: marTo, count: 3000 });
    seedLogMonth(store.db, { accountId, campaignId: null, from: marFrom, to: marTo, count: 500 });
    seedLogMonth(store.db, { accountId, campaignId, from: aprFrom, to: aprTo, count: 1000, unfinishedEvery: 100 });
    seedLogMonth(store.db, { accountId, campaignId, from: novFrom, to: novTo, count: 500 });
  });
  store.outbox.recount(campaignId);
  store.statistics.recount(); // the seed wrote rows directly
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('log archiver', () => {
  it('new databases reclaim space incrementally', () => {
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
  });

  it('archives a final month whole, verified, and lets an unfinished one wait', async () => {
    const before = counts();
    const year = { fromDay: 20260101, toDay: 20261231, by: 'day' } as const;
    const statisticsBefore = store.statistics.query(year);
    const liveBefore = store.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = statSync(dbPath).size;
    const steps: string[] = [];
    const archiver = new LogArchiver(store.db, dbPath, { now: () => NOW, onStep: (m, s) => steps.push(`${m} ${s}`) });
    await archiver.run(6);
    const status = archiver.status();
    expect(status).toEqual([
      { month: '2026-03', state: 'archived', file: archiveFileName(dbPath, '2026-03'), present: true, messages: 3500 },
      { month: '2026-04', state: 'waiting', unfinished: 10 },
    ]);
    expect(steps).toContain('2026-03 verified');
    const [from, to] = month('2026-03');
    expect(store.db.prepare('SELECT count(*) FROM messages WHERE created_at >= ? AND created_at < ?').pluck().get(from, to)).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(liveBefore - 3500);
    const archive = new Database(tmp.file(archiveFileName(dbPath, '2026-03')), { readonly: true });
    expect(archive.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(3500);
    expect(archive.prepare('SELECT count(*) FROM segments').pluck().get()).toBe(3500);
    expect(archive.prepare('SELECT count(*) FROM status_reports').pluck().get()).toBe(3500);
    // The reports' Dest_Id/Service_Id rows come along: every report's origin resolves in the archive.
    expect(archive.prepare('SELECT count(*) FROM status_reports r JOIN report_origins o ON o.id = r.origin_id').pluck().get()).toBe(3500);
    expect(archive.prepare(`SELECT value FROM archive_meta WHERE key = 'month'`).pluck().get()).toBe('2026-03');
    expect(archive.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').pluck().all('index')).toEqual(
      expect.arrayContaining(['messages_by_campaign', 'messages_by_number', 'messages_by_state', 'reports_by_segment']),
    );
    archive.close();
    // Campaign counts and the statistics keep the archived messages; nothing else changed.
    expect(counts()).toEqual(before);
    expect(store.statistics.query(year)).toEqual(statisticsBefore);
    expect(store.statistics.liveRows()).toEqual(store.statistics.expectedRows());
    expect(store.integrityCheck().ok).toBe(true);
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(dbPath).size).toBeLessThan(sizeBefore * 0.6);
    // A second run finds nothing new to do.
    await archiver.run(6);
    expect(archiver.status().map((s) => s.state)).toEqual(['archived', 'waiting']);
  });

  it('a report matched to an archived message after the copy stays live, matching nothing, with its Msg_Id and number', async () => {
    const late = openTestStore(tmp.file('late.db'));
    try {
      const accountId = late.accounts.create(accountInput()).id;
      const [from, to] = month('2026-01');
      const [first] = late.transaction(() => seedLogMonth(late.db, { accountId, campaignId: null, from, to, count: 200 }));
      const segment = late.db.prepare('SELECT id, msg_id FROM segments WHERE message_id = ?').get(first) as { id: number; msg_id: number };
      const number = late.db.prepare('SELECT CAST(number AS TEXT) FROM messages WHERE id = ?').pluck().get(first) as string;
      let reportId = 0;
      const archiver = new LogArchiver(late.db, tmp.file('late.db'), {
        now: () => NOW,
        onStep: (_m, step) => {
          if (step !== 'verified') return;
          // As the store writes a report matched by its segment's Msg_Id, between the copy and the deletes.
          reportId = Number(
            late.db
              .prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
                dest_terminal_id, number, smsc_sequence, origin_id, connection, segment_id, matched_after)
                VALUES (?, ?, 1, NULL, 'DELIVRD', 0, 2601010000, 2601010001, NULL, NULL, 7, 1, 'c1', ?, 3)`)
              .run(accountId, NOW, segment.id).lastInsertRowid,
          );
        },
      });
      await archiver.run(6);
      expect(archiver.status()).toMatchObject([{ month: '2026-01', state: 'archived', messages: 200 }]);
      expect(late.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
      expect(late.db.prepare('SELECT segment_id, msg_id, number, matched_after FROM status_reports WHERE id = ?').get(reportId)).toEqual({
        segment_id: null, msg_id: segment.msg_id, number, matched_after: null,
      });
      expect(late.integrityCheck().ok).toBe(true);
    } finally {
      late.close();
    }
  });
});
