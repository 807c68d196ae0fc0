import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../../electron/simulator/timer-queue.js';
import { ManualClock } from './manual-clock.js';
import { until } from './until.js';

describe('ManualClock', () => {
  it('runs what is due later only when advanced past it, in time order, and never a cleared timer', () => {
    const clock = new ManualClock(1_000);
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('b'), 20);
    const x = clock.setTimeout(() => ran.push('x'), 15);
    clock.setTimeout(() => ran.push('a'), 10);
    clock.clearTimeout(x);
    clock.advance(19);
    expect(ran).toEqual(['a']);
    expect(clock.now()).toBe(1_019);
    clock.advance(1);
    expect(ran).toEqual(['a', 'b']);
  });

  it('runs what is due now on the next turn, as a 0 ms timer would', async () => {
    const clock = new ManualClock();
    let ran = false;
    clock.setTimeout(() => (ran = true), 0);
    expect(ran).toBe(false);
    await until('the due-now timer', () => ran);
  });

  it('drives the simulator timer queue', () => {
    const clock = new ManualClock(0);
    const q = new TimerQueue(undefined, clock);
    const ran: number[] = [];
    q.after(100, () => ran.push(clock.now()));
    q.after(50, () => q.after(100, () => ran.push(clock.now())));
    clock.advance(99);
    expect(ran).toEqual([]);
    clock.advance(100);
    expect(ran).toEqual([100, 150]);
    q.stop();
  });
});
