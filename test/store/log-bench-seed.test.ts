// The log benchmark's seeder (test/bench/log-seed.ts) writes its rows in SQL, not through the
// store. This proves they are the store's own rows: every message of a small seeded file is
// written again through the store's API (enqueue, claim, markSent, SUBMIT_RESP, status report or
// report-wait expiry) with the same account, campaign, number, times and Msg_Ids, and every
// column of its message, segments and status reports must come out the same. The campaigns'
// per-state counters and the daily statistics must equal a recount of the seeded rows.
import { afterAll, describe, expect, it } from 'vitest';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { statFromColumn } from '../../electron/store/message-columns.js';
import { stateFromColumn, stateNameSql } from '../../electron/store/state-codes.js';
import { Store } from '../../electron/store/store.js';
import { KINDS, runKind, STEP_MS } from '../bench/log-seed-kinds.js';
import { createOwners, seedLog } from '../bench/log-seed.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Row = Record<string, unknown>;
const without = (r: Row, ...cols: string[]): Row => Object.fromEntries(Object.entries(r).filter(([k]) => !cols.includes(k)));

/** The kind a seeded message is of, from what its row says. */
function kindOf(m: Row): number {
  // The state and Stat as the store reads them back (message-columns.ts).
  const state = stateFromColumn(m.state as number);
  const stat = statFromColumn(m.state as number, m.stat as string | null);
  const k = KINDS.findIndex(
    (kind) =>
      kind.segments === m.segment_count &&
      ('report' in kind.flow
        ? stat === kind.flow.report
        : 'result' in kind.flow
          ? m.result === kind.flow.result && stat === null
          : 'expire' in kind.flow
            ? state === 'unknown'
            : 'skip' in kind.flow
              ? state === 'skipped'
              : state === kind.flow.stop),
  );
  if (k < 0) throw new Error(`message ${String(m.id)} is of no kind: ${JSON.stringify(m)}`);
  return k;
}

describe('log benchmark seeder', () => {
  it('writes exactly the rows the store API writes, message by message', () => {
    // The newest 3,000 are the running campaign's (submitted, queued): the oldest 1,500 and every
    // tenth after them are replayed, which covers every kind.
    const messages = 6_000;
    const info = seedLog(tmp.file('seeded.db'), messages, new Date(Date.UTC(2026, 5, 1, 4)));
    const db = Store.open({ path: tmp.file('seeded.db'), cipher: new PlaintextCipher() });
    const replayPath = tmp.file('replay.db');
    createOwners(replayPath, info.start);
    const replay = Store.open({ path: replayPath, cipher: new PlaintextCipher() });
    try {
      replay.db.exec("UPDATE campaigns SET state = 'running'");
      const q = (s: Store, sql: string, ...args: unknown[]) => s.db.prepare(sql).all(...args) as Row[];
      const seen = new Set<number>();
      for (const m of q(db, 'SELECT * FROM messages WHERE id <= 1500 OR id % 10 = 0 ORDER BY id')) {
        const kind = kindOf(m);
        seen.add(kind);
        const segs = q(db, 'SELECT * FROM segments WHERE message_id = ? ORDER BY pk_number', m.id);
        const reports = q(db, 'SELECT r.* FROM status_reports r JOIN segments s ON s.id = r.segment_id WHERE s.message_id = ? ORDER BY r.id', m.id);
        const first = segs[0];
        const id = runKind(replay, KINDS[kind]!, {
          accountId: m.account_id as number,
          campaignId: m.campaign_id as number | null,
          number: String(m.number),
          createdAt: m.created_at as number,
          delayMs: first ? (first.submit_at as number) - STEP_MS.sent - (m.created_at as number) : 0,
          msgId: (pk) => BigInt((segs[pk - 1]!.msg_id as number | null) ?? 1),
          // A segment's first report is in its row (electron/store/folded-reports.ts) or in status_reports.
          deliverMsgId: (pk) =>
            BigInt((segs[pk - 1]!.report_deliver_msg_id as number | null) ?? (reports.find((r) => r.segment_id === segs[pk - 1]!.id)!.deliver_msg_id as number)),
        });
        expect(without(q(replay, 'SELECT * FROM messages WHERE id = ?', id)[0]!, 'id'), `message ${String(m.id)}`).toEqual(without(m, 'id'));
        const replaySegs = q(replay, 'SELECT * FROM segments WHERE message_id = ? ORDER BY pk_number', id);
        expect(replaySegs.map((s) => without(s, 'id', 'message_id'))).toEqual(segs.map((s) => without(s, 'id', 'message_id')));
        const replayReports = q(replay, 'SELECT r.* FROM status_reports r JOIN segments s ON s.id = r.segment_id WHERE s.message_id = ? ORDER BY r.id', id);
        expect(replayReports.map((r) => without(r, 'id', 'segment_id'))).toEqual(reports.map((r) => without(r, 'id', 'segment_id')));
      }
      expect([...seen].sort((a, b) => a - b)).toEqual(KINDS.map((_, k) => k));
      const counts = 'SELECT campaign_id, state, n FROM campaign_counts WHERE n <> 0 ORDER BY 1, 2';
      const recount = `SELECT campaign_id, ${stateNameSql('state')} AS state, count(*) AS n FROM messages WHERE campaign_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`;
      expect(q(db, counts)).toEqual(q(db, recount));
      expect(q(db, 'SELECT count(*) AS n FROM messages')[0]!.n).toBe(messages);
      expect(db.statistics.liveRows()).toEqual(db.statistics.expectedRows());
      expect(db.statistics.liveRows().length).toBeGreaterThan(0);
    } finally {
      db.close();
      replay.close();
    }
  });
});
