// The export's reading thread yields the core to the main thread on Linux, where a nice value is
// per thread (docs/architecture.md, "Where each domain lives"): a thread that appears with the
// reader carries the caller's nice value plus 10.
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { accountInput, openTestStore, tempDir } from './helpers.js';

/** Each thread of this process and its nice value (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNice(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, Number(fields[16]));
    } catch {
      // the thread ended while we listed
    }
  }
  return out;
}

describe.runIf(process.platform === 'linux')('export reading thread priority', () => {
  const fx = tempDir();
  afterAll(() => fx.cleanup());

  it('runs the reading thread 10 nice levels below the caller', async () => {
    const store = openTestStore(fx.file('nice.db'));
    try {
      const accountId = store.accounts.create(accountInput()).id;
      for (const _ of store.outbox.enqueue({ accountId, campaignId: null, segmentCount: 1 }, [{ number: '13800000001', text: 't' }]));
      const expected = Math.min(19, getPriority(0) + 10);
      const before = threadNice();
      const reader = store.log.exportReader({});
      try {
        await reader.ready();
        const numbers: string[] = [];
        while (reader.step((r) => numbers.push(r.number) > 0) !== 'ended') await reader.ready();
        expect(reader.threaded).toBe(true);
        expect(numbers).toEqual(['13800000001']);
        const lowered = [...threadNice()].filter(([tid, nice]) => !before.has(tid) && nice === expected);
        expect(lowered.length).toBeGreaterThanOrEqual(1);
      } finally {
        await reader.close();
      }
    } finally {
      store.close();
    }
  });
});
