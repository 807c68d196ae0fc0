// The delivery log: search (newest first), export pages and the export's scan (oldest first, one
// row per segment) and a message's detail. A filter becomes "parts" (partsOf), each a query that
// reads one index in (created_at, id) order:
//   - without a number or Msg_Id, one part per state (all states when none is chosen) on
//     messages_by_campaign (with a campaign or direct sends) or messages_by_state; the parts are
//     merged by (created_at, id);
//   - a number reads messages_by_number, a Msg_Id the message ids its segments carry: one part,
//     sorted (a handful of rows).
// The other filters are terms of every part (FILTER_TERMS), `+`-prefixed where they must not steer
// the planner off the part's index. SQL text is assembled only from these fixed fragments
// (statements are cached per shape); every value is a bound parameter.
import type Database from 'better-sqlite3';
import { displayRollup, isMessageInProgress, isMessageState, MessageStates, type MessageRollup, type MessageState } from '../../shared/message-state.js';
import { invalid, notFound } from './errors.js';
import type { ExportReader, ExportRow, ExportScanner } from './export-records.js';
import { SCAN_COLUMNS, scanInThread, scanInWorker, type ScanQuery } from './export-scan.js';
import { parseMsgId } from '../../shared/msg-id.js';
import { msgIdFromColumn, msgIdToColumn } from './msg-id-column.js';
import { requireNumberKey } from './number-key.js';
import { checkInt } from './validate.js';

export type { ExportReader, ExportRecord, ExportRow, ExportScanner, ReaderStep } from './export-records.js';

/** What the delivery log is filtered by: the same filters, with the same meaning, as the log view (log-view.ts). */
export interface LogFilter {
  accountId?: number;
  campaignId?: number;
  /** Only messages without a campaign (inbox replies, one-off sends). Excludes campaignId. */
  directOnly?: boolean;
  /** Any of these states; empty or absent = all. */
  states?: readonly MessageState[];
  number?: string;
  /**
   * The message's Stat: an exact value (DELIVRD, UNDELIV, MK:0012, ...) or a 3.0 family ending in
   * ':' (MK:, MA:, ...). Case and surrounding blanks are ignored.
   */
  stat?: string;
  /** A Msg_Id in any of its three text forms (decimal, 22 digits, hex), on any account (docs/protocol.md "Msg_Id"). */
  msgId?: string;
  /** created_at >= from (ms). */
  from?: number;
  /** created_at < to (ms). */
  to?: number;
}

/** Where a page ended: pass it back to get the next page. */
export interface LogCursor {
  createdAt: number;
  id: number;
}

export interface LogEntry {
  id: number;
  campaignId: number | null;
  accountId: number;
  number: string;
  state: MessageState;
  /** state plus `partial` (some segments delivered, the rest in progress). */
  rollup: MessageRollup;
  reason: string | null;
  result: number | null;
  stat: string | null;
  possibleDuplicate: boolean;
  segmentCount: number;
  billedCount: number;
  createdAt: number;
  submittedAt: number | null;
  doneAt: number | null;
}

export interface SegmentDetail {
  id: number;
  pkNumber: number;
  pkTotal: number;
  state: MessageState;
  sequenceId: number | null;
  connection: string | null;
  /** Unsigned Msg_Id of this destination, null before SUBMIT_RESP. */
  msgId: bigint | null;
  pduMsgId: bigint | null;
  result: number | null;
  stat: string | null;
  reason: string | null;
  submitAt: number | null;
  responseAt: number | null;
  reportAt: number | null;
  doneTime: string | null;
  sendCount: number;
}

type Dir = 'asc' | 'desc';

/** The message columns every log view reads (delivery-log.ts and log-view.ts). */
export const entryColumns = `m.id, m.campaign_id, m.account_id, m.number, m.state, m.reason, m.result, m.stat,
  m.possible_duplicate, m.segment_count, m.billed_count, m.created_at, m.submitted_at, m.done_at`;

export interface EntryRow {
  id: number;
  campaign_id: number | null;
  account_id: number;
  number: string;
  state: MessageState;
  reason: string | null;
  result: number | null;
  stat: string | null;
  possible_duplicate: number;
  segment_count: number;
  billed_count: number;
  created_at: number;
  submitted_at: number | null;
  done_at: number | null;
}

const n = (v: unknown): number => Number(v as bigint);
const nOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v as bigint));

export class DeliveryLog {
  private readonly cache = new Map<string, Database.Statement>();
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      segmentStates: db.prepare('SELECT state FROM segments WHERE message_id = ?').pluck(),
      message: db.prepare(`SELECT ${entryColumns} FROM messages m WHERE m.id = ?`),
      segments: db.prepare(`SELECT id, pk_number, pk_total, state, sequence_id, connection, msg_id, pdu_msg_id, result,
        stat, reason, submit_at, response_at, report_at, done_time, send_count FROM segments WHERE message_id = ?
        ORDER BY pk_number`).safeIntegers(true),
      bySegmentMsgId: db.prepare(`SELECT message_id FROM segments WHERE account_id = ? AND msg_id = ? ORDER BY id DESC`).pluck(),
      accountIds: db.prepare('SELECT id FROM accounts').pluck(),
      exportRows: db.prepare(`SELECT m.id AS message_id, m.campaign_id, c.name AS campaign_name, a.name AS account_name,
          m.number, m.state AS message_state, s.state AS segment_state, coalesce(s.reason, m.reason) AS reason,
          coalesce(s.stat, m.stat) AS stat, coalesce(m.text, c.text) AS text, coalesce(s.result, m.result) AS result, s.msg_id, s.pk_number,
          coalesce(s.pk_total, m.segment_count) AS pk_total, m.created_at, s.submit_at, s.response_at, s.report_at,
          s.done_time, coalesce(m.src_id, a.src_id || coalesce(c.src_id_ext, '')) AS src_id,
          coalesce(m.service_id, c.service_id, a.service_id) AS service_id, coalesce(c.fee_type, a.fee_type) AS fee_type,
          coalesce(c.fee_code, a.fee_code) AS fee_code, m.billed_count, m.possible_duplicate, s.send_count
        FROM json_each(?) j JOIN messages m ON m.id = j.value
        LEFT JOIN segments s ON s.message_id = m.id
        LEFT JOIN campaigns c ON c.id = m.campaign_id
        JOIN accounts a ON a.id = m.account_id
        ORDER BY j.key, s.pk_number`).safeIntegers(true),
    };
  }

  /** Message-level search, newest first. Returns the entries and the cursor for the next page. */
  search(filter: LogFilter, limit = 100, after?: LogCursor): { entries: LogEntry[]; next: LogCursor | null } {
    const rows = this.page(filter, limit, 'desc', after);
    const entries = rows.map((r) => this.entry(r));
    const last = rows[rows.length - 1];
    return { entries, next: rows.length === limit && last ? { createdAt: last.created_at, id: last.id } : null };
  }

  /**
   * Export rows, oldest first, for up to `limit` messages after `after`; call again with `next`
   * until it is null (yielding between pages keeps memory flat and the event loop free).
   */
  exportPage(filter: LogFilter, limit = 2000, after?: LogCursor): { rows: ExportRow[]; next: LogCursor | null } {
    const msgs = this.page(filter, limit, 'asc', after);
    if (msgs.length === 0) return { rows: [], next: null };
    const raw = this.s.exportRows.all(JSON.stringify(msgs.map((m) => m.id))) as Record<string, unknown>[];
    const rows = raw.map(
      (r): ExportRow => ({
        messageId: n(r.message_id),
        campaignId: nOrNull(r.campaign_id),
        campaignName: (r.campaign_name as string | null) ?? null,
        accountName: r.account_name as string,
        number: r.number as string,
        messageState: r.message_state as MessageState,
        segmentState: (r.segment_state as MessageState | null) ?? null,
        reason: (r.reason as string | null) ?? null,
        text: (r.text as string | null) ?? null,
        stat: (r.stat as string | null) ?? null,
        result: nOrNull(r.result),
        msgId: r.msg_id === null ? null : msgIdFromColumn(r.msg_id as bigint),
        pkNumber: nOrNull(r.pk_number),
        pkTotal: n(r.pk_total),
        createdAt: n(r.created_at),
        submitAt: nOrNull(r.submit_at),
        responseAt: nOrNull(r.response_at),
        reportAt: nOrNull(r.report_at),
        doneTime: (r.done_time as string | null) ?? null,
        srcId: r.src_id as string,
        serviceId: r.service_id as string,
        feeType: r.fee_type as string,
        feeCode: r.fee_code as string,
        billedCount: n(r.billed_count),
        possibleDuplicate: n(r.possible_duplicate) === 1,
        inDoubt: r.segment_state === 'in_doubt' || (r.segment_state === null && r.message_state === 'in_doubt'),
        sendCount: nOrNull(r.send_count),
      }),
    );
    const last = msgs[msgs.length - 1]!;
    return { rows, next: msgs.length === limit ? { createdAt: last.created_at, id: last.id } : null };
  }

  /** A message with its segments (every timestamp, Msg_Id, Stat): the detail drawer. */
  detail(messageId: number): { message: LogEntry; segments: SegmentDetail[] } {
    const row = this.s.message.get(messageId) as EntryRow | undefined;
    if (!row) throw notFound(`message ${messageId} does not exist`);
    const segments = (this.s.segments.all(messageId) as Record<string, unknown>[]).map(
      (r): SegmentDetail => ({
        id: n(r.id),
        pkNumber: n(r.pk_number),
        pkTotal: n(r.pk_total),
        state: r.state as MessageState,
        sequenceId: nOrNull(r.sequence_id),
        connection: (r.connection as string | null) ?? null,
        msgId: r.msg_id === null ? null : msgIdFromColumn(r.msg_id as bigint),
        pduMsgId: r.pdu_msg_id === null ? null : msgIdFromColumn(r.pdu_msg_id as bigint),
        result: nOrNull(r.result),
        stat: (r.stat as string | null) ?? null,
        reason: (r.reason as string | null) ?? null,
        submitAt: nOrNull(r.submit_at),
        responseAt: nOrNull(r.response_at),
        reportAt: nOrNull(r.report_at),
        doneTime: (r.done_time as string | null) ?? null,
        sendCount: n(r.send_count),
      }),
    );
    return { message: this.entry(row), segments };
  }

  /** Messages whose segment carries this Msg_Id on the account (search by Msg_Id), newest first. */
  messagesByMsgId(accountId: number, msgId: bigint): number[] {
    return this.s.bySegmentMsgId.all(accountId, msgIdToColumn(msgId)) as number[];
  }

  /**
   * The export as a stream of steps (electron/services/log-export.ts), same rows and order as
   * exportPage but several times faster: one query per state stream joins messages to their
   * segments and reads the index in (created_at, id, Pk_number) order, so SQLite never sorts; the
   * streams are merged here. Campaign and account columns come from a per-scan cache.
   */
  exportScanner(filter: LogFilter): ExportScanner {
    return scanInThread(this.db, scanQueries(partsOf(this.check(filter))));
  }

  /**
   * The export's rows read ahead by a worker thread with its own read-only connection (in-thread
   * for an in-memory database): same rows and order as exportScanner. close() it when done.
   */
  exportReader(filter: LogFilter): ExportReader {
    return scanInWorker(this.db, scanQueries(partsOf(this.check(filter))));
  }

  /** The SQL the export scanner runs for a filter shape (for the query-plan tests). */
  plannedScan(filter: LogFilter): ScanQuery[] {
    return scanQueries(partsOf(this.check(filter)));
  }

  private cached(sql: string): Database.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /** The SQL a filter shape runs (for the query-plan tests). One entry per state query. */
  plannedQueries(filter: LogFilter, dir: Dir = 'desc', withCursor = false): { sql: string; params: Record<string, unknown> }[] {
    return this.queries(filter, 10, dir, withCursor ? { createdAt: 0, id: 0 } : undefined).map(({ stmt, params }) => ({
      sql: stmt.source,
      params,
    }));
  }

  private entry(r: EntryRow): LogEntry {
    const inProgress = isMessageInProgress(r.state as MessageState);
    const rollup = inProgress && r.segment_count > 1 ? displayRollup(this.s.segmentStates.all(r.id) as MessageState[], r.state) : r.state;
    return {
      id: r.id,
      campaignId: r.campaign_id,
      accountId: r.account_id,
      number: r.number,
      state: r.state,
      rollup,
      reason: r.reason,
      result: r.result,
      stat: r.stat,
      possibleDuplicate: r.possible_duplicate === 1,
      segmentCount: r.segment_count,
      billedCount: r.billed_count,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      doneAt: r.done_at,
    };
  }

  private page(filter: LogFilter, limit: number, dir: Dir, after?: LogCursor): EntryRow[] {
    checkInt(limit, 'page size', 1, 100_000);
    const parts = this.queries(filter, limit, dir, after).map(({ stmt, params }) => stmt.all(params) as EntryRow[]);
    if (parts.length === 1) return parts[0]!;
    // Merge the per-state pages (each sorted by (created_at, id)) and keep the first `limit`.
    const sign = dir === 'asc' ? 1 : -1;
    return parts
      .flat()
      .sort((a, b) => sign * (a.created_at - b.created_at || a.id - b.id))
      .slice(0, limit);
  }

  private queries(filter: LogFilter, limit: number, dir: Dir, after?: LogCursor): { stmt: Database.Statement; params: Record<string, unknown> }[] {
    return partsOf(this.check(filter)).map((part) => {
      const where = [...part.where];
      const params: Record<string, unknown> = { ...part.params, limit };
      if (after) {
        where.push(dir === 'desc' ? CURSOR_DESC : CURSOR_ASC);
        params.cAt = after.createdAt;
        params.cId = after.id;
      }
      const order = dir === 'desc' ? 'ORDER BY m.created_at DESC, m.id DESC' : 'ORDER BY m.created_at, m.id';
      const sql = `SELECT ${entryColumns} FROM messages m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order} LIMIT @limit`;
      return { stmt: this.cached(sql), params };
    });
  }

  /** Checks and normalises a filter; a Msg_Id is looked up to its messages here. */
  private check(f: LogFilter): ValidFilter {
    const states = [...new Set(f.states ?? [])];
    for (const s of states) if (!isMessageState(s)) throw invalid(`unknown message state "${String(s)}"`);
    if (f.accountId !== undefined) checkInt(f.accountId, 'account id', 1, Number.MAX_SAFE_INTEGER);
    if (f.campaignId !== undefined) checkInt(f.campaignId, 'campaign id', 1, Number.MAX_SAFE_INTEGER);
    if (f.from !== undefined) checkInt(f.from, 'from', 0, Number.MAX_SAFE_INTEGER);
    if (f.to !== undefined) checkInt(f.to, 'to', 0, Number.MAX_SAFE_INTEGER);
    if (f.directOnly !== undefined && typeof f.directOnly !== 'boolean') throw invalid('directOnly must be true or false');
    if (f.directOnly && f.campaignId !== undefined) throw invalid('choose either one campaign or direct sends, not both');
    const out: ValidFilter = { ...f, states, directOnly: f.directOnly === true, number: f.number === undefined ? undefined : requireNumberKey(f.number) };
    if (f.stat !== undefined) {
      const stat = typeof f.stat === 'string' ? f.stat.trim().toUpperCase() : '';
      if (!/^[\x21-\x7e]{1,7}$/.test(stat)) {
        throw invalid(`Stat "${String(f.stat)}" is not a Stat value: up to 7 printable characters such as DELIVRD, UNDELIV or MK:0012 (docs/protocol.md "Result and Status codes")`);
      }
      out.stat = stat;
    }
    if (f.msgId !== undefined) out.ids = this.messagesWithMsgId(f.msgId);
    return out;
  }

  /** Messages whose segments carry the Msg_Id (any text form) on any account: a Msg_Id is unique per account only (docs/protocol.md "Msg_Id"). */
  private messagesWithMsgId(text: string): number[] {
    let msgId: bigint;
    try {
      msgId = parseMsgId(text);
    } catch (e) {
      throw invalid(e instanceof Error ? e.message : String(e));
    }
    const found = new Set<number>();
    for (const accountId of this.s.accountIds.all() as number[]) for (const id of this.messagesByMsgId(accountId, msgId)) found.add(id);
    if (found.size > MSG_ID_MATCHES_MAX) throw invalid(`Msg_Id ${text} matches more than ${MSG_ID_MATCHES_MAX} messages; add a date range or a campaign`);
    return [...found];
  }
}

/** Message ids found for one Msg_Id are few; more would mean a gateway reusing ids wildly (as log-view.ts). */
const MSG_ID_MATCHES_MAX = 10_000;

const CURSOR_ASC = 'm.created_at >= @cAt AND (m.created_at > @cAt OR m.id > @cId)';
const CURSOR_DESC = 'm.created_at <= @cAt AND (m.created_at < @cAt OR m.id < @cId)';

/** A filter checked and normalised (states deduplicated, number keyed, Stat upper-cased, Msg_Id as message ids). */
interface ValidFilter extends Omit<LogFilter, 'states' | 'msgId'> {
  states: MessageState[];
  directOnly: boolean;
  /** The messages a Msg_Id filter matched. */
  ids?: number[];
}

/** One query of a filter: its WHERE terms and their parameters (the cursor, order and limit are the caller's). */
interface Part {
  where: string[];
  params: Record<string, unknown>;
}

/**
 * The terms every part carries, by filter. `listed`: the part reads a number's or a Msg_Id's rows,
 * so a campaign term gets `+` (else messages_by_campaign could be chosen and the rows sorted).
 */
const FILTER_TERMS: readonly ((f: ValidFilter, listed: boolean) => [sql: string, params: Record<string, unknown>] | null)[] = [
  (f, listed) => (f.campaignId === undefined ? null : [`${listed ? '+' : ''}m.campaign_id = @campaignId`, { campaignId: f.campaignId }]),
  (f, listed) => (f.directOnly ? [`${listed ? '+' : ''}m.campaign_id IS NULL`, {}] : null),
  (f) => (f.accountId === undefined ? null : ['+m.account_id = @accountId', { accountId: f.accountId }]),
  // A 3.0 family (MK:, MA:, ...) compares the prefix.
  (f) => (f.stat === undefined ? null : f.stat.endsWith(':') ? ['substr(m.stat, 1, @statLength) = @stat', { stat: f.stat, statLength: f.stat.length }] : ['+m.stat = @stat', { stat: f.stat }]),
  (f) => (f.from === undefined ? null : ['m.created_at >= @from', { from: f.from }]),
  (f) => (f.to === undefined ? null : ['m.created_at < @to', { to: f.to }]),
];

function partsOf(f: ValidFilter): Part[] {
  const listed = f.ids !== undefined || f.number !== undefined;
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  for (const term of FILTER_TERMS) {
    const t = term(f, listed);
    if (t) {
      where.push(t[0]);
      Object.assign(params, t[1]);
    }
  }
  if (listed) {
    const lead: string[] = [];
    if (f.ids !== undefined) {
      lead.push('m.id IN (SELECT value FROM json_each(@ids))');
      params.ids = JSON.stringify(f.ids);
      if (f.number !== undefined) lead.push('+m.number = @number');
    } else lead.push('m.number = @number');
    if (f.number !== undefined) params.number = f.number;
    if (f.states.length > 0) {
      where.push('+m.state IN (SELECT value FROM json_each(@states))');
      params.states = JSON.stringify(f.states);
    }
    return [{ where: [...lead, ...where], params }];
  }
  return (f.states.length > 0 ? f.states : MessageStates).map((state) => ({ where: ['m.state = @state', ...where], params: { ...params, state } }));
}

// ---- the export scanner ------------------------------------------------------------------------

/** The export scan's query per part: every segment of each message, in (created_at, id, Pk_number) order. */
function scanQueries(parts: readonly Part[]): ScanQuery[] {
  return parts.map((part) => ({
    sql: `SELECT ${SCAN_COLUMNS} FROM messages m LEFT JOIN segments s ON s.message_id = m.id
      WHERE ${[...part.where, CURSOR_ASC].join(' AND ')} ORDER BY m.created_at, m.id, s.pk_number LIMIT @limit`,
    params: part.params,
  }));
}

export { msgId22, msgIdDecimal } from './export-scan.js';
