// The delivery log's repository: a filter planned once (filter.ts, queries.ts), then the search
// (newest first, by cursor), the export's pages and scan (oldest first, one row per segment) and a
// message's detail. The views that page by position over 1,000,000 rows are views.ts.
import type Database from 'better-sqlite3';
import type { LogArchives, LogSegment } from '../../../shared/ipc/contract/log.js';
import type { MessageState } from '../../../shared/message-state.js';
import { notFound } from '../errors.js';
import { msgIdToColumn } from '../msg-id-column.js';
import { checkInt } from '../validate.js';
import { ArchiveReader, type ArchiveSource, type ReaderConnection } from '../archive/archive-reader.js';
import { ArchiveJournal } from '../archive/journal.js';
import { reachArchives } from './archive-parts.js';
import { camelRow } from './column-rows.js';
import { entryOf, mergeParts, type EntryRow, type LogEntry } from './entries.js';
import type { ExportReader, ExportRow, ExportScanner } from './export-records.js';
import { scanInThread, scanInWorker } from './export-scan.js';
import { partsOf, planFilter, type LogFilter, type Part, type PlannedFilter } from './filter.js';
import { exportRowsIn, inArchive, LOG_QUERIES, LOG_STATEMENTS, type Direction } from './queries.js';
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

/**
 * A filter planned: checked and normalised, and split into the parts its queries read, live and
 * archived (archive-parts.ts); `sources` are the archives those parts need attached.
 */
export interface LogPlan {
  filter: PlannedFilter;
  parts: Part[];
  sources: ArchiveSource[];
  /** The archived months the filter reaches; null when none. */
  archives: LogArchives | null;
}

export class DeliveryLog {
  private readonly statements: StatementCache;
  private readonly s;
  /** The archives' reader (null in memory: nothing is archived beside an in-memory database). */
  private readonly reader: ArchiveReader | null;
  private journal: ArchiveJournal | null = null;

  constructor(private readonly db: Database.Database) {
    this.statements = new StatementCache(db);
    this.reader = db.memory ? null : new ArchiveReader(db.name);
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
    const parts = partsOf(planned);
    if (!this.reader) return { filter: planned, parts, sources: [], archives: null };
    this.journal ??= new ArchiveJournal(this.db);
    const reach = reachArchives(this.journal.rows(), this.db.name, planned, parts);
    return { filter: planned, parts: reach.parts, sources: reach.sources, archives: reach.archives };
  }

  /** The connection a plan's queries run on: the store's own, or the archives' reader with them attached. */
  connection(plan: LogPlan): ReaderConnection {
    if (plan.sources.length === 0 || !this.reader) return { db: this.db, statements: this.statements };
    return this.reader.connection(plan.sources);
  }

  /** Closes the archives' reader (the store closes). */
  close(): void {
    this.reader?.close();
  }

  /** Message-level search, newest first. Returns the entries and the cursor for the next page. */
  search(filter: LogFilter, limit = 100, after?: LogCursor): { entries: LogEntry[]; next: LogCursor | null; archives: LogArchives | null } {
    const plan = this.plan(filter);
    const rows = this.page(plan, limit, 'desc', after);
    const last = rows[rows.length - 1];
    return {
      entries: rows.map((r) => this.entry(r)),
      next: rows.length === limit && last ? { createdAt: last.created_at, id: last.id } : null,
      archives: plan.archives,
    };
  }

  /**
   * Export rows, oldest first, for up to `limit` messages after `after`; call again with `next`
   * until it is null (yielding between pages keeps memory flat and the event loop free).
   */
  exportPage(filter: LogFilter, limit = 2000, after?: LogCursor): { rows: ExportRow[]; next: LogCursor | null } {
    const plan = this.plan(filter);
    const msgs = this.page(plan, limit, 'asc', after);
    if (msgs.length === 0) return { rows: [], next: null };
    const raw = this.exportRowsOf(plan, msgs.map((m) => m.id));
    const rows = raw.map((r) => {
      const row = camelRow(r, ['possible_duplicate']) as unknown as ExportRow;
      row.inDoubt = row.segmentState === 'in_doubt' || (row.segmentState === null && row.messageState === 'in_doubt');
      return row;
    });
    const last = msgs[msgs.length - 1]!;
    return { rows, next: msgs.length === limit ? { createdAt: last.created_at, id: last.id } : null };
  }

  /** The export rows of these messages, in their order, wherever they live (live file or archives). */
  private exportRowsOf(plan: LogPlan, ids: number[]): Record<string, unknown>[] {
    const list = JSON.stringify(ids);
    if (plan.sources.length === 0) return this.s.exportRows.all(list) as Record<string, unknown>[];
    const { statements } = this.connection(plan);
    const rows = [undefined, ...plan.sources.map((s) => s.schema)].flatMap(
      (schema) => statements.get(exportRowsIn(schema)).safeIntegers(true).all(list) as Record<string, unknown>[],
    );
    const order = new Map(ids.map((id, i) => [id, i]));
    const key = (r: Record<string, unknown>) => order.get(Number(r.message_id))! * 256 + Number(r.pk_number ?? 0);
    return rows.sort((a, b) => key(a) - key(b));
  }

  /** A message with its segments (every timestamp, Msg_Id, Stat): the detail drawer. */
  detail(messageId: number): { message: LogEntry; segments: SegmentDetail[] } {
    const row = this.s.message.get(messageId) as EntryRow | undefined;
    if (!row) {
      const archived = this.inArchives(messageId, (statements, schema) => {
        const r = statements.get(inArchive(LOG_STATEMENTS.message, schema)).get(messageId) as EntryRow | undefined;
        if (!r) return undefined;
        const segs = statements.get(inArchive(LOG_STATEMENTS.segments, schema)).safeIntegers(true).all(messageId) as Record<string, unknown>[];
        return { message: this.entry(r), segments: segs.map((x) => camelRow(x) as unknown as SegmentDetail) };
      });
      if (archived) return archived;
      throw notFound(`message ${messageId} does not exist`);
    }
    const segments = (this.s.segments.all(messageId) as Record<string, unknown>[]).map((r) => camelRow(r) as unknown as SegmentDetail);
    return { message: this.entry(row), segments };
  }

  /** What a message was (or will be) sent with; null when it does not exist. */
  sentWith(messageId: number): SentWith | null {
    const live = this.s.sentWith.get(messageId) as SentWith | undefined;
    if (live) return live;
    return this.inArchives(messageId, (statements, schema) => statements.get(inArchive(LOG_STATEMENTS.sentWith, schema)).get(messageId) as SentWith | undefined) ?? null;
  }

  /** The first answer of `read` over the archives in place, newest first (a message is in one of them at most). */
  private inArchives<T>(messageId: number, read: (statements: StatementCache, schema: string) => T | undefined): T | undefined {
    for (const source of this.archiveSources()) {
      const found = read(this.reader!.connection([source]).statements, source.schema);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The archives in place that a search without a date range reaches (the newest 9). */
  private archiveSources(): ArchiveSource[] {
    if (!this.reader) return [];
    this.journal ??= new ArchiveJournal(this.db);
    return reachArchives(this.journal.rows(), this.db.name, { directOnly: false, states: [], unfiltered: true, residual: false, byStat: false }, []).sources;
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
    const plan = this.plan(filter);
    return scanInThread(this.connection(plan).db, plan.parts.map((p) => LOG_QUERIES.scan(p)));
  }

  /**
   * The export's rows read ahead by a worker thread with its own read-only connection (in-thread
   * for an in-memory database): same rows and order as exportScanner. close() it when done.
   */
  exportReader(filter: LogFilter): ExportReader {
    const plan = this.plan(filter);
    return scanInWorker(this.connection(plan).db, plan.parts.map((p) => LOG_QUERIES.scan(p)), plan.sources);
  }

  /** The entry of a row read with ENTRY_COLUMNS. */
  entry(r: EntryRow): LogEntry {
    return entryOf(r, (id) => this.s.segmentStates.all(id) as MessageState[]);
  }

  private page(plan: LogPlan, limit: number, dir: Direction, after?: LogCursor): EntryRow[] {
    checkInt(limit, 'page size', 1, 100_000);
    const key = after ? ([after.createdAt, after.id] as const) : null;
    const { statements } = this.connection(plan);
    const lists = plan.parts.map((part) => {
      const q = LOG_QUERIES.page(part, dir, limit, key);
      return statements.get(q.sql).all(q.params) as EntryRow[];
    });
    return mergeParts(lists, dir, limit);
  }

  /** Messages whose segments carry the Msg_Id on any account: a Msg_Id is unique per account only (docs/protocol.md "Msg_Id"). */
  private *messagesWithMsgId(msgId: bigint): Iterable<number> {
    const accounts = this.s.accountIds.all() as number[];
    for (const accountId of accounts) yield* this.messagesByMsgId(accountId, msgId);
    // And in the archives: their segments keep the same Msg_Id index.
    for (const source of this.archiveSources()) {
      const bySegment = this.reader!.connection([source]).statements.get(inArchive(LOG_STATEMENTS.bySegmentMsgId, source.schema), 'pluck');
      for (const accountId of accounts) yield* bySegment.all(accountId, msgIdToColumn(msgId)) as number[];
    }
  }
}
