// statistics_daily kept in the same transactions as the rows it counts: after every kind of change
// (enqueue with skips, claims, SUBMIT_RESP 0/8/refusal, reports of every class, in doubt, cancels,
// report wait expiry, MO and opt-outs, deletion) the maintained rows equal a recount from the rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignDeletion } from '../../electron/store/campaign-deletion.js';
import { StatisticsQueries } from '../../electron/store/statistics/queries.js';
import type { Store } from '../../electron/store/store.js';
import { reasons } from '../../shared/reasons.js';
import { dayFromText, statisticsDay, StatisticsGroupings, type StatisticsGrouping } from '../../shared/statistics.js';
import { CHINA_UTC_OFFSET_MINUTES } from '../../shared/time-format.js';
import { accountInput, decemberMsgId, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let accountId: number;
beforeAll(() => {
  store = openTestStore(tmp.file('statistics.db'));
  accountId = store.accounts.create(accountInput()).id;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

// 2026-12-06 09:00 at UTC+8, and the next day.
const day1 = Date.UTC(2026, 11, 6, 1, 0, 0);
const day2 = day1 + 86_400_000;

function exact(): void {
  expect(store.statistics.liveRows()).toEqual(store.statistics.expectedRows());
}

let seq = 0;
function respond(segmentIds: number[], result: number, at: number): bigint {
  const msgId = decemberMsgId(++seq);
  store.outbox.recordResponses([{ segmentIds, msgId, result, at }]);
  return msgId;
}

function report(msgId: bigint, number: string, stat: string, at: number): void {
  store.reports.record({
    accountId, deliverMsgId: BigInt(900_000 + seq), msgId, stat, submitTime: '2612060900', doneTime: '2612060901',
    destTerminalId: number, smscSequence: seq, receivedAt: at,
  });
}

describe('statistics_daily', () => {
  it('the day of a moment is the same in SQL (migration 11) and in shared/statistics.ts', () => {
    const at = [0, day1, day1 + 16 * 3_600_000 - 1, day1 + 16 * 3_600_000, Date.UTC(2026, 11, 31, 16, 0, 0), Date.UTC(2028, 1, 28, 17, 30)];
    for (const ms of at) {
      const sql = store.db.prepare(`SELECT CAST(strftime('%Y%m%d', (? + 28800000) / 1000, 'unixepoch') AS INTEGER)`).pluck().get(ms);
      expect(statisticsDay(ms), String(ms)).toBe(sql);
    }
    expect(CHINA_UTC_OFFSET_MINUTES * 60_000).toBe(28_800_000);
    expect(statisticsDay(day1)).toBe(20261206);
    expect(statisticsDay(Date.UTC(2026, 11, 31, 16, 0, 0))).toBe(20270101);
  });

  it('follow a campaign through every outcome, equal to a recount after each step', () => {
    const c = store.campaigns.create({ name: 'stats', accountId, text: '测试' });
    const nums = Array.from({ length: 12 }, (_, i) => String(13900000000 + i));
    const recipients = nums.map((number, i) => ({
      number,
      skipReason: i === 10 ? reasons.optOut() : i === 11 ? reasons.frequencyCap(3, 86_400_000, 2) : null,
      segmentCount: i === 9 ? 2 : 1,
      billedCount: i === 9 ? 2 : 1,
    }));
    for (const _ of store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, recipients, { now: day1 }));
    exact();
    const claimed = store.outbox.claim({ accountId, campaignId: c.id, limit: 100, reportExpected: true, now: day2 });
    expect(claimed).toHaveLength(10);
    exact();
    store.outbox.markHandedOver(claimed.flatMap((m) => m.segments.map((s) => s.segmentId)), day2);
    exact();
    const seg = (i: number) => claimed[i]!.segments.map((s) => s.segmentId);
    const ids: bigint[] = [];
    for (let i = 0; i < 6; i++) ids.push(respond(seg(i), 0, day2 + 1000));
    respond(seg(6), 13, day2 + 1000); // refused
    respond(seg(7), 8, day2 + 1000); // flow control: queued again, already handed over once
    store.outbox.markInDoubt(seg(8), reasons.inDoubt('timeout', 'no SUBMIT_RESP'), day2 + 2000);
    respond([seg(9)[0]!], 0, day2 + 1000);
    exact();
    report(ids[0]!, nums[0]!, 'DELIVRD', day2 + 5000);
    report(ids[1]!, nums[1]!, 'UNDELIV', day2 + 5000);
    report(ids[2]!, nums[2]!, 'EXPIRED', day2 + 5000);
    report(ids[3]!, nums[3]!, 'MK:0001', day2 + 5000);
    report(ids[4]!, nums[4]!, 'UNKNOWN', day2 + 5000);
    exact();
    // The last one waits for its report past the report wait: unknown by reason.
    expect(store.outbox.expireReports(accountId, day2 + 10_000, 100, day2 + 20_000)).toBeGreaterThan(0);
    exact();
    store.outbox.cancelQueued(accountId, c.id, 100, day2 + 30_000);
    exact();

    const r = store.statistics.query({ fromDay: 20261206, toDay: 20261207, campaignId: c.id });
    expect(r.totals).toMatchObject({
      messages: 12, submitted: 10, delivered: 1, refused: 1, failed: 3, unknown: 2, inDoubt: 1, skipped: 2, cancelled: 1, awaitingReport: 0, queued: 1,
    });
    expect(r.groups.map((g) => [g.key, g.messages])).toEqual([['2026-12-06', 2], ['2026-12-07', 10]]);
    expect(r.totals.segmentsSubmitted).toBe(11);
    // billed: every handed-over message but the refused one
    expect(r.totals.billed).toBe(10);
    const byCode = Object.fromEntries(r.reasons.map((x) => [`${x.outcome}/${x.kind}/${x.code}`, x.messages]));
    expect(byCode).toMatchObject({
      'failed/result/13': 1, 'failed/stat/UNDELIV': 1, 'failed/stat/EXPIRED': 1, 'failed/stat/MK:0001': 1,
      'unknown/stat/UNKNOWN': 1, 'unknown/reason/report-wait-expired': 1, 'skipped/reason/opt-out': 1, 'skipped/reason/frequency-cap': 1,
    });
  });

  it('count MO and opt-outs on the day received, by trigger', () => {
    const seg = store.inbox.recordSegment({
      accountId, deliverMsgId: 77n, srcTerminalId: '13900000001', destId: '106900001', serviceId: 'test', tpPid: 0, tpUdhi: 0, msgFmt: 15,
      content: Buffer.from('TD'), receivedAt: day2,
    });
    const mo = store.inbox.saveMessage(
      { accountId, srcTerminalId: '13900000001', destId: '106900001', serviceId: 'test', msgFmt: 15, text: 'TD', complete: true, segmentTotal: 1,
        segmentReceived: 1, content: Buffer.from('TD'), receivedAt: day2 },
      [seg.segmentId],
    );
    store.inbox.setOptEvent(mo.id, 'opt_out');
    exact();
    const r = store.statistics.query({ fromDay: 20261207, toDay: 20261207 });
    expect(r.totals).toMatchObject({ moReceived: 1, optOuts: 1 });
  });

  it('keep what a deleted campaign log counted; forget a discarded draft', () => {
    const before = store.statistics.query({ fromDay: 20261201, toDay: 20261231 }).totals;
    const c = store.campaigns.list().find((x) => x.name === 'stats')!;
    store.db.prepare(`UPDATE campaigns SET state = 'completed' WHERE id = ?`).run(c.id);
    const deletion = new CampaignDeletion(store.db);
    const mo = store.inbox.recent(1)[0]!;
    store.inbox.linkCampaign(mo.id, c.id);
    exact();
    while (deletion.deleteLogChunk(c.id, 5) > 0);
    exact();
    // The campaign row goes: its MO's campaign becomes NULL (ON DELETE SET NULL), counted as a direct one.
    deletion.remove(c.id);
    exact();
    expect(store.statistics.query({ fromDay: 20261201, toDay: 20261231 }).totals).toEqual(before);

    const draft = store.campaigns.create({ name: 'draft', accountId, text: '测试' });
    expect(draft.id, 'a removed campaign\'s id, its statistics with it, is never given again').toBeGreaterThan(c.id);
    for (const _ of store.outbox.enqueue({ accountId, campaignId: draft.id, segmentCount: 1 }, [{ number: '13700000000' }], { now: day1 }));
    expect(store.statistics.query({ fromDay: 20261206, toDay: 20261206, campaignId: draft.id }).totals.queued).toBe(1);
    store.outbox.deleteMessagesOf(draft.id);
    exact();
    expect(store.statistics.query({ fromDay: 20261206, toDay: 20261206, campaignId: draft.id }).totals.messages).toBe(0);
  });

  it('recount() repairs a damaged table and says how many rows were wrong', () => {
    store.db.prepare('UPDATE statistics_daily SET messages = messages + 5 WHERE kept = 0 AND outcome = ?').run('delivered');
    expect(store.statistics.recount()).toBeGreaterThan(0);
    exact();
    expect(store.statistics.recount()).toBe(0);
  });

  it('reads a year in index order, grouped as the rows come: no full scan, no sort of the range', () => {
    const queries = new StatisticsQueries(store.db);
    const plan = (by: StatisticsGrouping, account: boolean, campaign: boolean) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${queries.statement(by, account, campaign).source}`).all({ from: 20260101, to: 20261231, ...(account ? { account: 1 } : {}), ...(campaign ? { campaign: 3 } : {}) }) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    for (const by of StatisticsGroupings) {
      for (const account of [false, true]) {
        const p = plan(by, account, false);
        expect(p, `${by}${account ? ' of an account' : ''}`).toMatch(/SEARCH statistics_daily USING COVERING INDEX statistics_by_day \(day>\? AND day<\?\)/);
        expect(p, `${by}${account ? ' of an account' : ''}`).not.toMatch(/TEMP B-TREE|SCAN/);
      }
      // One campaign: its own rows through its index (sorted, but only its rows).
      expect(plan(by, false, true)).toMatch(/SEARCH statistics_daily USING INDEX statistics_by_campaign \(campaign_id=\? AND day>\? AND day<\?\)/);
    }
    expect(dayFromText('2026-02-30')).toBeNull();
  });
});
