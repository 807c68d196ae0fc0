import { describe, expect, it } from 'vitest';
import { Backoff } from '../../electron/cmpp/session/backoff.js';
import { Deque } from '../../electron/cmpp/session/job-queue.js';
import { InFlightWindow } from '../../electron/cmpp/session/window.js';

describe('Backoff', () => {
  it('grows exponentially up to the ceiling, with jitter below the nominal delay, and resets', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0, random: () => 0.5 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(b.next()).toBe(100);
    const j = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 1 });
    expect(j.next()).toBe(500);
    const k = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0 });
    expect(k.next()).toBe(1000);
  });

  it('rejects nonsense settings', () => {
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => new Backoff({ jitter: 2 })).toThrow(RangeError);
  });
});

describe('InFlightWindow', () => {
  it('allocates increasing Sequence_Ids, wraps, and skips ids still awaiting a response', () => {
    const w = new InFlightWindow<{ seq: number; deadline: number }>(3, 0xfffffffe);
    const a = w.allocate();
    w.add({ seq: a, deadline: 1 });
    const b = w.allocate();
    expect([a, b]).toEqual([0xfffffffe, 0xffffffff]);
    expect(w.allocate()).toBe(1); // wraps, 0 skipped
    const w2 = new InFlightWindow<{ seq: number; deadline: number }>(2, 5);
    w2.add({ seq: w2.allocate(), deadline: 0 });
    w2.add({ seq: 7, deadline: 0 });
    expect(w2.allocate()).toBe(6);
    expect(w2.allocate()).toBe(8); // 7 is in flight
  });

  it('counts occupancy, matches out of order, lists expired entries and refuses to overfill', () => {
    const w = new InFlightWindow<{ seq: number; deadline: number }>(2);
    w.add({ seq: 1, deadline: 10 });
    w.add({ seq: 2, deadline: 20 });
    expect(w.free).toBe(0);
    expect(() => w.add({ seq: 3, deadline: 0 })).toThrow(/window full/);
    const out: { seq: number; deadline: number }[] = [];
    w.collectExpired(15, out);
    expect(out.map((e) => e.seq)).toEqual([1]);
    expect(w.take(2)?.seq).toBe(2);
    expect(w.take(2)).toBeUndefined();
    expect(w.takeAll().map((e) => e.seq)).toEqual([1]);
    expect(w.size).toBe(0);
    expect(() => new InFlightWindow(0)).toThrow(RangeError);
  });
});

describe('Deque', () => {
  it('is a FIFO at the back and puts handed-back work at the front, growing as needed', () => {
    const q = new Deque<number>();
    for (let i = 0; i < 200; i++) q.push(i);
    q.unshift(-1);
    expect(q.length).toBe(201);
    expect(q.shift()).toBe(-1);
    for (let i = 0; i < 100; i++) expect(q.shift()).toBe(i);
    for (let i = 0; i < 100; i++) q.unshift(-i - 2);
    expect(q.peek()).toBe(-101);
    const all = q.drain();
    expect(all.length).toBe(200);
    expect(all[99]).toBe(-2);
    expect(all[100]).toBe(100);
    expect(q.shift()).toBeUndefined();
  });
});
