// Every hot query must read an index: EXPLAIN QUERY PLAN shows SEARCH ... USING (COVERING) INDEX
// or a primary key, never a full SCAN of a big table. The delivery log's queries have their own
// test, enumerated from its planner: log-query-plan.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../electron/store/store.js';
import { openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
beforeAll(() => {
  store = openTestStore(tmp.file('plan.db'));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});


function plan(sql: string, params?: Record<string, unknown>): string[] {
  const stmt = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const positional = (sql.match(/\?/g) ?? []).length;
  const named = Object.fromEntries([...new Set(sql.match(/@\w+/g) ?? [])].map((n) => [n.slice(1), params?.[n.slice(1)] ?? null]));
  const rows = (positional > 0 ? stmt.all(...Array(positional).fill(null)) : Object.keys(named).length ? stmt.all(named) : stmt.all()) as { detail: string }[];
  return rows.map((r) => r.detail);
}

function expectIndexed(sql: string, params?: Record<string, unknown>, index?: RegExp): string[] {
  const lines = plan(sql, params);
  for (const l of lines) {
    const scanned = /^SCAN (\w+)/.exec(l)?.[1];
    // Only the small tables (campaigns, accounts by alias), the json_each list and the constant
    // row of a SELECT EXISTS (...) may be scanned.
    if (scanned && !['c', 'a', 'j', 'campaigns', 'accounts', 'json_each', 'CONSTANT'].includes(scanned) && !/USING (COVERING )?INDEX/.test(l)) {
      throw new Error(`full scan of ${scanned}: ${lines.join(' | ')}\n${sql}`);
    }
  }
  expect(lines.some((l) => /USING (COVERING )?INDEX|USING (INTEGER )?PRIMARY KEY/.test(l)), lines.join(' | ')).toBe(true);
  if (index) expect(lines.join(' | ')).toMatch(index);
  return lines;
}

// The repositories keep their statements private; the tests read their SQL text (in the repository
// or, for one made of parts like the outbox, in the part that holds it).
type Statements = { s?: Record<string, { source: string }> };
const sqlOf = (repo: object, name: string): string => {
  const holder = [repo, ...Object.values(repo)].find((r): r is Statements => (r as Statements | null)?.s?.[name] !== undefined);
  if (!holder) throw new Error(`no statement ${name}`);
  return holder.s![name]!.source;
};

describe('query plans', () => {
  it('report -> segment by (account, Msg_Id, destination), and the multi-destination fallback', () => {
    // The destination is compared with the message's number, read by primary key.
    const match = expectIndexed(sqlOf(store.reports, 'match'), undefined, /SEARCH segments USING (COVERING )?INDEX segments_by_msg_id \(account_id=\? AND msg_id=\?\)/);
    expect(match.join(' | ')).toMatch(/SEARCH m USING INTEGER PRIMARY KEY/);
    expectIndexed(sqlOf(store.reports, 'matchPdu'), undefined, /segments_by_pdu_msg_id \(account_id=\? AND pdu_msg_id=\?\)/);
    expectIndexed(sqlOf(store.reports, 'origin'), undefined, /sqlite_autoindex_report_origins_1 \(dest_id=\? AND service_id=\?\)/);
  });

  it('resent DELIVER detection and late matching of early reports', () => {
    // A resend of a report matched by its segment's Msg_Id is found among the segment's reports, of any other by its Msg_Id.
    expectIndexed(sqlOf(store.reports, 'duplicateOfSegment'), undefined, /reports_by_segment \(segment_id=\?\)/);
    expectIndexed(sqlOf(store.reports, 'duplicateByMsgId'), undefined, /reports_by_msg_id \(account_id=\? AND msg_id=\?\)/);
    expectIndexed(sqlOf(store.outbox, 'unmatchedReports'), undefined, /reports_by_msg_id \(account_id=\? AND msg_id=\? AND number=\?\)/);
    expectIndexed(sqlOf(store.outbox, 'anyUnmatched'), undefined, /SEARCH status_reports USING (COVERING )?INDEX reports_by_segment \(segment_id=\?\)/);
    expectIndexed(sqlOf(store.reports, 'unmatched'), undefined, /reports_unmatched_time/);
    expectIndexed(sqlOf(store.reports, 'forSegment'), undefined, /reports_by_segment/);
    expectIndexed(sqlOf(store.reports, 'recent'), undefined, /INTEGER PRIMARY KEY/);
    const byMsgId = expectIndexed(sqlOf(store.reports, 'byMsgId'), { a: 1, m: 1 }, /segments_by_msg_id/).join(' | ');
    expect(byMsgId).toMatch(/reports_by_msg_id/);
  });

  it('the pump: queued work in order, segments of a message, in-flight and awaiting-report segments', () => {
    const claim = expectIndexed(sqlOf(store.outbox, 'queuedOfCampaign'), undefined, /messages_by_campaign \(campaign_id=\? AND state=\?\)/);
    expect(claim.join(' | ')).not.toMatch(/TEMP B-TREE/); // read in order, never sorted
    const direct = expectIndexed(sqlOf(store.outbox, 'queuedDirect'), undefined, /messages_by_campaign \(campaign_id=\? AND state=\?\)/);
    expect(direct.join(' | ')).not.toMatch(/TEMP B-TREE/);
    expectIndexed(sqlOf(store.outbox, 'reclaim'), undefined, /sqlite_autoindex_segments_1 \(message_id=\?\)/);
    expectIndexed(sqlOf(store.outbox, 'segmentStates'), undefined, /sqlite_autoindex_segments_1 \(message_id=\?\)/);
    expectIndexed(sqlOf(store.outbox, 'inFlight'), undefined, /segments_in_flight/);
    expectIndexed(sqlOf(store.outbox, 'awaiting'), undefined, /segments_awaiting_report \(account_id=\? AND response_at<\?\)/);
    expectIndexed(sqlOf(store.outbox, 'inDoubtList'), undefined, /messages_by_state \(state=\?\)/);
    expectIndexed(sqlOf(store.outbox, 'cancelQueuedMessages'), undefined, /messages_by_campaign/);
    expectIndexed(sqlOf(store.outbox, 'queueDepth'), undefined, /messages_by_state|messages_by_campaign/);
    expectIndexed(sqlOf(store.outbox, 'segmentSubmitted'), undefined, /INTEGER PRIMARY KEY/);
    expectIndexed(sqlOf(store.outbox, 'segmentReport'), undefined, /INTEGER PRIMARY KEY/);
    expectIndexed(sqlOf(store.outbox, 'messageNow'), undefined, /INTEGER PRIMARY KEY/);
    // The segment updates return their message as it was (a correlated lookup by primary key).
    expect(plan(sqlOf(store.outbox, 'segmentSubmitted')).join(' | ')).toMatch(/SEARCH m USING INTEGER PRIMARY KEY/);
    expectIndexed(sqlOf(store.outbox, 'handedOver'), undefined, /INTEGER PRIMARY KEY/);
    expectIndexed(sqlOf(store.outbox, 'setSubmitting'), undefined, /INTEGER PRIMARY KEY/);
  });

  it('inbox, opt-out, contacts, audit, counts', () => {
    expectIndexed(sqlOf(store.inbox, 'duplicate'), undefined, /mo_segments_by_deliver/);
    expectIndexed(sqlOf(store.inbox, 'pending'), undefined, /mo_segments_pending/);
    expectIndexed(sqlOf(store.inbox, 'stale'), undefined, /mo_segments_pending_time/);
    expectIndexed(sqlOf(store.inbox, 'conversation'), undefined, /mo_by_number/);
    expectIndexed(sqlOf(store.inbox, 'unhandled'), undefined, /mo_unhandled/);
    expectIndexed(sqlOf(store.inbox, 'threads'), undefined, /mo_threads_by_time/);
    expectIndexed(sqlOf(store.optOuts, 'has'), undefined, /PRIMARY KEY/);
    expectIndexed(sqlOf(store.contacts, 'page'), undefined, /contacts_by_group \(group_id=\? AND rowid>\?\)/);
    expectIndexed(sqlOf(store.contacts, 'byNumber'), undefined, /sqlite_autoindex_contacts_1 \(group_id=\? AND number=\?\)/);
    expectIndexed(sqlOf(store.contacts, 'groupsOf'), undefined, /contacts_by_number/);
    expectIndexed(sqlOf(store.audit, 'recent'), undefined, /audit_by_time/);
    expectIndexed(sqlOf(store.audit, 'ofCampaign'), undefined, /audit_by_campaign/);
    expectIndexed(sqlOf(store.audit, 'ofNumber'), undefined, /audit_by_number/);
    expectIndexed(sqlOf(store.campaigns, 'counts'), undefined, /PRIMARY KEY/);
  });
});
