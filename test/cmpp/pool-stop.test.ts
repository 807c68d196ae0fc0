// Graceful stop: no new work, what was never written handed back, responses to what is in flight
// collected (bounded), TERMINATE exchanged, and whatever stayed unanswered handed back as in doubt.
import { afterEach, describe, expect, it } from 'vitest';
import { VERSIONS, type CmppVersion } from '../../electron/cmpp/wire/version.js';
import type { IsmgSimulator } from '../../electron/simulator/index.js';
import { CmppAccountPool, poolConfig, recordEvents, request, startSim } from './client-harness.js';
import { until } from '../support/until.js';

let pool: CmppAccountPool | undefined;
let sim: IsmgSimulator | undefined;

afterEach(async () => {
  await pool?.stop({ timeoutMs: 300, terminateTimeoutMs: 300 });
  await sim?.stop();
  pool = undefined;
  sim = undefined;
});

describe.each(VERSIONS)('graceful stop, CMPP %s', (version: CmppVersion) => {
  it('collects the responses to what is in flight, hands back what was never written, exchanges TERMINATE', async () => {
    sim = await startSim(version);
    sim.faults.delayResponses(150);
    pool = new CmppAccountPool(poolConfig(sim, version, { connections: 2 }));
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    await until('two connections', () => sim!.connections() === 2);
    const all = Array.from({ length: 100 }, (_, i) => pool!.submit(request(i)));
    await until('two full windows', () => sim!.stats.submits === 32);
    const result = await pool.stop({ timeoutMs: 2000, terminateTimeoutMs: 1000 });
    const outcomes = await Promise.all(all);
    expect(outcomes.filter((o) => o.ok).length).toBe(32);
    const back = outcomes.filter((o) => !o.ok);
    expect(back.length).toBe(68);
    for (const o of back) expect(o).toMatchObject({ code: 'stopped', written: false, inDoubt: false, sends: 0 });
    expect(result.notSent.length).toBe(68);
    expect(result.inDoubt).toEqual([]);
    expect(result).toMatchObject({ terminated: 2, connections: 2 });
    expect(sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_TERMINATE').length).toBe(2);
    expect(sim.stats.submits).toBe(32);
    expect(pool.state).toBe('stopped');
    expect(ev.states.filter((s) => s.state === 'stopped').length).toBe(2);
    expect(await pool.submit(request(1))).toMatchObject({ ok: false, code: 'stopped', written: false });
    await until('closed', () => sim!.connections() === 0);
  });

  it('hands back what stays unanswered past the bound as in doubt, still exchanging TERMINATE', async () => {
    sim = await startSim(version);
    sim.faults.delayResponses(2000);
    pool = new CmppAccountPool(poolConfig(sim, version));
    pool.start();
    await pool.whenReady();
    const all = Array.from({ length: 20 }, (_, i) => pool!.submit(request(i)));
    await until('a full window', () => sim!.stats.submits === 16);
    const result = await pool.stop({ timeoutMs: 100, terminateTimeoutMs: 1000 });
    const outcomes = await Promise.all(all);
    const inDoubt = outcomes.filter((o) => !o.ok && o.inDoubt);
    expect(inDoubt.length).toBe(16);
    for (const o of inDoubt) expect(o).toMatchObject({ code: 'stopped', written: true, sends: 1 });
    expect(result.inDoubt.length).toBe(16);
    expect(result.notSent.length).toBe(4);
    expect(result.terminated).toBe(1);
  });

  it('stop() is idempotent and a stop while backing off ends the reconnect loop', async () => {
    sim = await startSim(version);
    sim.faults.closeAfterLogin(true);
    pool = new CmppAccountPool(poolConfig(sim, version, { backoff: { initialMs: 50, maxMs: 50 } }));
    const ev = recordEvents(pool);
    pool.start();
    await until('backing off', () => ev.states.some((s) => s.state === 'backing-off'));
    const queued = pool.submit(request(1));
    const [a, b] = await Promise.all([pool.stop(), pool.stop()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ terminated: 0, connections: 0 });
    expect(await queued).toMatchObject({ ok: false, code: 'stopped', written: false });
    // The back-off timer reconnects only while the pool is connecting or ready (pool.ts): stopped,
    // every slot ends in 'stopped' and no reconnect can follow.
    expect(pool.state).toBe('stopped');
    const last = new Map(ev.states.map((s) => [s.slot, s.state]));
    expect([...last.values()].every((s) => s === 'stopped')).toBe(true);
    await expect(pool.whenReady()).rejects.toThrow(/stopped/);
  });
});
