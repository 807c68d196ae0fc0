// The live feed: batches (never one event per report), bounded rings that drop the oldest with a
// count when a subscriber is slow, no wake-ups when idle. Fake timers where a test is about time,
// real ones (small values, polled until a condition) elsewhere; assertions on batch counts and
// contents, not on timing precision.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveFeed, type FeedBatch, type FeedReport } from '../../electron/services/inbox/live-feed.js';
import { until } from '../support/until.js';

const feeds: LiveFeed[] = [];
afterEach(() => {
  for (const f of feeds.splice(0)) f.close();
});

function feed(opts: ConstructorParameters<typeof LiveFeed>[0] = {}): LiveFeed {
  const f = new LiveFeed(opts);
  feeds.push(f);
  return f;
}

function report(i: number): FeedReport {
  return {
    at: 1_700_000_000_000 + i,
    accountId: 1,
    msgId: String(0xc000000000000000n + BigInt(i)),
    number: `1380013${String(i).padStart(4, '0')}`,
    stat: 'DELIVRD',
    outcome: 'delivered',
    messageId: i,
    campaignId: 7,
  };
}

describe('LiveFeed', () => {
  it('delivers 1,000 reports published over one second in at most 4 batches, none lost', async () => {
    // Fake timers: one second of publication is one second of the feed's timer, however slow the machine.
    vi.useFakeTimers();
    try {
      const f = feed(); // default interval (400 ms)
      const batches: FeedBatch[] = [];
      f.subscribe((b) => {
        batches.push(b);
      });
      // 1,000 reports spread over 1 s: 5 every 5 ms.
      let sent = 0;
      while (sent < 1000) {
        for (let k = 0; k < 5; k++) f.publishReport(report(sent++));
        await vi.advanceTimersByTimeAsync(5);
      }
      await vi.advanceTimersByTimeAsync(1000);
      expect(batches.reduce((n, b) => n + b.reports.length, 0)).toBe(1000);
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.length).toBeLessThanOrEqual(4);
      const all = batches.flatMap((b) => b.reports);
      expect(all.map((r) => r.messageId)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i + 1));
      expect(batches.every((b) => b.dropped.reports === 0)).toBe(true);
      // JSON-safe as the IPC layer needs it.
      expect(JSON.parse(JSON.stringify(batches[0]))).toEqual(batches[0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops the oldest events for a slow subscriber and says how many, while a fast one gets all', async () => {
    const f = feed({ intervalMs: 100 });
    const slow: FeedBatch[] = [];
    const fast: FeedBatch[] = [];
    let release: () => void = () => {};
    f.subscribe(
      (b) => {
        slow.push(b);
        // Not acknowledged until the test says so: the subscriber is busy.
        return new Promise<void>((r) => {
          release = r;
        });
      },
      { capacity: { reports: 100 } },
    );
    f.subscribe((b) => {
      fast.push(b);
    });
    f.publishReport(report(0));
    await until('first batch', () => slow.length === 1 && fast.length === 1);
    for (let i = 1; i <= 250; i++) f.publishReport(report(i));
    f.flush(); // the slow one is still busy: skipped, its ring keeps the newest 100
    expect(slow).toHaveLength(1);
    expect(fast).toHaveLength(2);
    expect(fast[1]!.reports).toHaveLength(250);
    release();
    await until('second batch to the slow subscriber', () => slow.length === 2);
    expect(slow[1]!.reports.map((r) => r.messageId)).toEqual(Array.from({ length: 100 }, (_, i) => 151 + i));
    expect(slow[1]!.dropped).toEqual({ reports: 150, mos: 0, counters: 0 });
    expect(f.stats().dropped.reports).toBe(150);
    expect(f.stats().published.reports).toBe(251);
    // The count resets once reported.
    release();
    f.publishReport(report(999));
    await until('third batch', () => slow.length === 3);
    expect(slow[2]!.dropped.reports).toBe(0);
  });

  it('carries MOs and counters, survives a throwing subscriber, and stops after unsubscribe', async () => {
    const errors: unknown[] = [];
    const f = feed({ intervalMs: 100, onSubscriberError: (e) => errors.push(e) });
    const got: FeedBatch[] = [];
    f.subscribe(() => {
      throw new Error('renderer gone');
    });
    const off = f.subscribe((b) => {
      got.push(b);
    });
    f.publishMo({ at: 1, accountId: 1, moMessageId: 5, number: '13800138000', destId: '10690001', text: '退订', complete: true, campaignId: null, optEvent: 'opt_out' });
    const zero = { submits: 0, messages: 0, resends: 0, requeued: 0, responsesOk: 0, responsesFailed: 0, failedByResult: {}, flowControl: 0, timeouts: 0, reports: 0, mos: 0, deliversAcked: 0, deliversNotAcked: 0, errors: 0, logins: 0, disconnects: 0 };
    f.publishCounters({ at: 2, accountId: 1, intervalMs: 1000, interval: zero, totals: zero, poolQueueDepth: 0, connections: [], rate: null });
    await until('batch', () => got.length === 1);
    expect(got[0]!.mos.map((m) => m.text)).toEqual(['退订']);
    expect(got[0]!.counters).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(f.stats().subscriberErrors).toBe(1);
    off();
    f.publishReport(report(1));
    f.flush();
    expect(got).toHaveLength(1);
  });

  it('publishing with no subscriber buffers nothing, and an idle feed arms no timer', async () => {
    vi.useFakeTimers();
    try {
      const f = feed({ intervalMs: 100 });
      for (let i = 0; i < 10_000; i++) f.publishReport(report(i));
      const got: FeedBatch[] = [];
      f.subscribe((b) => {
        got.push(b);
      });
      expect(vi.getTimerCount()).toBe(0); // idle: no timer armed
      await vi.advanceTimersByTimeAsync(1000);
      expect(got).toHaveLength(0); // nothing published since subscribing: no empty batches
      f.publishReport(report(1));
      await vi.advanceTimersByTimeAsync(100);
      expect(got).toHaveLength(1);
      expect(got[0]!.reports).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses bad options clearly', () => {
    expect(() => new LiveFeed({ intervalMs: 10 })).toThrow(/intervalMs must be from 100 to 2000/);
    expect(() => new LiveFeed({ capacity: { reports: 0 } })).toThrow(/capacity\.reports/);
    const f = feed();
    expect(() => f.subscribe(42 as never)).toThrow(/must be a function/);
    f.close();
    expect(() => f.subscribe(() => {})).toThrow(/closed/);
  });
});
