// Faults on one connection: lost responses (resend with the same Sequence_Id, then give up), dead
// peers (link test), killed connections (back-off and reconnect), Result 8 floods, malformed frames.
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmitOutcome } from '../../electron/cmpp/session/outcomes.js';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
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

const submitsAt = (s: IsmgSimulator) => s.received.filter((r) => r.pdu.Command_Id === 'CMPP_SUBMIT') as { at: number; connectionId: number; pdu: Submit }[];

describe.each(VERSIONS)('faults, CMPP %s', (version: CmppVersion) => {
  it('resends a PDU whose response was lost with the same Sequence_Id, and the set completes', async () => {
    sim = await startSim(version);
    sim.faults.dropResponses(0.1);
    pool = new CmppAccountPool(poolConfig(sim, version, { requestTimeoutMs: 80, maxSends: 6 }));
    pool.start();
    await pool.whenReady();
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => pool!.submit(request(i))));
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const resent = outcomes.filter((o) => o.sends > 1);
    expect(resent.length).toBeGreaterThan(5);
    // At the gateway: each resend carries the Sequence_Id and the bytes of its first send.
    const bySeq = new Map<string, Submit[]>();
    for (const r of submitsAt(sim)) {
      const k = `${r.connectionId}/${r.pdu.Sequence_Id}`;
      bySeq.set(k, [...(bySeq.get(k) ?? []), r.pdu]);
    }
    const repeated = [...bySeq.values()].filter((l) => l.length > 1);
    expect(repeated.length).toBe(resent.length);
    for (const l of repeated) for (const p of l) expect(p.Msg_Content.equals(l[0]!.Msg_Content)).toBe(true);
    expect(pool.counters.resends).toBe(outcomes.reduce((a, o) => a + o.sends - 1, 0));
  });

  it('N unanswered sends fail that message as in doubt with a clear reason', async () => {
    sim = await startSim(version);
    sim.faults.dropResponses(1);
    pool = new CmppAccountPool(poolConfig(sim, version, { requestTimeoutMs: 50, maxSends: 3 }));
    pool.start();
    await pool.whenReady();
    const o = await pool.submit(request(1));
    expect(o).toMatchObject({ ok: false, code: 'timeout', written: true, inDoubt: true, sends: 3 });
    expect(!o.ok && o.reason).toMatch(/no SUBMIT_RESP after 3 sends \(50 ms each\): outcome unknown/);
    const subs = submitsAt(sim);
    expect(subs.length).toBe(3);
    expect(new Set(subs.map((s) => s.pdu.Sequence_Id)).size).toBe(1);
    expect(pool.counters.timeouts).toBe(1);
    expect(pool.state).toBe('ready'); // a lost response is not a dead connection
  });

  it('answers ACTIVE_TEST, tests an idle link, and declares a silent peer dead, then reconnects', async () => {
    sim = await startSim(version, { activeTestIntervalMs: 40 });
    pool = new CmppAccountPool(poolConfig(sim, version, { activeTestIntervalMs: 60, activeTestTimeoutMs: 40, activeTestMaxSends: 3 }));
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    // Alive: both sides test the idle link and answer each other; no disconnect meanwhile.
    await until('three link tests answered', () => sim!.received.filter((r) => r.pdu.Command_Id === 'CMPP_ACTIVE_TEST_RESP').length > 2);
    expect(ev.states.filter((s) => s.state === 'backing-off')).toEqual([]);

    const before = Date.now();
    sim.faults.silence(true);
    sim.clearReceived();
    await until('dead-peer detection', () => ev.states.some((s) => s.state === 'backing-off'));
    const dead = ev.states.find((s) => s.state === 'backing-off')!;
    expect(dead.code).toBe('dead-peer');
    expect(dead.reason).toMatch(/link dead/);
    expect(Date.now() - before).toBeGreaterThanOrEqual(60);
    const tests = sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_ACTIVE_TEST');
    expect(tests.length).toBe(3); // N sends, then give up
    expect(new Set(tests.map((t) => t.pdu.Sequence_Id)).size).toBe(1);
    sim.faults.silence(false);
    await until('reconnect', () => ev.states.filter((s) => s.state === 'ready').length >= 2);
  });

  it('reconnects with back-off after the gateway kills the connection; free messages in flight are resubmitted', async () => {
    sim = await startSim(version);
    pool = new CmppAccountPool(poolConfig(sim, version, { backoff: { initialMs: 30, maxMs: 300, jitter: 0 } }));
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    const all: Promise<SubmitOutcome>[] = [];
    for (let i = 0; i < 2000; i++) all.push(pool.submit(request(i)));
    await until('traffic', () => sim!.stats.submits > 300);
    sim.faults.killConnections();
    const outcomes = await Promise.all(all);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const off = ev.states.find((s) => s.state === 'backing-off')!;
    expect(off).toMatchObject({ code: 'peer-closed', retryInMs: 30 });
    expect(ev.states.filter((s) => s.state === 'ready').length).toBe(2);
    expect(pool.counters.disconnects).toBe(1);
    expect(sim.stats.windowViolations).toBe(0);
  });

  it('charged messages in flight on a dropped connection are handed back as in doubt, not resent', async () => {
    sim = await startSim(version);
    sim.faults.delayResponses(200);
    pool = new CmppAccountPool(poolConfig(sim, version, { backoff: { initialMs: 10 } }));
    pool.start();
    await pool.whenReady();
    const charged = { FeeType: '02', FeeCode: '10', Fee_UserType: 0 };
    const all = Array.from({ length: 20 }, (_, i) => pool!.submit(request(i, undefined, charged)));
    await until('a full window', () => sim!.stats.submits >= 16);
    sim.faults.killConnections();
    sim.faults.delayResponses(0);
    const outcomes = await Promise.all(all);
    const lost = outcomes.filter((o) => !o.ok);
    expect(lost.length).toBe(16);
    for (const o of lost) {
      expect(o).toMatchObject({ ok: false, code: 'connection-lost', written: true, inDoubt: true, sends: 1 });
      expect(!o.ok && o.reason).toMatch(/charged/);
    }
    // The four that never reached the socket went out on the new connection.
    expect(outcomes.filter((o) => o.ok).length).toBe(4);
  });

  it('Result 8: slows down, resends at most K times per message, then fails with the reason', async () => {
    sim = await startSim(version);
    sim.faults.flowControl(1);
    const K = 2;
    pool = new CmppAccountPool(poolConfig(sim, version, { maxFlowControlResends: K, flowControl: { holdMs: 100, minRate: 50 } }));
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => pool!.submit(request(i))));
    for (const o of outcomes) {
      expect(o).toMatchObject({ ok: false, code: 'flow-control', result: 8, written: true, inDoubt: false, sends: K + 1 });
      expect(!o.ok && o.reason).toMatch(/Result 8.*persisted after 2/);
    }
    expect(submitsAt(sim).length).toBe(10 * (K + 1));
    expect(pool.currentRate).toBeLessThan(Infinity);
    expect(ev.logs.some((l) => l.code === 'flow-control')).toBe(true);
  });

  it("Result 8 from the gateway's own rate limit: the client backs off without a resend storm and everything gets through", async () => {
    sim = await startSim(version, { rateLimit: 200 });
    pool = new CmppAccountPool(poolConfig(sim, version, { flowControl: { holdMs: 300 } }));
    pool.start();
    await pool.whenReady();
    const N = 600;
    const outcomes = await Promise.all(Array.from({ length: N }, (_, i) => pool!.submit(request(i))));
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const maxResends = Math.max(...outcomes.map((o) => o.sends - 1));
    expect(maxResends).toBeLessThanOrEqual(5);
    expect(sim.stats.flowControlled).toBe(pool.counters.flowControl);
    // Without back-off nearly every send beyond the first 200 would be refused over and over.
    expect(sim.stats.flowControlled).toBeLessThan(N / 2);
  });

  it('a frame with an impossible Total_Length resets the connection, is logged, and loses nothing acknowledged', async () => {
    sim = await startSim(version, { deliverResendMs: 150, reports: { delayMs: { min: 0, max: 50 } } });
    const kept = new Set<string>();
    pool = new CmppAccountPool(
      poolConfig(sim, version, {
        onDeliver: (d, info) => {
          kept.add(`${info.report!.Msg_Id}/${info.report!.Dest_terminal_Id}`);
        },
      }),
    );
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    const all: Promise<SubmitOutcome>[] = [];
    for (let i = 0; i < 1000; i++) all.push(pool.submit(request(i)));
    await until('traffic', () => sim!.stats.submits > 200);
    sim.faults.sendMalformedFrame('too-long');
    const outcomes = await Promise.all(all);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const framing = ev.logs.find((l) => l.code === 'framing')!;
    expect(framing.level).toBe('error');
    expect(framing.message).toMatch(/Total_Length/);
    expect(framing.hex).toBeDefined();
    expect(ev.states.find((s) => s.state === 'backing-off')).toMatchObject({ code: 'framing' });
    // Every report reaches the application: unacknowledged ones come again on the new connection.
    // (A SUBMIT in flight at the reset is resubmitted, so its first Msg_Id may report too: extra keys.)
    const wanted = outcomes.map((o, i) => `${o.ok ? o.msgId : -1n}/${request(i).Dest_terminal_Id[0]}`);
    await until(`all reports kept (have ${wanted.filter((k) => kept.has(k)).length})`, () => wanted.every((k) => kept.has(k)));
  });

  it('a DELIVER whose body does not decode is logged with its bytes and answered Result 1; the connection stays', async () => {
    sim = await startSim(version);
    pool = new CmppAccountPool(poolConfig(sim, version));
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    sim.clearReceived();
    sim.faults.sendMalformedFrame('bad-body');
    await until('decode log', () => ev.logs.some((l) => l.code === 'decode'));
    const log = ev.logs.find((l) => l.code === 'decode')!;
    expect(log.message).toMatch(/undecodable CMPP_DELIVER answered with Result 1/);
    expect(log.hex!.length).toBeGreaterThan(24);
    await until('DELIVER_RESP', () => sim!.received.some((r) => r.pdu.Command_Id === 'CMPP_DELIVER_RESP'));
    const resp = sim.received.find((r) => r.pdu.Command_Id === 'CMPP_DELIVER_RESP')!.pdu;
    expect(resp.Command_Id === 'CMPP_DELIVER_RESP' && resp.Result).toBe(1);
    expect((await pool.submit(request(1))).ok).toBe(true);
    expect(ev.states.filter((s) => s.state === 'backing-off')).toEqual([]);
  });
});
