// An archive round trip: a month archived is found by the Delivery log's views, search, detail and
// export (CSV through the real export service), each saying which archived months it searched; the
// file moved away is reported missing (not an error, the live rows still answer); brought back,
// it is searched again. Positions and counts over live + archive equal the brute-force answer.
import { readFileSync, renameSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDeliveryLog } from '../../electron/services/log/log-export.js';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { LogArchiver } from '../../electron/store/archive/archiver.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import { LogViews } from '../../electron/store/log/views.js';
import { stateFromColumn } from '../../electron/store/state-codes.js';
import type { Store } from '../../electron/store/store.js';
import type { LogFilter } from '../../shared/ipc/contract/log.js';
import { seedLogMonth } from './fixtures/log-months.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
const dbPath = tmp.file('round-trip.db');
const NOW = Date.UTC(2026, 11, 6, 9, 0);
const month = (name: string) => monthRange(parseMonth(name)!);
let store: Store;
let views: LogViews;
let campaignId: number;
const all: { id: number; createdAt: number; state: string; campaignId: number | null }[] = [];

beforeAll(async () => {
  store = openTestStore(dbPath);
  const accountId = store.accounts.create(accountInput()).id;
  campaignId = store.campaigns.create({ name: 'c', accountId, text: 'x' }).id;
  store.transaction(() => {
    for (const [m, count, c] of [['2026-02', 700, campaignId], ['2026-03', 900, null], ['2026-11', 400, campaignId]] as const) {
      const [from, to] = month(m);
      seedLogMonth(store.db, { accountId, campaignId: c, from, to, count });
    }
  });
  for (const r of store.db.prepare('SELECT id, created_at AS createdAt, state, campaign_id AS campaignId FROM messages').all() as ((typeof all)[number] & { state: number })[]) {
    all.push({ ...r, state: stateFromColumn(r.state) });
  }
  store.outbox.recount(campaignId);
  await new LogArchiver(store.db, dbPath, { now: () => NOW }).run(6);
  views = new LogViews(store, { step: 16 });
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

function expected(f: LogFilter, months?: string[]): number[] {
  const inMonths = (t: number) => months === undefined || months.some((m) => t >= month(m)[0] && t < month(m)[1]);
  return all
    .filter((m) => (f.from === undefined || m.createdAt >= f.from) && (f.to === undefined || m.createdAt < f.to) && inMonths(m.createdAt))
    .filter((m) => (!f.states?.length || f.states.includes(m.state as never)) && (f.campaignId === undefined || m.campaignId === f.campaignId))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    .map((m) => m.id);
}

async function viewIds(f: LogFilter): Promise<{ ids: number[]; archives: unknown; total: number }> {
  const { viewId } = views.open(f);
  const total = await views.count(viewId);
  const ids: number[] = [];
  let archives: unknown;
  // Jump into the middle first (anchors across live and archived parts), then read everything.
  if (total > 300) expect((await views.page(viewId, 300, 5)).rows.map((r) => r.id)).toEqual(expected(f).slice(300, 305));
  for (let offset = 0; offset < total; offset += 200) {
    const page = await views.page(viewId, offset, 200);
    archives = page.archives;
    ids.push(...page.rows.map((r) => r.id));
  }
  views.close(viewId);
  return { ids, archives, total };
}

describe('archive round trip', () => {
  it('the live file holds only November; February and March are archived', () => {
    expect(store.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(400);
  });

  it('a view over all time reads live and archived months, says which, and pages and jumps exactly', async () => {
    const r = await viewIds({});
    expect(r.total).toBe(2000);
    expect(r.ids).toEqual(expected({}));
    expect(r.archives).toEqual({ searched: ['2026-03', '2026-02'], missing: [], notSearched: [], notUpgraded: [], unreadable: [] });
    const failed = await viewIds({ states: ['failed'], campaignId });
    expect(failed.ids).toEqual(expected({ states: ['failed'], campaignId }));
  });

  it('a date range inside the live months does not touch archives; one reaching March searches March only', async () => {
    const [novFrom] = month('2026-11');
    const live = await viewIds({ from: novFrom });
    expect(live.archives).toBeUndefined();
    expect(live.ids).toEqual(expected({ from: novFrom }));
    const [, marTo] = month('2026-03');
    const march = await viewIds({ from: marTo - 86_400_000 * 3, to: novFrom + 86_400_000 });
    expect(march.archives).toEqual({ searched: ['2026-03'], missing: [], notSearched: [], notUpgraded: [], unreadable: [] });
    expect(march.ids).toEqual(expected({ from: marTo - 86_400_000 * 3, to: novFrom + 86_400_000 }));
  });

  it('search and detail find archived messages', () => {
    const [febFrom, febTo] = month('2026-02');
    const s = store.log.search({ from: febFrom, to: febTo }, 50);
    expect(s.archives).toEqual({ searched: ['2026-02'], missing: [], notSearched: [], notUpgraded: [], unreadable: [] });
    expect(s.entries.map((e) => e.id)).toEqual(expected({ from: febFrom, to: febTo }).slice(0, 50));
    const d = store.log.detail(s.entries[0]!.id);
    expect(d.segments).toHaveLength(1);
    expect(d.segments[0]!.msgId).toBe(BigInt(s.entries[0]!.id) * 4096n + 7n);
    expect(store.log.sentWith(s.entries[0]!.id)).toMatchObject({ text: 'x' });
    // A Msg_Id is looked up in the archives' segments too.
    const byMsgId = store.log.search({ msgId: String(BigInt(s.entries[0]!.id) * 4096n + 7n) });
    expect(byMsgId.entries.map((e) => e.id)).toEqual([s.entries[0]!.id]);
    expect(byMsgId.archives?.searched).toEqual(['2026-03', '2026-02']);
  });

  it('exports archived months with the live ones (CSV through the export service)', async () => {
    const out = tmp.file('all.csv');
    const r = await exportDeliveryLog(store.log, { format: 'csv', out, form: 'machine', filter: {} });
    expect(r.messages).toBe(2000);
    expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(2001);
    const page = store.log.exportPage({ to: month('2026-04')[0] }, 5000);
    expect(page.rows.map((x) => x.messageId)).toEqual(expected({ to: month('2026-04')[0] }).reverse());
  });

  it('a file moved away is reported missing, not an error; brought back it is searched again', async () => {
    const file = tmp.file(archiveFileName(dbPath, '2026-02'));
    renameSync(file, `${file}.away`);
    const away = await viewIds({});
    expect(away.archives).toEqual({ searched: ['2026-03'], missing: ['2026-02'], notSearched: [], notUpgraded: [], unreadable: [] });
    expect(away.ids).toEqual(expected({}, ['2026-03', '2026-11']));
    const out = tmp.file('away.csv');
    expect((await exportDeliveryLog(store.log, { format: 'csv', out, filter: {} })).messages).toBe(1300);
    expect(() => store.log.detail(expected({}, ['2026-02'])[0]!)).toThrow(/does not exist/);
    renameSync(`${file}.away`, file);
    const back = await viewIds({});
    expect(back.archives).toEqual({ searched: ['2026-03', '2026-02'], missing: [], notSearched: [], notUpgraded: [], unreadable: [] });
    expect(back.ids).toEqual(expected({}));
  });
});
