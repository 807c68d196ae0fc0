// The delivery-log view (electron/store/log/views.ts): every page at every position equals the
// brute-force answer (all matching messages sorted newest first, sliced), for every filter shape,
// with tiny anchor steps so jumps cross many anchors and parts; counts; bad filters rejected. The
// search, the export pages and the export scan give the same messages for every filter.
import { statToColumn } from '../../electron/store/message-columns.js';
import { sqlState, STATE_CODE } from '../../electron/store/state-codes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogError, type LogFilter } from '../../electron/store/log/filter.js';
import { LogViews } from '../../electron/store/log/views.js';
import type { Store } from '../../electron/store/store.js';
import { MessageStates, type MessageState } from '../../shared/message-state.js';
import { msgIdTo22, msgIdToHex } from '../../shared/msg-id.js';
import { accountInput, decemberMsgId, openTestStore, tempDir } from './helpers.js';
import { numberColumnOf } from '../../electron/store/message-columns.js';

const tmp = tempDir();
let store: Store;
let accountA: number;
let accountB: number;
let campaigns: number[];
const N = 600;

interface Seeded {
  id: number;
  campaignId: number | null;
  accountId: number;
  number: string;
  state: MessageState;
  stat: string | null;
  createdAt: number;
}
const seeded: Seeded[] = [];

beforeAll(() => {
  store = openTestStore(tmp.file('log-view.db'));
  accountA = store.accounts.create(accountInput({ name: 'A' })).id;
  accountB = store.accounts.create(accountInput({ name: 'B', spId: '900002' })).id;
  campaigns = [1, 2, 3].map((i) => store.campaigns.create({ name: `c${i}`, accountId: i === 3 ? accountB : accountA, text: 'x' }).id);
  // As the store writes them (message-columns.ts), with every Stat in every state, a delivered one's
  // NULL and UNDELIV included: the log reads each back as it was given.
  const insert = store.db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, stat, segment_count, billed_count,
    created_at) VALUES (?, ?, ${numberColumnOf('?')}, ?, ?, 1, 1, ?)`);
  const stats = ['DELIVRD', 'UNDELIV', 'MK:0012', 'MA:0001', 'EXPIRED', null];
  store.transaction(() => {
    for (let i = 0; i < N; i++) {
      const campaignIndex = i % 4; // 3 = direct send
      const campaignId = campaignIndex === 3 ? null : campaigns[campaignIndex]!;
      const accountId = campaignIndex === 2 ? accountB : accountA;
      const state = MessageStates[(i * 7) % MessageStates.length]!;
      const stat = stats[(i * 5) % stats.length]!;
      // created_at is NOT monotonic in id (interleaved enqueues) and has ties.
      const createdAt = 1_000_000 + Math.floor(((i * 37) % N) / 3) * 10;
      const number = String(13800000000 + (i % 50));
      const id = Number(insert.run(campaignId, accountId, number, STATE_CODE[state], statToColumn(state, stat), createdAt).lastInsertRowid);
      seeded.push({ id, campaignId, accountId, number, state, stat, createdAt });
    }
  });
  for (const c of campaigns) store.outbox.recount(c);
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

function expected(f: LogFilter, ids?: Set<number>): number[] {
  return seeded
    .filter(
      (m) =>
        (f.campaignId === undefined || m.campaignId === f.campaignId) &&
        (!f.directOnly || m.campaignId === null) &&
        (f.accountId === undefined || m.accountId === f.accountId) &&
        (!f.states?.length || f.states.includes(m.state)) &&
        (f.stat === undefined || (f.stat.endsWith(':') ? m.stat?.startsWith(f.stat) : m.stat === f.stat)) &&
        (f.number === undefined || m.number === f.number) &&
        (f.from === undefined || m.createdAt >= f.from) &&
        (f.to === undefined || m.createdAt < f.to) &&
        (ids === undefined || ids.has(m.id)),
    )
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    .map((m) => m.id);
}

const filters: LogFilter[] = [
  {},
  { states: ['delivered'] },
  { states: ['failed', 'unknown', 'queued'] },
  { campaignId: 0 + 1 },
  { campaignId: 2, states: ['delivered', 'submitted'] },
  { directOnly: true },
  { accountId: 2 },
  { stat: 'UNDELIV' },
  { stat: 'MK:', states: ['failed', 'delivered'] },
  { stat: 'UNDELIV', states: ['failed', 'unknown'], accountId: 2 },
  { stat: 'UNDELIV', states: ['failed'] },
  { stat: 'EXPIRED', from: 1_000_300, to: 1_001_500 },
  { stat: 'UNDELIV', campaignId: 3 },
  { stat: 'DELIVRD' },
  { number: '13800000007' },
  { number: '+86 138 0000 0007', states: ['delivered', 'failed', 'queued'] },
  { from: 1_000_300, to: 1_001_500 },
  { from: 1_000_300, campaignId: 1, accountId: 1 },
];

describe('LogViews', () => {
  for (const [i, filter] of filters.entries()) {
    it(`filter #${i} ${JSON.stringify(filter)}: count and every page at every position match brute force`, async () => {
      const views = new LogViews(store, { step: 3, sliceMs: 1 });
      const want = expected({ ...filter, campaignId: filter.campaignId === undefined ? undefined : campaigns[filter.campaignId - 1], number: filter.number?.replace(/\D/g, '').slice(-11) });
      const resolved = { ...filter, campaignId: filter.campaignId === undefined ? undefined : campaigns[filter.campaignId - 1] };
      const { viewId } = views.open(resolved);
      // The same planner serves the search (newest first) and the export pages (oldest first).
      expect(store.log.search(resolved, N).entries.map((e) => e.id)).toEqual(want);
      expect([...new Set(store.log.exportPage(resolved, N).rows.map((r) => r.messageId))]).toEqual([...want].reverse());
      expect([...new Set(store.log.exportScanner(resolved).next(N).map((r) => r.messageId))]).toEqual([...want].reverse());
      const first = await views.page(viewId, 0, 7);
      expect(first.rows.map((r) => r.id)).toEqual(want.slice(0, 7));
      expect(await views.count(viewId)).toBe(want.length);
      // Jumps in an order that defeats the page-end cache, then sequential pages.
      const positions = [...new Set([want.length - 1, Math.floor(want.length / 2), 1, 2, 3, 4, 5, 11, want.length - 5, want.length + 3])];
      for (const pos of positions.filter((p) => p >= 0)) {
        const page = await views.page(viewId, pos, 4);
        expect(page.rows.map((r) => r.id), `position ${pos}`).toEqual(want.slice(pos, pos + 4));
        expect(page.total).toBe(want.length);
      }
      // A jump right after the count, before the background walk has run: each on a fresh view,
      // so it walks only toward its position, from the nearer end.
      const early = new LogViews(store, { step: 3, sliceMs: 1 });
      for (const pos of [...new Set([0, 1, 2, 4, 7, Math.floor(want.length / 2) - 1, Math.floor(want.length / 2), want.length - 8, want.length - 3, want.length - 1])]) {
        if (pos < 0 || pos >= want.length) continue;
        const v = early.open(resolved).viewId;
        expect(await early.count(v)).toBe(want.length);
        expect((await early.page(v, pos, 4)).rows.map((r) => r.id), `early jump to ${pos}`).toEqual(want.slice(pos, pos + 4));
        early.close(v);
      }
      const fresh = new LogViews(store, { step: 5 });
      const again = fresh.open(resolved).viewId;
      await fresh.count(again);
      for (let pos = 0; pos < want.length; pos += 9) {
        expect((await fresh.page(again, pos, 9)).rows.map((r) => r.id), `sequential ${pos}`).toEqual(want.slice(pos, pos + 9));
      }
    });
  }

  it('rows carry what the table shows', async () => {
    const views = new LogViews(store);
    const { viewId } = views.open({ number: '13800000003' });
    const { rows } = await views.page(viewId, 0, 1);
    const m = seeded.find((s) => s.id === rows[0]!.id)!;
    expect(rows[0]).toMatchObject({ number: m.number, state: m.state, rollup: m.state, stat: m.stat, accountId: m.accountId, campaignId: m.campaignId, createdAt: m.createdAt });
  });

  it('finds messages by Msg_Id in all three text forms, on any account', async () => {
    const target = seeded.find((s) => s.accountId === accountB && s.campaignId !== null)!;
    const msgId = decemberMsgId(4242);
    store.db
      .prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state, report_expected, msg_id)
        VALUES (?, ?, 1, 1, ${sqlState('submitted')}, 1, ?)`)
      .run(target.id, target.accountId, BigInt.asIntN(64, msgId));
    const views = new LogViews(store);
    for (const text of [msgId.toString(), msgIdTo22(msgId), msgIdToHex(msgId), `0x${msgIdToHex(msgId)}`]) {
      const { viewId } = views.open({ msgId: text });
      expect(await views.count(viewId)).toBe(1);
      expect((await views.page(viewId, 0, 10)).rows.map((r) => r.id)).toEqual([target.id]);
    }
    const other = views.open({ msgId: msgIdTo22(msgId), states: ['cancelled'].filter((s) => s !== target.state) as MessageState[] });
    expect(await views.count(other.viewId)).toBe(0);
    const none = views.open({ msgId: '1' });
    expect(await views.count(none.viewId)).toBe(0);
  });

  it('says when the data changed since the count', async () => {
    const views = new LogViews(store);
    const { viewId } = views.open({});
    await views.count(viewId);
    expect((await views.page(viewId, 0, 1)).changed).toBe(false);
    store.db.prepare('UPDATE messages SET stat = stat WHERE id = ?').run(seeded[0]!.id);
    expect((await views.page(viewId, 0, 1)).changed).toBe(true);
  });

  it('rejects bad filters with typed errors and forgets old views', async () => {
    const views = new LogViews(store, { maxViews: 2 });
    const bad: [LogFilter, string][] = [
      [{ msgId: '12345678901234567890123' }, 'invalid-msg-id'],
      [{ msgId: 'abc' }, 'invalid-msg-id'],
      [{ number: '   ' }, 'invalid-number'],
      [{ stat: 'TOO LONG STAT' }, 'invalid-filter'],
      [{ from: 5, to: 5 }, 'invalid-filter'],
      [{ campaignId: 1, directOnly: true }, 'invalid-filter'],
      [{ states: ['partial' as MessageState] }, 'invalid-filter'],
    ];
    for (const [filter, code] of bad) {
      expect(() => views.open(filter), JSON.stringify(filter)).toThrow(LogError);
      try {
        views.open(filter);
      } catch (e) {
        expect((e as LogError).code).toBe(code);
      }
    }
    const a = views.open({}).viewId;
    views.open({});
    views.open({});
    await expect(views.page(a, 0, 1)).rejects.toMatchObject({ code: 'view-expired' });
    const b = views.open({}).viewId;
    await expect(views.page(b, -1, 1)).rejects.toMatchObject({ code: 'invalid-filter' });
    await expect(views.page(b, 0, 501)).rejects.toMatchObject({ code: 'invalid-filter' });
  });
});
