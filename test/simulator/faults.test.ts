// Faults on demand and the simulator's handling of link-level traffic: ACTIVE_TEST, TERMINATE,
// framing errors, unknown commands, malformed frames, dropped/delayed responses, disconnects.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CmppDecodeError, CmppFramingError } from '../../electron/cmpp/wire/errors.js';
import type { Deliver, Pdu } from '../../electron/cmpp/wire/pdu.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { until } from '../support/until.js';
import { RawClient, submitPdu } from './raw-client.js';

let sim: IsmgSimulator;
/** The simulator's time: delayed responses and reports wait until the test moves it. */
const clock = new ManualClock();
const clients: RawClient[] = [];
const logLines: string[] = [];
const isDeliver = (p: Pdu): p is Deliver => p.Command_Id === 'CMPP_DELIVER';

async function loggedIn(spId = '900031', version = 0x20): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  c.autoAck = true;
  expect((await c.login(spId, 'pw', version)).Status).toBe(0);
  return c;
}

beforeAll(async () => {
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: [
      { spId: '900031', secret: 'pw', version: '2.0' },
      { spId: '900032', secret: 'pw', version: '3.0' },
    ],
    reports: { delayMs: 0 },
    log: (l) => logLines.push(l),
    clock,
  });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  const f = sim.faults;
  f.dropResponses(0);
  f.delayResponses(0);
  f.disconnectAfter(undefined);
  f.disconnectRandomly(0);
  f.silence(false);
});
afterAll(async () => {
  await sim.stop();
});

describe('link traffic', () => {
  it('answers ACTIVE_TEST at once with a 13-byte ACTIVE_TEST_RESP', async () => {
    const c = await loggedIn();
    const r = await c.request({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: c.nextSeq() });
    expect(r.Command_Id).toBe('CMPP_ACTIVE_TEST_RESP');
    expect(c.log.at(-1)!.frame.length).toBe(13);
  });

  it('answers TERMINATE with TERMINATE_RESP and closes', async () => {
    const c = await loggedIn();
    const r = await c.request({ Command_Id: 'CMPP_TERMINATE', Sequence_Id: c.nextSeq() });
    expect(r.Command_Id).toBe('CMPP_TERMINATE_RESP');
    await c.closed;
    await expect.poll(() => sim.connections('900031')).toBe(0);
  });

  it('skips a frame with an unknown Command_Id and keeps the connection', async () => {
    const c = await loggedIn();
    const before = sim.stats.badFrames;
    const frame = Buffer.alloc(16);
    frame.writeUInt32BE(16, 0);
    frame.writeUInt32BE(0x00000099, 4);
    frame.writeUInt32BE(c.nextSeq(), 8);
    c.sendRaw(frame);
    const r = await c.request({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: c.nextSeq() });
    expect(r.Command_Id).toBe('CMPP_ACTIVE_TEST_RESP');
    expect(sim.stats.badFrames).toBe(before + 1);
    expect(logLines.some((l) => /unknown Command_Id/.test(l))).toBe(true);
  });

  it('closes the connection on a framing error from the client, and logs it', async () => {
    const c = await loggedIn();
    const frame = Buffer.alloc(12);
    frame.writeUInt32BE(5000, 0);
    frame.writeUInt32BE(4, 4);
    c.sendRaw(frame);
    await c.closed;
    expect(logLines.some((l) => /framing error/.test(l))).toBe(true);
  });

  it('sends ACTIVE_TEST itself when idle and drops a peer that never answers', async () => {
    const own = await IsmgSimulator.start({ port: 0, accounts: [{ spId: '900039', secret: 'pw', version: '3.0' }], activeTestIntervalMs: 60 });
    try {
      const good = await RawClient.connect(own.port);
      const dead = await RawClient.connect(own.port);
      clients.push(good, dead);
      dead.autoAnswer = false;
      await good.login('900039', 'pw', 0x30);
      await dead.login('900039', 'pw', 0x30);
      await good.next((p) => p.Command_Id === 'CMPP_ACTIVE_TEST');
      await dead.closed; // 3 unanswered, then closed
      expect(good.isClosed).toBe(false);
      const answered = own.received.filter((r) => r.pdu.Command_Id === 'CMPP_ACTIVE_TEST_RESP');
      expect(answered.length).toBeGreaterThan(0);
    } finally {
      await own.stop();
    }
  });

  it('stop() sends TERMINATE to logged-in connections', async () => {
    const own = await IsmgSimulator.start({ port: 0, accounts: [{ spId: '900038', secret: 'pw', version: '2.0' }] });
    const c = await RawClient.connect(own.port);
    clients.push(c);
    await c.login('900038', 'pw', 0x20);
    await own.stop();
    expect(c.log.some((r) => r.pdu?.Command_Id === 'CMPP_TERMINATE')).toBe(true);
    await c.closed;
  });
});

describe('faults', () => {
  it('dropResponses: no response, but the SUBMIT is still processed (a lost response)', async () => {
    const c = await loggedIn();
    sim.faults.dropResponses(1);
    const submits = sim.stats.submits;
    c.send(submitPdu(c.nextSeq(), { Msg_src: '900031' }));
    await until('the SUBMIT processed', () => sim.stats.submits === submits + 1);
    await c.next(isDeliver); // its report still comes
    sim.faults.dropResponses(0);
    expect(await c.drained((p) => p.Command_Id === 'CMPP_SUBMIT_RESP')).toEqual([]);
    expect((await c.request(submitPdu(c.nextSeq(), { Msg_src: '900031' }))).Command_Id).toBe('CMPP_SUBMIT_RESP');
  });

  it('delayResponses: the response comes, late', async () => {
    const c = await loggedIn();
    sim.faults.delayResponses(250);
    const seq = c.nextSeq();
    const submits = sim.stats.submits;
    c.send(submitPdu(seq, { Msg_src: '900031' }));
    await until('the SUBMIT processed', () => sim.stats.submits === submits + 1);
    sim.faults.delayResponses(0); // responses from now on are prompt; the delayed one still waits
    expect(await c.drained((p) => p.Command_Id === 'CMPP_SUBMIT_RESP')).toEqual([]);
    clock.advance(249);
    expect(await c.drained((p) => p.Command_Id === 'CMPP_SUBMIT_RESP')).toEqual([]);
    clock.advance(1);
    await c.next((p) => p.Command_Id === 'CMPP_SUBMIT_RESP' && p.Sequence_Id === seq);
  });

  it('disconnectAfter: the N-th PDU is neither processed nor answered; the connection closes', async () => {
    sim.faults.disconnectAfter(3);
    const c = await loggedIn(); // PDU 1
    expect((await c.request(submitPdu(c.nextSeq(), { Msg_src: '900031' }))).Command_Id).toBe('CMPP_SUBMIT_RESP'); // PDU 2
    const submits = sim.stats.submits;
    c.send(submitPdu(c.nextSeq(), { Msg_src: '900031' })); // PDU 3
    await c.closed;
    expect(sim.stats.submits).toBe(submits);
    expect(c.log.filter((r) => r.pdu?.Command_Id === 'CMPP_SUBMIT_RESP')).toHaveLength(1);
  });

  it('disconnectRandomly: rate 1 closes on the next PDU', async () => {
    const c = await loggedIn();
    sim.faults.disconnectRandomly(1);
    const received = c.log.length;
    c.send({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: c.nextSeq() });
    await c.closed;
    // Closed instead of answering: nothing came back, and the simulator holds no connection for it.
    expect(c.log.slice(received)).toEqual([]);
    await expect.poll(() => sim.connections('900031')).toBe(0);
  });

  it.each(['too-long', 'too-short'] as const)('sendMalformedFrame(%s): the client sees a framing error', async (kind) => {
    const c = await loggedIn();
    sim.faults.sendMalformedFrame(kind);
    await c.closed;
    expect(c.framingError).toBeInstanceOf(CmppFramingError);
  });

  it('sendMalformedFrame(bad-body): a well-framed DELIVER that does not decode; the stream stays in sync', async () => {
    const c = await loggedIn('900032', 0x30);
    sim.faults.sendMalformedFrame('bad-body');
    const bad = await c.nextRaw((r) => r.error !== undefined);
    expect(bad.error).toBeInstanceOf(CmppDecodeError);
    expect((await c.request({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: c.nextSeq() })).Command_Id).toBe('CMPP_ACTIVE_TEST_RESP');
  });

  it('silence: answers nothing and sends nothing until it ends, then the held reports go out', async () => {
    const c = await loggedIn();
    sim.faults.silence(true);
    const tests = () => sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_ACTIVE_TEST').length;
    const testsBefore = tests();
    const unanswered = c.nextSeq();
    c.send({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: unanswered });
    await until('the ACTIVE_TEST read', () => tests() > testsBefore);
    sim.faults.silence(false);
    // Answers go out in order: once a later ACTIVE_TEST is answered, the silent one never was.
    const received = c.log.length;
    await c.barrier();
    expect(c.log.slice(received).map((r) => [r.pdu?.Command_Id, r.pdu?.Sequence_Id])).toEqual([['CMPP_ACTIVE_TEST_RESP', unanswered + 1]]);
    // A report that falls due during a silence is held, not lost.
    sim.setReports({ delayMs: 100 });
    try {
      expect((await c.request(submitPdu(c.nextSeq(), { Msg_src: '900031' }))).Command_Id).toBe('CMPP_SUBMIT_RESP');
      sim.faults.silence(true);
      const sent = sim.stats.reportsSent;
      clock.advance(100); // due during the silence: held
      expect(sim.stats.reportsSent).toBe(sent);
      sim.faults.silence(false);
      await c.next(isDeliver);
    } finally {
      sim.setReports({ delayMs: 0 });
    }
  });

  it('killConnections: destroys the sockets of one account', async () => {
    const a = await loggedIn('900031', 0x20);
    const b = await loggedIn('900032', 0x30);
    sim.faults.killConnections('900031');
    await a.closed;
    expect(b.isClosed).toBe(false);
    expect(sim.connections('900032')).toBe(1);
  });

  it('rejects out-of-range fault settings', () => {
    expect(() => sim.faults.dropResponses(1.5)).toThrow(RangeError);
    expect(() => sim.faults.disconnectAfter(0)).toThrow(RangeError);
    expect(() => sim.faults.delayResponses(-1)).toThrow(RangeError);
  });
});
