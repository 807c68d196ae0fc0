// The delivery log's repository: a filter planned once (filter.ts, queries.ts), then the search
// (newest first, by cursor), the export's pages and scan (oldest first, one row per segment) and a
// message's detail. The views that page by position over 1,000,000 rows are views.ts.
import type Database from 'better-sqlite3';
import type { LogSegment } from '../../../shared/ipc/contract/log.js';
import type { MessageState } from '../../../shared/message-state.js';
import { notFound } from '../errors.js';
import { msgIdToColumn } from '../msg-id-column.js';
import { checkInt } from '../validate.js';
import { camelRow } from './column-rows.js';
import { entryOf, mergeParts, type EntryRow, type LogEntry } from './entries.js';
import type { ExportReader, ExportRow, ExportScanner } from './export-records.js';
import { scanInThread, scanInWorker } from './export-scan.js';
import { partsOf, planFilter, type LogFilter, type Part, type PlannedFilter } from './filter.js';
import { LOG_QUERIES, LOG_STATEMENTS, type Direction } from './queries.js';
import { StatementCache } from './statement-cache.js';

export type { ExportReader, ExportRecord, ExportRow, ExportScanner, ReaderStep } from './export-records.js';
export type { LogEntry, LogFilter };

/** Where a page ended: pass it back to get the next page. */
export interface LogCursor {
  createdAt: number;
  id: number;
}

/**
 * A segment as the store reads it: the contract's LogSegment with its row id and the Msg_Ids as
 * numbers (the handler gives the window their three text forms).
 */
export interface SegmentDetail extends Omit<LogSegment, 'msgId' | 'pduMsgId'> {
  id: number;
  /** Unsigned Msg_Id of this destination, null before SUBMIT_RESP. */
  msgId: bigint | null;
  pduMsgId: bigint | null;
}

/** The text, Src_Id and Service_Id a message was (or will be) sent with. */
export interface SentWith {
  text: string | null;
  srcId: string | null;
  serviceId: string | null;
}

/** A filter planned: checked and normalised, and split into the parts its queries read. */
export interface LogPlan {
  filter: PlannedFilter;
  parts: Part[];
}

export class DeliveryLog {
  private readonly statements: StatementCache;
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.statements = new StatementCache(db);
    this.s = {
      message: db.prepare(LOG_STATEMENTS.message),
      segmentStates: db.prepare(LOG_STATEMENTS.segmentStates).pluck(),
      segments: db.prepare(LOG_STATEMENTS.segments).safeIntegers(true),
      bySegmentMsgId: db.prepare(LOG_STATEMENTS.bySegmentMsgId).pluck(),
      accountIds: db.prepare(LOG_STATEMENTS.accountIds).pluck(),
      sentWith: db.prepare(LOG_STATEMENTS.sentWith),
      exportRows: db.prepare(LOG_STATEMENTS.exportRows).safeIntegers(true),
    };
  }

  /** Checks a filter (LogError when it is refused), looks its Msg_Id up and splits it into parts. */
  plan(filter: LogFilter): LogPlan {
    const planned = planFilter(filter, (msgId) => this.messagesWithMsgId(msgId));
    return { filter: planned, parts: partsOf(planned) };
  }

  /** Message-level search, newest first. Returns the entries and the cursor for the next page. */
  search(filter: LogFilter, limit = 100, after?: LogCursor): { entries: LogEntry[]; next: LogCursor | null } {
    const rows = this.page(filter, limit, 'desc', after);
    const last = rows[rows.length - 1];
    return { entries: rows.map((r) => this.entry(r)), next: rows.length === limit && last ? { createdAt: last.created_at, id: last.id } : null };
  }

  /**
   * Export rows, oldest first, for up to `limit` messages after `after`; call again with `next`
   * until it is null (yielding between pages keeps memory flat and the event loop free).
   */
  exportPage(filter: LogFilter, limit = 2000, after?: LogCursor): { rows: ExportRow[]; next: LogCursor | null } {
    const msgs = this.page(filter, limit, 'asc', after);
    if (msgs.length === 0) return { rows: [], next: null };
    const raw = this.s.exportRows.all(JSON.stringify(msgs.map((m) => m.id))) as Record<string, unknown>[];
    const rows = raw.map((r) => {
      const row = camelRow(r, ['possible_duplicate']) as unknown as ExportRow;
      row.inDoubt = row.segmentState === 'in_doubt' || (row.segmentState === null && row.messageState === 'in_doubt');
      return row;
    });
    const last = msgs[msgs.length - 1]!;
    return { rows, next: msgs.length === limit ? { createdAt: last.created_at, id: last.id } : null };
  }

  /** A message with its segments (every timestamp, Msg_Id, Stat): the detail drawer. */
  detail(messageId: number): { message: LogEntry; segments: SegmentDetail[] } {
    const row = this.s.message.get(messageId) as EntryRow | undefined;
    if (!row) throw notFound(`message ${messageId} does not exist`);
    const segments = (this.s.segments.all(messageId) as Record<string, unknown>[]).map((r) => camelRow(r) as unknown as SegmentDetail);
    return { message: this.entry(row), segments };
  }

  /** What a message was (or will be) sent with; null when it does not exist. */
  sentWith(messageId: number): SentWith | null {
    return (this.s.sentWith.get(messageId) as SentWith | undefined) ?? null;
  }

  /** Messages whose segment carries this Msg_Id on the account (search by Msg_Id), newest first. */
  messagesByMsgId(accountId: number, msgId: bigint): number[] {
    return this.s.bySegmentMsgId.all(accountId, msgIdToColumn(msgId)) as number[];
  }

  /**
   * The export as a stream of steps (electron/services/log/log-export.ts), same rows and order as
   * exportPage but several times faster: one query per part joins messages to their segments and
   * reads the index in (created_at, id, Pk_number) order, so SQLite never sorts; the parts are
   * merged by the reader. Campaign and account columns come from a per-scan cache.
   */
  exportScanner(filter: LogFilter): ExportScanner {
    return scanInThread(this.db, this.plan(filter).parts.map((p) => LOG_QUERIES.scan(p)));
  }

  /**
   * The export's rows read ahead by a worker thread with its own read-only connection (in-thread
   * for an in-memory database): same rows and order as exportScanner. close() it when done.
   */
  exportReader(filter: LogFilter): ExportReader {
    return scanInWorker(this.db, this.plan(filter).parts.map((p) => LOG_QUERIES.scan(p)));
  }

  /** The entry of a row read with ENTRY_COLUMNS. */
  entry(r: EntryRow): LogEntry {
    return entryOf(r, (id) => this.s.segmentStates.all(id) as MessageState[]);
  }

  private page(filter: LogFilter, limit: number, dir: Direction, after?: LogCursor): EntryRow[] {
    checkInt(limit, 'page size', 1, 100_000);
    const key = after ? ([after.createdAt, after.id] as const) : null;
    const lists = this.plan(filter).parts.map((part) => {
      const q = LOG_QUERIES.page(part, dir, limit, key);
      return this.statements.get(q.sql).all(q.params) as EntryRow[];
    });
    return mergeParts(lists, dir, limit);
  }

  /** Messages whose segments carry the Msg_Id on any account: a Msg_Id is unique per account only (docs/protocol.md "Msg_Id"). */
  private *messagesWithMsgId(msgId: bigint): Iterable<number> {
    for (const accountId of this.s.accountIds.all() as number[]) yield* this.messagesByMsgId(accountId, msgId);
  }
}
