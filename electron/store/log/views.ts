// The delivery-log explorer's views of the messages table: a filtered, newest-first list that a
// virtualized table pages through by POSITION, over 1,000,000 rows and more.
//
// The search (delivery-log.ts) pages by cursor only and cannot reach row 900,000 without reading
// the 899,900 before it. A view plans its filter into parts (filter.ts), then:
//   - a count is SQLite's count(*) over each part's index range (the whole table's when there is
//     no filter; an archive's part from its kept anchors); filters the indexes cannot answer
//     (account, a Stat family) are counted by the walk;
//   - after the count, in the background, the anchors for jumps are built (anchors.ts) from the
//     view's oldest end, starting from those kept in the database (saved-anchors.ts); a jump made
//     before they are walks only as far as it needs, from the nearer end of the view (the oldest
//     end too when its kept anchors reach the position);
//   - a page is read after the key before it with one indexed query per part, merged here.
// Row contents are always read live; positions are those of the count (a snapshot). While
// messages change, positions drift: `changed` tells the UI to offer a refresh. Decision: a
// snapshot with an explicit refresh, rather than rows jumping under the operator's eyes.
import type Database from 'better-sqlite3';
import { LOG_PAGE_LIMIT, type LogEntry, type LogPage } from '../../../shared/ipc/contract/log.js';
import { Anchors, type AnchorIndex, type SavedParts } from './anchors.js';
import { LogCounters } from './counts.js';
import type { DeliveryLog, LogPlan } from './delivery-log.js';
import { mergeParts, type EntryRow } from './entries.js';
import { LogError, type LogFilter, type Part, type PlannedFilter } from './filter.js';
import { LOG_QUERIES, LOG_STATEMENTS, type Key, type LogQuery } from './queries.js';
import { SavedAnchors, savedPartNames } from './saved-anchors.js';
import type { RowMode } from './statement-cache.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

/** A page of a view: the contract's LogPage with the entries the store reads (the handler adds names). */
export type LogViewPage = Omit<LogPage, 'rows'> & { rows: LogEntry[] };

/** Keys between two anchors of a part, by default: ~25 us of SQLite per hop. */
export const LOG_ANCHOR_STEP = 2048;

export interface LogViewsOptions {
  /** Keys between two anchors of a part. Default LOG_ANCHOR_STEP. */
  step?: number;
  /** Views kept (each a few KiB of anchors per 1,000,000 rows); the oldest is dropped. Default 8. */
  maxViews?: number;
  /** Longest stretch of synchronous SQLite work before yielding to the event loop. Default 8 ms. */
  sliceMs?: number;
}

/** What the views read: the database and the log that plans filters and reads entries. */
export interface LogViewsStore {
  readonly db: Database.Database;
  readonly log: DeliveryLog;
}

interface View {
  id: number;
  filter: LogFilter;
  plan: LogPlan;
  planned: PlannedFilter;
  parts: Part[];
  /** The anchor walk over this view's connection (the live one, or the archives' reader). */
  walker: Anchors;
  /** Its parts' anchors kept in the database (walks from the oldest end). */
  saved: SavedParts;
  /** Built from the oldest end: position p of the view (newest first) is total - 1 - p in it. */
  anchors: AnchorIndex | null;
  total: number | null;
  /** The anchor walk, once started. */
  building: Promise<void> | null;
  changesAtCount: number;
  /** Key of the entry at a position (page ends seen): sequential pages continue by cursor. */
  keyAt: Map<number, Key>;
}

export class LogViews {
  private readonly maxViews: number;
  private readonly views = new Map<number, View>();
  private nextId = 1;
  private readonly step: number;
  private readonly sliceMs: number;
  private readonly changesStmt;
  private readonly counters: LogCounters;
  private readonly kept: SavedAnchors;
  /** A jump's bounded walk in progress (walkTo). */
  private jumping: Promise<unknown> | null = null;

  constructor(
    private readonly store: LogViewsStore,
    options: LogViewsOptions = {},
  ) {
    const step = options.step ?? LOG_ANCHOR_STEP;
    this.maxViews = options.maxViews ?? 8;
    if (!Number.isInteger(step) || step < 2) throw new RangeError(`step must be an integer >= 2, got ${step}`);
    this.step = step;
    this.sliceMs = options.sliceMs ?? 8;
    this.changesStmt = store.db.prepare(LOG_STATEMENTS.changes).pluck();
    this.counters = new LogCounters(store.db);
    this.kept = new SavedAnchors(store.db);
  }

  /** Plans a filter (Msg_Id looked up, number normalised; LogError when refused) and registers a view. */
  open(filter: LogFilter): { viewId: number } {
    const plan = this.store.log.plan(filter);
    const id = this.nextId++;
    const view: View = {
      id, filter, plan, planned: plan.filter, parts: plan.parts, walker: new Anchors((q, mode) => this.get(view, q, mode), this.step, this.sliceMs),
      saved: { store: this.kept, names: savedPartNames(plan, this.step) }, anchors: null, total: null, building: null, changesAtCount: this.changes(), keyAt: new Map(),
    };
    this.views.set(view.id, view);
    while (this.views.size > this.maxViews) this.views.delete(this.views.keys().next().value!);
    return { viewId: view.id };
  }

  close(viewId: number): void {
    this.views.delete(viewId);
  }

  /** Counts the view (and keeps its anchors for jumps). Yields to the event loop while it walks. */
  async count(viewId: number): Promise<number> {
    const view = this.view(viewId);
    if (view.total !== null) return view.total;
    if (view.planned.residual) {
      await this.anchors(view);
      return view.total!;
    }
    const changes = this.changes();
    const countParts = (v: Pick<View, 'plan'>) => v.plan.parts.reduce((n, part) => n + (this.get(v, LOG_QUERIES.count(part), 'pluck') as number), 0);
    // The direct sends of the same filter, wherever they are (live file and archives reached).
    const direct = () => countParts({ plan: this.store.log.plan({ ...view.filter, directOnly: true }) });
    view.total =
      this.counters.count(view.plan, direct) ??
      (view.planned.unfiltered && view.plan.sources.length === 0 ? (this.get(view, LOG_QUERIES.countAll(), 'pluck') as number) : this.countOwnParts(view));
    view.changesAtCount = changes;
    // Anchors for jumps, while the operator looks at the first page. Failures (view closed, store
    // closed) surface on the jump that awaits them.
    setImmediate(() => this.anchors(view).catch(() => undefined));
    return view.total;
  }

  /** `limit` rows from position `offset` (0 = newest). Counts the view first when it must jump. */
  async page(viewId: number, offset: number, limit: number): Promise<LogViewPage> {
    const view = this.view(viewId);
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new LogError('invalid-filter', `offset must be a non-negative integer, got ${offset}`, detail('out-of-range', 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, value: shownValue(offset) }));
    }
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > LOG_PAGE_LIMIT) {
      throw new LogError('invalid-filter', `limit must be 1..${LOG_PAGE_LIMIT}, got ${limit}`, detail('out-of-range', 'limit', { min: 1, max: LOG_PAGE_LIMIT, value: shownValue(limit) }));
    }
    let after: Key | null = null;
    if (offset > 0) {
      after = view.keyAt.get(offset - 1) ?? null;
      if (after === null) {
        if (view.anchors === null && view.total !== null) {
          // Counted, its anchors not built yet: walk only as far as this jump needs.
          if (offset >= view.total) return this.result(view, offset, []);
          after = await this.walkTo(view, offset - 1);
        } else {
          await this.anchors(view);
          if (offset >= view.total!) return this.result(view, offset, []);
          after = view.walker.keyAt(view.parts, view.anchors!, view.anchors!.total - offset);
        }
        if (after === null) return this.result(view, offset, []);
        this.remember(view, offset - 1, after);
      }
    }
    const lists = view.parts.map((part) => this.all(view, LOG_QUERIES.page(part, 'desc', limit, after)) as EntryRow[]);
    const rows = mergeParts(lists, 'desc', limit);
    const last = rows[rows.length - 1];
    if (last) this.remember(view, offset + rows.length - 1, [last.created_at, last.id]);
    return this.result(view, offset, rows.map((r) => this.store.log.entry(r)));
  }

  /** The total of a counted view (null before its count). */
  totalOf(viewId: number): number | null {
    return this.view(viewId).total;
  }

  /** The filter a view was opened with (for exports of exactly what the operator sees). */
  filterOf(viewId: number): LogFilter {
    return this.view(viewId).filter;
  }

  /**
   * The key at a position of a counted view, by a walk bounded to it from the nearer end of the
   * view (anchors.ts): its cost follows the distance to that end, not the view's size. From the
   * oldest end also when the anchors kept there reach the position: only the rest is walked.
   */
  private async walkTo(view: View, position: number): Promise<Key | null> {
    const total = view.total!;
    const fromOldest = total - 1 - position;
    const fromEnd = position >= total / 2 || (position > 16 * this.step && this.keptCover(view) > fromOldest);
    const need = fromEnd ? fromOldest : position;
    const dir = fromEnd ? 'asc' : 'desc';
    const walk = view.walker.build(view.parts, () => this.views.has(view.id), () => new LogError('view-expired', 'the view was closed during the jump'), {
      dir,
      need,
      saved: view.saved,
    });
    this.jumping = walk;
    try {
      return view.walker.keyAt(view.parts, await walk, need);
    } finally {
      if (this.jumping === walk) this.jumping = null;
    }
  }

  private anchors(view: View): Promise<void> {
    view.building ??= (async () => {
      const changes = this.changes();
      const index = await view.walker.build(
        view.parts,
        () => this.views.has(view.id),
        () => new LogError('view-expired', 'the view was closed while it was being counted'),
        { dir: 'asc', saved: view.saved, hold: () => this.jumpsDone() },
      );
      view.anchors = index;
      view.total = index.total;
      view.changesAtCount = changes;
      view.keyAt.clear();
    })().catch((e: unknown) => {
      view.building = null;
      throw e;
    });
    return view.building;
  }

  /**
   * The count of the view's parts. An archive's part with kept anchors is counted from them: the
   * anchors, times the step, and the entries after the last one (an archive never changes, so
   * they stay its count); a Stat or a range over archived months then counts only the live rows.
   */
  private countOwnParts(view: View): number {
    this.kept.drops();
    return view.parts.reduce((n, part, i) => {
      const name = view.saved.names[i];
      const keys = part.source !== undefined && name != null ? this.kept.keys(name, this.step) : [];
      const last = keys.at(-1);
      if (last === undefined) return n + (this.get(view, LOG_QUERIES.count(part), 'pluck') as number);
      return n + keys.length * this.step + (this.get(view, LOG_QUERIES.countAfter(part, last, 'asc'), 'pluck') as number);
    }, 0);
  }

  /** Entries of the view below its kept anchors (an estimate: the kept anchors of each part, times the step). */
  private keptCover(view: View): number {
    return view.saved.names.reduce((n, name) => n + (name === null ? 0 : this.kept.count(name) * this.step), 0);
  }

  /** Resolves when no jump is walking: the background walks wait, so a jump has the thread. */
  private async jumpsDone(): Promise<void> {
    while (this.jumping) await this.jumping.catch(() => undefined);
  }

  private result(view: View, offset: number, rows: LogEntry[]): LogViewPage {
    const page: LogViewPage = { offset, rows, total: view.total, changed: view.total !== null && this.changes() !== view.changesAtCount };
    if (view.plan.archives) page.archives = view.plan.archives;
    return page;
  }

  private remember(view: View, position: number, key: Key): void {
    view.keyAt.set(position, key);
    if (view.keyAt.size > 4096) view.keyAt.delete(view.keyAt.keys().next().value!);
  }

  private view(viewId: number): View {
    const view = this.views.get(viewId);
    if (!view) throw new LogError('view-expired', `log view ${viewId} is no longer open; reopen the log`);
    return view;
  }

  private changes(): number {
    return this.changesStmt.get() as number;
  }

  private get(view: Pick<View, 'plan'>, q: LogQuery, mode: RowMode): unknown {
    return this.store.log.connection(view.plan).statements.get(q.sql, mode).get(q.params);
  }

  private all(view: View, q: LogQuery): unknown[] {
    return this.store.log.connection(view.plan).statements.get(q.sql).all(q.params);
  }
}
