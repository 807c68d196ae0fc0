// DELIVERs are kept until acknowledged: resent after deliverResendMs on the same connection (same
// Msg_Id, same Sequence_Id), again on the account's next connection (same Msg_Id), and held
// while the account has no connection at all. Time is the simulator's manual clock: a resend
// happens when the test moves time past it, and "no third send" is checked after moving time far on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deliver, Pdu, SubmitResp } from '../../electron/cmpp/wire/pdu.js';
import { decodeReport } from '../../electron/cmpp/wire/report.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { RawClient, submitPdu } from './raw-client.js';
import { until } from '../support/until.js';

let sim: IsmgSimulator;
const clock = new ManualClock();
const clients: RawClient[] = [];
const isDeliver = (p: Pdu): p is Deliver => p.Command_Id === 'CMPP_DELIVER';

async function loggedIn(spId: string, version = 0x30): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  expect((await c.login(spId, 'pw', version)).Status).toBe(0);
  return c;
}
const ack = (c: RawClient, d: Deliver) => c.send({ Command_Id: 'CMPP_DELIVER_RESP', Sequence_Id: d.Sequence_Id, Msg_Id: d.Msg_Id, Result: 0 });

beforeAll(async () => {
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: ['900011', '900012', '900013', '900014'].map((spId) => ({ spId, secret: 'pw', version: '3.0' as const })),
    reports: { delayMs: 0 },
    deliverResendMs: 150,
    deliverMaxSends: 2,
    clock,
  });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await sim.stop();
});

describe('DELIVER resend', () => {
  it('resends an unacknowledged report on the same connection, then on the next connection, until acknowledged', async () => {
    const resentBefore = sim.stats.deliversResent;
    const c1 = await loggedIn('900011');
    const r = (await c1.request(submitPdu(c1.nextSeq(), { Msg_src: '900011' }))) as SubmitResp;
    const first = (await c1.next(isDeliver)) as Deliver;
    expect(decodeReport(first.Msg_Content).Msg_Id).toBe(r.Msg_Id);
    expect(await c1.drained(isDeliver)).toEqual([]); // not before deliverResendMs
    clock.advance(150);
    const again = (await c1.next(isDeliver)) as Deliver;
    // docs/protocol.md "Timers and flow control": a resent request keeps its Sequence_Id; the DELIVER keeps its own Msg_Id.
    expect(again.Msg_Id).toBe(first.Msg_Id);
    expect(again.Sequence_Id).toBe(first.Sequence_Id);
    expect(again.Msg_Content).toEqual(first.Msg_Content);
    // deliverMaxSends = 2: no third send on this connection.
    clock.advance(60_000);
    expect(await c1.drained(isDeliver)).toEqual([]);
    c1.close();
    await c1.closed;

    const c2 = await loggedIn('900011');
    const onNew = (await c2.next(isDeliver)) as Deliver;
    expect(onNew.Msg_Id).toBe(first.Msg_Id);
    expect(decodeReport(onNew.Msg_Content).Msg_Id).toBe(r.Msg_Id);
    const acked = new Promise((resolve) => sim.once('deliver-acked', resolve));
    ack(c2, onNew);
    expect(await acked).toMatchObject({ msgId: first.Msg_Id, spId: '900011', kind: 'report', result: 0 });
    clock.advance(60_000);
    expect(await c2.drained(isDeliver)).toEqual([]);
    expect(sim.stats.deliversResent - resentBefore).toBe(2);
  });

  it('an acknowledged DELIVER is never resent', async () => {
    const c = await loggedIn('900012');
    c.autoAck = true;
    const acked = sim.stats.reportsAcked;
    await c.request(submitPdu(c.nextSeq(), { Msg_src: '900012' }));
    await c.next(isDeliver);
    await until('the DELIVER_RESP at the simulator', () => sim.stats.reportsAcked > acked);
    clock.advance(60_000);
    expect(await c.drained(isDeliver)).toEqual([]);
  });

  it('holds reports while the account has no connection and sends them at its next login', async () => {
    sim.setReports({ delayMs: 100 });
    try {
      const c1 = await loggedIn('900013');
      const r = (await c1.request(submitPdu(c1.nextSeq(), { Msg_src: '900013' }))) as SubmitResp;
      c1.close();
      await c1.closed;
      await until('the simulator to see the close', () => sim.connections('900013') === 0);
      const held = sim.stats.reportsSent;
      clock.advance(100); // the report falls due with no connection: held
      expect(sim.stats.reportsSent).toBe(held);
      const c2 = await loggedIn('900013', 0x20); // another layout: the report follows the connection
      const d = (await c2.next(isDeliver)) as Deliver;
      expect(d.Msg_Length).toBe(60);
      expect(decodeReport(d.Msg_Content).Msg_Id).toBe(r.Msg_Id);
      ack(c2, d);
    } finally {
      sim.setReports({ delayMs: 0 });
    }
  });

  it('moves unacknowledged DELIVERs of a closed connection to a live one of the same account', async () => {
    const a = await loggedIn('900014');
    const b = await loggedIn('900014');
    b.autoAck = true;
    await a.request(submitPdu(a.nextSeq(), { Msg_src: '900014' }));
    const d = (await a.next(isDeliver)) as Deliver;
    a.close();
    const moved = (await b.next(isDeliver)) as Deliver;
    expect(moved.Msg_Id).toBe(d.Msg_Id);
  });
});
