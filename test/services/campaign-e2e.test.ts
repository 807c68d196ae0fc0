// End to end over loopback: a 3-segment Chinese campaign to a 250-number group
// through the simulator with a Stat mix; every segment submitted, every report matched, message and
// campaign rollups right (partial never shown as delivered), and the delivery-log export rows right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { MessageStates, type MessageState } from '../../shared/message-state.js';
import { msgIdForDestination } from '../../electron/store/msg-id-column.js';
import { until } from '../support/until.js';
import { type Engine, mobileNumbers, startEngine } from './fixtures/engine.js';
import { sqlState } from '../../electron/store/state-codes.js';
import { EVERY_REPORT } from '../../electron/store/folded-reports.js';

const TEXT =
  '【测试签名】尊敬的客户您好，感谢您一直以来对我们的支持与信任。为回馈新老客户，本店将于本周末举办会员专享活动，全场商品八折起，' +
  '积分可抵现金，另有精美礼品相送，数量有限，先到先得。活动地址：市中心人民路一百号。咨询电话请见官网。祝您生活愉快，万事如意！' +
  '本短信仅用于测试长短信的拆分、发送、状态报告匹配与汇总，请勿回复。';

describe('a 3-segment campaign to a 250-number group', () => {
  let e: Engine;
  let campaignId = 0;
  const partialSeen: { state: MessageState; rollup: string }[] = [];

  beforeAll(async () => {
    e = await startEngine({
      sim: {
        reports: {
          delayMs: { min: 0, max: 30 },
          statMix: { DELIVRD: 0.8, UNDELIV: 0.1, 'MK:0012': 0.1 },
          // Some reports come late, so messages sit with some segments delivered and others waiting.
          lateRate: 0.15,
          lateMs: 1500,
        },
      },
      account: { destsPerSubmit: 10, connections: 2, window: 8 },
    });
  }, 30_000);
  afterAll(async () => {
    await e?.close();
  });

  it('sends every segment, matches every report and rolls up per message and campaign', async () => {
    const { ws } = e;
    const group = ws.store.contacts.createGroup('vip');
    const numbers = mobileNumbers(250, 13800138000);
    const gen = ws.store.contacts.addMembers(group.id, numbers.map((n) => ({ number: n })));
    while (!gen.next().done);

    const created = await ws.campaigns.create({ accountId: e.account.id, name: 'weekend', text: TEXT, groupIds: [group.id] });
    campaignId = created.campaign.id;
    expect(created.plan).toEqual({ segments: 3, billedCount: 3, encoding: 'ucs2' });
    expect(created.queued).toBe(250);
    expect(created.campaign.state).toBe('draft');

    const started = await ws.campaigns.start(campaignId);
    expect(started.pumping).toBe(true);

    // While reports trickle in: a message with some segments delivered and others waiting shows as
    // partial and is never stored as delivered.
    await until('a partial message', () => {
      const page = ws.store.deliveryLog.search({ campaignId, states: ['submitted'] }, 500).entries;
      for (const m of page) if (m.rollup === 'partial') partialSeen.push({ state: m.state, rollup: m.rollup });
      return partialSeen.length > 0 || ws.campaigns.get(campaignId).state === 'completed';
    }, 30_000);

    const counts = await ws.campaigns.waitUntilSettled(campaignId, { intervalMs: 50 });
    expect(ws.campaigns.get(campaignId).state).toBe('completed');
    expect(counts.total).toBe(250);
    for (const s of MessageStates) expect(counts).toHaveProperty(s);
    expect(counts.delivered + counts.failed).toBe(250);

    // Every segment on the wire exactly once: 250 x 3 destinations in PDUs of at most 10.
    const submits = e.sim.received.map((r) => r.pdu).filter((p): p is Submit => p.Command_Id === 'CMPP_SUBMIT');
    expect(submits.reduce((n, p) => n + p.Dest_terminal_Id.length, 0)).toBe(750);
    expect(Math.max(...submits.map((p) => p.Dest_terminal_Id.length))).toBe(10);
    for (const p of submits) {
      expect(p.Pk_total).toBe(3);
      expect(p.TP_udhi).toBe(1);
      expect(p.Msg_Fmt).toBe(8);
      expect(p.Registered_Delivery).toBe(1);
      expect(p.Src_Id).toBe('1069000');
      expect(p.Service_Id).toBe('TESTSVC');
    }
    // The three segments of one message share one UDH reference.
    const refsByDest = new Map<string, Set<number>>();
    for (const p of submits) for (const d of p.Dest_terminal_Id) (refsByDest.get(d) ?? refsByDest.set(d, new Set()).get(d)!).add(p.Msg_Content[3]!);
    for (const refs of refsByDest.values()) expect(refs.size).toBe(1);

    // Every report matched to its segment.
    expect(ws.store.reports.unmatchedCount()).toBe(0);
    const reports = ws.db.prepare(`SELECT count(*) FROM ${EVERY_REPORT}`).pluck().get() as number;
    expect(reports).toBe(750);

    // Per message: delivered only when every segment is; failed when any failed, with its Stat.
    let checked = 0;
    const ids = ws.db.prepare('SELECT id FROM messages WHERE campaign_id = ? ORDER BY id').pluck().all(campaignId) as number[];
    for (const id of ids) {
      const { message, segments } = ws.store.deliveryLog.detail(id);
      expect(segments).toHaveLength(3);
      const states = segments.map((s) => s.state);
      if (states.every((s) => s === 'delivered')) expect(message.state).toBe('delivered');
      else {
        expect(states).toContain('failed');
        expect(message.state).toBe('failed');
        expect(['UNDELIV', 'MK:0012']).toContain(message.stat);
      }
      expect(message.rollup).not.toBe('partial');
      for (const s of segments) {
        expect(s.msgId).not.toBeNull();
        // docs/protocol.md "Msg_Id": destination i of a PDU has Msg_Id + i.
        expect(s.msgId! - s.pduMsgId! >= 0n && s.msgId! - s.pduMsgId! < 10n).toBe(true);
        expect(msgIdForDestination(s.pduMsgId!, Number(s.msgId! - s.pduMsgId!))).toBe(s.msgId);
      }
      checked++;
    }
    expect(checked).toBe(250);
    expect(partialSeen.length).toBeGreaterThan(0);
    expect(partialSeen.every((p) => p.state !== 'delivered')).toBe(true);

    // Delivery-log export: one row per segment, 750 rows, with the campaign's settings.
    const rows = [];
    for (let cursor: Parameters<typeof ws.store.deliveryLog.exportPage>[2]; ; ) {
      const page = ws.store.deliveryLog.exportPage({ campaignId }, 100, cursor);
      rows.push(...page.rows);
      if (!page.next) break;
      cursor = page.next;
    }
    expect(rows).toHaveLength(750);
    for (const r of rows) {
      expect(r.campaignName).toBe('weekend');
      expect(r.pkTotal).toBe(3);
      expect(r.msgId).not.toBeNull();
      expect(r.segmentState === 'delivered' || r.segmentState === 'failed').toBe(true);
      expect(r.srcId).toBe('1069000');
      expect(r.serviceId).toBe('TESTSVC');
      expect(r.feeType).toBe('01');
      expect(r.billedCount).toBe(3);
      expect(r.inDoubt).toBe(false);
      expect(r.reportAt).not.toBeNull();
      expect(r.messageState === 'delivered' ? r.segmentState === 'delivered' : true).toBe(true);
    }
    const delivered = rows.filter((r) => r.messageState === 'delivered');
    expect(delivered.length).toBe(counts.delivered * 3);
  }, 60_000);
});

describe('reports that arrive early, twice or never', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await startEngine({
      sim: { reports: { delayMs: { min: 0, max: 10 }, beforeResponseRate: 0.5, duplicateRate: 0.2, neverRate: 0.1 } },
      account: { signature: '【测试】', destsPerSubmit: 5, reportWaitMs: 1500 },
      ws: { pump: { leaseTtlMs: 3000, refreshMs: 50 } },
    });
    e.ws.settings.update({ reportSweepIntervalMs: 200 });
  }, 30_000);
  afterAll(async () => {
    await e?.close();
  });

  it('matches reports written before their SUBMIT_RESP, keeps second copies, and makes missing ones unknown after the wait', async () => {
    const { ws } = e;
    const r = await ws.campaigns.create({ accountId: e.account.id, text: 'early reports', numbers: mobileNumbers(200, 13700000000) });
    const fed: { campaignId: number | null; messageId: number | null; msgId: string; number: string; late?: boolean }[] = [];
    let batches = 0;
    const unsubscribe = ws.feed.subscribe((b) => {
      batches++;
      fed.push(...b.reports);
    });
    await ws.campaigns.start(r.campaign.id);
    const counts = await ws.campaigns.waitUntilSettled(r.campaign.id, { intervalMs: 50 });
    expect(counts.total).toBe(200);
    expect(counts.delivered + counts.unknown).toBe(200);
    expect(counts.unknown).toBeGreaterThan(0); // the never-sent ones, after the 1.5 s report wait
    expect(ws.store.reports.unmatchedCount()).toBe(0);
    const matched = ws.db.prepare(`SELECT count(DISTINCT segment_id) FROM ${EVERY_REPORT}`).pluck().get() as number;
    expect(matched).toBe(counts.delivered);
    const unknownReason = ws.db.prepare(`SELECT reason FROM messages WHERE campaign_id = ? AND state = ${sqlState('unknown')} LIMIT 1`).pluck().get(r.campaign.id);
    expect(unknownReason).toBe('no status report within the report wait');
    // The live feed got the reports in batches (never one event per report), with their message.
    await until('the feed to catch up', () => fed.length >= matched, 5000);
    unsubscribe();
    expect(batches).toBeLessThan(fed.length);
    expect(fed.length).toBeGreaterThanOrEqual(counts.delivered);
    expect(fed.some((x) => x.campaignId === r.campaign.id && x.messageId !== null)).toBe(true);
    // Reports that came before their SUBMIT_RESP are published unmatched, then again (late) once
    // the response matched them in the store, so the screens can put their message beside them.
    const late = fed.filter((x) => x.late);
    for (const x of fed.filter((f) => f.messageId === null)) {
      expect(late.some((l) => l.msgId === x.msgId && l.number === x.number && l.campaignId === r.campaign.id && l.messageId !== null)).toBe(true);
    }
  }, 30_000);
});
