// The WAL checkpointer's on-demand checkpoint (the log archive's delete batches await it): it copies
// what the WAL holds into the database file on the worker now, not at the next tick, and never
// leaves a caller waiting once the worker is gone.
import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../electron/store/checkpointer.js';
import { openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('Checkpointer.checkpointNow', () => {
  it('copies the WAL into the database file at once, off the timer', async () => {
    const path = tmp.file('now.db');
    const store = openTestStore(path);
    const errors: string[] = [];
    // A tick an hour away: only checkpointNow can copy anything here.
    const checkpointer = new Checkpointer(store.db, path, (m) => errors.push(m), 3_600_000);
    try {
      checkpointer.start();
      store.db.exec('CREATE TABLE filler (x BLOB)');
      const put = store.db.prepare('INSERT INTO filler (x) VALUES (randomblob(3000))');
      store.db.transaction(() => {
        for (let i = 0; i < 500; i++) put.run();
      })();
      const before = statSync(path).size;
      await checkpointer.checkpointNow();
      // 500 rows of 3,000 bytes: about 1.5 MB more in the database file itself.
      expect(statSync(path).size - before).toBeGreaterThan(1_000_000);
      expect(errors).toEqual([]);
    } finally {
      await checkpointer.stop();
      store.close();
    }
  });

  it('resolves at once when no worker runs (never started, or stopped)', async () => {
    const path = tmp.file('none.db');
    const store = openTestStore(path);
    const checkpointer = new Checkpointer(store.db, path, () => undefined, 3_600_000);
    try {
      await checkpointer.checkpointNow();
      checkpointer.start();
      const pending = checkpointer.checkpointNow();
      await checkpointer.stop();
      await pending;
      await checkpointer.checkpointNow();
    } finally {
      store.close();
    }
  });
});
