import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlState, stateFromColumn } from '../../electron/store/state-codes.js';
import { msgIdForDestination } from '../../electron/store/msg-id-column.js';
import type { Store } from '../../electron/store/store.js';
import { accountInput, decemberMsgId, numbers, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let accountId: number;
beforeAll(() => {
  store = openTestStore(tmp.file('outbox.db'));
  accountId = store.accounts.create(accountInput()).id;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

let campaignNo = 0;
function campaign(over: { feeCode?: string; feeType?: string } = {}) {
  return store.campaigns.create({ name: `c${++campaignNo}`, accountId, text: '测试', ...over });
}

function enqueue(campaignId: number | null, nums: string[], segmentCount = 1) {
  for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount }, nums.map((number) => ({ number, text: campaignId === null ? 'direct' : null }))));
}

function sendAll(campaignId: number | null, limit = 1000, reportExpected = true) {
  const claimed = store.outbox.claim({ accountId, campaignId, limit, reportExpected });
  store.outbox.markSent(claimed.flatMap((m) => m.segments.map((s, i) => ({ segmentIds: [s.segmentId], sequenceId: i + 1, connection: 'c0' }))));
  return claimed;
}

describe('enqueue', () => {
  it('writes 200,000 recipients in bounded chunks, validating all before writing any', () => {
    const c = campaign();
    const steps = [...store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 2 }, numbers(200_000), { chunkSize: 10_000 })];
    const validate = steps.filter((s) => s.phase === 'validate');
    const write = steps.filter((s) => s.phase === 'write');
    expect(validate).toHaveLength(20);
    expect(write).toHaveLength(20);
    expect(steps.indexOf(write[0]!)).toBe(20); // every validate step came first
    expect(write.every((s) => s.lastId - s.firstId + 1 === 10_000 && s.chunkMs >= 0)).toBe(true);
    expect(write.at(-1)).toMatchObject({ read: 200_000, written: 200_000, queued: 200_000, skipped: 0 });
    expect(store.campaigns.counts(c.id)).toMatchObject({ queued: 200_000, total: 200_000 });
    const rows = store.db.prepare('SELECT count(*) AS n, min(segment_count) AS s, max(billed_count) AS b FROM messages WHERE campaign_id = ?').get(c.id);
    expect(rows).toEqual({ n: 200_000, s: 2, b: 2 });
  });

  it('writes nothing when a recipient far into the input is bad, and names it', () => {
    const c = campaign();
    function* input() {
      yield* numbers(150_000);
      yield { number: '   ' };
    }
    expect(() => [...store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, input(), { chunkSize: 10_000 })]).toThrow(
      /recipient 150001: number is empty/,
    );
    expect(store.campaigns.counts(c.id).total).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM messages WHERE campaign_id = ?').pluck().get(c.id)).toBe(0);
  });

  it('stores numbers normalised, in number order within a call, skipped ones with their reason', () => {
    const c = campaign();
    for (const _ of store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, [
      { number: '+8613900000002' },
      { number: '13900000001', skipReason: 'opted out (TD)' },
      { number: '86 139 0000 0003', text: '张三您好', billedCount: 2 },
      { number: '13900000002' },
    ], { chunkSize: 2 }));
    const rows = (store.db.prepare('SELECT CAST(number AS TEXT) AS number, state, reason, text, billed_count FROM messages WHERE campaign_id = ? ORDER BY id').all(c.id) as { state: number }[])
      .map((r) => ({ ...r, state: stateFromColumn(r.state) }));
    expect(rows).toEqual([
      { number: '13900000001', state: 'skipped', reason: 'opted out (TD)', text: null, billed_count: 1 },
      { number: '13900000002', state: 'queued', reason: null, text: null, billed_count: 1 },
      { number: '13900000002', state: 'queued', reason: null, text: null, billed_count: 1 },
      { number: '13900000003', state: 'queued', reason: null, text: '张三您好', billed_count: 2 },
    ]);
    expect(store.campaigns.counts(c.id)).toMatchObject({ queued: 3, skipped: 1, total: 4 });
  });

  it('refuses bad targets and direct sends without text', async () => {
    const c = campaign();
    expect(() => [...store.outbox.enqueue({ accountId: 999, campaignId: c.id, segmentCount: 1 }, [])]).toThrow(/account 999 does not exist/);
    expect(() => [...store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 0 }, [])]).toThrow(/segment count/);
    expect(() => [...store.outbox.enqueue({ accountId, campaignId: null, segmentCount: 1 }, [{ number: '13800138000' }])]).toThrow(/direct send needs its text/);
    store.campaigns.setState(c.id, 'cancelled');
    expect(() => [...store.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, [])]).toThrow(/cancelled; it takes no more recipients/);
    // The async form yields to the event loop between steps.
    const c2 = campaign();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const done = await store.outbox.enqueueAsync({ accountId, campaignId: c2.id, segmentCount: 1 }, numbers(20_000, 15000000000), { chunkSize: 1000 });
    clearInterval(timer);
    expect(done.written).toBe(20_000);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('the pump path', () => {
  it('claims in queue order, creates one segment per PDU, and records December Msg_Ids exactly', () => {
    const c = campaign();
    enqueue(c.id, ['13700000003', '13700000001', '13700000002'], 3);
    const claimed = store.outbox.claim({ accountId, campaignId: c.id, limit: 2, reportExpected: true });
    expect(claimed.map((m) => m.number)).toEqual(['13700000001', '13700000002']);
    expect(claimed[0]!.segments.map((s) => [s.pkNumber, s.pkTotal])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(store.outbox.stateOf(claimed[0]!.messageId)).toBe('submitting');
    expect(store.campaigns.counts(c.id)).toMatchObject({ queued: 1, submitting: 2 });

    const segs = claimed[0]!.segments;
    store.outbox.markSent([{ segmentIds: segs.map((s) => s.segmentId).slice(0, 1), sequenceId: 7, connection: 'gw1#0', at: 5000 }]);
    store.outbox.markSent(segs.slice(1).map((s, i) => ({ segmentIds: [s.segmentId], sequenceId: 8 + i, connection: 'gw1#0', at: 5001 })));
    const ids = [decemberMsgId(100), decemberMsgId(101), decemberMsgId(102)];
    expect(ids[0]! > 2n ** 63n).toBe(true);
    const sum = store.outbox.recordResponses(segs.map((s, i) => ({ segmentIds: [s.segmentId], msgId: ids[i]!, result: 0, at: 6000 })));
    expect(sum).toMatchObject({ submitted: 3, failed: 0, requeued: 0 });
    const detail = store.log.detail(claimed[0]!.messageId);
    expect(detail.message).toMatchObject({ state: 'submitted', submittedAt: 5000 });
    expect(detail.segments.map((s) => s.msgId)).toEqual(ids);
    expect(detail.segments[0]).toMatchObject({ sequenceId: 7, connection: 'gw1#0', sendCount: 1, submitAt: 5000, responseAt: 6000, result: 0 });
    expect(store.log.messagesByMsgId(accountId, ids[1]!)).toEqual([claimed[0]!.messageId]);
  });

  it('gives destination i of a multi-destination SUBMIT Msg_Id + i, wrapping the sequence part', () => {
    const base = (decemberMsgId(0) & ~0xffffn) | 0xfffen;
    expect(msgIdForDestination(base, 0)).toBe(base);
    expect(msgIdForDestination(base, 1)).toBe(base + 1n);
    expect(msgIdForDestination(base, 2)).toBe(base & ~0xffffn); // sequence wrapped, time and ISMG kept
    const c = campaign();
    enqueue(c.id, ['13600000001', '13600000002', '13600000003']);
    const claimed = store.outbox.claim({ accountId, campaignId: c.id, limit: 10, reportExpected: true });
    const segmentIds = claimed.map((m) => m.segments[0]!.segmentId);
    store.outbox.markSent([{ segmentIds, sequenceId: 1, connection: 'c0' }]);
    store.outbox.recordResponses([{ segmentIds, msgId: base, result: 0 }]);
    expect(claimed.map((m) => store.log.detail(m.messageId).segments[0]!.msgId)).toEqual([base, base + 1n, base & ~0xffffn]);
  });

  it('hands segments over in one step: all of them, or none and the one not being submitted named', () => {
    const c = campaign();
    enqueue(c.id, ['13500000101', '13500000102'], 2);
    const claimed = store.outbox.claim({ accountId, campaignId: c.id, limit: 10, reportExpected: true });
    expect(claimed.map((m) => store.outbox.stateOf(m.messageId))).toEqual(['submitting', 'submitting']);
    const ids = claimed.flatMap((m) => m.segments.map((x) => x.segmentId));
    const sendCounts = () => ids.map((id) => store.db.prepare('SELECT send_count FROM segments WHERE id = ?').pluck().get(id));
    store.outbox.markHandedOver(ids.slice(0, 2), 5);
    expect(sendCounts()).toEqual([1, 1, 0, 0]);
    // A segment no longer being submitted (its response recorded) makes the whole call change nothing.
    store.outbox.recordResponses([{ segmentIds: [ids[2]!], msgId: decemberMsgId(90), result: 0 }]);
    expect(() => store.outbox.markHandedOver([ids[3]!, ids[2]!], 6)).toThrow(new RegExp(`segment ${ids[2]} is not being submitted`));
    expect(sendCounts()).toEqual([1, 1, 0, 0]);
  });

  it('requeues on Result 8 (flow control) and re-claims only the segment still to send', () => {
    const c = campaign();
    enqueue(c.id, ['13500000001'], 2);
    const [m] = sendAll(c.id);
    const [s1, s2] = m!.segments;
    store.outbox.recordResponses([
      { segmentIds: [s1!.segmentId], msgId: decemberMsgId(1), result: 0 },
      { segmentIds: [s2!.segmentId], msgId: 0n, result: 8 },
    ]);
    expect(store.outbox.stateOf(m!.messageId)).toBe('queued');
    const again = store.outbox.claim({ accountId, campaignId: c.id, limit: 10, reportExpected: true });
    expect(again).toHaveLength(1);
    expect(again[0]!.segments.map((s) => s.segmentId)).toEqual([s2!.segmentId]);
  });

  it('fails the message on another Result, cancels its unsent segments, and ignores duplicate responses', () => {
    const c = campaign();
    enqueue(c.id, ['13400000001'], 3);
    const claimed = store.outbox.claim({ accountId, campaignId: c.id, limit: 1, reportExpected: true });
    const [s1, s2, s3] = claimed[0]!.segments;
    store.outbox.markSent([{ segmentIds: [s1!.segmentId], sequenceId: 1, connection: 'c0' }]);
    // segments 2 and 3 go back to the queue (e.g. Result 8) before segment 1 fails
    store.outbox.markSent([{ segmentIds: [s2!.segmentId, s3!.segmentId], sequenceId: 2, connection: 'c0' }]);
    store.outbox.recordResponses([{ segmentIds: [s2!.segmentId, s3!.segmentId], msgId: 0n, result: 8 }]);
    const sum = store.outbox.recordResponses([{ segmentIds: [s1!.segmentId], msgId: 0n, result: 13 }]);
    expect(sum.failed).toBe(1);
    const d = store.log.detail(claimed[0]!.messageId);
    expect(d.message).toMatchObject({ state: 'failed', result: 13, reason: 'SUBMIT_RESP Result 13 (Dest_terminal_Id error)' });
    expect(d.segments.map((s) => s.state)).toEqual(['failed', 'cancelled', 'cancelled']);
    expect(store.outbox.recordResponses([{ segmentIds: [s1!.segmentId], msgId: 0n, result: 0 }]).ignored).toBe(1);
    expect(store.outbox.claim({ accountId, campaignId: c.id, limit: 10, reportExpected: true })).toEqual([]);
  });

  it('after a crash: unsent claims go back to the queue, sent ones become in_doubt; free resent, charged wait', () => {
    const free = campaign({ feeCode: '0' });
    const charged = campaign({ feeType: '02', feeCode: '10' });
    enqueue(free.id, ['13300000001', '13300000002']);
    enqueue(charged.id, ['13300000003']);
    const freeClaim = store.outbox.claim({ accountId, campaignId: free.id, limit: 10, reportExpected: true });
    const chargedClaim = store.outbox.claim({ accountId, campaignId: charged.id, limit: 10, reportExpected: true });
    // Only the first free message and the charged one reached the wire before the "kill".
    store.outbox.markSent([
      { segmentIds: [freeClaim[0]!.segments[0]!.segmentId], sequenceId: 1, connection: 'c0' },
      { segmentIds: [chargedClaim[0]!.segments[0]!.segmentId], sequenceId: 2, connection: 'c0' },
    ]);
    const before = store.db.prepare(`SELECT count(*) FROM segments WHERE state = ${sqlState('submitting')} AND send_count > 0`).pluck().get() as number;
    const recovered = store.outbox.recoverAfterCrash();
    expect(recovered.inDoubt).toBe(before); // earlier tests left sent-but-unanswered segments too
    expect(recovered.requeued).toBeGreaterThanOrEqual(1);
    expect(store.db.prepare(`SELECT count(*) FROM segments WHERE state = ${sqlState('submitting')}`).pluck().get()).toBe(0);
    expect(store.outbox.stateOf(freeClaim[1]!.messageId)).toBe('queued');
    expect(store.outbox.stateOf(freeClaim[0]!.messageId)).toBe('in_doubt');
    expect(store.outbox.stateOf(chargedClaim[0]!.messageId)).toBe('in_doubt');
    const doubt = store.outbox.inDoubt().filter((m) => m.campaignId === free.id || m.campaignId === charged.id);
    expect(doubt.map((m) => [m.number, m.charged])).toEqual([
      ['13300000001', false],
      ['13300000003', true],
    ]);
    expect(store.campaigns.counts(free.id)).toMatchObject({ in_doubt: 1, queued: 1 });
    // Free: resent automatically, flagged as a possible duplicate.
    expect(store.outbox.resendInDoubt([doubt[0]!.messageId])).toBe(1);
    const re = store.outbox.claim({ accountId, campaignId: free.id, limit: 10, reportExpected: true });
    expect(re.map((m) => [m.number, m.possibleDuplicate])).toEqual([
      ['13300000001', true],
      ['13300000002', false],
    ]);
    // Charged: the operator drops it; its outcome stays unknown.
    expect(store.outbox.dropInDoubt([doubt[1]!.messageId])).toBe(1);
    expect(store.log.detail(doubt[1]!.messageId).message).toMatchObject({ state: 'unknown', reason: 'in doubt, dropped by the operator' });
  });

  it('marks what was on a lost connection in_doubt', () => {
    const c = campaign();
    enqueue(c.id, ['13200000001']);
    const [m] = sendAll(c.id);
    expect(store.outbox.markInDoubt([m!.segments[0]!.segmentId], 'connection lost before SUBMIT_RESP')).toBe(1);
    expect(store.log.detail(m!.messageId).message).toMatchObject({ state: 'in_doubt', reason: 'connection lost before SUBMIT_RESP' });
  });

  it('cancels queued messages in chunks and leaves those on the wire alone', () => {
    const c = campaign();
    enqueue(c.id, Array.from({ length: 25 }, (_, i) => String(13100000000 + i)));
    sendAll(c.id, 5);
    let n = 0;
    let total = 0;
    while ((n = store.outbox.cancelQueued(accountId, c.id, 7)) > 0) total += n;
    expect(total).toBe(20);
    expect(store.campaigns.counts(c.id)).toMatchObject({ cancelled: 20, submitting: 5, queued: 0, total: 25 });
  });

  it('claims direct sends (no campaign) with their overrides', () => {
    for (const _ of store.outbox.enqueue({ accountId, campaignId: null, segmentCount: 1 }, [
      { number: '13000000009', text: '回复', srcId: '1069000101', serviceId: 'REPLY', linkId: 'L123' },
    ]));
    const [m] = store.outbox.claim({ accountId, campaignId: null, limit: 10, reportExpected: false });
    expect(m).toMatchObject({ campaignId: null, text: '回复', srcId: '1069000101', serviceId: 'REPLY', linkId: 'L123' });
  });
});

describe('campaign counters', () => {
  it('agree with a full recount after every path above (enqueue, claim, responses, crash, resend, drop, cancel)', () => {
    const campaigns = store.campaigns.list();
    expect(campaigns.length).toBeGreaterThan(5);
    const kept = campaigns.map((c) => store.campaigns.counts(c.id));
    for (const c of campaigns) store.outbox.recount(c.id);
    expect(campaigns.map((c) => store.campaigns.counts(c.id))).toEqual(kept);
  });

  it('roll back with the transaction that failed', () => {
    const c = campaign();
    enqueue(c.id, ['13900000077']);
    const [m] = store.outbox.claim({ accountId, campaignId: c.id, limit: 1, reportExpected: true });
    store.outbox.markSent([{ segmentIds: [m!.segments[0]!.segmentId], sequenceId: 1, connection: 'c0' }]);
    expect(() =>
      store.outbox.recordResponses([
        { segmentIds: [m!.segments[0]!.segmentId], msgId: decemberMsgId(5), result: 0 },
        { segmentIds: [987654321], msgId: decemberMsgId(6), result: 0 },
      ]),
    ).toThrow(/segment 987654321 does not exist/);
    expect(store.outbox.stateOf(m!.messageId)).toBe('submitting');
    expect(store.campaigns.counts(c.id)).toMatchObject({ submitting: 1, submitted: 0 });
  });
});
