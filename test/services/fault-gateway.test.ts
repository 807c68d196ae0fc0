// Faults: the simulator drops every connection every couple of seconds, loses
// 1% of its responses and answers Result 8 to 1% of SUBMITs; the campaign still completes with every
// message accounted for, and every message the gateway got twice is flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { type Engine, mobileNumbers, startEngine } from './fixtures/engine.js';

const N = 3000;

describe('a campaign through a faulty gateway', () => {
  let e: Engine;
  let killer: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    e = await startEngine({
      sim: { reports: { delayMs: { min: 0, max: 50 }, statMix: { DELIVRD: 0.9, EXPIRED: 0.1 } }, deliverResendMs: 500 },
      account: { connections: 2, window: 16, rate: 1500, responseTimeoutMs: 300, maxSends: 3, signature: '【故障测试】' },
      ws: { pool: { backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 500 }, maxFlowControlResends: 5 } },
    });
  }, 30_000);
  afterAll(async () => {
    clearInterval(killer);
    await e?.close();
  });

  it('completes with every message accounted for', async () => {
    const { ws, sim } = e;
    const created = await ws.campaigns.create({ accountId: e.account.id, text: 'fault tolerance test 容错测试', numbers: mobileNumbers(N, 13500000000) });
    expect(created.queued).toBe(N);
    const id = created.campaign.id;
    sim.faults.dropResponses(0.01);
    sim.faults.flowControl(0.01);
    let kills = 0;
    killer = setInterval(() => {
      kills++;
      sim.faults.killConnections();
    }, 1500);

    await ws.campaigns.start(id);
    // Stop the faults once most of it is out, so the tail (reports held across reconnects) settles.
    const counts = await ws.campaigns.waitUntilSettled(id, {
      intervalMs: 100,
      onProgress: (n) => {
        if (n.queued + n.submitting < N * 0.02 && killer) {
          clearInterval(killer);
          killer = undefined;
        }
      },
    });
    sim.faults.dropResponses(0);
    sim.faults.flowControl(0);
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(ws.campaigns.get(id).state).toBe('completed');
    expect(counts.total).toBe(N);
    expect(counts.delivered + counts.failed + counts.unknown).toBe(N);
    expect(counts.queued + counts.submitting + counts.submitted + counts.in_doubt).toBe(0);
    // Result 8 never fails a message: it is resent (docs/protocol.md "Timers and flow control").
    const result8 = ws.db.prepare(`SELECT count(*) FROM messages WHERE campaign_id = ? AND result = 8`).pluck().get(id) as number;
    expect(result8).toBe(0);
    expect(sim.stats.flowControlled).toBeGreaterThan(0);

    // What the gateway accepted twice is flagged.
    const times = new Map<string, number>();
    for (const r of sim.received) {
      if (r.pdu.Command_Id !== 'CMPP_SUBMIT') continue;
      for (const d of (r.pdu as Submit).Dest_terminal_Id) times.set(d, (times.get(d) ?? 0) + 1);
    }
    expect(times.size).toBe(N);
    const flagged = new Set(ws.db.prepare('SELECT CAST(number AS TEXT) FROM messages WHERE campaign_id = ? AND possible_duplicate = 1').pluck().all(id) as string[]);
    let unflagged = 0;
    for (const [n, k] of times) if (k > 1 && !flagged.has(n)) unflagged++;
    // Every number received more than once is flagged, unless a copy was refused with Result 8
    // (received, not accepted: no duplicate).
    expect(unflagged).toBeLessThanOrEqual(sim.stats.flowControlled);
    expect(ws.store.integrityCheck().ok).toBe(true);
  }, 90_000);
});
