// Long MOs over loopback (docs/protocol.md "Long messages and encodings"): shuffled segments with 6- and 7-byte UDHs, TP_udhi 1 and 0x40,
// UCS2 and GBK, reassembled exactly once; a resent DELIVER (same Msg_Id) not stored twice; a
// segment duplicated as a fresh DELIVER absorbed; a restart in the middle of a set loses nothing;
// an MO to an extended Src_Id linked to its campaign. Real simulator, real pool, real SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CmppAccountPool } from '../../electron/cmpp/session/client.js';
import type { InboxService } from '../../electron/services/inbox/inbox.js';
import type { IsmgSimulator } from '../../electron/simulator/index.js';
import type { Store } from '../../electron/store/store.js';
import { createAccount, inboxPool, inboxService, openStore, SRC_ID, startSim, tempDir } from './inbox-harness.js';
import { until } from '../support/until.js';

const LONG_CN = '尊敬的客户您好,关于上个月的账单我有几个问题想咨询一下:第一,流量包为什么没有生效;第二,话费为什么多扣了二十元;第三,能否把套餐改为更便宜的那一档。谢谢!'.repeat(2);
const LONG_EMOJI = `${LONG_CN.slice(0, 60)}😀🎉${LONG_CN.slice(60, 130)}𠮷${LONG_CN.slice(130)}`;

const tmp = tempDir();
let sim: IsmgSimulator;
let store: Store;
let inbox: InboxService;
let pool: CmppAccountPool;
let accountId: number;
/** Per DELIVER Msg_Id: how many times acceptMo saw it, and what it said. */
const seen = new Map<bigint, boolean[]>();
/** Senders whose first DELIVER is "kept but not acknowledged" (the handler throws after storing). */
const dropFirstAck = new Set<string>();

beforeAll(async () => {
  sim = await startSim('3.0', { deliverResendMs: 300 });
  store = openStore(tmp.file('mo.db'));
  accountId = createAccount(store, sim, '3.0');
  inbox = inboxService(store);
  inbox.start();
  pool = inboxPool(sim, '3.0', (d, info) => {
    const r = inbox.acceptMo(accountId, d, info);
    const list = seen.get(d.Msg_Id) ?? [];
    list.push(r.duplicate);
    seen.set(d.Msg_Id, list);
    if (dropFirstAck.delete(d.Src_terminal_Id)) throw new Error('simulated crash after commit, before DELIVER_RESP');
  });
  await pool.whenReady();
});

afterAll(async () => {
  await pool?.stop({ timeoutMs: 1000, terminateTimeoutMs: 500 });
  await inbox?.stop();
  await sim?.stop();
  store?.close();
  tmp.cleanup();
});

function segmentsOf(number: string): { n: number; pending: number } {
  const row = store.db
    .prepare('SELECT count(*) AS n, count(*) FILTER (WHERE mo_message_id IS NULL) AS pending FROM mo_segments WHERE number = ?')
    .get(number) as { n: number; pending: number };
  return row;
}

describe('long MOs over loopback', () => {
  const cases = [
    { udhLength: 6, tpUdhi: 1, msgFmt: 8, text: LONG_EMOJI },
    { udhLength: 7, tpUdhi: 1, msgFmt: 8, text: LONG_EMOJI },
    { udhLength: 6, tpUdhi: 0x40, msgFmt: 8, text: LONG_CN },
    { udhLength: 7, tpUdhi: 0x40, msgFmt: 8, text: LONG_CN },
    { udhLength: 6, tpUdhi: 1, msgFmt: 15, text: LONG_CN },
    { udhLength: 7, tpUdhi: 0x40, msgFmt: 15, text: LONG_CN },
  ] as const;

  cases.forEach((c, i) => {
    it(`reassembles a shuffled ${c.msgFmt === 8 ? 'UCS2' : 'GBK'} MO with a ${c.udhLength}-byte UDH and TP_udhi 0x${c.tpUdhi.toString(16)} exactly once`, async () => {
      const from = `1390000${String(i).padStart(4, '0')}`;
      const acked = sim.stats.mosAcked;
      await sim.sendMo({ from, to: SRC_ID, text: c.text, msgFmt: c.msgFmt, udhLength: c.udhLength, tpUdhi: c.tpUdhi, shuffle: true, serviceId: 'SVC', linkId: `L${i}` });
      await until(`MO from ${from}`, () => store.inbox.conversation(from).length > 0 && segmentsOf(from).pending === 0);
      const msgs = store.inbox.conversation(from);
      expect(msgs).toHaveLength(1);
      const m = msgs[0]!;
      expect(m.text).toBe(c.text);
      expect(m).toMatchObject({ complete: true, msgFmt: c.msgFmt, destId: SRC_ID, serviceId: 'SVC', linkId: `L${i}`, handled: false, campaignId: null, optEvent: null });
      expect(m.segmentTotal).toBeGreaterThanOrEqual(3);
      expect(m.segmentReceived).toBe(m.segmentTotal);
      const segs = segmentsOf(from);
      expect(segs).toEqual({ n: m.segmentTotal, pending: 0 });
      // Every part's DELIVER_RESP went out after its commit.
      await until('DELIVER_RESPs', () => sim.stats.mosAcked >= acked + m.segmentTotal);
      expect(store.inbox.threads().find((t) => t.number === from)).toMatchObject({ total: 1, unhandled: 1, lastMessageId: m.id });
    });
  });

  it('absorbs a part sent twice as a fresh DELIVER (new Msg_Id): one message, nothing left pending', async () => {
    const from = '13900000100';
    await sim.sendMo({ from, to: SRC_ID, text: LONG_CN, msgFmt: 8, shuffle: true, duplicate: true });
    await until('MO with a duplicated part', () => store.inbox.conversation(from).length > 0 && segmentsOf(from).pending === 0);
    const [m] = store.inbox.conversation(from);
    expect(m!.text).toBe(LONG_CN);
    expect(segmentsOf(from).n).toBe(m!.segmentTotal + 1);
    // Nothing for the timeout sweep to turn into a bogus partial message.
    expect(inbox.sweep(Date.now() + 10 * 3600_000)).toEqual([]);
    expect(store.inbox.conversation(from)).toHaveLength(1);
  });

  it('recognises a resent DELIVER (same Msg_Id, DELIVER_RESP lost) and does not store it twice', async () => {
    const from = '13900000200';
    dropFirstAck.add(from);
    const resentBefore = sim.stats.deliversResent;
    await sim.sendMo({ from, to: SRC_ID, text: '你好,请问营业厅几点关门?' });
    await until('the resend', () => sim.stats.deliversResent > resentBefore && sim.stats.mosAcked > 0 && dropFirstAck.size === 0);
    await until('the second acceptMo', () => [...seen.values()].some((l) => l.length >= 2));
    const [msgId, calls] = [...seen.entries()].find(([, l]) => l.length >= 2)!;
    expect(calls).toEqual([false, true, ...calls.slice(2).map(() => true)]);
    expect(typeof msgId).toBe('bigint');
    expect(store.inbox.conversation(from).map((m) => m.text)).toEqual(['你好,请问营业厅几点关门?']);
    expect(segmentsOf(from)).toEqual({ n: 1, pending: 0 });
  });

  it('links an MO sent to the Src_Id plus a campaign extension to that campaign', async () => {
    const c = store.campaigns.create({ name: 'spring sale', accountId, text: '【测试】春季促销', srcIdExt: '77' });
    const from = '13900000300';
    await sim.sendMo({ from, to: `${SRC_ID}77`, text: '我想了解一下促销详情' });
    await sim.sendMo({ from: '13900000301', to: SRC_ID, text: 'no extension' });
    await until('MOs', () => store.inbox.conversation(from).length === 1 && store.inbox.conversation('13900000301').length === 1);
    expect(store.inbox.conversation(from)[0]).toMatchObject({ campaignId: c.id, destId: `${SRC_ID}77` });
    expect(store.inbox.conversation('13900000301')[0]!.campaignId).toBeNull();
  });
});

describe('a restart in the middle of a long MO', () => {
  it('keeps the parts received before the restart and completes the set once after it', async () => {
    const t = tempDir();
    const s = await startSim('2.0', { deliverResendMs: 200 });
    const path = t.file('restart.db');
    const from = '13700000001';
    try {
      // Process 1: keeps two parts, then "dies": later parts are never stored nor acknowledged.
      let st = openStore(path);
      const acc = createAccount(st, s, '2.0');
      let box = inboxService(st);
      let kept = 0;
      let p = inboxPool(s, '2.0', (d, info) => {
        if (kept >= 2) throw new Error('process 1 is going down');
        box.acceptMo(acc, d, info);
        kept++;
      });
      await p.whenReady();
      await s.sendMo({ from, to: SRC_ID, text: LONG_CN, msgFmt: 15, udhLength: 7, shuffle: true });
      await until('two parts kept', () => kept === 2);
      await p.stop({ timeoutMs: 500, terminateTimeoutMs: 500 });
      await box.stop();
      st.close();

      // Process 2: the two parts are still there, pending; the gateway resends the rest.
      st = openStore(path);
      const pending = st.db.prepare('SELECT concat_ref AS ref, concat_total AS total FROM mo_segments WHERE mo_message_id IS NULL').all() as { ref: number; total: number }[];
      expect(pending).toHaveLength(2);
      expect(st.inbox.pendingParts(acc, from, SRC_ID, pending[0]!.ref, pending[0]!.total)).toHaveLength(2);
      box = inboxService(st);
      box.start();
      p = inboxPool(s, '2.0', (d, info) => {
        box.acceptMo(acc, d, info);
      });
      await until('the completed MO after the restart', () => st.inbox.conversation(from).length === 1);
      const [m] = st.inbox.conversation(from);
      expect(m).toMatchObject({ text: LONG_CN, complete: true, msgFmt: 15 });
      expect(m!.segmentReceived).toBe(m!.segmentTotal);
      expect(st.inbox.partsOf(m!.id)).toHaveLength(m!.segmentTotal);
      expect((st.db.prepare('SELECT count(*) AS n FROM mo_segments WHERE mo_message_id IS NULL').get() as { n: number }).n).toBe(0);
      await p.stop({ timeoutMs: 500, terminateTimeoutMs: 500 });
      await box.stop();
      st.close();
    } finally {
      await s.stop();
      t.cleanup();
    }
  });
});
