import { afterEach, describe, expect, it, vi } from 'vitest';
import { until } from './until.js';

afterEach(() => void vi.useRealTimers());

describe('until', () => {
  it('returns the first truthy value of the check, sync or async', async () => {
    let n = 0;
    await expect(until('n to reach 3', () => (++n >= 3 ? n : false))).resolves.toBe(3);
    await expect(until('an async value', async () => 'ok')).resolves.toBe('ok');
  });

  it('names what it waited for when it gives up', async () => {
    await expect(until('the moon', () => false, 20)).rejects.toThrow(/the moon/);
  });

  it('polls in real time while the test fakes the clock', async () => {
    vi.useFakeTimers();
    let done = false;
    queueMicrotask(() => void Promise.resolve().then(() => (done = true)));
    await expect(until('a microtask', () => done, 1000)).resolves.toBe(true);
    await expect(until('never under fake timers', () => false, 30)).rejects.toThrow(/never under fake timers/);
  });
});
