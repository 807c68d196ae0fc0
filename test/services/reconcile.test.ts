// Reconciliation with the gateway (docs/protocol.md "Gateway counters and reconciliation") over a
// real engine, a real SQLite file and the simulator over TCP: a clean day (a campaign of hundreds
// of two-segment messages, every report in, MOs one of them long) agrees line by line; a day with
// SUBMITs in doubt (responses dropped, then a connection cut with responses on the wire) and
// reports still pending differs exactly by what the causes say, with their numbers.
import { afterAll, describe, expect, it } from 'vitest';
import { engineReconciliation } from '../../electron/services/statistics/reconcile.js';
import { RECONCILE_FACTS_SQL } from '../../electron/store/reconcile-facts.js';
import type { ReconcileLine, ReconcileReport } from '../../shared/reconcile.js';
import { type Engine, mobileNumbers, startEngine } from './fixtures/engine.js';
import { until } from '../support/until.js';

/** 80 characters of Chinese: two UCS2 segments. */
const LONG_TEXT = '【对账测试】会员日全场八折，详情请见门店公告。'.repeat(4).slice(0, 80);
const line = (r: ReconcileReport, counter: ReconcileLine['counter']) => r.lines.find((l) => l.counter === counter)!;
const count = (e: Engine, sql: string) => e.ws.db.prepare(sql).pluck().get() as number;

describe('a clean day', () => {
  let e: Engine;
  afterAll(() => e?.close());

  it('agrees with the gateway on every counter', async () => {
    e = await startEngine({ account: { signature: '' } });
    const { ws, sim } = e;
    const created = await ws.campaigns.create({ accountId: e.account.id, text: LONG_TEXT, numbers: mobileNumbers(300, 13700000000) });
    expect(created.queued).toBe(300);
    await ws.campaigns.start(created.campaign.id);
    const settled = await ws.campaigns.waitUntilSettled(created.campaign.id, { intervalMs: 50 });
    expect(settled.delivered).toBe(300);
    await sim.sendMo({ from: '13900000001', to: '1069000', text: '报名' });
    await sim.sendMo({ from: '13900000002', to: '1069000', text: 'TD' });
    await sim.sendMo({ from: '13900000003', to: '1069000', text: '这是一条很长的上行短信，'.repeat(8) });
    await until('every MO part stored and acknowledged', () => count(e, 'SELECT count(*) FROM mo_segments') === 4 && sim.stats.mosAcked === 4);

    const r = await engineReconciliation(ws, { timeoutMs: 10_000 }).run(e.account.id);
    expect(r.gateway).toEqual({ MT_TLMsg: 600, MT_Tlusr: 600, MT_Scs: 600, MT_WT: 0, MT_FL: 0, MO_Scs: 4, MO_WT: 0, MO_FL: 0 });
    expect(r.lines.map((l) => [l.counter, l.ours, l.difference, l.status])).toEqual(r.lines.map((l) => [l.counter, l.gateway, 0, 'equal']));
    expect(r.lines.every((l) => l.causes.length === 0)).toBe(true);
    expect(r).toMatchObject({ equal: true, explained: true, accountName: 'gw1' });
    expect(r.ours).toMatchObject({ messages: 300, segments: 600, billed: 600, delivered: 600, inDoubt: 0, moReceived: 4 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    // Our side reads the daily statistics and, for the rest, the time indexes: never the whole log.
    const plan = (ws.db.prepare(`EXPLAIN QUERY PLAN ${RECONCILE_FACTS_SQL}`).all({ account: 1, start: 0, end: 1 }) as { detail: string }[]).map((p) => p.detail);
    expect(plan.filter((d) => /^(SCAN|SEARCH) (?!CONSTANT)/.test(d)).every((d) => /^SEARCH \w+ USING (COVERING )?INDEX \w+ \((account_id=\? AND )?(response_at|received_at)>\?/.test(d)), plan.join('\n')).toBe(true);
  }, 60_000);
});

describe('a day with SUBMITs in doubt and reports pending', () => {
  let e: Engine;
  afterAll(() => e?.close());

  it('explains every difference with its cause and number', async () => {
    // One send per PDU, so each segment in doubt reached the gateway at most once; charged
    // messages, so nothing in doubt is sent again by itself (docs/glossary.md "In doubt").
    e = await startEngine({ account: { signature: '', maxSends: 1, responseTimeoutMs: 300, window: 16 } });
    const { ws, sim } = e;
    const charged = { feeType: '02', feeCode: '10' };
    const run = async (numbers: string[]) => {
      const c = await ws.campaigns.create({ accountId: e.account.id, text: '【对账测试】您好', numbers, ...charged });
      await ws.campaigns.start(c.campaign.id);
      return c.campaign.id;
    };
    const states = (id: number) => ws.campaigns.status(id);

    // 120 clean.
    const clean = await run(mobileNumbers(120, 13700000000));
    await ws.campaigns.waitUntilSettled(clean, { intervalMs: 50 });
    expect(states(clean).delivered).toBe(120);

    // 10 whose SUBMIT_RESPs are lost: accepted at the gateway, in doubt here; their reports come
    // back matching nothing of ours.
    sim.faults.dropResponses(1);
    const dropped = await run(mobileNumbers(10, 13710000000));
    await until('the 10 in doubt', () => states(dropped).in_doubt === 10);
    sim.faults.dropResponses(0);

    // 6 on the wire when the connection is cut: the gateway got them, their responses never left.
    sim.faults.delayResponses(60_000);
    const before = sim.stats.submits;
    const cut = await run(mobileNumbers(6, 13720000000));
    await until('the 6 SUBMITs at the gateway', () => sim.stats.submits === before + 6);
    sim.faults.killConnections();
    await until('the 6 in doubt', () => states(cut).in_doubt === 6);
    sim.faults.delayResponses(0);

    await until('the 16 reports of SUBMITs in doubt received', () => e.ws.store.reports.unmatched(1000).filter((r) => r.outcome === 'delivered').length === 16);

    // 5 whose reports are still to come (an hour from now).
    sim.setReports({ delayMs: 3_600_000 });
    const pending = await run(mobileNumbers(5, 13730000000));
    await until('the 5 submitted', () => states(pending).submitted === 5);

    const r = await engineReconciliation(ws, { timeoutMs: 10_000 }).run(e.account.id);
    expect(r.gateway).toEqual({ MT_TLMsg: 141, MT_Tlusr: 141, MT_Scs: 136, MT_WT: 5, MT_FL: 0, MO_Scs: 0, MO_WT: 0, MO_FL: 0 });
    expect(r.ours).toMatchObject({ segments: 125, delivered: 120, awaitingReport: 5, inDoubt: 16, unmatchedDelivered: 16, unmatchedFailed: 0 });
    expect(r).toMatchObject({ equal: false, explained: true });
    for (const counter of ['MT_TLMsg', 'MT_Tlusr'] as const) {
      expect(line(r, counter)).toEqual({
        counter, gateway: 141, ours: 125, difference: 16, status: 'explained',
        causes: [{ code: 'in-doubt', count: 16, max: 16 }, { code: 'unmatched-reports', count: 16 }],
      });
    }
    expect(line(r, 'MT_Scs')).toEqual({ counter: 'MT_Scs', gateway: 136, ours: 120, difference: 16, status: 'explained', causes: [{ code: 'unmatched-reports', count: 16 }] });
    expect(line(r, 'MT_WT')).toEqual({ counter: 'MT_WT', gateway: 5, ours: 5, difference: 0, status: 'equal', causes: [{ code: 'reports-pending', count: 5 }] });
    for (const counter of ['MT_FL', 'MO_Scs', 'MO_WT', 'MO_FL'] as const) expect(line(r, counter).status).toBe('equal');
    expect(r.lines.flatMap((l) => l.causes).some((c) => c.code === 'other-senders')).toBe(false);
  }, 90_000);
});
