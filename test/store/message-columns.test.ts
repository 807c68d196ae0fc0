// A message row in fewer bytes (migrations 17 and 20, electron/store/message-columns.ts) reads back
// exactly: the number as an INTEGER where it reads back the same, the state as its code, the Stat (a delivered message's DELIVRD stored as NULL, its NULL as ''),
// the submission and completion times as delays after creation (zero, negative and far delays, and
// none). Checked three ways: the codec alone, the SQL the log reads through, and a database of
// version 16 upgraded, whose Delivery log shows every message as it was written, whose per-state
// counters still fall when a message is deleted, and whose Stat filter still finds its messages.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database.js';
import { messageColumnsSql, statFromColumn, statToColumn, timeFromColumn } from '../../electron/store/message-columns.js';
import { STATE_CODE, stateFromColumn } from '../../electron/store/state-codes.js';
import { MessageStates, type MessageState } from '../../shared/message-state.js';
import { fixtureAccount, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = 1_765_000_000_000;

/** Stats a message may carry, raw: DELIVRD in other cases, a family, an odd one, none. */
const STATS = [null, 'DELIVRD', 'delivrd', ' DELIVRD', 'UNDELIV', 'MK:0012', 'UNKNOWN', 'ACCEPTD', '=1+1'] as const;
/** Submission and completion times around a creation time `now`: none, the same, earlier, 100 years later. */
const TIMES = [null, now, now - 1, now + 1, now + 40, now + 3_153_600_000_000] as const;

describe('message columns', () => {
  it('state codes and Stats round-trip through the codec, every state with every Stat', () => {
    for (const state of MessageStates) {
      expect(stateFromColumn(STATE_CODE[state])).toBe(state);
      for (const stat of STATS) expect(statFromColumn(STATE_CODE[state], statToColumn(state, stat)), `${state} ${String(stat)}`).toBe(stat);
    }
    // Only a delivered message's exact DELIVRD costs nothing; anything else is kept as it came.
    expect(statToColumn('delivered', 'DELIVRD')).toBeNull();
    expect(statToColumn('failed', 'DELIVRD')).toBe('DELIVRD');
    expect(statToColumn('delivered', null)).toBe('');
    expect(timeFromColumn(now, null)).toBeNull();
    expect(timeFromColumn(now, -1)).toBe(now - 1);
  });

  it('the SQL the log reads through agrees with the codec', () => {
    const store = openTestStore(tmp.file('sql.db'));
    const accountId = store.accounts.create({ name: 'a', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'S', srcId: '1069' }).id;
    const insert = store.db.prepare(`INSERT INTO messages (account_id, number, state, stat, segment_count, billed_count, created_at, submitted_after, done_after)
      VALUES (?, 13800138000, ?, ?, 1, 1, ?, ? - ?, ? - ?)`);
    const M = messageColumnsSql('m');
    const read = store.db.prepare(`SELECT ${M.stat} AS stat, ${M.submittedAt} AS submittedAt, ${M.doneAt} AS doneAt FROM messages m WHERE id = ?`);
    for (const state of MessageStates) {
      for (const stat of STATS) {
        for (const [i, t] of TIMES.entries()) {
          const done = TIMES[(i + 2) % TIMES.length]!;
          const id = insert.run(accountId, STATE_CODE[state], statToColumn(state, stat), now, t, now, done, now).lastInsertRowid;
          expect(read.get(id), `${state} ${String(stat)} ${String(t)}`).toEqual({ stat, submittedAt: t, doneAt: done });
        }
      }
    }
    store.close();
  });

  it('numbers: an INTEGER where it reads back the same, else text; each found by the log, the claim and the frequency rule', () => {
    const store = openTestStore(tmp.file('numbers.db'));
    const accountId = store.accounts.create({ name: 'n', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'S', srcId: '1069' }).id;
    // A mobile number, the shortest and longest INTEGERs, a leading zero, one digit too many for
    // an exact INTEGER, and a number that is not digits only: each kept in its one form.
    const forms: [number: string, stored: 'integer' | 'text'][] = [
      ['13800138000', 'integer'], ['1', 'integer'], ['999999999999999', 'integer'], ['01012345678', 'text'],
      ['1000000000000000', 'text'], ['10086#1', 'text'],
    ];
    // Both writers: a campaign's plain rows, and direct sends with their own text.
    const campaignId = store.campaigns.create({ name: 'c', accountId, text: 'hi' }).id;
    for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 1 }, forms.map(([number]) => ({ number })), { now }));
    for (const _ of store.outbox.enqueue({ accountId, campaignId: null, segmentCount: 1 }, forms.map(([number]) => ({ number, text: 'hi' })), { now }));
    const rows = store.db.prepare('SELECT typeof(number) AS t, CAST(number AS TEXT) AS n FROM messages ORDER BY id').all() as { t: string; n: string }[];
    expect(rows).toHaveLength(2 * forms.length);
    expect(new Map(rows.map((r) => [r.n, r.t]))).toEqual(new Map(forms));
    for (const [number] of forms) {
      if (/^\d+$/.test(number)) expect(store.log.search({ number }).entries.map((e) => e.number), number).toEqual([number, number]);
      expect(store.outbox.recentTo(number, now), number).toBe(2);
    }
    for (const c of [campaignId, null]) {
      const claimed = store.outbox.claim({ accountId, campaignId: c, limit: 10, reportExpected: true, now });
      expect(claimed.map((m) => m.number).sort()).toEqual(forms.map(([n]) => n).sort());
    }
    // One form per number: the digits of an INTEGER as text are refused, and so is a REAL.
    const raw = store.db.prepare('INSERT INTO messages (account_id, number, state, segment_count, billed_count, created_at) VALUES (?, ?, 3, 1, 1, 0)');
    expect(() => raw.run(accountId, '13800138000')).toThrow(/CHECK constraint/);
    expect(() => raw.run(accountId, 13800138000)).toThrow(/CHECK constraint/);
    store.close();
  });

  it('an upgraded database of version 16 shows every message as it was written', () => {
    const path = tmp.file('v16.db');
    const db = openDatabase(path, { targetVersion: 16 });
    const accountId = fixtureAccount(db, now);
    const campaignId = Number(
      db.prepare(`INSERT INTO campaigns (name, account_id, text, service_id, fee_type, fee_code, fee_user_type, fee_terminal_id, src_id_ext,
        registered_delivery, valid_time, at_time, state, created_by, created_at, updated_at)
        VALUES ('c', ?, 'hi', 'svc', '01', '0', 2, '', '', 1, '', '', 'completed', 'me', ?, ?)`).run(accountId, now, now).lastInsertRowid,
    );
    const insert = db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, stat, reason, result, segment_count, billed_count,
      text, created_at, submitted_at, done_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?)`);
    type Written = { id: number; state: MessageState; stat: string | null; submittedAt: number | null; doneAt: number | null; createdAt: number };
    const written: Written[] = [];
    let n = 0;
    for (const state of MessageStates) {
      for (const stat of STATS) {
        const createdAt = now + n * 1000;
        const submittedAt = TIMES[n % TIMES.length] === null ? null : TIMES[n % TIMES.length]! + n * 1000;
        const doneAt = TIMES[(n + 3) % TIMES.length] === null ? null : TIMES[(n + 3) % TIMES.length]! + n * 1000;
        const id = Number(insert.run(campaignId, accountId, String(13800000000 + n), state, stat, stat === null ? null : `Stat ${stat}`, n % 3 === 0 ? 13 : null,
          n % 2 ? '您好' : null, createdAt, submittedAt, doneAt, createdAt + 7).lastInsertRowid);
        written.push({ id, state, stat, submittedAt, doneAt, createdAt });
        n++;
      }
    }
    for (const state of MessageStates) {
      db.prepare('INSERT INTO campaign_counts (campaign_id, state, n) VALUES (?, ?, ?)').run(campaignId, state, written.filter((w) => w.state === state).length);
    }
    db.close();

    const store = openTestStore(path);
    expect(store.integrityCheck()).toEqual({ ok: true, problems: [] });
    const shown = new Map(store.log.search({}, 1000).entries.map((e) => [e.id, e]));
    expect(shown.size).toBe(written.length);
    for (const w of written) {
      expect(shown.get(w.id), `message ${w.id}`).toMatchObject({ state: w.state, stat: w.stat, createdAt: w.createdAt, submittedAt: w.submittedAt, doneAt: w.doneAt });
    }
    // The Stat filter finds the same messages as the rows written (DELIVRD included, read where it is implied).
    for (const stat of ['DELIVRD', 'UNDELIV', 'MK:0012']) {
      const found = store.log.search({ stat }, 1000).entries.map((e) => e.id).sort((a, b) => a - b);
      expect(found, stat).toEqual(written.filter((w) => w.stat === stat).map((w) => w.id));
    }
    // Numbers stored as INTEGERs (version 20) are found as before.
    expect(store.log.search({ number: '13800000005' }).entries.map((e) => e.id)).toEqual([written[5]!.id]);
    // The per-state counters still fall, by name, when a message goes (the trigger rebuilt with the table).
    const failed = written.find((w) => w.state === 'failed')!;
    const before = store.campaigns.counts(campaignId).failed;
    store.db.prepare('DELETE FROM messages WHERE id = ?').run(failed.id);
    expect(store.campaigns.counts(campaignId).failed).toBe(before - 1);
    store.close();
  });
});
