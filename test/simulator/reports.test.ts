// Status reports over loopback: per destination and per segment, 60/71-byte forms, the Stat mix,
// the opt-in oddities (before the response, duplicated, late, never), CANCEL and QUERY counters.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CancelResp, Deliver, Pdu, QueryResp, Submit, SubmitResp } from '../../electron/cmpp/wire/pdu.js';
import { decodeReport } from '../../electron/cmpp/wire/report.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { statisticsDay } from '../../shared/statistics.js';
import { ManualClock } from '../support/manual-clock.js';
import { RawClient, submitPdu } from './raw-client.js';
import { until } from '../support/until.js';

let sim: IsmgSimulator;
/** The simulator's time: a delayed or late report waits until the test moves it. */
const clock = new ManualClock();
const clients: RawClient[] = [];
const isDeliver = (p: Pdu): p is Deliver => p.Command_Id === 'CMPP_DELIVER';

async function loggedIn(spId: string, version: number): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  c.autoAck = true;
  expect((await c.login(spId, 'pw', version)).Status).toBe(0);
  return c;
}
async function submit(c: RawClient, spId: string, over: Partial<Submit> = {}): Promise<SubmitResp> {
  return (await c.request(submitPdu(c.nextSeq(), { Msg_src: spId, ...over }))) as SubmitResp;
}

beforeAll(async () => {
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: [
      { spId: '900002', secret: 'pw', version: '2.0' },
      { spId: '900003', secret: 'pw', version: '3.0' },
      { spId: '900009', secret: 'pw', version: '3.0' },
    ],
    reports: { delayMs: 0 },
    clock,
  });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  sim.setReports({ delayMs: 0 });
});
afterAll(async () => {
  await sim.stop();
});

describe.each([
  ['2.0', '900002', 0x20, 60],
  ['3.0', '900003', 0x30, 71],
] as const)('reports on CMPP %s', (_v, spId, version, natural) => {
  it(`uses the ${natural}-byte form by default and 60 or 71 when configured`, async () => {
    const c = await loggedIn(spId, version);
    for (const form of ['version', 60, 71] as const) {
      sim.setReports({ delayMs: 0, form });
      const r = await submit(c, spId);
      const d = (await c.next(isDeliver)) as Deliver;
      expect(d.Registered_Delivery).toBe(1);
      expect(d.Msg_Length).toBe(form === 'version' ? natural : form);
      const rep = decodeReport(d.Msg_Content);
      expect(rep.Msg_Id).toBe(r.Msg_Id);
      expect(rep.Stat).toBe('DELIVRD');
      expect(rep.Dest_terminal_Id).toBe('13800000001');
      expect(rep.Submit_time).toMatch(/^\d{10}$/);
      expect(rep.Done_time).toMatch(/^\d{10}$/);
      expect(d.Src_terminal_Id).toBe('13800000001');
      expect(d.Dest_Id).toBe('900001'); // the SUBMIT's Src_Id
      expect(d.Msg_Id).not.toBe(r.Msg_Id); // the DELIVER has its own id
    }
  });

  it('sends one report per segment and per destination', async () => {
    const c = await loggedIn(spId, version);
    const dests = ['13800000001', '13800000002'];
    const udh = (i: number) => Buffer.from([0x05, 0x00, 0x03, 0x42, 2, i]);
    const seg1 = await submit(c, spId, { Pk_total: 2, Pk_number: 1, TP_udhi: 1, Msg_Fmt: 8, Msg_Content: Buffer.concat([udh(1), Buffer.alloc(134, 0x41)]), Dest_terminal_Id: dests });
    const seg2 = await submit(c, spId, { Pk_total: 2, Pk_number: 2, TP_udhi: 1, Msg_Fmt: 8, Msg_Content: Buffer.concat([udh(2), Buffer.alloc(10, 0x41)]), Dest_terminal_Id: dests });
    const reports = [];
    for (let i = 0; i < 4; i++) reports.push(decodeReport(((await c.next(isDeliver)) as Deliver).Msg_Content));
    const key = (r: { Msg_Id: bigint; Dest_terminal_Id: string }) => `${r.Msg_Id}/${r.Dest_terminal_Id}`;
    expect(reports.map(key).sort()).toEqual(
      [`${seg1.Msg_Id}/${dests[0]}`, `${seg1.Msg_Id + 1n}/${dests[1]}`, `${seg2.Msg_Id}/${dests[0]}`, `${seg2.Msg_Id + 1n}/${dests[1]}`].sort(),
    );
  });
});

describe('report behaviour', () => {
  it('draws Stats from the configured mix, XX:xxxx codes included', async () => {
    sim.setReports({ delayMs: 0, statMix: { DELIVRD: 1, UNDELIV: 1, 'MK:0012': 1, EXPIRED: 0 } });
    const c = await loggedIn('900003', 0x30);
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) await submit(c, '900003');
    for (let i = 0; i < 60; i++) seen.add(decodeReport(((await c.next(isDeliver)) as Deliver).Msg_Content).Stat);
    expect([...seen].sort()).toEqual(['DELIVRD', 'MK:0012', 'UNDELIV']);
  });

  it('gives the destinations listed in statByNumber their Stat, whatever the mix draws', async () => {
    sim.setReports({ delayMs: 0, statMix: { DELIVRD: 1 }, statByNumber: { '13800000002': 'UNDELIV' } });
    const c = await loggedIn('900003', 0x30);
    await submit(c, '900003', { Dest_terminal_Id: ['13800000001', '13800000002', '13800000003'] });
    const stats = new Map<string, string>();
    for (let i = 0; i < 3; i++) {
      const r = decodeReport(((await c.next(isDeliver)) as Deliver).Msg_Content);
      stats.set(r.Dest_terminal_Id, r.Stat);
    }
    expect(Object.fromEntries(stats)).toEqual({ '13800000001': 'DELIVRD', '13800000002': 'UNDELIV', '13800000003': 'DELIVRD' });
    expect(() => sim.setReports({ statByNumber: { '13800000002': 'NOT A STAT' } })).toThrow(/1-7 printable/);
  });

  it('sends no report for Registered_Delivery 0 or 2', async () => {
    const c = await loggedIn('900002', 0x20);
    await submit(c, '900002', { Registered_Delivery: 0 });
    await submit(c, '900002', { Registered_Delivery: 2 });
    clock.advance(10_000);
    expect(await c.drained(isDeliver)).toEqual([]);
  });

  it('can write the report before its SUBMIT_RESP', async () => {
    sim.setReports({ beforeResponseRate: 1 });
    const c = await loggedIn('900002', 0x20);
    const r = await submit(c, '900002');
    const order = c.log.map((x) => x.pdu?.Command_Id);
    expect(order.lastIndexOf('CMPP_DELIVER')).toBe(order.lastIndexOf('CMPP_SUBMIT_RESP') - 1);
    const d = (await c.next(isDeliver)) as Deliver;
    expect(decodeReport(d.Msg_Content).Msg_Id).toBe(r.Msg_Id);
  });

  it('can duplicate a report (a second DELIVER with its own Msg_Id)', async () => {
    sim.setReports({ delayMs: 0, duplicateRate: 1 });
    const c = await loggedIn('900002', 0x20);
    const r = await submit(c, '900002');
    const a = (await c.next(isDeliver)) as Deliver;
    const b = (await c.next(isDeliver)) as Deliver;
    expect(decodeReport(a.Msg_Content).Msg_Id).toBe(r.Msg_Id);
    expect(decodeReport(b.Msg_Content).Msg_Id).toBe(r.Msg_Id);
    expect(a.Msg_Id).not.toBe(b.Msg_Id);
  });

  it('can never send a report, or send it late', async () => {
    sim.setReports({ neverRate: 1 });
    const c = await loggedIn('900002', 0x20);
    await submit(c, '900002');
    clock.advance(10_000);
    expect(await c.drained(isDeliver)).toEqual([]);
    sim.setReports({ delayMs: 0, lateRate: 1, lateMs: 400 });
    const r = await submit(c, '900002');
    clock.advance(399);
    expect(await c.drained(isDeliver)).toEqual([]);
    clock.advance(1);
    const d = (await c.next(isDeliver)) as Deliver;
    expect(decodeReport(d.Msg_Content).Msg_Id).toBe(r.Msg_Id);
  });

  it('spreads reports over the configured delay range', async () => {
    sim.setReports({ delayMs: { min: 200, max: 300 } });
    const c = await loggedIn('900002', 0x20);
    await submit(c, '900002');
    clock.advance(199);
    expect(await c.drained(isDeliver)).toEqual([]);
    clock.advance(101);
    await c.next(isDeliver);
  });

  it('rejects a bad behaviour with a clear error', () => {
    expect(() => sim.setReports({ statMix: { DELIVERED: 1 } })).toThrow(/1-7 printable/);
    expect(() => sim.setReports({ duplicateRate: 2 })).toThrow(/between 0 and 1/);
    expect(() => sim.setReports({ delayMs: { min: 5, max: 1 } })).toThrow(/min <= max/);
    expect(() => sim.setReports({ statMix: { DELIVRD: 0 } })).toThrow(/positive weight/);
  });
});

describe('CANCEL', () => {
  it('cancels the pending reports of a SUBMIT (all its destinations) and fails for anything else', async () => {
    sim.setReports({ delayMs: 300 });
    const c = await loggedIn('900003', 0x30);
    const r = await submit(c, '900003', { Dest_terminal_Id: ['13800000001', '13800000002'] });
    const cancel = (id: bigint) => c.request({ Command_Id: 'CMPP_CANCEL', Sequence_Id: c.nextSeq(), Msg_Id: id }) as Promise<CancelResp>;
    expect((await cancel(r.Msg_Id)).Success_Id).toBe(0);
    expect((await cancel(r.Msg_Id)).Success_Id).toBe(1);
    expect((await cancel(123n)).Success_Id).toBe(1);
    clock.advance(10_000);
    expect(await c.drained(isDeliver)).toEqual([]);
    // A report already sent cannot be cancelled.
    sim.setReports({ delayMs: 0 });
    const r2 = await submit(c, '900003');
    await c.next(isDeliver);
    expect((await cancel(r2.Msg_Id)).Success_Id).toBe(1);
  });
});

describe('QUERY', () => {
  it('answers totals and per-service counters from what it saw today', async () => {
    sim.setReports({ delayMs: 0, statMix: { DELIVRD: 1 } });
    const c = await loggedIn('900009', 0x30);
    await submit(c, '900009', { Service_Id: 'NEWS' });
    await submit(c, '900009', { Service_Id: 'NEWS', Registered_Delivery: 0, Dest_terminal_Id: ['13800000001', '13800000002'] });
    await submit(c, '900009', { Service_Id: 'GAME', Dest_terminal_Id: ['bad'] });
    await c.next(isDeliver);
    await sim.sendMo({ spId: '900009', from: '13800000009', to: '900009', text: 'hi', serviceId: 'NEWS' });
    await c.next((p) => isDeliver(p) && p.Registered_Delivery === 0);
    const today = String(statisticsDay(clock.now()));
    const query = (type: number, code: string, time = today) =>
      c.request({ Command_Id: 'CMPP_QUERY', Sequence_Id: c.nextSeq(), Time: time, Query_Type: type, Query_Code: code, Reserve: '' }) as Promise<QueryResp>;
    // The MO counts once our auto-ack (DELIVER_RESP) has reached the simulator: ask until it has.
    const total = await until('the MO acknowledged at the simulator', async () => {
      const t = await query(0, '');
      return t.MO_Scs > 0 && t;
    });
    expect(total).toMatchObject({ Time: today, Query_Type: 0, MT_TLMsg: 3, MT_Tlusr: 4, MT_Scs: 3, MT_WT: 0, MT_FL: 1, MO_Scs: 1, MO_WT: 0, MO_FL: 0 });
    expect(await query(1, 'NEWS')).toMatchObject({ Query_Type: 1, Query_Code: 'NEWS', MT_TLMsg: 2, MT_Tlusr: 3, MT_Scs: 3, MT_FL: 0, MO_Scs: 1 });
    expect(await query(1, 'GAME')).toMatchObject({ MT_TLMsg: 1, MT_Tlusr: 1, MT_FL: 1, MT_Scs: 0 });
    expect(await query(0, '', '20000101')).toMatchObject({ MT_TLMsg: 0, MT_Tlusr: 0, MO_Scs: 0 });
  });
});
