// Write transactions begin IMMEDIATE, so a second program holding the file's write lock makes the
// store wait busy_timeout instead of failing at once. A transaction begun DEFERRED that has read
// before it writes gets SQLITE_BUSY without waiting (SQLite cannot let it wait: the two could
// deadlock); the control case below shows that this still happens with the raw driver, and the
// store's own read-then-write (the pump's claim) waits and succeeds in the same situation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../electron/store/store.js';
import { holdLock } from './fixtures/second-program.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');

const tmp = tempDir();
let store: Store;
let accountId: number;
let campaignId: number;
beforeAll(() => {
  store = openTestStore(tmp.file('immediate.db'));
  accountId = store.accounts.create(accountInput()).id;
  campaignId = store.campaigns.create({ name: 'c', accountId, text: 'x' }).id;
  const numbers = Array.from({ length: 20 }, (_, i) => ({ number: String(13800000000 + i) }));
  for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 1 }, numbers));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('write transactions against a second program holding the lock', () => {
  it('a deferred read-then-write fails at once (the hazard), the store\'s claim waits and succeeds', async () => {
    const holder = await holdLock(store.path);
    // Control: the raw driver's default (DEFERRED) transaction reads, then cannot upgrade.
    const deferred = store.db.transaction(() => {
      store.db.prepare('SELECT count(*) FROM messages').pluck().get();
      store.db.prepare("UPDATE settings SET value = value WHERE key = 'none'").run();
    });
    expect(() => deferred()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    // The holder commits 300 ms after it reads this; the claim (a read, then writes) waits for it.
    const released = holder.release(300);
    const claimed = store.outbox.claim({ accountId, campaignId, limit: 5, reportExpected: true });
    expect(claimed).toHaveLength(5);
    await released;
    // And the holder's committed write is visible: the claim ran after it, not beside it.
    expect(store.db.prepare('SELECT count(*) FROM second_program').pluck().get()).toBe(1);
  });

  it('every transaction helper of the store begins IMMEDIATE (no raw db.transaction in the sources)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith(join('store', 'transactions.ts'))) {
          readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
            if (/\bdb\.transaction\(/.test(line)) offenders.push(`${p.slice(root.length + 1)}:${i + 1}`);
          });
        }
      }
    };
    walk(join(root, 'electron'));
    expect(offenders).toEqual([]);
  });
});
