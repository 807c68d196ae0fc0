// The pump and the deliver router against a database another program holds locked longer than
// busy_timeout: nothing is thrown out of the engine, outcomes and status reports wait in memory
// (the reports unacknowledged) and are written once the lock is gone, crash recovery runs in the
// end, and the operator is told when the database is locked and when it is writable again.
import { afterEach, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import type { WorkspaceLogEvent } from '../../electron/services/engine.js';
import { holdLock } from '../store/fixtures/second-program.js';
import { type Engine, mobileNumbers, startEngine, until } from './fixtures/engine.js';

const submitsTo = (e: Engine) => {
  const per = new Map<string, number>();
  for (const r of e.sim.received) {
    if (r.pdu.Command_Id !== 'CMPP_SUBMIT') continue;
    for (const d of (r.pdu as Submit).Dest_terminal_Id) per.set(d, (per.get(d) ?? 0) + 1);
  }
  return per;
};

describe('a database locked past busy_timeout', () => {
  let e: Engine | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it('keeps outcomes and reports in memory until they are stored, then finishes with every message sent once', async () => {
    e = await startEngine({ ws: { busyTimeoutMs: 50 }, account: { window: 8, signature: '【店】' }, sim: { reports: { delayMs: { min: 0, max: 5 } } } });
    e.sim.faults.delayResponses(20);
    const { ws } = e;
    const logs: WorkspaceLogEvent[] = [];
    let sentAtBusy = 0;
    ws.on('log', (l) => {
      logs.push(l);
      if (l.code === 'store-busy') sentAtBusy = submitsTo(e!).size;
    });
    const faults: (string | null)[] = [];
    ws.on('store-fault', (f) => faults.push(f?.kind ?? null));
    const r = await ws.campaigns.create({ accountId: e.account.id, text: 'locked', numbers: mobileNumbers(200) });
    await ws.campaigns.start(r.campaign.id);
    await until(() => submitsTo(e!).size >= 20, 20_000, 5, '20 submits');
    const holder = await holdLock(e.dbPath);
    // While the other program holds the file, responses and reports arrive and cannot be stored.
    await until(() => logs.some((l) => l.code === 'store-busy'), 10_000, 5, 'the busy notice');
    expect(ws.faults.current?.kind).toBe('busy');
    // Nothing new goes out while outcomes wait: at most what was handed over already (one window).
    // The point to look: the outcomes' write refused twice more, each retry followed by a fill of
    // the lane, which would have handed new work over had the waiting outcomes not held it back.
    const refused = ws.faults.attempts('outcomes');
    await until(() => ws.faults.attempts('outcomes') >= refused + 2, 10_000, 5, 'two more refused outcome writes');
    expect(submitsTo(e).size - sentAtBusy).toBeLessThanOrEqual(8);
    await holder.release(200);
    const counts = await ws.campaigns.waitUntilSettled(r.campaign.id, { intervalMs: 50 });
    expect(counts.delivered).toBe(200);
    expect(counts.submitting).toBe(0);
    const per = submitsTo(e);
    expect(per.size).toBe(200);
    expect([...per.values()].every((n) => n === 1)).toBe(true);
    expect(logs.some((l) => l.code === 'store-recovered')).toBe(true);
    expect(faults).toContain(null);
    expect(ws.faults.current).toBeNull();
  }, 60_000);

  it('retries crash recovery until it runs, and only then pumps', async () => {
    e = await startEngine({ ws: { busyTimeoutMs: 50 }, account: { signature: '【店】' } });
    let ws = e.ws;
    // A pump that died with work on the wire: claimed and handed over, no outcome recorded.
    const r = await ws.campaigns.create({ accountId: e.account.id, text: 'recover', numbers: mobileNumbers(5) });
    ws.store.campaigns.setState(r.campaign.id, 'running');
    const claimed = ws.store.outbox.claim({ accountId: e.account.id, campaignId: r.campaign.id, limit: 5, reportExpected: true });
    ws.store.outbox.markHandedOver(claimed.flatMap((m) => m.segments.map((s) => s.segmentId)));
    await ws.close();
    ws = e.reopen({ busyTimeoutMs: 50 });
    const holder = await holdLock(e.dbPath);
    // Neither the lease nor recovery can be written: start() says so instead of throwing.
    expect(await ws.pump.start()).toBe(false);
    expect(ws.pump.status).toBe('waiting');
    expect(ws.faults.current?.kind).toBe('busy');
    await holder.release(100);
    await until(() => ws.pump.holdsLease, 10_000, 10, 'the pump to run after recovery');
    // Recovery ran: the free messages in doubt were resent (flagged) and the campaign finishes.
    const counts = await ws.campaigns.waitUntilSettled(r.campaign.id, { intervalMs: 50 });
    expect(counts.delivered).toBe(5);
    expect(ws.db.prepare('SELECT count(*) FROM messages WHERE possible_duplicate = 1').pluck().get()).toBe(5);
  }, 60_000);

  it('says who holds the pump lease (pid, host, since) when another process pumps', async () => {
    e = await startEngine();
    const first = e.ws;
    expect(await first.pump.start()).toBe(true);
    const second = e.reopen();
    const logs: WorkspaceLogEvent[] = [];
    second.on('log', (l) => logs.push(l));
    try {
      expect(await second.pump.start()).toBe(false);
      const h = second.pump.leaseHolder();
      expect(h?.pid).toBe(process.pid);
      expect(h?.text).toMatch(new RegExp(`^process ${process.pid} on host .+ \\(since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d\\d:\\d\\d\\)$`));
      expect(logs.find((l) => l.code === 'lease-held')?.message).toContain(`process ${process.pid}`);
    } finally {
      await second.close();
      await first.close();
    }
  }, 30_000);
});
