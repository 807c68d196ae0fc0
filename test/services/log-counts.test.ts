// The delivery log's counts that come from the outbox's counters (electron/store/log/counts.ts),
// not from the rows, equal a count of the rows: while a campaign runs through a faulty gateway
// (connections killed, responses lost, Result 8, failure Stats) and after it settles, for every
// filter the counters answer (nothing, states, a campaign, a campaign and states). Each comparison
// runs in one synchronous stretch, so no write falls between the two counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCounters } from '../../electron/store/log/counts.js';
import { LogViews } from '../../electron/store/log/views.js';
import type { LogFilter } from '../../shared/ipc/contract/log.js';
import { MessageStates, type MessageState } from '../../shared/message-state.js';
import { type Engine, mobileNumbers, startEngine } from './fixtures/engine.js';
import { STATE_CODE } from '../../electron/store/state-codes.js';

const N = 1500;

describe('log counts from the counters', () => {
  let e: Engine;
  let killer: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    e = await startEngine({
      sim: { reports: { delayMs: { min: 0, max: 50 }, statMix: { DELIVRD: 0.7, UNDELIV: 0.15, EXPIRED: 0.1, 'MK:0012': 0.05 } }, deliverResendMs: 500 },
      account: { connections: 2, window: 16, rate: 1500, responseTimeoutMs: 300, maxSends: 3, signature: '【计数测试】' },
      ws: { pool: { backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 500 }, maxFlowControlResends: 5 } },
    });
  }, 30_000);
  afterAll(async () => {
    clearInterval(killer);
    await e?.close();
  });

  it('equal a recount of the rows while a faulty campaign runs and after it settles', async () => {
    const { ws, sim } = e;
    const other = await ws.campaigns.create({ accountId: e.account.id, text: 'second campaign 第二个', numbers: mobileNumbers(200, 13600000000) });
    const created = await ws.campaigns.create({ accountId: e.account.id, text: 'count test 计数测试', numbers: mobileNumbers(N, 13500000000) });
    const id = created.campaign.id;
    const views = new LogViews(ws.store);
    const filters: LogFilter[] = [
      {},
      ...MessageStates.map((s) => ({ states: [s] })),
      { states: ['failed', 'unknown', 'in_doubt'] },
      { campaignId: id },
      { campaignId: other.campaign.id },
      { campaignId: id, states: ['delivered'] },
      { campaignId: id, states: ['failed', 'in_doubt', 'submitting', 'queued'] },
    ];
    const rows = (f: LogFilter): number => {
      const states = JSON.stringify((f.states ?? MessageStates).map((s) => STATE_CODE[s]));
      const sql = `SELECT count(*) FROM messages WHERE state IN (SELECT value FROM json_each(?))${f.campaignId === undefined ? '' : ' AND campaign_id = ?'}`;
      const args: unknown[] = f.campaignId === undefined ? [states] : [states, f.campaignId];
      return ws.db.prepare(sql).pluck().get(...args) as number;
    };
    // Every one of them is the counters' to answer (not the index count's).
    const counters = new LogCounters(ws.db);
    for (const f of filters) expect(counters.answers(ws.store.log.plan(f)), JSON.stringify(f)).toBe(true);
    let compared = 0;
    const compareAll = async () => {
      for (const f of filters) {
        const { viewId } = views.open(f);
        // count() is synchronous up to its first await when the counters answer: both counts see the same rows.
        const counted = views.count(viewId);
        const want = rows(f);
        expect(await counted, JSON.stringify(f)).toBe(want);
        views.close(viewId);
        compared++;
      }
    };

    sim.faults.dropResponses(0.01);
    sim.faults.flowControl(0.02);
    killer = setInterval(() => sim.faults.killConnections(), 700);
    await ws.campaigns.start(other.campaign.id);
    await ws.campaigns.start(id);
    const seen = new Set<MessageState>();
    await ws.campaigns.waitUntilSettled(id, {
      intervalMs: 50,
      onProgress: (n) => {
        for (const s of MessageStates) if (n[s] > 0) seen.add(s);
        void compareAll();
        if (n.queued + n.submitting < N * 0.05 && killer) {
          clearInterval(killer);
          killer = undefined;
        }
      },
    });
    await ws.campaigns.waitUntilSettled(other.campaign.id, { intervalMs: 50 });
    sim.faults.dropResponses(0);
    sim.faults.flowControl(0);
    await compareAll();
    // The campaign went through the states a run has, and ended with failures among its outcomes.
    expect([...seen]).toEqual(expect.arrayContaining(['queued', 'submitting', 'delivered', 'failed']));
    expect(rows({ campaignId: id, states: ['failed'] })).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(filters.length * 3);
  }, 90_000);
});
