// Query plans of the Delivery log's archive queries: with a month archived, every query the log
// builds for a filter reaching it (pages, counts, the anchor walk, the jump's merge across live and
// archived parts, the export scan) reads the archive's own indexes like the live file's, never a
// full scan and never a sort; a month whose live rows are still being deleted keeps the live parts
// on their index; the fixed statements of the detail drawer and the export pages read the archive
// by primary key. Enumerated from the planner (everyLogQuery), as test/store/log-query-plan.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogArchiver } from '../../electron/store/archive/archiver.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import type { LogFilter } from '../../electron/store/log/filter.js';
import { everyLogQuery, exportRowsIn, inArchive, LOG_STATEMENTS } from '../../electron/store/log/queries.js';
import type { Store } from '../../electron/store/store.js';
import { seedLogMonth } from './fixtures/log-months.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
const dbPath = tmp.file('archive-plan.db');
let store: Store;
let campaignId: number;

beforeAll(async () => {
  store = openTestStore(dbPath);
  const accountId = store.accounts.create(accountInput()).id;
  campaignId = store.campaigns.create({ name: 'plan', accountId, text: 'x' }).id;
  const [from, to] = monthRange(parseMonth('2026-01')!);
  const [novFrom, novTo] = monthRange(parseMonth('2026-11')!);
  store.transaction(() => {
    seedLogMonth(store.db, { accountId, campaignId, from, to, count: 50 });
    seedLogMonth(store.db, { accountId, campaignId, from: novFrom, to: novTo, count: 50 });
  });
  await new LogArchiver(store.db, dbPath, { now: () => Date.UTC(2026, 11, 6) }).run(6);
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const SMALL = new Set(['a', 'c', 'j', 'accounts', 'campaigns', 'json_each', 'CONSTANT']);
const fullScans = (lines: readonly string[]) => lines.filter((l) => !SMALL.has(/^SCAN (\w+)/.exec(l)?.[1] ?? 'a'));

const filters = (): [string, LogFilter, RegExp][] => [
  ['nothing', {}, /SEARCH m USING (COVERING )?INDEX messages_by_state \(state=\?/],
  ['states', { states: ['failed', 'delivered'] }, /messages_by_state \(state=\?/],
  ['campaign', { campaignId }, /messages_by_campaign \(campaign_id=\? AND state=\?/],
  ['direct sends + day', { directOnly: true, from: 1, to: Date.UTC(2026, 11, 1) }, /messages_by_campaign \(campaign_id=\? AND state=\? AND created_at>\? AND created_at<\?\)/],
  ['Stat + account', { stat: 'UNDELIV', accountId: 1 }, /messages_by_failure_stat \(stat=\? AND state=\?/],
  ['Stat DELIVRD + account', { stat: 'DELIVRD', accountId: 1 }, /messages_by_state \(state=\?/],
  ['since a time', { from: 1 }, /messages_by_state \(state=\? AND created_at>\?/],
  ['number', { number: '13800000001' }, /messages_by_number \(number=\?\)/],
];

function check(filter: LogFilter, index: RegExp, archivedOnly: boolean): void {
  const plan = store.log.plan(filter);
  expect(plan.archives?.searched).toEqual(['2026-01']);
  const db = store.log.connection(plan).db;
  const listed = filter.number !== undefined;
  const parts = archivedOnly ? plan.parts.filter((p) => p.source !== undefined) : plan.parts;
  expect(parts.length).toBeGreaterThan(0);
  for (const { kind, query } of everyLogQuery(parts)) {
    if (kind === 'countAll') continue;
    const lines = (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.params) as { detail: string }[]).map((r) => r.detail);
    const where = `${kind}: ${lines.join(' | ')}\n${query.sql}`;
    expect(fullScans(lines), where).toEqual([]);
    expect(lines.join(' | '), where).toMatch(index);
    if (kind === 'scan') expect(lines.join(' | '), where).toMatch(/SEARCH s USING (COVERING )?INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/);
    if (!listed) expect(lines.join(' | '), where).not.toMatch(/TEMP B-TREE/);
    if (kind === 'merge' && !listed && parts.length > 1) expect(lines.join(' | '), where).toMatch(/MERGE \(UNION ALL\)/);
  }
}

describe('archive query plans', () => {
  it.each(filters().map(([n]) => [n]))('filter %s: live and archived parts read their indexes, merged without a sort', (name) => {
    const [, filter, index] = filters().find(([n]) => n === name)!;
    check(filter, index, false);
  });

  it('a month still being deleted: the live parts leave it out and keep their index', () => {
    store.db.prepare(`UPDATE log_archives SET phase = 'deleting' WHERE month = '2026-01'`).run();
    try {
      const plan = store.log.plan({ states: ['delivered'] });
      expect(plan.parts.find((p) => p.source === undefined)!.where.join(' ')).toMatch(/NOT \(m.created_at >= @drainFrom0/);
      for (const [, filter, index] of filters()) check(filter, index, false);
    } finally {
      store.db.prepare(`UPDATE log_archives SET phase = 'done' WHERE month = '2026-01'`).run();
    }
  });

  it('the detail drawer and the export pages read an archive by primary key', () => {
    const plan = store.log.plan({});
    const db = store.log.connection(plan).db;
    const schema = plan.sources[0]!.schema;
    const cases: [string, unknown[], RegExp][] = [
      [inArchive(LOG_STATEMENTS.message, schema), [1], /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/],
      [inArchive(LOG_STATEMENTS.segments, schema), [1], /SEARCH (\w+\.)?segments USING INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/],
      [inArchive(LOG_STATEMENTS.sentWith, schema), [1], /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/],
      [inArchive(LOG_STATEMENTS.bySegmentMsgId, schema), [1, 1], /SEARCH (\w+\.)?segments USING (COVERING )?INDEX segments_by_msg_id \(account_id=\? AND msg_id=\?\)/],
      [exportRowsIn(schema), ['[1,2]'], /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\).*SEARCH s USING INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/],
    ];
    for (const [sql, params, index] of cases) {
      expect(sql).toContain(`${schema}.`);
      const lines = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      expect(fullScans(lines), lines.join(' | ')).toEqual([]);
      expect(lines.join(' | ')).toMatch(index);
    }
  });
});
