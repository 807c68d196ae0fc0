// An account with three connections: work spread over them, one killed mid-run, its in-flight
// SUBMITs resent on the others, reports matched whichever connection they arrive on.
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmitOutcome } from '../../electron/cmpp/session/outcomes.js';
import { ReportMatcher } from '../../electron/cmpp/session/report-matcher.js';
import { VERSIONS, type CmppVersion } from '../../electron/cmpp/wire/version.js';
import type { IsmgSimulator, RecordedPdu } from '../../electron/simulator/index.js';
import type { CountersEvent } from '../../electron/cmpp/session/pool.js';
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

describe.each(VERSIONS)('account pool, CMPP %s', (version: CmppVersion) => {
  it('3 connections, one killed mid-run: its in-flight SUBMITs go out on the others, never more than 3 x W outstanding, every report matched', async () => {
    sim = await startSim(version, { record: false, reports: { delayMs: { min: 0, max: 100 }, beforeResponseRate: 0.05 } });
    const W = 16;
    const matcher = new ReportMatcher<number>();
    let finals = 0;
    let reportsElsewhere = 0;
    const submittedOn = new Map<number, number>(); // submit index -> connection id
    let maxTotalInFlight = 0;
    const sample = () => {
      const n = pool!.connections().reduce((a, c) => a + c.inFlight, 0);
      if (n > maxTotalInFlight) maxTotalInFlight = n;
    };
    const onMatch = (m: ReturnType<typeof matcher.report>, arrivedOn: number) => {
      if (m.kind === 'matched' && m.final) {
        finals++;
        if (submittedOn.get(m.value) !== arrivedOn) reportsElsewhere++;
      }
    };
    const early = new Map<bigint, number>(); // report Msg_Id -> connection it arrived on
    pool = new CmppAccountPool(
      poolConfig(sim, version, {
        connections: 3,
        window: W,
        backoff: { initialMs: 50, maxMs: 100 },
        onDeliver: (_d, info) => {
          sample();
          const m = matcher.report(info.report!);
          if (m.kind === 'early') early.set(info.report!.Msg_Id, info.connectionId);
          onMatch(m, info.connectionId);
        },
      }),
    );
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    await until('three connections', () => sim!.connections() === 3);

    // Kill exactly one connection: the first to receive its 400th SUBMIT.
    const subsPerConn = new Map<number, number>();
    let killed = 0;
    sim.on('pdu', (r: RecordedPdu) => {
      if (r.pdu.Command_Id !== 'CMPP_SUBMIT' || killed) return;
      const n = (subsPerConn.get(r.connectionId) ?? 0) + 1;
      subsPerConn.set(r.connectionId, n);
      if (n === 400) {
        killed = r.connectionId;
        sim!.faults.disconnectAfter(1); // applies to this very PDU, then off again at once
        queueMicrotask(() => sim!.faults.disconnectAfter(undefined));
      }
    });

    const N = 3000;
    const dest = (i: number) => [`139${String(i).padStart(8, '0')}`];
    const outcomes = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        pool!.submit(request(i, dest(i))).then((o: SubmitOutcome) => {
          sample();
          if (o.ok) {
            submittedOn.set(i, o.connectionId);
            for (const m of matcher.expect(o.msgId, dest(i), i)) onMatch(m, early.get(m.report.Msg_Id) ?? o.connectionId);
          }
          return o;
        }),
      ),
    );
    expect(killed).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    // Work was spread: every connection carried a share.
    const perConn = new Map<number, number>();
    for (const o of outcomes) if (o.ok) perConn.set(o.connectionId, (perConn.get(o.connectionId) ?? 0) + 1);
    expect(perConn.size).toBeGreaterThanOrEqual(3);
    // What was in flight on the killed connection was written again elsewhere.
    const resubmitted = outcomes.filter((o) => o.ok && o.sends > 1);
    expect(resubmitted.length).toBeGreaterThan(0);
    expect(resubmitted.length).toBeLessThanOrEqual(W);
    expect(pool.counters.requeued).toBe(resubmitted.length);
    expect(sim.stats.windowViolations).toBe(0);
    expect(sim.stats.maxOutstanding).toBeLessThanOrEqual(W);
    expect(maxTotalInFlight).toBeLessThanOrEqual(3 * W);
    expect(ev.states.filter((s) => s.state === 'backing-off').length).toBe(1);
    await until('the slot reconnected', () => pool!.connections().every((c) => c.state === 'ready'));
    await until(`every report matched (have ${finals})`, () => finals === N, 15_000);
    expect(reportsElsewhere).toBeGreaterThan(0);
  });

  it('starts the other connections only after the first login, and emits per-second counters', async () => {
    sim = await startSim(version, { reports: { delayMs: 0 } });
    pool = new CmppAccountPool(poolConfig(sim, version, { connections: 2 }));
    const ev = recordEvents(pool);
    const counters: CountersEvent[] = [];
    pool.on('counters', (c) => counters.push(c));
    pool.start();
    await pool.whenReady();
    await until('second connection', () => sim!.connections() === 2);
    const firstReady = ev.states.findIndex((s) => s.state === 'ready');
    const secondConnecting = ev.states.findIndex((s) => s.slot === 1 && s.state === 'connecting');
    expect(secondConnecting).toBeGreaterThan(firstReady);
    await Promise.all(Array.from({ length: 100 }, (_, i) => pool!.submit(request(i))));
    await until('a counters event', () => counters.length >= 1);
    const totals = pool.counters.snapshot();
    expect(totals.submits).toBe(100);
    expect(totals.responsesOk).toBe(100);
    await until('reports', () => pool!.counters.reports === 100);
    const last = await new Promise<CountersEvent>((r) => pool!.once('counters', r));
    expect(last).toMatchObject({ account: '900001', queueDepth: 0, rate: null });
    expect(last.connections).toHaveLength(2);
    expect(last.totals.reports).toBe(100);
    // Per-interval figures add up to the totals.
    expect(counters.reduce((a, c) => a + c.interval.submits, 0)).toBe(100); // includes `last`
  });

  it('traces every PDU in and out as hex when asked, nothing when off', async () => {
    sim = await startSim(version, { reports: { delayMs: 0 } });
    let reports = 0;
    pool = new CmppAccountPool(poolConfig(sim, version, { onDeliver: () => void reports++ }));
    const trace: { direction: string; command: string; hex: string; sequenceId: number }[] = [];
    pool.on('trace', (t) => trace.push(t));
    pool.start();
    await pool.whenReady();
    await pool.submit(request(1));
    await until('the first report', () => reports === 1);
    await new Promise((r) => setImmediate(r)); // its DELIVER_RESP is written
    expect(trace).toEqual([]);
    pool.setTrace(true);
    const o = await pool.submit(request(2));
    await until('trace of the DELIVER_RESP', () => trace.some((t) => t.command === 'CMPP_DELIVER_RESP'));
    pool.setTrace(false);
    const kinds = trace.map((t) => `${t.direction} ${t.command}`);
    expect(kinds).toContain('out CMPP_SUBMIT');
    expect(kinds).toContain('in CMPP_SUBMIT_RESP');
    expect(kinds).toContain('in CMPP_DELIVER');
    const sub = trace.find((t) => t.command === 'CMPP_SUBMIT')!;
    expect(o.ok && sub.sequenceId).toBe(o.ok ? o.sequenceId : -1);
    expect(sub.hex.slice(8, 16)).toBe('00000004');
  });
});
