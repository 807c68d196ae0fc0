// A full disk: the database lives on a 64 MB tmpfs mounted by this test, room enough for the
// campaign and its WAL, so that only the test's filler fills it (on 8 MB a fast run filled the disk
// with its own WAL before the test's first step, and the test then waited for SUBMITs that the
// pause rightly held back). While a campaign runs the
// disk is filled; sending pauses with a notice that says how much space is needed, status reports
// that could not be stored are not acknowledged, and nothing throws out of the engine. When the
// space comes back the campaign resumes by itself and finishes, every message sent exactly once
// (counted at the simulator). Needs root for mount (CI runs as root); elsewhere it is skipped with
// the reason in its name.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { msgIdToColumn } from '../../electron/store/msg-id-column.js';
import { Store } from '../../electron/store/store.js';
import type { StoreFault } from '../../electron/services/sending/store-faults.js';
import type { WorkspaceLogEvent } from '../../electron/services/engine.js';
import { Workspace } from '../../electron/services/workspace.js';
import { until } from '../support/until.js';
import { fastPool, mobileNumbers, SECRET, SP_ID } from './fixtures/engine.js';
import { EVERY_REPORT } from '../../electron/store/folded-reports.js';

const MESSAGES = 3000;

/** Mounts a tmpfs of `size` at a new directory, or says why it cannot. */
function tryMount(size: string): { dir: string } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `mount -t tmpfs refused here (${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n')[0]})` };
  }
}

const mounted = tryMount('64m');
const skipReason = 'reason' in mounted ? mounted.reason : '';
if (skipReason) console.log(`disk-full test skipped: ${skipReason}`);

/** Writes zeros into `path` until the filesystem is full. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return written;
}

describe.skipIf(skipReason !== '')(`a full disk${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const dir = 'dir' in mounted ? mounted.dir : '';
  const dbPath = join(dir, 'desk', 'desk.db');
  let sim: IsmgSimulator;
  let ws: Workspace;

  beforeAll(async () => {
    mkdirSync(join(dir, 'desk'));
    sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0' }], reports: { delayMs: { min: 0, max: 30 } }, deliverResendMs: 500 });
    ws = Workspace.open({ dbPath, cipher: new PlaintextCipher(), actor: 'test', pool: fastPool, pump: { leaseTtlMs: 3000, refreshMs: 50 } });
  }, 30_000);

  afterAll(async () => {
    try {
      await Promise.race([ws?.close().catch(() => {}), new Promise((ok) => setTimeout(ok, 10_000))]);
      await sim?.stop();
    } finally {
      if (dir) {
        // Lazy, so a file still open (a failed run) cannot keep the mount behind.
        execFileSync('umount', ['-l', dir]);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('pauses with a notice of the space needed, acknowledges nothing unstored, and resumes without duplicates', async () => {
    const account = ws.store.accounts.create({
      name: 'gw', host: '127.0.0.1', port: sim.port, version: '3.0', spId: SP_ID, secret: SECRET, serviceId: 'FULL',
      srcId: '1069000', window: 16, rate: 1000, signature: '【测试】',
    });
    const r = await ws.campaigns.create({ accountId: account.id, text: 'disk full 磁盘满', numbers: mobileNumbers(MESSAGES, 13600000000) });
    expect(r.queued).toBe(MESSAGES);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const logs: WorkspaceLogEvent[] = [];
    ws.on('log', (l) => logs.push(l));
    const faults: (StoreFault | null)[] = [];
    ws.on('store-fault', (f) => faults.push(f));
    const acked = new Set<bigint>();
    sim.on('deliver-acked', (e: { msgId: bigint; kind: string }) => {
      if (e.kind === 'report') acked.add(e.msgId);
    });
    const submits = () => sim.received.filter((x) => x.pdu.Command_Id === 'CMPP_SUBMIT').map((x) => x.pdu as Submit);

    await ws.campaigns.start(r.campaign.id);
    await until('300 submits', () => submits().length >= 300, 30_000);
    // Empty the WAL so the next commits must grow it, then take every free byte.
    const other = new Database(dbPath);
    try {
      await until('a WAL truncation', () => (other.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]!.busy === 0, 10_000);
    } finally {
      other.close();
    }
    const filler = join(dir, 'filler');
    fillDisk(filler);
    await until('the disk-full fault', () => ws.faults.current?.kind === 'full', 30_000);
    const fault = ws.faults.current!;
    expect(fault.neededBytes).toBeGreaterThan(0);
    const notice = logs.find((l) => l.code === 'store-full');
    expect(notice?.message).toMatch(/full .*sending is paused until about [\d.]+ MB are free; it resumes by itself/);
    expect(ws.campaigns.get(r.campaign.id).state).toBe('running');

    // Space comes back: the campaign resumes by itself and finishes.
    unlinkSync(filler);
    const counts = await ws.campaigns.waitUntilSettled(r.campaign.id, { intervalMs: 50 });
    expect(counts.delivered).toBe(MESSAGES);
    expect(counts.submitting + counts.queued + counts.in_doubt).toBe(0);
    const per = new Map<string, number>();
    for (const p of submits()) for (const d of p.Dest_terminal_Id) per.set(d, (per.get(d) ?? 0) + 1);
    expect(per.size).toBe(MESSAGES);
    expect([...per.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // Every report the gateway got a DELIVER_RESP for is stored (nothing acknowledged unstored).
    const stored = new Set(ws.db.prepare(`SELECT deliver_msg_id FROM ${EVERY_REPORT}`).safeIntegers(true).pluck().all() as bigint[]);
    const missing = [...acked].filter((id) => !stored.has(msgIdToColumn(id)));
    expect(missing).toEqual([]);
    expect(faults.at(-1)).toBeNull();
    expect(logs.some((l) => l.code === 'store-recovered')).toBe(true);
    console.log(`disk-full test: paused at ${fault.site} (${fault.message}); needed ~${Math.round(fault.neededBytes! / 1048576)} MB`);
  }, 120_000);

  it('closes without an error when the final checkpoint has no room, and keeps everything in the WAL', async () => {
    const path = join(dir, 'desk', 'close.db');
    let store = Store.open({ path, cipher: new PlaintextCipher() });
    const g = store.contacts.createGroup('saved');
    for (const _ of store.contacts.addMembers(g.id, mobileNumbers(5000, 13500000000).map((number) => ({ number }))));
    const filler = join(dir, 'filler-close');
    fillDisk(filler);
    // The TRUNCATE checkpoint of the close needs room in the database file: there is none.
    expect(() => store.close()).not.toThrow();
    unlinkSync(filler);
    store = Store.open({ path, cipher: new PlaintextCipher() });
    try {
      expect(store.contacts.getGroup(g.id).size).toBe(5000);
    } finally {
      store.close();
    }
  }, 60_000);
});
