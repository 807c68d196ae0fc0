// The live feed for the monitor and the inbox (docs/glossary.md "Live feed"): status
// reports, MOs and per-second counters, delivered to each subscriber in batches every 250-500 ms,
// never one event per report.
//
// - Publishing is cheap and synchronous (the deliver router calls it on the hot path): an event is
//   pushed into each subscriber's ring buffers, nothing else. With no subscriber it is a no-op.
// - One timer per feed, armed by the first event after a flush and fired `intervalMs` later, so an
//   idle feed never wakes the process and a steady stream of events gives one batch per interval.
// - Bounded memory: each subscriber has one ring per kind. When a subscriber is slow (its previous
//   batch's promise has not settled yet, or more events arrive in one interval than the ring holds)
//   the OLDEST events are overwritten and counted; the next batch says how many were dropped, so
//   the UI knows to reload that part from the store (which has everything).
// - Events are plain JSON-safe objects (Msg_Id as a decimal string), ready for IPC.
import type { LiveMo, ReportRow } from '../../../shared/ipc/contract/inbox.js';
import type { ConnectionLoad, CounterValues, CountersEvent } from '../../cmpp/session/client.js';
import { Ring } from '../../../shared/ring-buffer.js';

/** A status report as the screens show it (the contract's ReportRow), plus what the feed knows. */
export interface FeedReport extends ReportRow {
  /** The message's rolled-up state after the report, when matched. */
  messageState?: string | null;
  /** A resent DELIVER the store recognised. */
  duplicate?: boolean;
}

export interface FeedCounters {
  at: number;
  accountId: number;
  /** From the account pool's 'counters' event (once a second). */
  intervalMs: number;
  interval: CounterValues;
  totals: CounterValues;
  /** Work queued inside the pool (waiting for a connection or rate tokens). */
  poolQueueDepth: number;
  connections: ConnectionLoad[];
  rate: number | null;
  /** From the store, when the publisher supplies them (queued messages in the outbox, ...). */
  store?: Record<string, number>;
}

export interface FeedDrops {
  reports: number;
  mos: number;
  counters: number;
}

export interface FeedBatch {
  /** 1, 2, 3, ... per subscriber: a gap never happens; drops are counted instead. */
  seq: number;
  at: number;
  reports: FeedReport[];
  mos: LiveMo[];
  counters: FeedCounters[];
  /** Events overwritten in this subscriber's rings since its previous batch (oldest first lost). */
  dropped: FeedDrops;
}

/** A subscriber may return a promise (e.g. an IPC send acknowledged by the renderer): until it
 *  settles the subscriber gets no new batch and its rings absorb (and, when full, drop) events. */
export type FeedSubscriber = (batch: FeedBatch) => void | Promise<void>;

export interface SubscribeOptions {
  /** Ring sizes for this subscriber; defaults from the feed's options. */
  capacity?: Partial<Record<keyof FeedDrops, number>>;
}

export interface LiveFeedOptions {
  /** Batch interval, 100..2000 ms; default 400 (the UI wants a batch every 250-500 ms). */
  intervalMs?: number;
  /** Default ring sizes per subscriber: reports 10,000, MOs 1,000, counters 120. */
  capacity?: Partial<Record<keyof FeedDrops, number>>;
  now?: () => number;
  /** Told about a subscriber that threw or rejected (the feed carries on). */
  onSubscriberError?: (err: unknown) => void;
}

export interface LiveFeedStats {
  subscribers: number;
  batches: number;
  published: FeedDrops;
  dropped: FeedDrops;
  subscriberErrors: number;
}

const DEFAULT_CAPACITY: FeedDrops = { reports: 10_000, mos: 1_000, counters: 120 };

class Subscription {
  readonly reports: Ring<FeedReport>;
  readonly mos: Ring<LiveMo>;
  readonly counters: Ring<FeedCounters>;
  readonly dropped: FeedDrops = { reports: 0, mos: 0, counters: 0 };
  seq = 0;
  busy = false;
  closed = false;

  constructor(
    readonly cb: FeedSubscriber,
    capacity: FeedDrops,
  ) {
    this.reports = new Ring(capacity.reports);
    this.mos = new Ring(capacity.mos);
    this.counters = new Ring(capacity.counters);
  }

  get pending(): boolean {
    return this.reports.length + this.mos.length + this.counters.length > 0 || this.dropped.reports + this.dropped.mos + this.dropped.counters > 0;
  }
}

function checkCapacity(c: Partial<Record<keyof FeedDrops, number>> | undefined, base: FeedDrops): FeedDrops {
  const out = { ...base };
  for (const k of ['reports', 'mos', 'counters'] as const) {
    const v = c?.[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1 || v > 1_000_000) throw new RangeError(`live feed capacity.${k} must be a whole number from 1 to 1,000,000, got ${v}`);
    out[k] = v;
  }
  return out;
}

export class LiveFeed {
  readonly intervalMs: number;
  private readonly capacity: FeedDrops;
  private readonly now: () => number;
  private readonly onSubscriberError: (err: unknown) => void;
  private readonly subs = new Set<Subscription>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly counts: LiveFeedStats = {
    subscribers: 0,
    batches: 0,
    published: { reports: 0, mos: 0, counters: 0 },
    dropped: { reports: 0, mos: 0, counters: 0 },
    subscriberErrors: 0,
  };

  constructor(options: LiveFeedOptions = {}) {
    const interval = options.intervalMs ?? 400;
    if (!Number.isFinite(interval) || interval < 100 || interval > 2000) {
      throw new RangeError(`live feed intervalMs must be from 100 to 2000 ms, got ${interval}`);
    }
    this.intervalMs = interval;
    this.capacity = checkCapacity(options.capacity, DEFAULT_CAPACITY);
    this.now = options.now ?? Date.now;
    this.onSubscriberError = options.onSubscriberError ?? (() => {});
  }

  /** Receives batches until the returned function is called. */
  subscribe(cb: FeedSubscriber, options: SubscribeOptions = {}): () => void {
    if (typeof cb !== 'function') throw new TypeError('live feed subscriber must be a function');
    if (this.closed) throw new Error('the live feed is closed');
    const sub = new Subscription(cb, checkCapacity(options.capacity, this.capacity));
    this.subs.add(sub);
    return () => {
      sub.closed = true;
      this.subs.delete(sub);
    };
  }

  publishReport(r: FeedReport): void {
    this.counts.published.reports++;
    for (const s of this.subs) if (s.reports.push(r)) this.drop(s, 'reports');
    this.arm();
  }

  publishMo(m: LiveMo): void {
    this.counts.published.mos++;
    for (const s of this.subs) if (s.mos.push(m)) this.drop(s, 'mos');
    this.arm();
  }

  publishCounters(c: FeedCounters): void {
    this.counts.published.counters++;
    for (const s of this.subs) if (s.counters.push(c)) this.drop(s, 'counters');
    this.arm();
  }

  /**
   * Publishes a pool's once-a-second 'counters' events for `accountId`, with optional figures
   * from the store (e.g. `() => ({ queued: outbox.queueDepth(id) })`). Returns the detach function.
   */
  attachPool(
    accountId: number,
    pool: { on(e: 'counters', l: (c: CountersEvent) => void): unknown; off(e: 'counters', l: (c: CountersEvent) => void): unknown },
    storeFigures?: () => Record<string, number>,
  ): () => void {
    const listener = (c: CountersEvent): void => {
      let store: Record<string, number> | undefined;
      if (storeFigures) {
        try {
          store = storeFigures();
        } catch {
          store = undefined; // a closing database must not break the pool's timer
        }
      }
      this.publishCounters({
        at: c.at,
        accountId,
        intervalMs: c.intervalMs,
        interval: c.interval,
        totals: c.totals,
        poolQueueDepth: c.queueDepth,
        connections: c.connections,
        rate: c.rate,
        ...(store ? { store } : {}),
      });
    };
    pool.on('counters', listener);
    return () => {
      pool.off('counters', listener);
    };
  }

  stats(): LiveFeedStats {
    return {
      ...this.counts,
      subscribers: this.subs.size,
      published: { ...this.counts.published },
      dropped: { ...this.counts.dropped },
    };
  }

  /** Delivers what is pending now (e.g. before the window closes); normally the timer does it. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const at = this.now();
    let again = false;
    for (const s of this.subs) {
      if (!s.pending) continue;
      if (s.busy) {
        again = true; // its rings keep absorbing; retry next interval
        continue;
      }
      const batch: FeedBatch = {
        seq: ++s.seq,
        at,
        reports: s.reports.drain(),
        mos: s.mos.drain(),
        counters: s.counters.drain(),
        dropped: { ...s.dropped },
      };
      s.dropped.reports = s.dropped.mos = s.dropped.counters = 0;
      this.counts.batches++;
      this.deliver(s, batch);
    }
    if (again) this.arm();
  }

  /** Stops the timer and forgets the subscribers; pending events are discarded. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.subs) s.closed = true;
    this.subs.clear();
  }

  private drop(s: Subscription, kind: keyof FeedDrops): void {
    s.dropped[kind]++;
    this.counts.dropped[kind]++;
  }

  private arm(): void {
    if (this.timer || this.closed || this.subs.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.intervalMs);
    // A feed alone must not keep a CLI process alive.
    this.timer.unref();
  }

  private deliver(s: Subscription, batch: FeedBatch): void {
    let r: void | Promise<void>;
    try {
      r = s.cb(batch);
    } catch (e) {
      this.subscriberFailed(e);
      return;
    }
    if (r && typeof (r as Promise<void>).then === 'function') {
      s.busy = true;
      (r as Promise<void>).then(
        () => this.settled(s),
        (e: unknown) => {
          this.subscriberFailed(e);
          this.settled(s);
        },
      );
    }
  }

  private settled(s: Subscription): void {
    s.busy = false;
    if (!s.closed && s.pending) this.arm();
  }

  private subscriberFailed(e: unknown): void {
    this.counts.subscriberErrors++;
    try {
      this.onSubscriberError(e);
    } catch {
      // a broken error handler must not break the publisher either
    }
  }
}
