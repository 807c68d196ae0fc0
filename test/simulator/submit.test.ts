// SUBMIT handling over loopback: Msg_Id structure and ranges, the checks behind each Result,
// the rate limit counted per destination, the window, and what the simulator records.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Submit, SubmitResp } from '../../electron/cmpp/wire/pdu.js';
import { decodeReport } from '../../electron/cmpp/wire/report.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { addToMsgId, decomposeMsgId } from '../../shared/msg-id.js';
import { ManualClock } from '../support/manual-clock.js';
import { RawClient, submitPdu } from './raw-client.js';

const ACCOUNTS = [
  { spId: '900001', secret: '888888', version: '2.0' as const },
  { spId: '900003', secret: '888888', version: '3.0' as const, ismgCode: 79101 },
  { spId: '900005', secret: '888888', version: '3.0' as const, srcIdPrefix: '1069', serviceIds: ['NEWS'] },
  // Used by the rate test only, so no earlier traffic sits in its sliding second.
  { spId: '900006', secret: '888888', version: '2.0' as const },
];

let sim: IsmgSimulator;
/** The simulator's time: the rate limit's sliding second moves when the test says so. */
const clock = new ManualClock();
const clients: RawClient[] = [];
async function loggedIn(spId = '900001', version = 0x20): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  c.autoAck = true;
  const r = await c.login(spId, '888888', version);
  expect(r.Status).toBe(0);
  return c;
}
async function submit(c: RawClient, over: Partial<Submit> = {}): Promise<SubmitResp> {
  return (await c.request(submitPdu(c.nextSeq(), over))) as SubmitResp;
}

beforeAll(async () => {
  sim = await IsmgSimulator.start({ port: 0, accounts: ACCOUNTS, ismgCode: 1, reports: { delayMs: 0 }, clock });
});
beforeEach(() => sim.clearReceived());
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  sim.setRateLimit(undefined);
  sim.faults.flowControl(0);
});
afterAll(async () => {
  await sim.stop();
});

describe.each([
  ['2.0', '900001', 0x20, 1],
  ['3.0', '900003', 0x30, 79101],
] as const)('SUBMIT on CMPP %s', (_v, spId, version, ismgCode) => {
  it('gives a 3-destination SUBMIT one Msg_Id (time, ISMG code, sequence) standing for a range of 3', async () => {
    const c = await loggedIn(spId, version);
    const before = new Date(clock.now());
    const dests = ['13800000001', '13800000002', '8613800000003'];
    const r1 = await submit(c, { Dest_terminal_Id: dests, Msg_src: spId });
    const r2 = await submit(c, { Msg_src: spId });
    expect(r1.Result).toBe(0);
    const p = decomposeMsgId(r1.Msg_Id);
    expect(p.ismgCode).toBe(ismgCode);
    expect(p.month).toBe(before.getMonth() + 1);
    expect(p.day).toBe(before.getDate());
    expect(Math.abs(p.hour * 3600 + p.minute * 60 + p.second - (before.getHours() * 3600 + before.getMinutes() * 60 + before.getSeconds()))).toBeLessThanOrEqual(2);
    // The next SUBMIT's range starts after this one's three ids (DELIVER ids may sit in between).
    const s1 = p.sequence;
    const s2 = decomposeMsgId(r2.Msg_Id).sequence;
    expect((s2 - s1 + 0x10000) % 0x10000).toBeGreaterThanOrEqual(3);
    // One report per destination, Msg_Id + i for the i-th destination.
    const reports = [];
    for (let i = 0; i < 4; i++) {
      const d = await c.next((x) => x.Command_Id === 'CMPP_DELIVER');
      if (d.Command_Id !== 'CMPP_DELIVER') throw new Error('unreachable');
      reports.push({ src: d.Src_terminal_Id, r: decodeReport(d.Msg_Content) });
    }
    const ofFirst = reports.filter((x) => x.r.Msg_Id !== r2.Msg_Id).sort((a, b) => Number(a.r.Msg_Id - b.r.Msg_Id));
    expect(ofFirst.map((x) => x.r.Msg_Id)).toEqual([r1.Msg_Id, addToMsgId(r1.Msg_Id, 1), addToMsgId(r1.Msg_Id, 2)]);
    expect(ofFirst.map((x) => x.r.Dest_terminal_Id)).toEqual(dests);
    expect(ofFirst.map((x) => x.src)).toEqual(dests);
  });

  it('records what it received, decoded', async () => {
    const c = await loggedIn(spId, version);
    await submit(c, { Msg_src: spId, Msg_Content: Buffer.from('recorded') });
    const subs = sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_SUBMIT');
    expect(subs).toHaveLength(1);
    expect(subs[0]!.spId).toBe(spId);
    const pdu = subs[0]!.pdu as Submit;
    expect(pdu.Msg_Content.toString()).toBe('recorded');
  });
});

describe('SUBMIT checks', () => {
  it.each([
    ['a bad destination fails the whole SUBMIT', { Dest_terminal_Id: ['13800000001', '1380000000x'] }, 13],
    ['a Msg_src that is not the SP_Id', { Msg_src: '123456' }, 11],
    ['Fee_UserType 3 without Fee_terminal_Id', { Fee_UserType: 3 }, 12],
    ['a non-numeric FeeCode', { FeeCode: 'abc' }, 5],
    ['Pk_number above Pk_total', { Pk_total: 2, Pk_number: 3 }, 1],
  ])('%s', async (_name, over, result) => {
    const c = await loggedIn();
    const r = await submit(c, over);
    expect(r.Result).toBe(result);
    expect(r.Msg_Id).toBe(0n);
  });

  it('account Src_Id prefix and Service_Id list (Results 10 and 7)', async () => {
    const c = await loggedIn('900005', 0x30);
    expect((await submit(c, { Msg_src: '900005', Src_Id: '106900', Service_Id: 'NEWS' })).Result).toBe(0);
    expect((await submit(c, { Msg_src: '900005', Src_Id: '900005', Service_Id: 'NEWS' })).Result).toBe(10);
    expect((await submit(c, { Msg_src: '900005', Src_Id: '1069', Service_Id: 'OTHER' })).Result).toBe(7);
  });

  it('answers a SUBMIT whose body does not fit its length with an error Result and keeps the connection', async () => {
    const c = await loggedIn();
    const { encodePdu } = await import('../../electron/cmpp/wire/codec.js');
    const frame = encodePdu(submitPdu(77), '2.0');
    // Claim one byte more content than the frame carries.
    frame[frame.length - 8 - 5 - 1] = 6;
    c.sendRaw(frame);
    const r = (await c.next((p) => p.Command_Id === 'CMPP_SUBMIT_RESP' && p.Sequence_Id === 77)) as SubmitResp;
    expect([1, 4]).toContain(r.Result);
    expect((await submit(c)).Result).toBe(0);
    expect(sim.stats.badFrames).toBeGreaterThan(0);
  });
});

describe('rate limit', () => {
  it('answers Result 8 above the rate, counting each SUBMIT DestUsr_tl times in a sliding second', async () => {
    sim.setRateLimit(10);
    const c = await loggedIn('900006');
    const results: number[] = [];
    // 4 destinations each: 4 + 4 fit, the third (12 > 10) does not, a 2-destination one still does.
    for (const n of [4, 4, 4, 2]) {
      const dests = Array.from({ length: n }, (_, i) => `1390000000${i}`);
      results.push((await submit(c, { Dest_terminal_Id: dests, Registered_Delivery: 0, Msg_src: '900006' })).Result);
    }
    expect(results).toEqual([0, 0, 8, 0]);
    expect(sim.stats.flowControlled).toBeGreaterThanOrEqual(1);
    // A second later the window has slid past and the account may send again.
    clock.advance(1000);
    const again = { Dest_terminal_Id: ['13900000001', '13900000002', '13900000003', '13900000004'], Registered_Delivery: 0, Msg_src: '900006' };
    expect((await submit(c, again)).Result).toBe(0);
    expect(sim.stats.maxMessagesInAnySecond).toBeGreaterThanOrEqual(14);
  });

  it('fault: flow control answers Result 8 to the given fraction of SUBMITs', async () => {
    sim.faults.flowControl(1);
    const c = await loggedIn();
    expect((await submit(c)).Result).toBe(8);
    sim.faults.flowControl(0);
    expect((await submit(c)).Result).toBe(0);
  });
});

describe('window', () => {
  it('records more than `window` requests outstanding on one connection', async () => {
    const before = sim.stats.windowViolations;
    const c = await loggedIn();
    // 20 SUBMITs in one write: the simulator holds all 20 before any response can go out.
    const frames = [];
    const { encodePdu } = await import('../../electron/cmpp/wire/codec.js');
    for (let i = 0; i < 20; i++) frames.push(encodePdu(submitPdu(c.nextSeq(), { Registered_Delivery: 0 }), '2.0'));
    c.sendRaw(Buffer.concat(frames));
    const resps = await Promise.all(Array.from({ length: 20 }, () => c.next((p) => p.Command_Id === 'CMPP_SUBMIT_RESP')));
    expect(resps).toHaveLength(20);
    expect(sim.stats.windowViolations - before).toBe(4);
    expect(sim.stats.maxOutstanding).toBeGreaterThanOrEqual(20);
  });

  it('a client that waits for responses stays inside the window', async () => {
    const before = sim.stats.windowViolations;
    const c = await loggedIn();
    for (let i = 0; i < 40; i++) await submit(c, { Registered_Delivery: 0 });
    expect(sim.stats.windowViolations).toBe(before);
  });
});
