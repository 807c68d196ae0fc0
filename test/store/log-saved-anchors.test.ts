// The delivery log's anchors kept in the database (electron/store/log/saved-anchors.ts, migration
// 16): a walk from the oldest end keeps them, a later walk (a fresh start) reads them instead of
// walking again, and every kept anchor is the key at its position of its part, whatever happened
// since: new messages at the top keep them; a message inserted, deleted or moved at or below an
// anchor drops it (and those above), also while a walk is under way; archiving drops the live
// ones and keeps the archive's. Every jump lands on exactly the row of the brute-force answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogArchiver } from '../../electron/store/archive/archiver.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import { Anchors, type RunQuery } from '../../electron/store/log/anchors.js';
import type { Part } from '../../electron/store/log/filter.js';
import type { Key } from '../../electron/store/log/queries.js';
import { SavedAnchors, savedPartName, savedPartNames } from '../../electron/store/log/saved-anchors.js';
import { LogViews } from '../../electron/store/log/views.js';
import type { Store } from '../../electron/store/store.js';
import type { LogFilter } from '../../shared/ipc/contract/log.js';
import { MessageStates, type MessageState } from '../../shared/message-state.js';
import { seedLogMonth } from './fixtures/log-months.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';
import { sqlState, STATE_CODE } from '../../electron/store/state-codes.js';

const tmp = tempDir();
const STEP = 4;
afterAll(() => tmp.cleanup());

/** Runs the log's queries on the store's connection, counting the walk's hops. */
function counting(store: Store): { run: RunQuery; hops: () => number } {
  let hops = 0;
  const run: RunQuery = (q, mode) => {
    if ('skip' in q.params && !('limit' in q.params)) hops++;
    const stmt = store.db.prepare(q.sql);
    if (mode === 'raw') stmt.raw(true);
    else if (mode === 'pluck') stmt.pluck(true);
    return stmt.get(q.params);
  };
  return { run, hops: () => hops };
}

/** Every key of a part, oldest first (brute force). */
function partKeys(store: Store, part: Part): Key[] {
  return store.db.prepare(`SELECT m.created_at, m.id FROM messages m WHERE ${part.where.join(' AND ')} ORDER BY 1, 2`).raw(true).all(part.params) as Key[];
}

/** Every kept anchor of the filter's live parts is the key at its position (and the table has no others for them). */
function expectKeptRight(store: Store, filter: LogFilter): number {
  const kept = new SavedAnchors(store.db);
  let n = 0;
  for (const part of store.log.plan(filter).parts.filter((p) => p.source === undefined)) {
    const name = savedPartName(part, 'live', STEP);
    const keys = kept.keys(name, STEP);
    const all = partKeys(store, part);
    keys.forEach((k, j) => expect(k, `${part.params.state} anchor ${j}`).toEqual(all[(j + 1) * STEP - 1]));
    expect(kept.count(name)).toBe(keys.length);
    n += keys.length;
  }
  return n;
}

function expectedIds(store: Store, filter: LogFilter): number[] {
  const states = filter.states?.length ? filter.states : MessageStates;
  return store.db.prepare(`SELECT id FROM messages WHERE state IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC`).pluck().all(JSON.stringify(states.map((s) => STATE_CODE[s]))) as number[];
}

/** Jumps on fresh views (each as after a restart: nothing in memory) land on the brute-force rows. */
async function expectJumpsExact(store: Store, filter: LogFilter): Promise<void> {
  const want = expectedIds(store, filter);
  for (const pos of [want.length - 1, want.length - 6, Math.floor(want.length * 0.7), Math.floor(want.length / 2), 90, 3, 0]) {
    const views = new LogViews(store, { step: STEP, sliceMs: 1 });
    const { viewId } = views.open(filter);
    expect(await views.count(viewId)).toBe(want.length);
    expect((await views.page(viewId, pos, 3)).rows.map((r) => r.id), `jump to ${pos}`).toEqual(want.slice(pos, pos + 3));
  }
}

describe('anchors kept in the database', () => {
  let store: Store;
  let accountId: number;
  let insert: (createdAt: number, state: MessageState) => number;

  beforeAll(() => {
    store = openTestStore(tmp.file('kept.db'));
    accountId = store.accounts.create(accountInput()).id;
    const stmt = store.db.prepare(`INSERT INTO messages (account_id, number, state, segment_count, billed_count, created_at)
      VALUES (?, 13800138000, ?, 1, 1, ?)`);
    insert = (createdAt, state) => Number(stmt.run(accountId, STATE_CODE[state], createdAt).lastInsertRowid);
    store.transaction(() => {
      // created_at not monotonic in id, with ties; most messages final, as in an old log.
      for (let i = 0; i < 300; i++) insert(1_000_000 + Math.floor(((i * 37) % 300) / 2) * 10, (['delivered', 'delivered', 'failed', 'unknown'] as const)[i % 4]!);
    });
  });

  afterAll(() => store.close());

  const walk = (run: RunQuery, parts: Part[], sliceMs = 8, hold?: () => Promise<void>) =>
    new Anchors(run, STEP, sliceMs).build(parts, () => true, () => new Error('gone'), {
      dir: 'asc',
      saved: { store: new SavedAnchors(store.db), names: parts.map((p) => savedPartName(p, 'live', STEP)) },
      ...(hold ? { hold } : {}),
    });

  it('a walk from the oldest end keeps its anchors; the next one reads them instead of walking', async () => {
    const parts = store.log.plan({}).parts;
    const first = counting(store);
    const index = await walk(first.run, parts);
    expect(index.total).toBe(300);
    expect(first.hops()).toBeGreaterThanOrEqual(300 / STEP);
    expect(expectKeptRight(store, {})).toBe(parts.reduce((n, p) => n + Math.floor(partKeys(store, p).length / STEP), 0));
    const again = counting(store);
    const second = await walk(again.run, parts);
    // One hop per part, to find that it ends after its last kept anchor.
    expect(again.hops()).toBeLessThanOrEqual(parts.length);
    expect(second.total).toBe(300);
    const want = expectedIds(store, {});
    const anchors = new Anchors(again.run, STEP, 8);
    for (const pos of [0, 1, 7, 150, 298, 299]) {
      expect(anchors.keyAt(parts, second, 299 - pos)?.[1], `position ${pos}`).toBe(want[pos]);
    }
    await expectJumpsExact(store, {});
    await expectJumpsExact(store, { states: ['failed'] });
  });

  it('new messages at the top keep every anchor; jumps stay exact', async () => {
    const drops = new SavedAnchors(store.db).drops();
    const before = expectKeptRight(store, {});
    store.transaction(() => {
      for (let i = 0; i < 40; i++) insert(3_000_000 + i, i % 3 === 0 ? 'queued' : 'delivered');
    });
    expect(new SavedAnchors(store.db).drops()).toBe(drops);
    expect(expectKeptRight(store, {})).toBe(before);
    await expectJumpsExact(store, {});
    expect(expectKeptRight(store, {})).toBeGreaterThan(before);
  });

  /** The time of the first message in a state at or after t. */
  const timeOf = (state: MessageState, t: number) => store.db.prepare('SELECT min(created_at) FROM messages WHERE state = ? AND created_at >= ?').pluck().get(STATE_CODE[state], t) as number;
  // Each changes one message and returns its time.
  for (const [what, change] of [
    ['a state change', (s: Store) => {
      const t = timeOf('unknown', 1_000_500);
      s.db.prepare(`UPDATE messages SET state = ${sqlState('delivered')} WHERE id = (SELECT min(id) FROM messages WHERE state = ${sqlState('unknown')} AND created_at = ?)`).run(t);
      return t;
    }],
    ['a deletion', (s: Store) => {
      const t = timeOf('delivered', 1_000_700);
      s.db.prepare('DELETE FROM messages WHERE id = (SELECT min(id) FROM messages WHERE created_at = ?)').run(t);
      return t;
    }],
    ['a message with an old time (a clock set back)', () => {
      insert(1_000_605, 'failed');
      return 1_000_605;
    }],
  ] as const) {
    it(`${what} drops the anchors at or above it and keeps those below; jumps stay exact`, async () => {
      await walk(counting(store).run, store.log.plan({}).parts);
      const drops = new SavedAnchors(store.db).drops();
      const total = store.db.prepare('SELECT count(*) FROM log_anchors').pluck().get() as number;
      const t = change(store);
      const above = store.db.prepare('SELECT count(*) FROM log_anchors WHERE created_at >= ?').pluck().get(t) as number;
      const below = store.db.prepare('SELECT count(*) FROM log_anchors WHERE created_at < ?').pluck().get(t) as number;
      expect(above).toBe(0);
      expect(below).toBeGreaterThan(0);
      expect(below).toBeLessThan(total);
      expect(new SavedAnchors(store.db).drops()).toBe(drops + 1);
      expectKeptRight(store, {});
      await expectJumpsExact(store, {});
      expectKeptRight(store, {});
    });
  }

  it('one set of views across changes: the anchors it holds in memory follow the drops', async () => {
    const views = new LogViews(store, { step: STEP, sliceMs: 1 });
    const expectJumps = async () => {
      const want = expectedIds(store, {});
      for (const pos of [want.length - 2, Math.floor(want.length * 0.8), 20]) {
        const { viewId } = views.open({});
        expect(await views.count(viewId)).toBe(want.length);
        expect((await views.page(viewId, pos, 3)).rows.map((r) => r.id), `jump to ${pos}`).toEqual(want.slice(pos, pos + 3));
        views.close(viewId);
      }
    };
    await expectJumps();
    store.db.prepare('DELETE FROM messages WHERE id = (SELECT id FROM messages ORDER BY created_at, id LIMIT 1 OFFSET 10)').run();
    await expectJumps();
    store.db.prepare("UPDATE messages SET state = 'failed' WHERE id = (SELECT id FROM messages WHERE state = 'delivered' ORDER BY created_at, id LIMIT 1 OFFSET 30)").run();
    await expectJumps();
    expectKeptRight(store, {});
  });

  it('a change while a walk is under way: the walk reads back what is left and ends exact', async () => {
    store.db.exec('DELETE FROM log_anchors');
    const parts = store.log.plan({}).parts;
    let changed = false;
    const drops = new SavedAnchors(store.db).drops();
    const index = await walk(counting(store).run, parts, 0, async () => {
      if (changed || store.db.prepare('SELECT count(*) FROM log_anchors').pluck().get() as number < 20) return;
      changed = true;
      store.db.prepare(`UPDATE messages SET state = ${sqlState('failed')} WHERE id = (SELECT min(id) FROM messages WHERE state = ${sqlState('delivered')} AND created_at = 1000200)`).run();
    });
    expect(changed).toBe(true);
    expect(new SavedAnchors(store.db).drops()).toBe(drops + 1);
    expectKeptRight(store, {});
    const want = expectedIds(store, {});
    expect(index.total).toBe(want.length);
    const anchors = new Anchors(counting(store).run, STEP, 8);
    for (let pos = 0; pos < want.length; pos += 13) expect(anchors.keyAt(parts, index, want.length - 1 - pos)?.[1], `position ${pos}`).toBe(want[pos]);
  });
});

describe('anchors kept beside archives', () => {
  const NOW = Date.UTC(2026, 11, 6, 9, 0);
  const month = (name: string) => monthRange(parseMonth(name)!);
  const dbPath = tmp.file('archived.db');
  let store: Store;
  let accountId: number;

  beforeAll(async () => {
    store = openTestStore(dbPath);
    accountId = store.accounts.create(accountInput()).id;
    store.transaction(() => {
      for (const [m, count] of [['2026-02', 120], ['2026-03', 90], ['2026-04', 80], ['2026-11', 100]] as const) {
        const [from, to] = month(m);
        seedLogMonth(store.db, { accountId, campaignId: null, from, to, count });
      }
    });
    // February and March archived: April and November stay live.
    await new LogArchiver(store.db, dbPath, { now: () => Date.UTC(2026, 9, 6) }).run(6);
  });

  afterAll(() => store.close());

  /** Jumps over live and archived months, on fresh views, against every row. */
  async function expectArchivedJumps(total: number): Promise<void> {
    const reader = new LogViews(store, { step: STEP });
    const all = reader.open({});
    expect(await reader.count(all.viewId)).toBe(total);
    const want: number[] = [];
    for (let offset = 0; offset < total; offset += 100) want.push(...(await reader.page(all.viewId, offset, 100)).rows.map((r) => r.id));
    expect(new Set(want).size).toBe(total);
    for (const pos of [total - 2, total - 50, Math.floor(total * 0.6), 40]) {
      const views = new LogViews(store, { step: STEP, sliceMs: 1 });
      const { viewId } = views.open({});
      await views.count(viewId);
      expect((await views.page(viewId, pos, 2)).rows.map((r) => r.id), `jump to ${pos}`).toEqual(want.slice(pos, pos + 2));
    }
  }

  it('keeps the archives\' anchors under their checksum; archiving drops the live ones; jumps stay exact', async () => {
    await expectArchivedJumps(390);
    const plan = store.log.plan({});
    const names = savedPartNames(plan, STEP).filter((name, i) => plan.parts[i]!.source !== undefined);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name !== null)).toBe(true);
    const kept = new SavedAnchors(store.db);
    const archivedKept = () => names.reduce((n, name) => n + kept.count(name!), 0);
    expect(archivedKept()).toBeGreaterThan(0);
    const before = archivedKept();
    // April archived too: its live rows deleted, so the live anchors above them go; the older archives' stay.
    await new LogArchiver(store.db, dbPath, { now: () => Date.UTC(2026, 10, 6) }).run(6);
    expect(store.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(100);
    expect(store.db.prepare('SELECT count(*) FROM log_anchors WHERE created_at >= ?').pluck().get(month('2026-04')[0])).toBe(0);
    expect(archivedKept()).toBe(before);
    await expectArchivedJumps(390);
    expectKeptRight(store, {});
  });

  it('counts archived months from their kept anchors: the same as their rows', async () => {
    const [febFrom] = month('2026-02');
    const [novFrom] = month('2026-11');
    for (const filter of [{ stat: 'UNDELIV', states: ['failed'] }, { from: febFrom + 5 * 86_400_000, to: novFrom + 9 * 86_400_000 }, { states: ['delivered'], from: febFrom + 86_400_000 }] as LogFilter[]) {
      const views = new LogViews(store, { step: STEP });
      const { viewId } = views.open(filter);
      const counted = await views.count(viewId);
      const ids = new Set<number>();
      for (let offset = 0; offset < counted + 100; offset += 100) for (const r of (await views.page(viewId, offset, 100)).rows) ids.add(r.id);
      expect(ids.size, JSON.stringify(filter)).toBe(counted);
      // The whole view walked from its oldest end: its archives' anchors kept.
      const plan = store.log.plan(filter);
      const { statements } = store.log.connection(plan);
      const names = savedPartNames(plan, STEP);
      await new Anchors((q, mode) => statements.get(q.sql, mode).get(q.params), STEP, 8).build(plan.parts, () => true, () => new Error('gone'), {
        dir: 'asc',
        saved: { store: new SavedAnchors(store.db), names },
      });
      const kept = new SavedAnchors(store.db);
      expect(names.filter((name, i) => plan.parts[i]!.source !== undefined && kept.count(name!) > 0).length).toBeGreaterThan(0);
      const again = new LogViews(store, { step: STEP });
      expect(await again.count(again.open(filter).viewId), JSON.stringify(filter)).toBe(counted);
    }
  });
});
