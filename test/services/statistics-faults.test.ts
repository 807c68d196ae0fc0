// The statistics after campaigns through a faulty simulator (over TCP, real SQLite): failing Stats
// (UNDELIV, EXPIRED, REJECTD, MK:xxxx), UNKNOWN, lost responses leaving charged messages in doubt,
// Result 8 resends, a campaign refused by the gateway (wrong Service_Id: Result 7), skipped
// recipients, MO and an opt-out. The maintained aggregates equal a full recount from the rows, and
// the figures the statistics give agree with the campaigns' own counters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryStatistics } from '../../electron/services/statistics/statistics.js';
import { campaignOutcomes } from '../../electron/services/statistics/campaign-breakdown.js';
import { statisticsDay } from '../../shared/statistics.js';
import { type Engine, mobileNumbers, SP_ID, startEngine } from './fixtures/engine.js';
import { until } from '../support/until.js';

const N = 600;

describe('statistics after campaigns with faults', () => {
  let e: Engine;

  beforeAll(async () => {
    e = await startEngine({
      sim: {
        accounts: [{ spId: SP_ID, secret: '888888', version: '3.0', serviceIds: ['TESTSVC'] }],
        reports: { delayMs: { min: 0, max: 30 }, statMix: { DELIVRD: 0.6, UNDELIV: 0.1, EXPIRED: 0.1, REJECTD: 0.05, 'MK:0005': 0.05, UNKNOWN: 0.1 } },
        deliverResendMs: 500,
      },
      account: { connections: 1, window: 8, rate: 2000, responseTimeoutMs: 300, maxSends: 1, signature: '【统计】' },
      ws: { pool: { backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 500 }, maxFlowControlResends: 5 } },
    });
  }, 30_000);
  afterAll(async () => {
    await e?.close();
  });

  it('equal a recount, and agree with the campaign counters', async () => {
    const { ws, sim } = e;
    const exact = () => expect(ws.store.statistics.liveRows()).toEqual(ws.store.statistics.expectedRows());

    // A number that opted out before: the campaign skips it at enqueue.
    await ws.pool(e.account.id).whenReady();
    await sim.sendMo({ from: '13700000000', to: '1069000', text: 'TD' });
    await until('the opt-out MO stored', () => ws.store.optOuts.has('13700000000'));
    exact();

    // A charged campaign: lost responses leave its messages in doubt, for the operator.
    const charged = await ws.campaigns.create({ accountId: e.account.id, text: '计费统计测试', feeType: '02', feeCode: '10', numbers: [...mobileNumbers(N, 13500000000), '13700000000'] });
    sim.faults.dropResponses(0.03);
    sim.faults.flowControl(0.02);
    await ws.campaigns.start(charged.campaign.id);
    const counts = await ws.campaigns.waitUntilSettled(charged.campaign.id, { intervalMs: 50 });
    sim.faults.dropResponses(0);
    sim.faults.flowControl(0);
    exact();

    // A campaign the gateway refuses whole: its Service_Id is not the account's (Result 7).
    const refused = await ws.campaigns.create({ accountId: e.account.id, text: '拒绝测试', serviceId: 'OTHERSVC', numbers: mobileNumbers(20, 13600000000) });
    await ws.campaigns.start(refused.campaign.id);
    await ws.campaigns.waitUntilSettled(refused.campaign.id, { intervalMs: 50 });
    exact();

    const today = statisticsDay(Date.now());
    const r = queryStatistics(ws.store, { days: 2, campaignId: charged.campaign.id });
    expect(counts.in_doubt).toBeGreaterThan(0);
    expect(r.totals).toMatchObject({
      messages: N + 1,
      skipped: 1,
      delivered: counts.delivered,
      unknown: counts.unknown,
      inDoubt: counts.in_doubt,
      failed: counts.failed,
      refused: 0,
    });
    expect(r.totals.submitted).toBe(N);
    expect(r.groups.at(-1)!.key).toBe(`${String(today).slice(0, 4)}-${String(today).slice(4, 6)}-${String(today).slice(6)}`);
    const stats = new Map(r.reasons.map((x) => [`${x.outcome}/${x.kind}/${x.code}`, x.messages]));
    for (const stat of ['UNDELIV', 'EXPIRED', 'REJECTD', 'MK:0005']) expect(stats.get(`failed/stat/${stat}`), stat).toBeGreaterThan(0);
    expect(stats.get('unknown/stat/UNKNOWN')).toBeGreaterThan(0);
    expect(stats.get('skipped/reason/opt-out')).toBe(1);
    expect(stats.get('in_doubt/reason/')).toBe(counts.in_doubt);
    // The Campaigns screen's breakdown is the same rows.
    const breakdown = campaignOutcomes(ws.store, charged.campaign.id);
    expect(breakdown.reduce((n, b) => n + b.count, 0)).toBe(counts.delivered + counts.failed + counts.unknown);

    const all = queryStatistics(ws.store, { days: 1, by: 'campaign' });
    const ref = all.groups.find((g) => g.key === String(refused.campaign.id))!;
    expect(ref).toMatchObject({ messages: 20, refused: 20, submitted: 20, billed: 0 });
    expect(all.reasons).toContainEqual(expect.objectContaining({ outcome: 'failed', kind: 'result', code: '7', messages: 20 }));
    expect(all.totals).toMatchObject({ moReceived: 1, optOuts: 1 });

    // The operator drops the in-doubt messages: they become failed, on the same day.
    const doubt = ws.store.outbox.inDoubt(1000).map((m) => m.messageId);
    ws.campaigns.dropInDoubt(doubt);
    exact();
    expect(queryStatistics(ws.store, { days: 2, campaignId: charged.campaign.id }).totals.inDoubt).toBe(0);
    expect(ws.store.statistics.recount()).toBe(0);
  }, 90_000);
});
