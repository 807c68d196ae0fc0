// The MO acceptance over the whole engine (Workspace: deliver router -> inbox, campaigns, pump,
// outbox) with the real simulator on loopback and a real SQLite file:
// - opt-out words (退订, TD) put the number on the list with an audit line and a confirmation
//   reply; the NEXT campaign skips the number; an opt-in word (订阅) takes it off again;
// - a hand reply in 3.0 carries the MO's LinkID, Src_Id = the MO's Dest_Id, its Service_Id;
// - the live feed carries the MOs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import type { FeedBatch } from '../../electron/services/inbox/live-feed.js';
import { Workspace } from '../../electron/services/workspace.js';
import type { IsmgSimulator } from '../../electron/simulator/index.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { SP, SECRET, SRC_ID, startSim, tempDir } from './inbox-harness.js';
import { until } from '../support/until.js';

const tmp = tempDir();
let sim: IsmgSimulator;
let ws: Workspace;
let accountId: number;
const batches: FeedBatch[] = [];

const ucs2Text = (b: Buffer) => Buffer.from(b).swap16().toString('utf16le');

function submitsTo(number: string): Submit[] {
  return sim.received
    .map((r) => r.pdu)
    .filter((p): p is Submit => p.Command_Id === 'CMPP_SUBMIT' && p.Dest_terminal_Id.some((d) => d.endsWith(number)));
}

function textOf(s: Submit): string {
  return s.Msg_Fmt === 8 ? ucs2Text(s.Msg_Content) : s.Msg_Content.toString('latin1');
}

function accountIdOf(name: string): number {
  return ws.store.accounts.findByName(name)!.id;
}

function mosFrom(number: string) {
  return ws.inbox.conversation(number);
}

beforeAll(async () => {
  sim = await startSim('3.0', { reports: { delayMs: 0 } });
  ws = Workspace.open({ dbPath: tmp.file('mo.db'), cipher: new PlaintextCipher(), actor: 'test', pool: { backoff: { initialMs: 20, maxMs: 200 }, loginTimeoutMs: 5000 }, pump: { refreshMs: 50 } });
  accountId = ws.store.accounts.create({ name: 'gw', host: '127.0.0.1', port: sim.port, version: '3.0', spId: SP, secret: SECRET, serviceId: 'SVC', srcId: SRC_ID }).id;
  ws.settings.update({ optOutConfirmation: '您已退订,回复订阅可恢复', optInConfirmation: '您已恢复订阅' });
  ws.feed.subscribe((b) => {
    batches.push(b);
  });
  await ws.pool(accountId).whenReady();
}, 30_000);

afterAll(async () => {
  await ws?.close();
  await sim?.stop();
  tmp.cleanup();
});

describe('opt-out and opt-in by MO', () => {
  it('puts 退订 and TD senders on the opt-out list, with audit, confirmation, and the next campaign skipping them', async () => {
    await sim.sendMo({ from: '13800000011', to: SRC_ID, text: '退订' });
    await sim.sendMo({ from: '13800000012', to: SRC_ID, text: 'ＴＤ。' }); // full-width, with punctuation
    await sim.sendMo({ from: '13800000013', to: SRC_ID, text: '请问退订怎么操作' }); // not a whole-reply keyword
    await until('opt-outs', () => mosFrom('13800000013').length === 1 && ws.store.optOuts.has('13800000012'));
    expect(ws.store.optOuts.get('13800000011')).toMatchObject({ source: 'mo', keyword: '退订', moMessageId: mosFrom('13800000011')[0]!.id });
    expect(ws.store.optOuts.get('13800000012')).toMatchObject({ source: 'mo', keyword: 'TD' });
    expect(ws.store.optOuts.has('13800000013')).toBe(false);
    expect(mosFrom('13800000011')[0]!.optEvent).toBe('opt_out');
    expect(mosFrom('13800000013')[0]!.optEvent).toBeNull();
    expect(ws.store.audit.forNumber('13800000011').map((e) => [e.action, e.details.keyword])).toContainEqual(['optout.add', '退订']);

    // The confirmation goes out although the number is now opted out.
    await until('confirmations', () => submitsTo('13800000011').length === 1 && submitsTo('13800000012').length === 1);
    const conf = submitsTo('13800000011')[0]!;
    expect(textOf(conf)).toBe('您已退订,回复订阅可恢复');
    expect(conf.Src_Id).toBe(SRC_ID);

    // The next campaign skips both numbers and sends to the third.
    const created = await ws.campaigns.create({ accountId, name: 'after opt-out', text: '【测试】新品上市', numbers: ['13800000011', '13800000012', '13800000013'] });
    expect(created).toMatchObject({ queued: 1, skipped: 2 });
    expect(created.skippedByReason['opt-out']).toBe(2);
    await ws.campaigns.start(created.campaign.id);
    await ws.campaigns.waitUntilSettled(created.campaign.id);
    expect(submitsTo('13800000013').map(textOf)).toEqual(['【测试】新品上市']);
    expect(submitsTo('13800000011')).toHaveLength(1); // only the confirmation
    expect(ws.campaigns.status(created.campaign.id)).toMatchObject({ delivered: 1, skipped: 2, total: 3 });
  }, 60_000);

  it('takes the number off the list on 订阅, confirms, and a later campaign reaches it again', async () => {
    await sim.sendMo({ from: '13800000011', to: SRC_ID, text: '订阅' });
    await until('opt-in', () => !ws.store.optOuts.has('13800000011'));
    expect(mosFrom('13800000011')[0]).toMatchObject({ text: '订阅', optEvent: 'opt_in' });
    expect(ws.store.audit.forNumber('13800000011').map((e) => e.action)).toContain('optout.remove');
    await until('opt-in confirmation', () => submitsTo('13800000011').length === 2);
    expect(textOf(submitsTo('13800000011')[1]!)).toBe('您已恢复订阅');
    // A second opt-in changes nothing and sends no second confirmation.
    await sim.sendMo({ from: '13800000011', to: SRC_ID, text: 'START' });
    await until('second opt-in MO', () => mosFrom('13800000011').length === 3);

    const created = await ws.campaigns.create({ accountId, name: 'after opt-in', text: '【测试】周末特惠', numbers: ['13800000011', '13800000012'] });
    expect(created).toMatchObject({ queued: 1, skipped: 1 });
    await ws.campaigns.start(created.campaign.id);
    await ws.campaigns.waitUntilSettled(created.campaign.id);
    expect(submitsTo('13800000011').map(textOf)).toEqual(['您已退订,回复订阅可恢复', '您已恢复订阅', '【测试】周末特惠']);
  }, 60_000);
});

describe('replying by hand', () => {
  it('sends the reply through the outbox with Src_Id = MO Dest_Id, its Service_Id and, in 3.0, its LinkID', async () => {
    const c = ws.store.campaigns.create({ name: 'ext 77', accountId, text: '【测试】x', srcIdExt: '77' });
    await sim.sendMo({ from: '13800000021', to: `${SRC_ID}77`, text: '这个活动怎么参加?', serviceId: 'SVC2', linkId: 'LINK-0123456789' });
    await until('MO', () => mosFrom('13800000021').length === 1);
    const mo = mosFrom('13800000021')[0]!;
    expect(mo).toMatchObject({ campaignId: c.id, linkId: 'LINK-0123456789', serviceId: 'SVC2', handled: false });

    const r = await ws.inbox.reply(mo.id, '您好,回复1即可参加', { actor: 'op1' });
    expect(r.messageId).toBeGreaterThan(0);
    await until('reply on the wire', () => submitsTo('13800000021').length === 1);
    const s = submitsTo('13800000021')[0]!;
    expect(s).toMatchObject({ Src_Id: `${SRC_ID}77`, Service_Id: 'SVC2', LinkID: 'LINK-0123456789', Dest_terminal_Id: ['13800000021'] });
    expect(textOf(s)).toBe('您好,回复1即可参加');
    expect(ws.inbox.get(mo.id).handled).toBe(true);
    expect(ws.store.audit.forNumber('13800000021').map((e) => e.action)).toContain('inbox.reply');
    // Logged like any message, with its report.
    await until('reply delivered', () => ws.store.outbox.stateOf(r.messageId) === 'delivered');

    await expect(ws.inbox.reply(mo.id, '   ')).rejects.toThrow(/reply text is empty/);
    await expect(ws.inbox.reply(987_654, 'x')).rejects.toThrow(/does not exist/);
  }, 60_000);

  it('sends no LinkID on a 2.0 account (the field does not exist there)', async () => {
    const sim20 = await startSim('2.0');
    try {
      const acc20 = ws.store.accounts.create({ name: 'gw20', host: '127.0.0.1', port: sim20.port, version: '2.0', spId: SP, secret: SECRET, serviceId: 'SVC20', srcId: SRC_ID }).id;
      await ws.pool(acc20).whenReady();
      await sim20.sendMo({ from: '13800000031', to: `${SRC_ID}5`, text: 'hello' });
      await until('MO on 2.0', () => mosFrom('13800000031').length === 1);
      const mo = mosFrom('13800000031')[0]!;
      expect(mo).toMatchObject({ accountId: acc20, linkId: '', serviceId: '' });
      await ws.inbox.reply(mo.id, 'hi there');
      const sent = () => sim20.received.map((r) => r.pdu).filter((p): p is Submit => p.Command_Id === 'CMPP_SUBMIT');
      await until('reply on 2.0', () => sent().length === 1);
      // No Service_Id on the MO: the account's is used.
      expect(sent()[0]).toMatchObject({ Src_Id: `${SRC_ID}5`, Service_Id: 'SVC20', Dest_terminal_Id: ['13800000031'] });
      expect(sent()[0]!.LinkID).toBeUndefined();
    } finally {
      await ws.resetPool(accountIdOf('gw20'));
      await sim20.stop();
    }
  }, 60_000);

  it('published the MOs to the live feed in batches', async () => {
    await until('the last MO on the feed', () => batches.some((b) => b.mos.some((m) => m.number === '13800000021')));
    const mos = batches.flatMap((b) => b.mos);
    expect(mos.map((m) => m.number)).toEqual(expect.arrayContaining(['13800000011', '13800000012', '13800000013', '13800000021']));
    expect(mos.find((m) => m.number === '13800000012')!.optEvent).toBe('opt_out');
    expect(batches.length).toBeLessThan(mos.length + batches.flatMap((b) => b.reports).length);
    // The pool's once-a-second counters reach the same subscriber, with the store's figures.
    await until('counters on the feed', () => batches.some((b) => b.counters.some((c) => c.accountId === accountId)));
    const c = batches.flatMap((b) => b.counters).find((x) => x.accountId === accountId)!;
    expect(c).toMatchObject({ accountId, intervalMs: expect.any(Number), totals: expect.objectContaining({ mos: expect.any(Number) }) });
    expect(c.totals.mos).toBeGreaterThan(0);
  });
});
