// The simulator's small parts: the single-timer queue, the sliding second, the Msg_Id source.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MsgIdSource } from '../../electron/simulator/msg-id-source.js';
import { SlidingSecond } from '../../electron/simulator/sliding-second.js';
import { TimerQueue } from '../../electron/simulator/timer-queue.js';
import { addToMsgId, decomposeMsgId } from '../../shared/msg-id.js';
import { prng } from '../cmpp/codec-fuzz-engine.js';

// On fake timers (Date and setTimeout): the test moves the clock, so "ran" and "did not run" are
// facts at a known time, not guesses about a machine's speed.
describe('TimerQueue', () => {
  let q: TimerQueue | undefined;
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => {
    q?.stop();
    vi.useRealTimers();
  });

  it('runs tasks by due time, same-time tasks in insertion order, and skips cancelled ones', async () => {
    q = new TimerQueue();
    const ran: string[] = [];
    q.after(30, () => ran.push('c'));
    q.after(0, () => ran.push('a1'));
    const x = q.after(10, () => ran.push('x'));
    q.after(0, () => ran.push('a2'));
    q.after(10, () => ran.push('b'));
    q.cancel(x);
    vi.advanceTimersByTime(9);
    expect(ran).toEqual(['a1', 'a2']);
    vi.advanceTimersByTime(20);
    expect(ran).toEqual(['a1', 'a2', 'b']);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['a1', 'a2', 'b', 'c']);
    expect(q.size).toBe(0);
  });

  it('keeps order for many random delays and survives a throwing task', async () => {
    const errors: unknown[] = [];
    q = new TimerQueue((e) => errors.push(e));
    const due: number[] = [];
    const seed = Number(process.env.TEST_SEED ?? 4242);
    const random = prng(seed);
    for (let i = 0; i < 500; i++) {
      const t = q.after(Math.floor(random() * 40), () => due.push(t.due));
    }
    q.after(5, () => {
      throw new Error('boom');
    });
    vi.advanceTimersByTime(40);
    expect(due, `TEST_SEED=${seed}`).toHaveLength(500);
    expect(due, `TEST_SEED=${seed}`).toEqual([...due].sort((a, b) => a - b));
    expect(errors).toHaveLength(1);
  });

  it('ignores tasks added after stop()', async () => {
    q = new TimerQueue();
    q.stop();
    let ran = false;
    q.after(0, () => (ran = true));
    vi.advanceTimersByTime(60_000);
    expect(ran).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('SlidingSecond', () => {
  it('counts the last 1000 ms and remembers the largest window', () => {
    const w = new SlidingSecond();
    w.add(0, 5);
    w.add(500, 3);
    expect(w.total(999)).toBe(8);
    expect(w.total(1000)).toBe(3);
    w.add(1400, 4);
    expect(w.total(1400)).toBe(7);
    expect(w.total(2400)).toBe(0);
    expect(w.max).toBe(8);
  });

  it('stays correct over many arrivals (compaction)', () => {
    const w = new SlidingSecond();
    for (let t = 0; t < 20_000; t++) w.add(t, 1);
    expect(w.total(19_999)).toBe(1000);
    expect(w.max).toBe(1000);
  });
});

describe('MsgIdSource', () => {
  it('builds ids from local time, the ISMG code and a 16-bit sequence that advances by the range size', () => {
    const ids = new MsgIdSource();
    const now = new Date(2025, 11, 31, 23, 59, 58).getTime(); // December: above 2^63
    const a = ids.next(79101, 3, now);
    const b = ids.next(79101, 1, now);
    expect(decomposeMsgId(a)).toEqual({ month: 12, day: 31, hour: 23, minute: 59, second: 58, ismgCode: 79101, sequence: 0 });
    expect(decomposeMsgId(b).sequence).toBe(3);
    expect(a > 2n ** 63n).toBe(true);
  });

  it('wraps the sequence inside 16 bits, and a range straddling the wrap matches addToMsgId', () => {
    const ids = new MsgIdSource();
    const now = Date.now();
    ids.next(1, 65534, now);
    const base = ids.next(1, 3, now);
    expect(decomposeMsgId(base).sequence).toBe(65534);
    expect(decomposeMsgId(addToMsgId(base, 2)).sequence).toBe(0);
    expect(decomposeMsgId(ids.next(1, 1, now)).sequence).toBe(1);
  });
});
