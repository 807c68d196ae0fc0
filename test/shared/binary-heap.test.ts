import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryHeap } from '../../shared/binary-heap.js';

describe('BinaryHeap', () => {
  it('pops in order, stable with a tie-breaker, whatever the pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (keys) => {
        const heap = new BinaryHeap<{ k: number; i: number }>((a, b) => a.k < b.k || (a.k === b.k && a.i < b.i));
        keys.forEach((k, i) => heap.push({ k, i }));
        const out: { k: number; i: number }[] = [];
        while (heap.size) out.push(heap.pop()!);
        const expected = keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k || a.i - b.i);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('updateTop re-sorts after the top key grows', () => {
    const runs = [{ k: 1 }, { k: 2 }, { k: 3 }];
    const heap = new BinaryHeap<{ k: number }>((a, b) => a.k < b.k);
    runs.forEach((r) => heap.push(r));
    heap.peek()!.k = 10;
    heap.updateTop();
    expect(heap.peek()!.k).toBe(2);
    expect(heap.values()).toHaveLength(3);
    heap.clear();
    expect(heap.pop()).toBeUndefined();
  });
});
