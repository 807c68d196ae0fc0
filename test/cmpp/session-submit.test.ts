// Submitting over one connection against the simulator: the window, Msg_Ids, report matching
// (early and duplicate reports), the rate limit as the gateway measures it, QUERY and CANCEL.
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmitOutcome } from '../../electron/cmpp/session/outcomes.js';
import { ReportMatcher } from '../../electron/cmpp/session/report-matcher.js';
import type { StatusReport } from '../../electron/cmpp/wire/report.js';
import { VERSIONS, type CmppVersion } from '../../electron/cmpp/wire/version.js';
import type { IsmgSimulator } from '../../electron/simulator/index.js';
import { CmppAccountPool, poolConfig, recordEvents, request, startSim } from './client-harness.js';
import { until } from '../support/until.js';

let pool: CmppAccountPool | undefined;
let sim: IsmgSimulator | undefined;

afterEach(async () => {
  await pool?.stop({ timeoutMs: 500, terminateTimeoutMs: 300 });
  await sim?.stop();
  pool = undefined;
  sim = undefined;
});

describe.each(VERSIONS)('submits, CMPP %s', (version: CmppVersion) => {
  it('10,000 submits with window 16: never more than 16 outstanding, every Msg_Id, every report matched (early and duplicate ones too)', async () => {
    sim = await startSim(version, {
      record: false,
      reports: { delayMs: { min: 0, max: 30 }, beforeResponseRate: 0.1, duplicateRate: 0.05 },
    });
    const matcher = new ReportMatcher<number>();
    let early = 0;
    let duplicates = 0;
    let finals = 0;
    const count = (m: ReturnType<typeof matcher.report>) => {
      if (m.kind === 'early') early++;
      else if (m.kind === 'duplicate') duplicates++;
      else if (m.final) finals++;
    };
    let reportsOnWire = 0;
    pool = new CmppAccountPool(
      poolConfig(sim, version, {
        onDeliver: (d, info) => {
          expect(d.Registered_Delivery).toBe(1);
          reportsOnWire++;
          count(matcher.report(info.report as StatusReport));
        },
      }),
    );
    pool.start();
    await pool.whenReady();
    const N = 10_000;
    const dests = (i: number) => (i % 10 === 0 ? [`1390000${i % 1000}`.padEnd(11, '0'), `1370000${i % 1000}`.padEnd(11, '1'), `1360000${i % 1000}`.padEnd(11, '2')] : [`138${String(i).padStart(8, '0')}`]);
    let destinations = 0;
    const outcomes = await Promise.all(
      Array.from({ length: N }, (_, i) => {
        destinations += dests(i).length;
        return pool!.submit(request(i, dests(i))).then((o: SubmitOutcome) => {
          if (o.ok) for (const m of matcher.expect(o.msgId, dests(i), i)) count(m);
          return o;
        });
      }),
    );
    const failed = outcomes.filter((o) => !o.ok);
    expect(failed).toEqual([]);
    const ids = new Set(outcomes.map((o) => (o.ok ? o.msgId : -1n)));
    expect(ids.size).toBe(N);
    await until(`all ${destinations} reports (have ${finals})`, () => finals === destinations, 20_000);
    expect(sim.stats.maxOutstanding).toBeLessThanOrEqual(16);
    expect(sim.stats.maxOutstanding).toBe(16); // the window is actually used
    expect(sim.stats.windowViolations).toBe(0);
    expect(early).toBeGreaterThan(0); // reports before their SUBMIT_RESP were kept and matched
    await until('duplicates', () => reportsOnWire === finals + duplicates && duplicates > 0);
    expect(matcher.early).toBe(0);
    expect(pool.counters.responsesOk).toBe(N);
    expect(pool.counters.deliversAcked).toBe(reportsOnWire);
    await until('every DELIVER acknowledged', () => sim!.stats.reportsAcked === sim!.stats.reportsSent);
  });

  it('never lets any 1-second window carry more than the configured rate, counted per destination', async () => {
    sim = await startSim(version, { reports: { delayMs: 0 } });
    const R = 150;
    pool = new CmppAccountPool(poolConfig(sim, version, { rate: R }));
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    const dests = (i: number) => Array.from({ length: 1 + (i % 3) }, (_, k) => `1350000${String(i).padStart(3, '0')}${k}`);
    let messages = 0;
    const all: Promise<SubmitOutcome>[] = [];
    for (let i = 0; i < 220; i++) {
      messages += dests(i).length;
      all.push(pool.submit(request(i, dests(i))));
    }
    const outcomes = await Promise.all(all);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(messages).toBeGreaterThan(2.5 * R); // about 3 seconds' worth at R
    expect(sim.stats.maxMessagesInAnySecond).toBeLessThanOrEqual(R);
    // And computed here from what the simulator received, with the simulator's window definition.
    const subs = sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_SUBMIT').map((r) => ({ at: r.at, n: r.pdu.Command_Id === 'CMPP_SUBMIT' ? r.pdu.DestUsr_tl : 0 }));
    expect(subs.reduce((a, s) => a + s.n, 0)).toBe(messages);
    let max = 0;
    let sum = 0;
    let tail = 0;
    for (const s of subs) {
      sum += s.n;
      while (s.at - subs[tail]!.at >= 1000) sum -= subs[tail++]!.n;
      max = Math.max(max, sum);
    }
    expect(max).toBeLessThanOrEqual(R);
    expect(max).toBeGreaterThan(R * 0.7); // it is a limit, not a crawl
    expect(sim.stats.flowControlled).toBe(0);
    expect(ev.logs.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('QUERY returns the gateway counters; CANCEL of a pending report succeeds', async () => {
    sim = await startSim(version, { reports: { delayMs: 5000 } });
    pool = new CmppAccountPool(poolConfig(sim, version));
    pool.start();
    await pool.whenReady();
    const a = await pool.submit(request(1, ['13800000001', '13800000002']));
    expect(a.ok).toBe(true);
    const q = await pool.query();
    expect(q.ok).toBe(true);
    if (q.ok) {
      expect(q.value.MT_TLMsg).toBeGreaterThanOrEqual(1);
      expect(q.value.MT_Tlusr).toBeGreaterThanOrEqual(2);
    }
    const c = await pool.cancel(a.ok ? a.msgId : 0n);
    expect(c).toMatchObject({ ok: true, value: { Success_Id: 0 } });
    const bad = await pool.query({ time: '2024-01-01-too-long' });
    expect(bad).toMatchObject({ ok: false, code: 'invalid', field: 'Time' });
  });

  it('a non-zero Result other than 8 fails that submit with the code and its meaning, not in doubt', async () => {
    sim = await startSim(version, { accounts: [{ spId: '900001', secret: '888888', version, serviceIds: ['TEST'], srcIdPrefix: '1069' }] });
    pool = new CmppAccountPool(poolConfig(sim, version));
    pool.start();
    await pool.whenReady();
    const [bad7, bad10, good] = await Promise.all([
      pool.submit(request(1, undefined, { Service_Id: 'OTHER' })),
      pool.submit(request(2, undefined, { Src_Id: '95555' })),
      pool.submit(request(3)),
    ]);
    expect(bad7).toMatchObject({ ok: false, code: 'result', result: 7, written: true, inDoubt: false, sends: 1 });
    expect(!bad7.ok && bad7.reason).toBe('SUBMIT refused by the gateway: Result 7 (service code error)');
    expect(bad10).toMatchObject({ ok: false, code: 'result', result: 10, reason: expect.stringMatching(/Src_Id error/) });
    expect(good.ok).toBe(true);
    expect(pool.counters.failedByResult).toEqual({ 7: 1, 10: 1 });
    expect(sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_SUBMIT').length).toBe(3); // no resend
  });

  it('refuses bad requests with a typed outcome naming the field, sending nothing', async () => {
    sim = await startSim(version);
    pool = new CmppAccountPool(poolConfig(sim, version, { maxDestinations: 5, rate: 3 }));
    pool.start();
    await pool.whenReady();
    expect(await pool.submit(request(1, ['1', '2', '3', '4', '5', '6']))).toMatchObject({ ok: false, code: 'invalid', field: 'Dest_terminal_Id', written: false });
    expect(await pool.submit(request(1, ['1', '2', '3', '4']))).toMatchObject({ ok: false, code: 'invalid', reason: expect.stringMatching(/rate of 3/) });
    expect(await pool.submit(request(1, ['13800000000'], { DestUsr_tl: 2 }))).toMatchObject({ ok: false, code: 'invalid', field: 'DestUsr_tl' });
    expect(await pool.submit(request(1, ['13800000000'], { Msg_Content: Buffer.alloc(200) }))).toMatchObject({ ok: false, code: 'invalid', written: false });
    expect(await pool.submit(request(1, ['1380000000000000000000000000000000000']))).toMatchObject({ ok: false, code: 'invalid', field: expect.stringMatching(/Dest_terminal_Id/) });
    expect(sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_SUBMIT')).toEqual([]);
  });
});
