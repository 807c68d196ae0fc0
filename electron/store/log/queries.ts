// Every query the delivery log runs over the messages table, built from a filter's parts
// (filter.ts): the SQL text is assembled only from fixed fragments chosen by which filters are
// present; every value is a bound parameter. One builder per kind of query, in LOG_QUERIES;
// everyLogQuery() lists each kind for a filter with sample values, so the query-plan test
// (test/store/log-query-plan.test.ts) runs EXPLAIN QUERY PLAN on all of them: a builder added
// here without a sample does not compile.
import { NUMERIC, SCAN_COLUMNS } from './export-columns.js';
import type { Part } from './filter.js';
import { messageColumnsSql } from '../message-columns.js';
import { rawTimeSql } from '../report-columns.js';
import { segmentStatSql } from '../segment-columns.js';
import { stateNameSql } from '../state-codes.js';

/** A position in (created_at, id) order: the log's sort key, which never changes for a message. */
export type Key = readonly [createdAt: number, id: number];

export interface LogQuery {
  sql: string;
  params: Record<string, unknown>;
}

export type Direction = 'asc' | 'desc';

const M = messageColumnsSql('m');

/** The message columns every list of the log reads (entries.ts turns them into a LogEntry), as they read before version 17. */
export const ENTRY_COLUMNS = `m.id, m.campaign_id, m.account_id, ${M.number} AS number, ${stateNameSql('m.state')} AS state, m.reason, m.result, ${M.stat} AS stat,
  m.possible_duplicate, m.segment_count, m.billed_count, m.created_at, ${M.submittedAt} AS submitted_at, ${M.doneAt} AS done_at`;

/**
 * The log's fixed statements (no filter in them): a message, its segments and their states, the
 * messages of a Msg_Id, what a message was sent with, the export page's rows by message id, the
 * export's campaign and account columns.
 */
export const LOG_STATEMENTS = {
  message: `SELECT ${ENTRY_COLUMNS} FROM messages m WHERE m.id = ?`,
  segmentStates: `SELECT ${stateNameSql('state')} FROM segments WHERE message_id = ?`,
  // pdu_msg_id is stored only where it differs from msg_id.
  segments: `SELECT id, pk_number, pk_total, ${stateNameSql('state')} AS state, sequence_id, connection, msg_id, coalesce(pdu_msg_id, msg_id) AS pdu_msg_id, result,
    ${segmentStatSql('segments')} AS stat, reason, submit_at, response_at, report_at, ${rawTimeSql('done_time')} AS done_time, send_count FROM segments WHERE message_id = ?
    ORDER BY pk_number`,
  bySegmentMsgId: 'SELECT message_id FROM segments WHERE account_id = ? AND msg_id = ? ORDER BY id DESC',
  accountIds: 'SELECT id FROM accounts',
  // What was sent, as the export computes it (exportRows).
  sentWith: `SELECT coalesce(m.text, c.text) AS text, coalesce(m.src_id, a.src_id || coalesce(c.src_id_ext, '')) AS srcId,
    coalesce(m.service_id, c.service_id, a.service_id) AS serviceId FROM messages m JOIN accounts a ON a.id = m.account_id
    LEFT JOIN campaigns c ON c.id = m.campaign_id WHERE m.id = ?`,
  exportRows: `SELECT m.id AS message_id, m.campaign_id, c.name AS campaign_name, a.name AS account_name,
      ${M.number} AS number, ${stateNameSql('m.state')} AS message_state, ${stateNameSql('s.state')} AS segment_state, coalesce(s.reason, m.reason) AS reason,
      coalesce(${segmentStatSql('s')}, ${M.stat}) AS stat, coalesce(m.text, c.text) AS text, coalesce(s.result, m.result) AS result, s.msg_id, s.pk_number,
      coalesce(s.pk_total, m.segment_count) AS pk_total, m.created_at, s.submit_at, s.response_at, s.report_at,
      ${rawTimeSql('s.done_time')} AS done_time, coalesce(m.src_id, a.src_id || coalesce(c.src_id_ext, '')) AS src_id,
      coalesce(m.service_id, c.service_id, a.service_id) AS service_id, coalesce(c.fee_type, a.fee_type) AS fee_type,
      coalesce(c.fee_code, a.fee_code) AS fee_code, m.billed_count, m.possible_duplicate, s.send_count
    FROM json_each(?) j JOIN messages m ON m.id = j.value
    LEFT JOIN segments s ON s.message_id = m.id
    LEFT JOIN campaigns c ON c.id = m.campaign_id
    JOIN accounts a ON a.id = m.account_id
    ORDER BY j.key, s.pk_number`,
  // The export scan's campaign and account columns, read once per owner (export-record.ts).
  exportCampaign: `SELECT name, text, '' AS srcId, src_id_ext AS srcIdExt, service_id AS serviceId, fee_type AS feeType,
    fee_code AS feeCode FROM campaigns WHERE id = ?`,
  exportAccount: `SELECT name, NULL AS text, src_id AS srcId, '' AS srcIdExt, service_id AS serviceId, fee_type AS feeType,
    fee_code AS feeCode FROM accounts WHERE id = ?`,
  // The counters a count may come from (counts.ts): per campaign and state.
  countersOfStates: 'SELECT coalesce(sum(n), 0) FROM campaign_counts WHERE state IN (SELECT value FROM json_each(?))',
  countersOfCampaign: 'SELECT coalesce(sum(n), 0) FROM campaign_counts WHERE campaign_id = ? AND state IN (SELECT value FROM json_each(?))',
  /** Changes since the connection opened: a view's count is stale once it moves. */
  changes: 'SELECT total_changes()',
} as const;

/**
 * A fixed statement of the log over an attached archive's messages and segments (the schema name
 * from archive-reader.ts: a fixed fragment); campaigns and accounts stay the live ones.
 */
export function inArchive(sql: string, schema: string): string {
  return sql.replace(/(FROM|JOIN) (messages m|segments s|segments WHERE)\b/g, `$1 ${schema}.$2`);
}

/** LOG_STATEMENTS.exportRows over an archive's tables, or the live ones. */
export function exportRowsIn(schema: string | undefined): string {
  return schema === undefined ? LOG_STATEMENTS.exportRows : inArchive(LOG_STATEMENTS.exportRows, schema);
}

const ORDER: Record<Direction, string> = { desc: 'ORDER BY m.created_at DESC, m.id DESC', asc: 'ORDER BY m.created_at, m.id' };
/**
 * Rows after the cursor (@cAt, @cId) in each direction, as two disjoint index ranges read in
 * order: the rest of the cursor's own created_at (by id: the index ends in the rowid), then the
 * created_at values beyond it. A row value (m.created_at, m.id) < (@cAt, @cId) is read by SQLite
 * as a range on created_at alone, so each step would re-read the cursor's whole run of equal
 * times, and every message of a campaign has the same created_at (the enqueue's time): a
 * 1,000,000-recipient campaign's export read its run again for every batch.
 */
const AFTER_ARMS: Record<Direction, (p: string) => readonly [string, string]> = {
  desc: (p) => [`m.created_at = @${p}At AND m.id < @${p}Id`, `m.created_at < @${p}At`],
  asc: (p) => [`m.created_at = @${p}At AND m.id > @${p}Id`, `m.created_at > @${p}At`],
};
/** ORDER BY of a compound of the arms: by result column, as SQLite requires there. */
const ARMS_ORDER: Record<Direction, string> = { desc: 'ORDER BY created_at DESC, id DESC', asc: 'ORDER BY created_at, id' };

/**
 * `select` over a part's rows beyond the key named by `p` (@pAt, @pId; the cursor is `c`): the two
 * arms of AFTER_ARMS as one UNION ALL, each with the `more` terms.
 */
function afterCursor(part: Part, dir: Direction, select: (terms: string) => string, p = 'c', more: readonly string[] = []): string {
  return AFTER_ARMS[dir](p).map((arm) => select(where(part, arm, ...more))).join(' UNION ALL ');
}
/** Rows beyond the key named by `p` in each direction, as a filter (the second bound of countWithin). */
const BEYOND: Record<Direction, (p: string) => string> = {
  desc: (p) => `(m.created_at, m.id) < (@${p}At, @${p}Id)`,
  asc: (p) => `(m.created_at, m.id) > (@${p}At, @${p}Id)`,
};
const REVERSE: Record<Direction, Direction> = { desc: 'asc', asc: 'desc' };

/**
 * The table a part reads: the live one, or the same table in an attached archive (its schema name
 * is built from a month by store/archive/archive-reader.ts and checked there: a fixed fragment).
 */
const table = (part: Part, name: 'messages' | 'segments' = 'messages'): string => (part.source === undefined ? name : `${part.source}.${name}`);
/** A part's messages as `m`, through the part's index when it names one. */
const messagesOf = (part: Part): string => `${table(part)} m${part.index === undefined ? '' : ` INDEXED BY ${part.index}`}`;
const where = (part: Part, ...more: string[]): string => [...part.where, ...more].join(' AND ');
const at = (key: Key, prefix: string): Record<string, number> => ({ [`${prefix}At`]: key[0], [`${prefix}Id`]: key[1] });

export const LOG_QUERIES = {
  /** A page of entries after `after` (or from the top): the views' pages, the search, the export pages. */
  page(part: Part, dir: Direction, limit: number, after: Key | null): LogQuery {
    const sql = after
      ? `${afterCursor(part, dir, (terms) => `SELECT ${ENTRY_COLUMNS} FROM ${messagesOf(part)} WHERE ${terms}`)} ${ARMS_ORDER[dir]} LIMIT @limit`
      : `SELECT ${ENTRY_COLUMNS} FROM ${messagesOf(part)} WHERE ${where(part)} ${ORDER[dir]} LIMIT @limit`;
    return { sql, params: { ...part.params, limit, ...(after ? at(after, 'c') : {}) } };
  },

  /** The whole table's count: no filter at all (SQLite counts the smallest index). */
  countAll(): LogQuery {
    return { sql: 'SELECT count(*) FROM messages', params: {} };
  },

  /** A part's count over its index range. */
  count(part: Part): LogQuery {
    return { sql: `SELECT count(*) FROM ${messagesOf(part)} WHERE ${where(part)}`, params: { ...part.params } };
  },

  /**
   * The anchor walk's hop: the key `step` entries after `after` (or the step-th from the start) in
   * `dir` order (desc: from the newest, the view's own order; asc: from the oldest, a jump's walk
   * from the view's far end).
   */
  walk(part: Part, step: number, after: Key | null, dir: Direction = 'desc'): LogQuery {
    const sql = after
      ? `${afterCursor(part, dir, (terms) => `SELECT m.created_at, m.id FROM ${messagesOf(part)} WHERE ${terms}`)} ${ARMS_ORDER[dir]} LIMIT 1 OFFSET @skip`
      : `SELECT m.created_at, m.id FROM ${messagesOf(part)} WHERE ${where(part)} ${ORDER[dir]} LIMIT 1 OFFSET @skip`;
    return {
      sql,
      params: { ...part.params, skip: step - 1, ...(after ? at(after, 'c') : {}) },
    };
  },

  /** Entries of a part after `below` in `dir` order (or all), at most `step`: the walk's tail. */
  countOlder(part: Part, step: number, below: Key | null, dir: Direction = 'desc'): LogQuery {
    const rows = below
      ? afterCursor(part, dir, (terms) => `SELECT 1 FROM ${messagesOf(part)} WHERE ${terms}`, 'b')
      : `SELECT 1 FROM ${messagesOf(part)} WHERE ${where(part)}`;
    return { sql: `SELECT count(*) FROM (${rows} LIMIT @step)`, params: { ...part.params, step, ...(below ? at(below, 'b') : {}) } };
  },

  /** Entries of a part after `key` in `dir` order, all of them: a count(*) per index range (an archive's part counted from its kept anchors). */
  countAfter(part: Part, key: Key, dir: Direction = 'asc'): LogQuery {
    const rows = afterCursor(part, dir, (terms) => `SELECT count(*) AS n FROM ${table(part)} m WHERE ${terms}`, 'b');
    return { sql: `SELECT sum(n) FROM (${rows})`, params: { ...part.params, ...at(key, 'b') } };
  },

  /** Entries of a part before `key` in `dir` order, at most `step`. */
  countAbove(part: Part, step: number, key: Key, dir: Direction = 'desc'): LogQuery {
    return {
      sql: `SELECT count(*) FROM (${afterCursor(part, REVERSE[dir], (terms) => `SELECT 1 FROM ${messagesOf(part)} WHERE ${terms}`, 'k')} LIMIT @step)`,
      params: { ...part.params, step, ...at(key, 'k') },
    };
  },

  /** Entries of a part strictly between `from` and `key` (`from` first in `dir` order), at most `step`. */
  countWithin(part: Part, step: number, from: Key, key: Key, dir: Direction = 'desc'): LogQuery {
    const rows = afterCursor(part, dir, (terms) => `SELECT 1 FROM ${messagesOf(part)} WHERE ${terms}`, 'f', [BEYOND[REVERSE[dir]]('k')]);
    return { sql: `SELECT count(*) FROM (${rows} LIMIT @step)`, params: { ...part.params, step, ...at(from, 'f'), ...at(key, 'k') } };
  },

  /**
   * The key `skip` entries after `from` (inclusive; or from the start) in `dir` order in the merge
   * of all parts: UNION ALL with ORDER BY, which SQLite runs as a merge of index scans. Each
   * part's parameters get the part's number as a suffix.
   */
  merge(parts: readonly Part[], skip: number, from: Key | null, dir: Direction = 'desc'): LogQuery {
    const params: Record<string, unknown> = { skip, ...(from ? at(from, 'c') : {}) };
    const arms = parts.map((part, i) => {
      for (const [k, v] of Object.entries(part.params)) params[`${k}_${i}`] = v;
      const terms = renumber(where(part), i);
      return `SELECT m.created_at, m.id FROM ${messagesOf(part)} WHERE ${from ? `${terms} AND (m.created_at, m.id) ${dir === 'desc' ? '<=' : '>='} (@cAt, @cId)` : terms}`;
    });
    const order = dir === 'desc' ? 'ORDER BY 1 DESC, 2 DESC' : 'ORDER BY 1, 2';
    return { sql: `${arms.join(' UNION ALL ')} ${order} LIMIT 1 OFFSET @skip`, params };
  },

  /**
   * The export scan's query per part: every segment of each message, in (created_at, id,
   * Pk_number) order. The reader binds the cursor (cAt, cId) and the limit (export-batches.ts).
   */
  scan(part: Part): LogQuery {
    return {
      sql: `${afterCursor(part, 'asc', (terms) => `SELECT ${SCAN_COLUMNS} FROM ${messagesOf(part)} LEFT JOIN ${table(part, 'segments')} s ON s.message_id = m.id
      WHERE ${terms}`)} ORDER BY 1, 2, ${NUMERIC.indexOf('s.pk_number') + 1} LIMIT @limit`,
      params: { ...part.params },
    };
  },
} as const;

/** Gives every named parameter of a part its own suffix, for the UNION ALL of several parts. */
function renumber(sql: string, i: number): string {
  return sql.replace(/@(\w+)/g, (_, name: string) => `@${name}_${i}`);
}

const KEY: Key = [1, 1];
const OLDER: Key = [0, 0];
const DIRS = ['desc', 'asc'] as const;

/** Each kind of query with sample values, per filter: what everyLogQuery lists. */
const SAMPLES: { [K in keyof typeof LOG_QUERIES]: (parts: readonly Part[]) => LogQuery[] } = {
  page: (parts) => parts.flatMap((p) => (['desc', 'asc'] as const).flatMap((dir) => [LOG_QUERIES.page(p, dir, 10, null), LOG_QUERIES.page(p, dir, 10, KEY)])),
  countAll: () => [LOG_QUERIES.countAll()],
  count: (parts) => parts.map((p) => LOG_QUERIES.count(p)),
  walk: (parts) => parts.flatMap((p) => DIRS.flatMap((dir) => [LOG_QUERIES.walk(p, 2048, null, dir), LOG_QUERIES.walk(p, 2048, KEY, dir)])),
  countOlder: (parts) => parts.flatMap((p) => DIRS.flatMap((dir) => [LOG_QUERIES.countOlder(p, 2048, null, dir), LOG_QUERIES.countOlder(p, 2048, KEY, dir)])),
  countAfter: (parts) => parts.flatMap((p) => DIRS.map((dir) => LOG_QUERIES.countAfter(p, KEY, dir))),
  countAbove: (parts) => parts.flatMap((p) => DIRS.map((dir) => LOG_QUERIES.countAbove(p, 2048, KEY, dir))),
  countWithin: (parts) => parts.flatMap((p) => [LOG_QUERIES.countWithin(p, 2048, KEY, OLDER, 'desc'), LOG_QUERIES.countWithin(p, 2048, OLDER, KEY, 'asc')]),
  merge: (parts) => DIRS.flatMap((dir) => [LOG_QUERIES.merge(parts, 5, null, dir), LOG_QUERIES.merge(parts, 5, KEY, dir)]),
  scan: (parts) =>
    parts.map((p) => {
      const q = LOG_QUERIES.scan(p);
      return { sql: q.sql, params: { ...q.params, cAt: 0, cId: 0, limit: 1024 } };
    }),
};

export type LogQueryKind = keyof typeof LOG_QUERIES;

/** Every query the log may run for a filter's parts, each kind with sample keys and limits. */
export function everyLogQuery(parts: readonly Part[]): { kind: LogQueryKind; query: LogQuery }[] {
  return (Object.keys(SAMPLES) as LogQueryKind[]).flatMap((kind) => SAMPLES[kind](parts).map((query) => ({ kind, query })));
}
