// The durability barrier's bookkeeping (the order against the disk is proven on the real CLI
// under strace in test/cli/durable-acks.test.ts): the callers of one synchronous run share one sync, a caller
// arriving during a sync gets the next one, and nothing is synced where nothing needs it.
import { afterAll, describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('store.durable()', () => {
  it('syncs once for every caller of the same synchronous run', async () => {
    const store = openTestStore(tmp.file('group.db'));
    try {
      store.templates.create('t0', 'x');
      await store.durable();
      const before = store.durableSyncs;
      // 50 commits and 50 barriers in one run: one sync, started after the last of them.
      const waits: Promise<void>[] = [];
      for (let i = 1; i <= 50; i++) {
        store.templates.create(`t${i}`, 'x');
        waits.push(store.durable());
      }
      await Promise.all(waits);
      expect(store.durableSyncs - before).toBe(1);
    } finally {
      store.close();
    }
  });

  it('gives a caller that arrives during a sync a sync of its own, started after its call', async () => {
    const store = openTestStore(tmp.file('order.db'));
    try {
      const before = store.durableSyncs;
      const first = store.durable();
      // After the microtask that starts the first sync, before the poll phase that could report it back.
      await new Promise<void>((r) => queueMicrotask(r));
      store.templates.create('late', 'x');
      const second = store.durable();
      await Promise.all([first, second]);
      // Two syncs: the second caller did not ride on the one that began before its commit (the
      // two may end in either order, they run side by side).
      expect(store.durableSyncs - before).toBe(2);
    } finally {
      store.close();
    }
  });

  it('resolves without a sync in memory and with synchronous=FULL, and refuses after close', async () => {
    const mem = openTestStore(':memory:');
    await mem.durable();
    expect(mem.durableSyncs).toBe(0);
    mem.close();
    const full = openTestStore(tmp.file('full.db'), { synchronous: 'FULL' });
    await full.durable();
    expect(full.durableSyncs).toBe(0);
    full.close();
    await expect(full.durable()).rejects.toThrow(/closed/);
  });
});
