import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBatcher, type EventSink } from '../../electron/ipc/events.js';
import { contract, type EventBatch } from '../../shared/ipc/contract.js';
import type { Notice } from '../../shared/ipc/contract/app.js';
import type { EventChannel } from '../../shared/ipc/channels.js';

// Fake timers: the batcher's flush timer runs when the test moves the clock, so "nothing was sent"
// is a fact at a known time.
const elapse = (ms: number) => vi.advanceTimersByTime(ms);

class FakeSink implements EventSink {
  readonly sent: { channel: EventChannel; batch: EventBatch<unknown> }[] = [];
  failing = false;
  send(channel: EventChannel, batch: EventBatch<unknown>): void {
    if (this.failing) throw new Error('window is gone');
    // Structured clone, as webContents.send does: the batch must not be mutated later.
    this.sent.push({ channel, batch: structuredClone(batch) });
  }
}

const notice = (n: number): Notice => ({ level: 'info', code: `n${n}`, message: `notice ${n}` });

let batchers: EventBatcher[] = [];
function make(intervalMs = 20) {
  const b = new EventBatcher({ intervalMs });
  batchers.push(b);
  return b;
}
beforeEach(() => void vi.useFakeTimers());
afterEach(() => {
  for (const b of batchers) b.close();
  batchers = [];
  vi.useRealTimers();
});

describe('EventBatcher', () => {
  it('queues until the renderer is ready, then delivers everything in one message', () => {
    const b = make();
    const sink = new FakeSink();
    for (let i = 0; i < 5; i++) b.emit('app.notice', notice(i));
    b.connect(sink);
    elapse(60);
    expect(sink.sent).toEqual([]);
    expect(b.pending('app.notice')).toBe(5);
    b.setReady(true);
    expect(sink.sent).toEqual([{ channel: 'app.notice', batch: { items: [0, 1, 2, 3, 4].map(notice), dropped: 0 } }]);
    expect(b.pending('app.notice')).toBe(0);
  });

  it('batches a burst into one message per flush interval, never one per event', () => {
    const b = make(40);
    const sink = new FakeSink();
    b.connect(sink);
    b.setReady(true);
    for (let i = 0; i < 100; i++) b.emit('app.notice', notice(i));
    expect(sink.sent).toHaveLength(0);
    elapse(39);
    expect(sink.sent).toHaveLength(0);
    elapse(81);
    expect(sink.sent).toHaveLength(1);
    expect(sink.sent[0]!.batch.items).toHaveLength(100);
    // A second burst later goes out as a second message, in order.
    for (let i = 100; i < 150; i++) b.emit('app.notice', notice(i));
    elapse(120);
    expect(sink.sent).toHaveLength(2);
    expect((sink.sent[1]!.batch.items as Notice[]).map((n) => n.code)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i + 100}`));
  });

  it('bounds the queue while the renderer is away and reports how many were dropped', () => {
    const b = make();
    const max = contract['app.notice'].max;
    for (let i = 0; i < max + 7; i++) b.emit('app.notice', notice(i));
    const sink = new FakeSink();
    b.connect(sink);
    b.setReady(true);
    const { batch } = sink.sent[0]!;
    expect(batch.dropped).toBe(7);
    expect(batch.items).toHaveLength(max);
    expect((batch.items[0] as Notice).code).toBe('n7'); // the oldest went first
    expect((batch.items.at(-1) as Notice).code).toBe(`n${max + 6}`);
  });

  it('stops sending on reload and resumes on the next app.ready', () => {
    const b = make();
    const sink = new FakeSink();
    b.connect(sink);
    b.setReady(true);
    b.emit('app.notice', notice(1));
    b.setReady(false); // did-start-loading: the new page has not subscribed yet
    elapse(60);
    expect(sink.sent).toEqual([]);
    b.emit('app.notice', notice(2));
    b.setReady(true);
    expect(sink.sent.map((s) => s.batch.items.length)).toEqual([2]);
  });

  it('keeps a batch whose send failed (window gone) for the next window', () => {
    const b = make();
    const sink = new FakeSink();
    b.connect(sink);
    b.emit('app.notice', notice(1));
    sink.failing = true;
    b.setReady(true);
    expect(b.isReady).toBe(false);
    expect(b.pending('app.notice')).toBe(1);
    b.disconnect();
    b.emit('app.notice', notice(2));
    const next = new FakeSink();
    b.connect(next);
    b.setReady(true);
    expect(next.sent).toEqual([{ channel: 'app.notice', batch: { items: [notice(1), notice(2)], dropped: 0 } }]);
  });

  it('close() cancels the timer and drops further events', () => {
    const b = make(20);
    const sink = new FakeSink();
    b.connect(sink);
    b.setReady(true);
    b.emit('app.notice', notice(1));
    b.close();
    b.emit('app.notice', notice(2));
    elapse(60);
    expect(sink.sent).toEqual([]);
  });

  it('rejects a nonsensical interval', () => {
    expect(() => new EventBatcher({ intervalMs: 0 })).toThrow(RangeError);
    expect(new EventBatcher().intervalMs).toBeGreaterThanOrEqual(250);
    expect(new EventBatcher().intervalMs).toBeLessThanOrEqual(500);
  });
});
