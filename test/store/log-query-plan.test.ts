// Query plans of the Delivery log over a real SQLite file: every query the 1,000,000-row screen
// issues (first page, next/previous page by key, jump to row N through the anchors, the count per
// filter, the search, the export's pages and its scan, a message's detail) reads the index meant
// for it, never a full SCAN of messages or segments, and never sorts in a temporary B-tree where
// an index returns the rows in order. The queries are not written out here: they are enumerated
// from the planner itself (everyLogQuery lists every kind LOG_QUERIES builds, with sample keys;
// LOG_STATEMENTS holds the fixed ones), so a new query cannot escape this test. The filters have
// no free-text search: a number and a Msg_Id match exactly. The store never runs ANALYZE, so SQLite
// plans from its fixed estimates, whatever the row count: these plans are the 1,000,000-row file's.
// A cursor's own created_at is read as a range by id (a campaign's messages share one created_at).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFilter } from '../../electron/store/log/filter.js';
import { logFilterArgs } from '../../shared/ipc/contract/log.js';
import { everyLogQuery, LOG_QUERIES, LOG_STATEMENTS, type LogQueryKind } from '../../electron/store/log/queries.js';
import type { Store } from '../../electron/store/store.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let accountId: number;
let campaignId: number;
beforeAll(() => {
  store = openTestStore(tmp.file('log-plan.db'));
  accountId = store.accounts.create(accountInput()).id;
  campaignId = store.campaigns.create({ name: 'plan', accountId, text: 'x' }).id;
  for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 1 }, [{ number: '13800138000' }, { number: '13800138001' }]));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

function planOf(sql: string, params: Record<string, unknown> | unknown[]): string[] {
  const stmt = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Array.isArray(params) ? stmt.all(...params) : stmt.all(params)) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** Tables a plan may scan whole: the small ones, a JSON list, the constant row. */
const SMALL = new Set(['a', 'c', 'j', 'accounts', 'campaigns', 'campaign_counts', 'json_each', 'CONSTANT']);

/** Full scans of a big table in a plan (a `SCAN x USING ... INDEX` is still a full scan). */
function fullScans(lines: readonly string[]): string[] {
  return lines.filter((l) => {
    const table = /^SCAN (\w+)/.exec(l)?.[1];
    return table !== undefined && !SMALL.has(table);
  });
}

const MSG_ID = '12345';
const NUMBER = '13800138000';

/** Each filter of the screen, and the index its messages must be read through. */
const filters = (): [name: string, filter: LogFilter, index: RegExp][] => [
  ['nothing: the first page of the whole log', {}, /SEARCH m USING (COVERING )?INDEX messages_by_state \(state=\?/],
  ['one state', { states: ['delivered'] }, /messages_by_state \(state=\?/],
  ['states', { states: ['failed', 'unknown', 'in_doubt'] }, /messages_by_state \(state=\?/],
  ['campaign', { campaignId }, /messages_by_campaign \(campaign_id=\? AND state=\?/],
  ['campaign + states', { campaignId, states: ['failed', 'unknown'] }, /messages_by_campaign \(campaign_id=\? AND state=\?/],
  ['campaign + day', { campaignId, from: 1, to: 2 }, /messages_by_campaign \(campaign_id=\? AND state=\? AND created_at>\? AND created_at<\?\)/],
  ['direct sends', { directOnly: true }, /messages_by_campaign \(campaign_id=\? AND state=\?/],
  ['direct sends + states + day', { directOnly: true, states: ['failed'], from: 1, to: 2 }, /messages_by_campaign \(campaign_id=\? AND state=\? AND created_at>\? AND created_at<\?\)/],
  ['account', { accountId }, /messages_by_state \(state=\?/],
  ['account + campaign', { accountId, campaignId }, /messages_by_campaign \(campaign_id=\? AND state=\?/],
  ['Stat', { stat: 'UNDELIV' }, /SEARCH m USING (COVERING )?INDEX messages_by_failure_stat \(stat=\? AND state=\?/],
  ['Stat + its state (as the screen sends it)', { stat: 'UNDELIV', states: ['failed'] }, /SEARCH m USING (COVERING )?INDEX messages_by_failure_stat \(stat=\? AND state=\?/],
  ['Stat + day', { stat: 'MK:0012', from: 1, to: 2 }, /messages_by_failure_stat \(stat=\? AND state=\? AND created_at>\? AND created_at<\?\)/],
  ['Stat + states + account', { stat: 'EXPIRED', states: ['failed', 'unknown'], accountId }, /messages_by_failure_stat \(stat=\? AND state=\?/],
  ['Stat + campaign', { stat: 'UNDELIV', campaignId }, /messages_by_campaign \(campaign_id=\? AND state=\?/],
  ['Stat DELIVRD', { stat: 'DELIVRD' }, /messages_by_state \(state=\?/],
  ['Stat family + campaign', { stat: 'MK:', campaignId }, /messages_by_campaign \(campaign_id=\? AND state=\?/],
  ['Stat + account + states', { stat: 'DELIVRD', accountId, states: ['delivered'] }, /messages_by_state \(state=\?/],
  ['day', { from: 1, to: 2 }, /messages_by_state \(state=\? AND created_at>\? AND created_at<\?\)/],
  ['since a time', { from: 1 }, /messages_by_state \(state=\? AND created_at>\?/],
  ['states + time range', { states: ['failed', 'in_doubt'], from: 1, to: 2 }, /messages_by_state \(state=\? AND created_at>\? AND created_at<\?\)/],
  ['number', { number: NUMBER }, /SEARCH m USING (COVERING )?INDEX messages_by_number \(number=\?\)/],
  ['number + campaign + states + time', { number: `+86${NUMBER}`, campaignId, states: ['failed'], from: 1 }, /messages_by_number \(number=\?\)/],
  ['Msg_Id', { msgId: MSG_ID }, /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/],
  ['Msg_Id + number + campaign + states', { msgId: MSG_ID, number: NUMBER, campaignId, states: ['failed'] }, /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/],
];

describe('delivery log query plans (enumerated from the planner)', () => {
  const covered = new Set<LogQueryKind>();

  it.each(filters().map(([name]) => [name]))('filter %s: every query reads its index, in order', (name) => {
    const [, filter, index] = filters().find(([n]) => n === name)!;
    const { filter: planned, parts } = store.log.plan(filter);
    // A number's or a Msg_Id's rows are a handful: SQLite may sort those (messages_by_number has no time).
    const listed = planned.number !== undefined || planned.ids !== undefined;
    const queries = everyLogQuery(parts);
    for (const { kind, query } of queries) {
      covered.add(kind);
      const lines = planOf(query.sql, query.params);
      const where = `${kind}: ${lines.join(' | ')}\n${query.sql}`;
      if (kind === 'countAll') {
        // No filter: count(*) of the table reads its smallest index whole (SQLite keeps no count),
        // and the screen asks for it only with no filter at all.
        expect(lines, where).toEqual([expect.stringMatching(/^SCAN messages USING COVERING INDEX \w+$/)]);
        continue;
      }
      expect(fullScans(lines), where).toEqual([]);
      expect(lines.join(' | '), where).toMatch(index);
      if (kind === 'scan') expect(lines.join(' | '), where).toMatch(/SEARCH s USING (COVERING )?INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/);
      if (!listed) expect(lines.join(' | '), where).not.toMatch(/TEMP B-TREE/);
      // After a cursor, the rest of its created_at is one range by id: every message of a campaign
      // has the same created_at, and a range on created_at alone re-reads all of them at each step.
      if (!listed && ['cAt', 'bAt', 'kAt', 'fAt'].some((k) => k in query.params) && kind !== 'merge') expect(lines.join(' | '), where).toMatch(/created_at=\? AND rowid[<>]\?/);
    }
    if (!listed) {
      // The jump's merge of the parts is a merge of index scans, not a sort.
      const merge = queries.filter((q) => q.kind === 'merge').map((q) => planOf(q.query.sql, q.query.params).join(' | '));
      if (parts.length > 1) for (const m of merge) expect(m).toMatch(/MERGE \(UNION ALL\)/);
    }
  });

  it('plans from fixed estimates: no statistics table', () => {
    expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").pluck().get()).toBe(0);
  });

  it('covers every field of the filter', () => {
    // A field added to the contract's filter fails here until its plan is checked above.
    expect(new Set(filters().flatMap(([, f]) => Object.keys(f)))).toEqual(new Set(Object.keys(logFilterArgs.shape)));
  });

  it('covered every kind of query the planner builds', () => {
    expect([...covered].sort()).toEqual(Object.keys(LOG_QUERIES).sort());
  });

  /** The index each fixed statement reads (adding a statement without a line here does not compile). */
  const statements: { [K in keyof typeof LOG_STATEMENTS]: RegExp | null } = {
    message: /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/,
    segmentStates: /SEARCH segments USING (COVERING )?INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/,
    segments: /SEARCH segments USING INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/,
    bySegmentMsgId: /SEARCH segments USING (COVERING )?INDEX segments_by_msg_id \(account_id=\? AND msg_id=\?\)/,
    accountIds: /SCAN accounts/,
    sentWith: /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/,
    exportRows: /SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\).*SEARCH s USING INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/,
    exportCampaign: /SEARCH campaigns USING INTEGER PRIMARY KEY \(rowid=\?\)/,
    exportAccount: /SEARCH accounts USING INTEGER PRIMARY KEY \(rowid=\?\)/,
    // The counters: a row per campaign and state (all of them summed with no campaign chosen).
    countersOfStates: /SCAN campaign_counts/,
    countersOfCampaign: /SEARCH campaign_counts USING PRIMARY KEY \(campaign_id=\?/,
    // No table: a counter of the connection.
    changes: null,
  };

  it.each(Object.keys(statements) as (keyof typeof LOG_STATEMENTS)[])('fixed statement %s reads its index', (name) => {
    const sql = LOG_STATEMENTS[name];
    const lines = planOf(sql, Array((sql.match(/\?/g) ?? []).length).fill(name === 'exportRows' || name.startsWith('counters') ? '[1,2]' : 1));
    expect(fullScans(lines).filter((l) => !/^SCAN accounts/.test(l)), lines.join(' | ')).toEqual([]);
    const index = statements[name];
    if (index === null) expect(lines.filter((l) => /messages|segments/.test(l))).toEqual([]);
    else expect(lines.join(' | ')).toMatch(index);
    // Only the Msg_Id lookup's few segment rows and the export page's list order may be sorted.
    if (name !== 'exportRows' && name !== 'bySegmentMsgId') expect(lines.join(' | ')).not.toMatch(/TEMP B-TREE/);
  });
});
