// The delivery-log explorer's view of the messages table: a filtered, newest-first
// list that a virtualized table pages through by POSITION, over 1,000,000 rows and more.
//
// The store's log.search pages by cursor only and has no count, no Stat filter and no way to
// reach row 900,000 without reading the 899,900 before it. SQLite has no rank index either, so:
//   - a filter is split into "parts", each a query that one index returns in (created_at DESC,
//     id DESC) order: one per message state (messages_by_state, or messages_by_campaign with a
//     campaign), or the number's rows (messages_by_number), or the rows of a Msg_Id search;
//   - a count is SQLite's count(*) over each part's index range (the whole table's when there is
//     no filter); filters the indexes cannot answer (Stat, account) are counted by the walk below;
//   - after the count, in the background, each part's index is walked once with
//     `LIMIT 1 OFFSET step-1` hops, keeping every step-th key as an ANCHOR (~55 ms per 1,000,000
//     rows, in time slices that yield to the event loop); a jump waits for the walk if it must;
//   - the key at any position is then found by a binary search over the merged anchors (each
//     probe counts at most `step` index entries per part) and a short merge of the parts in SQL
//     (UNION ALL with ORDER BY, which SQLite runs as a merge of index scans);
//   - a page is read after that key with one indexed query per part, merged here.
// Row contents are always read live; positions are those of the count (a snapshot). While
// messages change, positions drift: `changed` tells the UI to offer a refresh. Decision: a
// snapshot with an explicit refresh, rather than rows jumping under the operator's eyes.
//
// SQL text is assembled only from fixed fragments chosen by which filters are present; every
// value is a bound parameter.
import type { Codes } from '../../shared/error-codes.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { displayRollup, isMessageInProgress, isMessageState, MessageStates, type MessageRollup, type MessageState } from '../../shared/message-state.js';
import { parseMsgId } from '../../shared/msg-id.js';
import { requireNumberKey } from './number-key.js';
import { entryColumns, type EntryRow } from './delivery-log.js';
import type { Store } from './store.js';

/** A prepared statement of the store's database (the type without importing the driver here). */
type Statement = ReturnType<Store['db']['prepare']>;

export interface LogViewFilter {
  accountId?: number;
  campaignId?: number;
  /** Only messages without a campaign (inbox replies, one-off sends). Excludes campaignId. */
  directOnly?: boolean;
  /** Any of these states; absent or empty = all. */
  states?: readonly MessageState[];
  /**
   * The message's Stat: an exact value (DELIVRD, UNDELIV, MK:0012, ...) or a 3.0 family ending in
   * ':' (MK:, MA:, ...). Case and blanks are ignored (gateways pad the 7-byte field).
   */
  stat?: string;
  number?: string;
  /** A Msg_Id in any of its three text forms (decimal, 22 digits, hex): docs/protocol.md "Msg_Id". */
  msgId?: string;
  /** created_at >= from (ms). */
  from?: number;
  /** created_at < to (ms). */
  to?: number;
}

export interface LogViewRow {
  id: number;
  campaignId: number | null;
  accountId: number;
  number: string;
  state: MessageState;
  /** state plus `partial` (some segments delivered, the rest in progress). */
  rollup: MessageRollup;
  stat: string | null;
  result: number | null;
  reason: string | null;
  segmentCount: number;
  billedCount: number;
  possibleDuplicate: boolean;
  createdAt: number;
  submittedAt: number | null;
  doneAt: number | null;
}

export interface LogViewPage {
  offset: number;
  rows: LogViewRow[];
  /** Matching messages when the view was counted; null before the first count. */
  total: number | null;
  /** Messages (or anything else in the database) changed since the count: positions may have moved. */
  changed: boolean;
}

export type LogViewErrorCode = Codes<'invalid-filter' | 'invalid-msg-id' | 'invalid-number' | 'view-expired'>;

export class LogViewError extends Error {
  override readonly name = 'LogViewError';
  constructor(
    readonly code: LogViewErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface LogViewsOptions {
  /** Keys between two anchors of a part. Default 2048: ~25 us of SQLite per hop, see above. */
  step?: number;
  /** Views kept (each a few KiB of anchors per 1,000,000 rows); the oldest is dropped. Default 8. */
  maxViews?: number;
  /** Longest stretch of synchronous SQLite work before yielding to the event loop. Default 8 ms. */
  sliceMs?: number;
}

export const LOG_PAGE_MAX = 500;

type Key = readonly [createdAt: number, id: number];

interface Part {
  /** WHERE clause of this part, without the cursor condition. */
  where: string;
  params: Record<string, unknown>;
}

interface PartAnchors {
  /** Keys at 0-based positions step-1, 2*step-1, ... of the part. */
  keys: Key[];
  size: number;
}

interface MergedAnchor {
  key: Key;
  part: number;
  /** 0-based position of the key inside its part. */
  pos: number;
}

interface View {
  id: number;
  filter: LogViewFilter;
  parts: Part[];
  anchors: PartAnchors[] | null;
  merged: MergedAnchor[] | null;
  total: number | null;
  /** The anchor walk, once started. */
  building: Promise<void> | null;
  /** No filter at all: count(*) of the table. */
  unfiltered: boolean;
  /** Conditions no index answers (Stat, account): counted by the walk. */
  residual: boolean;
  changesAtCount: number;
  /** Key of the entry at a position (page ends seen): sequential pages continue by cursor. */
  keyAt: Map<number, Key>;
}

const columns = entryColumns;
const order = 'ORDER BY m.created_at DESC, m.id DESC';

type Row = EntryRow;

/** Message ids found for one Msg_Id are few; more would mean a gateway reusing ids wildly. */
const MSG_ID_MATCHES_MAX = 10_000;

export class LogViews {
  private readonly step: number;
  private readonly maxViews: number;
  private readonly sliceMs: number;
  private readonly views = new Map<number, View>();
  private nextId = 1;
  private readonly cache = new Map<string, Statement>();
  private readonly s;

  constructor(
    private readonly store: Store,
    options: LogViewsOptions = {},
  ) {
    this.step = options.step ?? 2048;
    this.maxViews = options.maxViews ?? 8;
    this.sliceMs = options.sliceMs ?? 8;
    if (!Number.isInteger(this.step) || this.step < 2) throw new RangeError(`step must be an integer >= 2, got ${this.step}`);
    const db = store.db;
    this.s = {
      changes: db.prepare('SELECT total_changes()').pluck(),
      segmentStates: db.prepare('SELECT state FROM segments WHERE message_id = ?').pluck(),
      accountIds: db.prepare('SELECT id FROM accounts').pluck(),
      countAll: db.prepare('SELECT count(*) FROM messages').pluck(),
      // What was sent, as the export computes it (delivery-log.ts exportRows).
      sent: db.prepare(`SELECT coalesce(m.text, c.text) AS text, coalesce(m.src_id, a.src_id || coalesce(c.src_id_ext, '')) AS srcId,
        coalesce(m.service_id, c.service_id, a.service_id) AS serviceId FROM messages m JOIN accounts a ON a.id = m.account_id
        LEFT JOIN campaigns c ON c.id = m.campaign_id WHERE m.id = ?`),
    };
  }

  /** Resolves and checks a filter (Msg_Id parsed and looked up, number normalised) and registers a view. */
  open(filter: LogViewFilter): { viewId: number } {
    const parts = this.partsOf(filter);
    const view: View = {
      id: this.nextId++,
      filter,
      parts,
      anchors: null,
      merged: null,
      total: null,
      building: null,
      unfiltered: Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || v === false),
      residual: (filter.stat !== undefined || filter.accountId !== undefined) && filter.number === undefined && filter.msgId === undefined,
      changesAtCount: this.changes(),
      keyAt: new Map(),
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
    if (view.residual) {
      await this.anchors(view);
      return view.total!;
    }
    const changes = this.changes();
    view.total = view.unfiltered
      ? (this.s.countAll.get() as number)
      : view.parts.reduce((n, part) => n + (this.stmt(`SELECT count(*) FROM messages m WHERE ${part.where}`, 'pluck').get(part.params) as number), 0);
    view.changesAtCount = changes;
    // Anchors for jumps, while the operator looks at the first page. Failures (view closed, store
    // closed) surface on the jump that awaits them.
    setImmediate(() => this.anchors(view).catch(() => undefined));
    return view.total;
  }

  /** `limit` rows from position `offset` (0 = newest). Counts the view first when it must jump. */
  async page(viewId: number, offset: number, limit: number): Promise<LogViewPage> {
    const view = this.view(viewId);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new LogViewError('invalid-filter', `offset must be a non-negative integer, got ${offset}`);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > LOG_PAGE_MAX) throw new LogViewError('invalid-filter', `limit must be 1..${LOG_PAGE_MAX}, got ${limit}`);
    let after: Key | null = null;
    if (offset > 0) {
      after = view.keyAt.get(offset - 1) ?? null;
      if (after === null) {
        await this.anchors(view);
        if (offset >= view.total!) return this.result(view, offset, []);
        after = this.keyAtPosition(view, offset - 1);
        if (after === null) return this.result(view, offset, []);
      }
    }
    const rows = this.rowsAfter(view, after, limit);
    const last = rows[rows.length - 1];
    if (last) this.remember(view, offset + rows.length - 1, [last.created_at, last.id]);
    return this.result(view, offset, rows.map((r) => this.toRow(r)));
  }

  /** The text, Src_Id and Service_Id a message was (or will be) sent with; null when it does not exist. */
  sentWith(messageId: number): { text: string | null; srcId: string | null; serviceId: string | null } | null {
    return (this.s.sent.get(messageId) as { text: string | null; srcId: string | null; serviceId: string | null } | undefined) ?? null;
  }

  /** The total of a counted view (null before its count). */
  totalOf(viewId: number): number | null {
    return this.view(viewId).total;
  }

  /** The filter a view was opened with (for exports of exactly what the operator sees). */
  filterOf(viewId: number): LogViewFilter {
    return this.view(viewId).filter;
  }

  // ---- filter -> parts -------------------------------------------------------------------------

  private partsOf(f: LogViewFilter): Part[] {
    if (f.campaignId !== undefined && f.directOnly) throw new LogViewError('invalid-filter', 'choose either one campaign or direct sends, not both');
    if (f.from !== undefined && f.to !== undefined && f.from >= f.to) {
      throw new LogViewError('invalid-filter', 'the start of the date range must be before its end');
    }
    const states = [...new Set(f.states ?? [])];
    for (const s of states) if (!isMessageState(s)) throw new LogViewError('invalid-filter', `unknown message state "${String(s)}"`);

    const shared: string[] = [];
    const params: Record<string, unknown> = {};
    let number: string | undefined;
    if (f.number !== undefined) {
      try {
        number = requireNumberKey(f.number);
      } catch (e) {
        throw new LogViewError('invalid-number', e instanceof Error ? e.message : String(e));
      }
      // Messages go only to validated numbers: anything but digits cannot match and is a typo.
      if (!/^\d+$/.test(number)) throw new LogViewError('invalid-number', `"${f.number}" is not a phone number (digits, optionally with +86)`);
    }
    let ids: number[] | undefined;
    if (f.msgId !== undefined) ids = this.messagesByMsgId(f.msgId);

    // Leading (indexed) part discriminators first; residual filters carry `+` so the planner stays
    // on the index that returns the part in order.
    const byList = ids !== undefined || number !== undefined;
    if (f.campaignId !== undefined) {
      shared.push(byList ? '+m.campaign_id = @campaignId' : 'm.campaign_id = @campaignId');
      params.campaignId = f.campaignId;
    } else if (f.directOnly) {
      shared.push(byList ? '+m.campaign_id IS NULL' : 'm.campaign_id IS NULL');
    }
    if (f.accountId !== undefined) {
      shared.push('+m.account_id = @accountId');
      params.accountId = f.accountId;
    }
    if (f.stat !== undefined) {
      const stat = f.stat.trim().toUpperCase();
      if (!/^[\x21-\x7e]{1,7}$/.test(stat)) {
        throw new LogViewError('invalid-filter', `Stat "${f.stat}" is not a Stat value: up to 7 printable characters such as DELIVRD, UNDELIV or MK:0012 (docs/protocol.md "Result and Status codes")`);
      }
      if (stat.endsWith(':')) {
        // A 3.0 family (MK:, MA:, ...): compare the prefix.
        shared.push('substr(m.stat, 1, @statLength) = @stat');
        params.statLength = stat.length;
      } else {
        shared.push('+m.stat = @stat');
      }
      params.stat = stat;
    }
    if (f.from !== undefined) {
      shared.push('m.created_at >= @from');
      params.from = f.from;
    }
    if (f.to !== undefined) {
      shared.push('m.created_at < @to');
      params.to = f.to;
    }

    if (ids !== undefined || number !== undefined) {
      const where = [...shared];
      const p = { ...params };
      if (ids !== undefined) {
        where.unshift('m.id IN (SELECT value FROM json_each(@ids))');
        p.ids = JSON.stringify(ids);
        if (number !== undefined) {
          where.push('+m.number = @number');
          p.number = number;
        }
      } else {
        where.unshift('m.number = @number');
        p.number = number;
      }
      if (states.length > 0) {
        where.push('+m.state IN (SELECT value FROM json_each(@states))');
        p.states = JSON.stringify(states);
      }
      return [{ where: where.join(' AND '), params: p }];
    }
    // One part per state: each reads (state, created_at) or (campaign_id, state, created_at) in order.
    return (states.length > 0 ? states : [...MessageStates]).map((state) => ({
      where: ['m.state = @state', ...shared].join(' AND '),
      params: { ...params, state },
    }));
  }

  private messagesByMsgId(text: string): number[] {
    let msgId: bigint;
    try {
      msgId = parseMsgId(text);
    } catch (e) {
      throw new LogViewError('invalid-msg-id', e instanceof Error ? e.message : String(e));
    }
    // docs/protocol.md "Msg_Id": a Msg_Id is unique only per account, so every account is searched.
    const found = new Set<number>();
    for (const accountId of this.s.accountIds.all() as number[]) {
      for (const id of this.store.log.messagesByMsgId(accountId, msgId)) found.add(id);
    }
    if (found.size > MSG_ID_MATCHES_MAX) {
      throw new LogViewError('invalid-filter', `Msg_Id ${text} matches more than ${MSG_ID_MATCHES_MAX} messages; add a date range or a campaign`);
    }
    return [...found];
  }

  // ---- counting and anchors ---------------------------------------------------------------------

  private anchors(view: View): Promise<void> {
    view.building ??= this.build(view).catch((e: unknown) => {
      view.building = null;
      throw e;
    });
    return view.building;
  }

  private async build(view: View): Promise<void> {
    const step = this.step;
    const anchors: PartAnchors[] = [];
    let sliceStart = performance.now();
    const changes = this.changes();
    for (const part of view.parts) {
      const first = this.stmt(`SELECT m.created_at, m.id FROM messages m WHERE ${part.where} ${order} LIMIT 1 OFFSET @skip`, 'raw');
      const next = this.stmt(
        `SELECT m.created_at, m.id FROM messages m WHERE ${part.where} AND (m.created_at, m.id) < (@cAt, @cId) ${order} LIMIT 1 OFFSET @skip`,
        'raw',
      );
      const keys: Key[] = [];
      let key = first.get({ ...part.params, skip: step - 1 }) as Key | undefined;
      while (key !== undefined) {
        keys.push(key);
        if (performance.now() - sliceStart > this.sliceMs) {
          await yieldToLoop();
          if (!this.views.has(view.id)) throw new LogViewError('view-expired', 'the view was closed while it was being counted');
          sliceStart = performance.now();
        }
        key = next.get({ ...part.params, skip: step - 1, cAt: key[0], cId: key[1] }) as Key | undefined;
      }
      const tail = this.countOlder(part, keys.length === 0 ? null : keys[keys.length - 1]!);
      anchors.push({ keys, size: keys.length * step + tail });
    }
    const merged: MergedAnchor[] = [];
    anchors.forEach((a, part) => a.keys.forEach((key, j) => merged.push({ key, part, pos: (j + 1) * step - 1 })));
    merged.sort((a, b) => compareDesc(a.key, b.key));
    view.anchors = anchors;
    view.merged = merged;
    view.total = anchors.reduce((n, a) => n + a.size, 0);
    view.changesAtCount = changes;
    view.keyAt.clear();
  }

  /** Entries of a part older than `below` (or all, from the top), at most `step`: the walk's tail. */
  private countOlder(part: Part, below: Key | null): number {
    const sql = below
      ? `SELECT count(*) FROM (SELECT 1 FROM messages m WHERE ${part.where} AND (m.created_at, m.id) < (@bAt, @bId) LIMIT @step)`
      : `SELECT count(*) FROM (SELECT 1 FROM messages m WHERE ${part.where} LIMIT @step)`;
    const params = below ? { ...part.params, step: this.step, bAt: below[0], bId: below[1] } : { ...part.params, step: this.step };
    return this.stmt(sql, 'pluck').get(params) as number;
  }

  /** 0-based position of an anchor key in the whole view. */
  private positionOf(view: View, anchor: MergedAnchor): number {
    const step = this.step;
    let pos = 0;
    view.anchors!.forEach((a, p) => {
      if (p === anchor.part) {
        pos += anchor.pos;
        return;
      }
      // b = anchors of part p before the key (keys sorted descending); anchor b-1 sits at position
      // b*step-1, so b*step entries precede it or are it, and fewer than `step` lie between it and the key.
      let lo = 0;
      let hi = a.keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareDesc(a.keys[mid]!, anchor.key) < 0) lo = mid + 1;
        else hi = mid;
      }
      const b = lo;
      const part = view.parts[p]!;
      pos += b * step + (b === 0 ? this.countAbove(part, anchor.key) : this.countWithin(part, a.keys[b - 1]!, anchor.key));
    });
    return pos;
  }

  /** Lower and upper bound of an anchor's position from the anchors alone (no SQL). */
  private bounds(view: View, anchor: MergedAnchor): [number, number] {
    const step = this.step;
    let low = 0;
    let high = 0;
    view.anchors!.forEach((a, p) => {
      if (p === anchor.part) {
        low += anchor.pos;
        high += anchor.pos;
        return;
      }
      let lo = 0;
      let hi = a.keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareDesc(a.keys[mid]!, anchor.key) < 0) lo = mid + 1;
        else hi = mid;
      }
      low += lo * step;
      high += Math.min(lo * step + step - 1, a.size);
    });
    return [low, high];
  }

  /** Entries of a part newer than `key` (called only when fewer than `step` are). */
  private countAbove(part: Part, key: Key): number {
    return this.stmt(
      `SELECT count(*) FROM (SELECT 1 FROM messages m WHERE ${part.where} AND (m.created_at, m.id) > (@kAt, @kId) LIMIT @step)`,
      'pluck',
    ).get({ ...part.params, kAt: key[0], kId: key[1], step: this.step }) as number;
  }

  /** Entries of a part strictly between `from` (newer) and `key` (older). */
  private countWithin(part: Part, from: Key, key: Key): number {
    return this.stmt(
      `SELECT count(*) FROM (SELECT 1 FROM messages m WHERE ${part.where} AND (m.created_at, m.id) < (@fAt, @fId) AND (m.created_at, m.id) > (@kAt, @kId) LIMIT @step)`,
      'pluck',
    ).get({ ...part.params, fAt: from[0], fId: from[1], kAt: key[0], kId: key[1], step: this.step }) as number;
  }

  /** The key of the entry at 0-based `position`, or null when the view has fewer entries now. */
  private keyAtPosition(view: View, position: number): Key | null {
    const merged = view.merged!;
    // Largest anchor whose position <= target (positions grow along the merged, descending list).
    // The anchors alone bound every position to within `step` per part: narrow the range with
    // those bounds first (no SQL), then count exactly only inside it.
    let lo = 0;
    let hi = merged.length - 1;
    {
      let a = 0;
      let b = merged.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (this.bounds(view, merged[mid]!)[1] <= position) a = mid + 1;
        else b = mid;
      }
      lo = Math.max(0, a - 1);
      a = lo;
      b = merged.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (this.bounds(view, merged[mid]!)[0] <= position) a = mid + 1;
        else b = mid;
      }
      hi = a - 1;
    }
    let best: { anchor: MergedAnchor; pos: number } | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const pos = this.positionOf(view, merged[mid]!);
      if (pos <= position) {
        best = { anchor: merged[mid]!, pos };
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const skip = best ? position - best.pos : position;
    // Merge of the parts in SQL from the anchor (inclusive): fewer than parts x step entries.
    const arms = view.parts.map((part, i) => {
      const where = best ? `${renumber(part.where, i)} AND (m.created_at, m.id) <= (@cAt, @cId)` : renumber(part.where, i);
      return `SELECT m.created_at, m.id FROM messages m WHERE ${where}`;
    });
    const params: Record<string, unknown> = { skip };
    view.parts.forEach((part, i) => {
      for (const [k, v] of Object.entries(part.params)) params[`${k}_${i}`] = v;
    });
    if (best) {
      params.cAt = best.anchor.key[0];
      params.cId = best.anchor.key[1];
    }
    const sql = `${arms.join(' UNION ALL ')} ORDER BY 1 DESC, 2 DESC LIMIT 1 OFFSET @skip`;
    const key = this.stmt(sql, 'raw').get(params) as Key | undefined;
    if (key === undefined) return null;
    this.remember(view, position, key);
    return key;
  }

  // ---- rows -----------------------------------------------------------------------------------

  private rowsAfter(view: View, after: Key | null, limit: number): Row[] {
    const parts = view.parts.map((part) => {
      const sql = after
        ? `SELECT ${columns} FROM messages m WHERE ${part.where} AND (m.created_at, m.id) < (@cAt, @cId) ${order} LIMIT @limit`
        : `SELECT ${columns} FROM messages m WHERE ${part.where} ${order} LIMIT @limit`;
      const params = after ? { ...part.params, limit, cAt: after[0], cId: after[1] } : { ...part.params, limit };
      return this.stmt(sql, 'object').all(params) as Row[];
    });
    if (parts.length === 1) return parts[0]!;
    return parts
      .flat()
      .sort((a, b) => b.created_at - a.created_at || b.id - a.id)
      .slice(0, limit);
  }

  private toRow(r: Row): LogViewRow {
    const inProgress = isMessageInProgress(r.state as MessageState);
    const rollup = inProgress && r.segment_count > 1 ? displayRollup(this.s.segmentStates.all(r.id) as MessageState[], r.state) : r.state;
    return {
      id: r.id,
      campaignId: r.campaign_id,
      accountId: r.account_id,
      number: r.number,
      state: r.state,
      rollup,
      stat: r.stat,
      result: r.result,
      reason: r.reason,
      segmentCount: r.segment_count,
      billedCount: r.billed_count,
      possibleDuplicate: r.possible_duplicate === 1,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      doneAt: r.done_at,
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  private result(view: View, offset: number, rows: LogViewRow[]): LogViewPage {
    return { offset, rows, total: view.total, changed: view.total !== null && this.changes() !== view.changesAtCount };
  }

  private remember(view: View, position: number, key: Key): void {
    view.keyAt.set(position, key);
    if (view.keyAt.size > 4096) view.keyAt.delete(view.keyAt.keys().next().value!);
  }

  private view(viewId: number): View {
    const view = this.views.get(viewId);
    if (!view) throw new LogViewError('view-expired', `log view ${viewId} is no longer open; reopen the log`);
    return view;
  }

  private changes(): number {
    return this.s.changes.get() as number;
  }

  private stmt(sql: string, mode: 'raw' | 'pluck' | 'object'): Statement {
    const cacheKey = `${mode}:${sql}`;
    let stmt = this.cache.get(cacheKey);
    if (!stmt) {
      stmt = this.store.db.prepare(sql);
      if (mode === 'raw') stmt.raw(true);
      else if (mode === 'pluck') stmt.pluck(true);
      this.cache.set(cacheKey, stmt);
      // Shapes are few (filters x fixed fragments); the bound keeps a long session's cache finite.
      if (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value!);
    }
    return stmt;
  }
}

/** Descending key order: negative when a comes first (newer). */
function compareDesc(a: Key, b: Key): number {
  return b[0] - a[0] || b[1] - a[1];
}

/** Gives every named parameter of a part its own suffix, for the UNION ALL of several parts. */
function renumber(where: string, i: number): string {
  return where.replace(/@(\w+)/g, (_, name: string) => `@${name}_${i}`);
}

export function isLogViewError(e: unknown): e is LogViewError {
  return e instanceof LogViewError;
}
