// The simulator's CMPP_QUERY counters are exact per day, per account and per Service_Id on its own
// clock (docs/protocol.md "Gateway counters and reconciliation"): a SUBMIT and, later, its outcome
// count on the day the SUBMIT arrived, even when the report goes out after midnight; MOs count on
// the day they were sent, as waiting until the SP answers, then as delivered (Result 0) or failed.
// Days are China Standard Time's, as a real gateway counts them. The clock is a ManualClock starting a
// minute before such a midnight: no waiting, no wall time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deliver, Pdu, QueryResp, Submit, SubmitResp } from '../../electron/cmpp/wire/pdu.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { statisticsDay } from '../../shared/statistics.js';
import { ManualClock } from '../support/manual-clock.js';
import { until } from '../support/until.js';
import { RawClient, submitPdu } from './raw-client.js';

/** 23:59 China Standard Time (15:59 UTC): the gateway's day, whatever this machine's zone. */
const start = Date.UTC(2026, 11, 6, 15, 59, 0);
const clock = new ManualClock(start);
const DAY1 = String(statisticsDay(start));
const DAY2 = String(statisticsDay(start + 120_000));
let sim: IsmgSimulator;
const clients: RawClient[] = [];
const isDeliver = (p: Pdu): p is Deliver => p.Command_Id === 'CMPP_DELIVER';

async function loggedIn(spId: string): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  expect((await c.login(spId, 'pw', 0x30)).Status).toBe(0);
  return c;
}
const submit = (c: RawClient, spId: string, over: Partial<Submit>) => c.request(submitPdu(c.nextSeq(), { Msg_src: spId, ...over })) as Promise<SubmitResp>;
const query = (c: RawClient, time: string, type = 0, code = '') =>
  c.request({ Command_Id: 'CMPP_QUERY', Sequence_Id: c.nextSeq(), Time: time, Query_Type: type, Query_Code: code, Reserve: '' }) as Promise<QueryResp>;
const counters = (q: QueryResp) => {
  const { MT_TLMsg, MT_Tlusr, MT_Scs, MT_WT, MT_FL, MO_Scs, MO_WT, MO_FL } = q;
  return { MT_TLMsg, MT_Tlusr, MT_Scs, MT_WT, MT_FL, MO_Scs, MO_WT, MO_FL };
};
const ack = (c: RawClient, d: Deliver, result: number) => c.send({ Command_Id: 'CMPP_DELIVER_RESP', Sequence_Id: d.Sequence_Id, Msg_Id: d.Msg_Id, Result: result });

beforeAll(async () => {
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: [
      { spId: '900021', secret: 'pw', version: '3.0' },
      { spId: '900022', secret: 'pw', version: '3.0' },
    ],
    // Two minutes: the reports of a SUBMIT at 23:59 go out the next day.
    reports: { delayMs: 120_000, statMix: { DELIVRD: 1 } },
    deliverResendMs: 3_600_000,
    clock,
  });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim?.stop();
});

describe('QUERY counters by day, account and Service_Id', () => {
  it('counts a SUBMIT and its outcome on the day the SUBMIT arrived, MOs on the day they were sent', async () => {
    expect([DAY1, DAY2]).toEqual(['20261206', '20261207']);
    const a = await loggedIn('900021');
    const b = await loggedIn('900022');
    expect((await submit(a, '900021', { Service_Id: 'NEWS' })).Result).toBe(0);
    expect((await submit(a, '900021', { Service_Id: 'GAME', Dest_terminal_Id: ['13800000002', '13800000003'] })).Result).toBe(0);
    // Refused (unknown destination): received and failed at once.
    expect((await submit(a, '900021', { Service_Id: 'GAME', Dest_terminal_Id: ['bad'] })).Result).not.toBe(0);
    expect(counters(await query(a, DAY1))).toEqual({ MT_TLMsg: 3, MT_Tlusr: 4, MT_Scs: 0, MT_WT: 3, MT_FL: 1, MO_Scs: 0, MO_WT: 0, MO_FL: 0 });

    // An MO waits until the SP answers; Result 0 delivers it, another Result fails it.
    await sim.sendMo({ spId: '900021', from: '13900000001', to: '900021', text: 'hi', serviceId: 'NEWS' });
    const mo1 = (await a.next(isDeliver)) as Deliver;
    expect(counters(await query(a, DAY1))).toMatchObject({ MO_Scs: 0, MO_WT: 1, MO_FL: 0 });
    ack(a, mo1, 0);
    await sim.sendMo({ spId: '900021', from: '13900000002', to: '900021', text: 'again', serviceId: 'GAME' });
    ack(a, (await a.next(isDeliver)) as Deliver, 9);
    await until('both MO answers counted', async () => (await query(a, DAY1)).MO_WT === 0);
    expect(counters(await query(a, DAY1))).toMatchObject({ MO_Scs: 1, MO_WT: 0, MO_FL: 1 });
    expect(counters(await query(a, DAY1, 1, 'NEWS'))).toEqual({ MT_TLMsg: 1, MT_Tlusr: 1, MT_Scs: 0, MT_WT: 1, MT_FL: 0, MO_Scs: 1, MO_WT: 0, MO_FL: 0 });
    expect(counters(await query(a, DAY1, 1, 'GAME'))).toEqual({ MT_TLMsg: 2, MT_Tlusr: 3, MT_Scs: 0, MT_WT: 2, MT_FL: 1, MO_Scs: 0, MO_WT: 0, MO_FL: 1 });

    // Past midnight the reports go out: they finish the first day's SUBMITs, the new day stays empty.
    clock.advance(120_000);
    for (let i = 0; i < 3; i++) ack(a, (await a.next(isDeliver)) as Deliver, 0);
    expect(counters(await query(a, DAY1))).toEqual({ MT_TLMsg: 3, MT_Tlusr: 4, MT_Scs: 3, MT_WT: 0, MT_FL: 1, MO_Scs: 1, MO_WT: 0, MO_FL: 1 });
    expect(counters(await query(a, DAY2))).toEqual({ MT_TLMsg: 0, MT_Tlusr: 0, MT_Scs: 0, MT_WT: 0, MT_FL: 0, MO_Scs: 0, MO_WT: 0, MO_FL: 0 });

    // The second day: the other account's SUBMIT is its own; an MO of the first account counts today.
    expect((await submit(b, '900022', { Service_Id: 'NEWS' })).Result).toBe(0);
    await sim.sendMo({ spId: '900021', from: '13900000003', to: '900021', text: 'next day', serviceId: 'NEWS' });
    ack(a, (await a.next(isDeliver)) as Deliver, 0);
    await until('the second day MO counted', async () => (await query(a, DAY2)).MO_Scs === 1);
    expect(counters(await query(a, DAY2))).toEqual({ MT_TLMsg: 0, MT_Tlusr: 0, MT_Scs: 0, MT_WT: 0, MT_FL: 0, MO_Scs: 1, MO_WT: 0, MO_FL: 0 });
    expect(counters(await query(b, DAY2))).toEqual({ MT_TLMsg: 1, MT_Tlusr: 1, MT_Scs: 0, MT_WT: 1, MT_FL: 0, MO_Scs: 0, MO_WT: 0, MO_FL: 0 });
    expect(counters(await query(b, DAY1))).toEqual({ MT_TLMsg: 0, MT_Tlusr: 0, MT_Scs: 0, MT_WT: 0, MT_FL: 0, MO_Scs: 0, MO_WT: 0, MO_FL: 0 });
    expect(counters(await query(a, DAY1))).toMatchObject({ MO_Scs: 1 });
  });
});
