// The delivery log: search (newest first), export pages (oldest first, one row per segment) and a
// message's detail. Every query reads an index in the order it returns rows:
//   - a state filter (or a campaign, which is split into its states) runs one query per state on
//     messages_by_campaign / messages_by_state, merged here by (created_at, id);
//   - a number uses messages_by_number; a time range alone uses messages_by_time.
// SQL text is assembled only from fixed fragments chosen by which filters are present (statements
// are cached per shape); every value is a bound parameter.
import type Database from 'better-sqlite3';
import { displayRollup, isMessageState, MessageStates, type MessageRollup, type MessageState } from '../../shared/message-state.js';
import { invalid, notFound } from './errors.js';
import { msgIdFromColumn, msgIdToColumn } from './msg-id-column.js';
import { requireNumberKey } from './number-key.js';
import { checkInt } from './validate.js';

export interface LogFilter {
  accountId?: number;
  campaignId?: number;
  /** Any of these states; empty or absent = all. */
  states?: readonly MessageState[];
  number?: string;
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

/** One export row per segment (a message without segments yet gives one row with segment fields null). */
export interface ExportRow {
  messageId: number;
  campaignId: number | null;
  campaignName: string | null;
  accountName: string;
  number: string;
  messageState: MessageState;
  segmentState: MessageState | null;
  reason: string | null;
  stat: string | null;
  result: number | null;
  msgId: bigint | null;
  pkNumber: number | null;
  pkTotal: number;
  createdAt: number;
  submitAt: number | null;
  responseAt: number | null;
  reportAt: number | null;
  doneTime: string | null;
  srcId: string;
  serviceId: string;
  feeType: string;
  feeCode: string;
  billedCount: number;
  possibleDuplicate: boolean;
  inDoubt: boolean;
  sendCount: number | null;
}

/**
 * A row of the export scanner (exportScanner): ExportRow with the Msg_Id already printed in both
 * text forms by SQLite (no BigInt per row: a 1,000,000-row export must stay within seconds).
 */
export interface ExportRecord extends Omit<ExportRow, 'msgId'> {
  accountId: number;
  /** Unsigned decimal Msg_Id of this destination, null before SUBMIT_RESP. */
  msgId: string | null;
  /** The 22-digit form: MMDDHHMMSS + ISMG code (7) + sequence (5) (ref §6). */
  msgId22: string | null;
}

/** Reads the export in bounded steps: each next() returns up to `maxMessages` messages' rows. */
export interface ExportScanner {
  /** Rows of up to `maxMessages` messages (all segments of each), oldest first; [] when done. */
  next(maxMessages: number): ExportRecord[];
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
      exportRows: db.prepare(`SELECT m.id AS message_id, m.campaign_id, c.name AS campaign_name, a.name AS account_name,
          m.number, m.state AS message_state, s.state AS segment_state, coalesce(s.reason, m.reason) AS reason,
          coalesce(s.stat, m.stat) AS stat, coalesce(s.result, m.result) AS result, s.msg_id, s.pk_number,
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
    return new StateMergeScanner(this.db, validateFilter(filter), (sql) => this.cached(sql));
  }

  /** The SQL the export scanner runs for a filter shape (for the query-plan tests). */
  plannedScan(filter: LogFilter): { sql: string; params: Record<string, unknown> }[] {
    return scanQueries(validateFilter(filter), (sql) => this.cached(sql)).map((q) => ({ sql: q.stmt.source, params: q.params }));
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
    const inProgress = r.state === 'queued' || r.state === 'submitting' || r.state === 'submitted' || r.state === 'in_doubt';
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
    const f = validateFilter(filter);
    const byNumber = f.number !== undefined;
    // A campaign or a state filter is read state by state so each query follows an index in order;
    // with a number the number index is chosen (`+` keeps the planner off the other indexes).
    const states: (MessageState | undefined)[] = byNumber ? [undefined] : f.states.length > 0 ? [...f.states] : [...MessageStates];
    const inStates = byNumber && f.states.length > 0;
    return states.map((state) => {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit };
      if (f.number !== undefined) {
        where.push('m.number = @number');
        params.number = f.number;
      }
      if (f.campaignId !== undefined) {
        where.push(byNumber ? '+m.campaign_id = @campaignId' : 'm.campaign_id = @campaignId');
        params.campaignId = f.campaignId;
      }
      if (state !== undefined) {
        where.push('m.state = @state');
        params.state = state;
      }
      if (inStates) {
        where.push('+m.state IN (SELECT value FROM json_each(@states))');
        params.states = JSON.stringify(f.states);
      }
      if (f.accountId !== undefined) {
        where.push('+m.account_id = @accountId');
        params.accountId = f.accountId;
      }
      if (f.from !== undefined) {
        where.push('m.created_at >= @from');
        params.from = f.from;
      }
      if (f.to !== undefined) {
        where.push('m.created_at < @to');
        params.to = f.to;
      }
      if (after) {
        where.push(
          dir === 'desc'
            ? 'm.created_at <= @cAt AND (m.created_at < @cAt OR m.id < @cId)'
            : 'm.created_at >= @cAt AND (m.created_at > @cAt OR m.id > @cId)',
        );
        params.cAt = after.createdAt;
        params.cId = after.id;
      }
      const order = dir === 'desc' ? 'ORDER BY m.created_at DESC, m.id DESC' : 'ORDER BY m.created_at, m.id';
      const sql = `SELECT ${entryColumns} FROM messages m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order} LIMIT @limit`;
      let stmt = this.cache.get(sql);
      if (!stmt) {
        stmt = this.db.prepare(sql);
        this.cache.set(sql, stmt);
      }
      return { stmt, params };
    });
  }
}

function validateFilter(f: LogFilter): Required<Pick<LogFilter, 'states'>> & Omit<LogFilter, 'states'> {
  const states = [...new Set(f.states ?? [])];
  for (const s of states) if (!isMessageState(s)) throw invalid(`unknown message state "${String(s)}"`);
  if (f.accountId !== undefined) checkInt(f.accountId, 'account id', 1, Number.MAX_SAFE_INTEGER);
  if (f.campaignId !== undefined) checkInt(f.campaignId, 'campaign id', 1, Number.MAX_SAFE_INTEGER);
  if (f.from !== undefined) checkInt(f.from, 'from', 0, Number.MAX_SAFE_INTEGER);
  if (f.to !== undefined) checkInt(f.to, 'to', 0, Number.MAX_SAFE_INTEGER);
  return { ...f, states, number: f.number === undefined ? undefined : requireNumberKey(f.number) };
}

// ---- the export scanner ------------------------------------------------------------------------

type ValidFilter = ReturnType<typeof validateFilter>;

// The Msg_Id travels as its two 32-bit halves (exact JS numbers; SQLite's >> keeps the sign, so
// the high half is read back unsigned with >>> 0): printing it in SQLite (printf '%llu') or making
// a BigInt per row each cost more than the rest of the row.
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Unsigned decimal of high * 2^32 + low, exactly: 2^32 = 42949 * 10^5 + 67296. */
export function msgIdDecimal(high: number, low: number): string {
  const hi = high >>> 0;
  let a = hi * 42949;
  let b = hi * 67296 + (low >>> 0);
  a += Math.floor(b / 100_000);
  b %= 100_000;
  return a === 0 ? String(b) : `${a}${pad(b, 5)}`;
}

/** ref §6: MMDDHHMMSS + ISMG code (7 digits) + sequence (5 digits), from the two halves. */
export function msgId22(high: number, low: number): string {
  const hi = high >>> 0;
  const lo = low >>> 0;
  return (
    pad(hi >>> 28, 2) + pad((hi >>> 23) & 31, 2) + pad((hi >>> 18) & 31, 2) + pad((hi >>> 12) & 63, 2) + pad((hi >>> 6) & 63, 2) +
    pad(((hi & 63) * 65536) + (lo >>> 16), 7) + pad(lo & 0xffff, 5)
  );
}

// Column order of a scan row (raw arrays: better-sqlite3 builds them faster than objects).
const SCAN_COLUMNS = `m.created_at, m.id, m.campaign_id, m.account_id, m.number, m.state, s.state,
  coalesce(s.reason, m.reason), coalesce(s.stat, m.stat), coalesce(s.result, m.result),
  s.msg_id >> 32, s.msg_id & 4294967295,
  s.pk_number, coalesce(s.pk_total, m.segment_count), s.submit_at, s.response_at, s.report_at, s.done_time,
  m.src_id, m.service_id, m.billed_count, m.possible_duplicate, s.send_count`;
const C_AT = 0;
const C_ID = 1;

/** Rows per refill of one stream: above 255 (Pk_total's maximum), so a message always fits. */
const MIN_FETCH = 512;

function scanQueries(f: ValidFilter, prepare: (sql: string) => Database.Statement): { stmt: Database.Statement; params: Record<string, unknown> }[] {
  const byNumber = f.number !== undefined;
  // As in queries(): one stream per state so each reads its index in order; a number reads its own index.
  const states: (MessageState | undefined)[] = byNumber ? [undefined] : f.states.length > 0 ? [...f.states] : [...MessageStates];
  return states.map((state) => {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (byNumber) {
      where.push('m.number = @number');
      params.number = f.number;
      if (f.states.length > 0) {
        where.push('+m.state IN (SELECT value FROM json_each(@states))');
        params.states = JSON.stringify(f.states);
      }
    }
    if (f.campaignId !== undefined) {
      where.push(byNumber ? '+m.campaign_id = @campaignId' : 'm.campaign_id = @campaignId');
      params.campaignId = f.campaignId;
    }
    if (state !== undefined) {
      where.push('m.state = @state');
      params.state = state;
    }
    if (f.accountId !== undefined) {
      where.push('+m.account_id = @accountId');
      params.accountId = f.accountId;
    }
    if (f.from !== undefined) {
      where.push('m.created_at >= @from');
      params.from = f.from;
    }
    if (f.to !== undefined) {
      where.push('m.created_at < @to');
      params.to = f.to;
    }
    where.push('m.created_at >= @cAt AND (m.created_at > @cAt OR m.id > @cId)');
    const sql = `SELECT ${SCAN_COLUMNS} FROM messages m LEFT JOIN segments s ON s.message_id = m.id
      WHERE ${where.join(' AND ')} ORDER BY m.created_at, m.id, s.pk_number LIMIT @limit`;
    return { stmt: prepare(sql).raw(true), params };
  });
}

interface Stream {
  stmt: Database.Statement;
  params: Record<string, unknown>;
  buf: unknown[][];
  pos: number;
  cAt: number;
  cId: number;
  done: boolean;
}

interface Owner {
  name: string;
  srcId: string;
  srcIdExt: string;
  serviceId: string;
  feeType: string;
  feeCode: string;
}

class StateMergeScanner implements ExportScanner {
  private readonly streams: Stream[];
  private readonly campaigns = new Map<number, Owner | null>();
  private readonly accounts = new Map<number, Owner>();
  private readonly campaignStmt: Database.Statement;
  private readonly accountStmt: Database.Statement;

  constructor(db: Database.Database, filter: ValidFilter, prepare: (sql: string) => Database.Statement) {
    this.streams = scanQueries(filter, prepare).map(({ stmt, params }) => ({ stmt, params, buf: [], pos: 0, cAt: 0, cId: 0, done: false }));
    this.campaignStmt = db.prepare(`SELECT name, '' AS srcId, src_id_ext AS srcIdExt, service_id AS serviceId, fee_type AS feeType,
      fee_code AS feeCode FROM campaigns WHERE id = ?`);
    this.accountStmt = db.prepare(`SELECT name, src_id AS srcId, '' AS srcIdExt, service_id AS serviceId, fee_type AS feeType,
      fee_code AS feeCode FROM accounts WHERE id = ?`);
  }

  next(maxMessages: number): ExportRecord[] {
    checkInt(maxMessages, 'messages per step', 1, 100_000);
    const out: ExportRecord[] = [];
    const fetch = Math.max(MIN_FETCH, maxMessages);
    for (let n = 0; n < maxMessages; n++) {
      // The stream whose next message is oldest, by (created_at, id).
      let best: Stream | null = null;
      for (const s of this.streams) {
        if (s.pos >= s.buf.length) {
          if (s.done) continue;
          this.refill(s, fetch);
          if (s.pos >= s.buf.length) continue;
        }
        if (!best) best = s;
        else {
          const a = s.buf[s.pos]!;
          const b = best.buf[best.pos]!;
          if ((a[C_AT] as number) < (b[C_AT] as number) || ((a[C_AT] as number) === (b[C_AT] as number) && (a[C_ID] as number) < (b[C_ID] as number))) best = s;
        }
      }
      if (!best) break;
      const id = best.buf[best.pos]![C_ID];
      while (best.pos < best.buf.length && best.buf[best.pos]![C_ID] === id) out.push(this.record(best.buf[best.pos++]!));
    }
    return out;
  }

  /** Reads the stream's next rows; a message cut by the LIMIT is left for the next refill. */
  private refill(s: Stream, limit: number): void {
    let rows = s.stmt.all({ ...s.params, cAt: s.cAt, cId: s.cId, limit }) as unknown[][];
    if (rows.length < limit) s.done = true;
    else {
      const lastId = rows[rows.length - 1]![C_ID];
      let k = rows.length - 1;
      while (k > 0 && rows[k - 1]![C_ID] === lastId) k--;
      if (k > 0) rows = rows.slice(0, k);
    }
    s.buf = rows;
    s.pos = 0;
    if (rows.length > 0) {
      const last = rows[rows.length - 1]!;
      s.cAt = last[C_AT] as number;
      s.cId = last[C_ID] as number;
    }
  }

  private campaign(campaignId: number | null): Owner | null {
    if (campaignId === null) return null;
    let c = this.campaigns.get(campaignId);
    if (c === undefined) {
      c = (this.campaignStmt.get(campaignId) as Owner | undefined) ?? null;
      this.campaigns.set(campaignId, c);
    }
    return c;
  }

  private account(accountId: number): Owner {
    let a = this.accounts.get(accountId);
    if (!a) {
      a = this.accountStmt.get(accountId) as Owner;
      this.accounts.set(accountId, a);
    }
    return a;
  }

  private record(r: unknown[]): ExportRecord {
    const campaignId = r[2] as number | null;
    const accountId = r[3] as number;
    const c = this.campaign(campaignId);
    const a = this.account(accountId);
    const messageState = r[5] as MessageState;
    const segmentState = r[6] as MessageState | null;
    return {
      messageId: r[1] as number,
      campaignId,
      campaignName: c ? c.name : null,
      accountId,
      accountName: a.name,
      number: r[4] as string,
      messageState,
      segmentState,
      reason: r[7] as string | null,
      stat: r[8] as string | null,
      result: r[9] as number | null,
      msgId: r[10] === null ? null : msgIdDecimal(r[10] as number, r[11] as number),
      msgId22: r[10] === null ? null : msgId22(r[10] as number, r[11] as number),
      pkNumber: r[12] as number | null,
      pkTotal: r[13] as number,
      createdAt: r[0] as number,
      submitAt: r[14] as number | null,
      responseAt: r[15] as number | null,
      reportAt: r[16] as number | null,
      doneTime: r[17] as string | null,
      srcId: (r[18] as string | null) ?? a.srcId + (c ? c.srcIdExt : ''),
      serviceId: (r[19] as string | null) ?? (c ? c.serviceId : a.serviceId),
      feeType: c ? c.feeType : a.feeType,
      feeCode: c ? c.feeCode : a.feeCode,
      billedCount: r[20] as number,
      possibleDuplicate: r[21] === 1,
      inDoubt: segmentState === 'in_doubt' || (segmentState === null && messageState === 'in_doubt'),
      sendCount: r[22] as number | null,
    };
  }
}
