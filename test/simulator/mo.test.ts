// MO traffic: short and long MOs (6- and 7-byte UDH, TP_udhi 0x40, UCS2, GBK, ASCII), shuffled
// and duplicated segments, opt-out words, replies to an extended Src_Id, LinkID, schedules.
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deliver, Pdu } from '../../electron/cmpp/wire/pdu.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { splitMo } from '../../electron/simulator/mo-split.js';
import { ManualClock } from '../support/manual-clock.js';
import { RawClient } from './raw-client.js';

let sim: IsmgSimulator;
/** The simulator's time: scheduled MOs go out when the test moves it. */
const clock = new ManualClock();
const clients: RawClient[] = [];
const isMo = (p: Pdu): p is Deliver => p.Command_Id === 'CMPP_DELIVER' && p.Registered_Delivery === 0;

async function loggedIn(spId: string, version: number): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  c.autoAck = true;
  expect((await c.login(spId, 'pw', version)).Status).toBe(0);
  return c;
}

function decodeText(fmt: number, b: Buffer): string {
  if (fmt === 8) return Buffer.from(b).swap16().toString('utf16le');
  if (fmt === 15) return iconv.decode(b, 'gbk');
  return b.toString('latin1');
}

interface Part {
  ref: number;
  total: number;
  index: number;
  udhLength: number;
  body: Buffer;
}
function parseUdh(c: Buffer): Part {
  if (c[0] === 0x05 && c[1] === 0x00 && c[2] === 0x03) return { ref: c[3]!, total: c[4]!, index: c[5]!, udhLength: 6, body: c.subarray(6) };
  if (c[0] === 0x06 && c[1] === 0x08 && c[2] === 0x04) return { ref: (c[3]! << 8) | c[4]!, total: c[5]!, index: c[6]!, udhLength: 7, body: c.subarray(7) };
  throw new Error(`no concatenation UDH: ${c.subarray(0, 7).toString('hex')}`);
}

beforeAll(async () => {
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: [
      { spId: '900021', secret: 'pw', version: '2.0' },
      { spId: '900023', secret: 'pw', version: '3.0' },
      { spId: '900024', secret: 'pw', version: '3.0' },
    ],
    clock,
  });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await sim.stop();
});

describe('short MOs', () => {
  it('sends an ASCII opt-out word as one DELIVER, Registered_Delivery 0, to an extended Src_Id', async () => {
    const c = await loggedIn('900021', 0x20);
    await sim.sendMo({ spId: '900021', from: '13800138000', to: '9000211234', text: 'TD', serviceId: 'NEWS' });
    const d = (await c.next(isMo)) as Deliver;
    expect(d).toMatchObject({ Dest_Id: '9000211234', Src_terminal_Id: '13800138000', Service_Id: 'NEWS', Msg_Fmt: 0, TP_udhi: 0 });
    expect(d.Msg_Content.toString()).toBe('TD');
  });

  it('sends 退订 in UCS2 by default and in GBK on request', async () => {
    const c = await loggedIn('900021', 0x20);
    await sim.sendMo({ spId: '900021', from: '13800138000', to: '900021', text: '退订' });
    await sim.sendMo({ spId: '900021', from: '13800138000', to: '900021', text: '退订', msgFmt: 15 });
    const a = (await c.next(isMo)) as Deliver;
    const b = (await c.next(isMo)) as Deliver;
    expect([a.Msg_Fmt, decodeText(a.Msg_Fmt, a.Msg_Content)]).toEqual([8, '退订']);
    expect([b.Msg_Fmt, decodeText(b.Msg_Fmt, b.Msg_Content), b.Msg_Length]).toEqual([15, '退订', 4]);
  });

  it('sets LinkID on 3.0 connections only', async () => {
    const c3 = await loggedIn('900023', 0x30);
    await sim.sendMo({ spId: '900023', from: '13800138000', to: '900023', text: 'DB', linkId: 'LINK-0001' });
    expect(((await c3.next(isMo)) as Deliver).LinkID).toBe('LINK-0001');
    const c2 = await loggedIn('900021', 0x20);
    await sim.sendMo({ spId: '900021', from: '13800138000', to: '900021', text: 'DB', linkId: 'LINK-0001' });
    const d2 = (await c2.next(isMo)) as Deliver;
    expect(d2.LinkID ?? '').toBe('');
    expect(c2.log.at(-1)!.frame.length).toBe(85 + 2);
  });

  it('holds an MO until the account logs in', async () => {
    await sim.sendMo({ spId: '900024', from: '13800138000', to: '900024', text: 'later' });
    const c = await loggedIn('900024', 0x30);
    expect(((await c.next(isMo)) as Deliver).Msg_Content.toString()).toBe('later');
  });

  it('refuses bad MOs with clear errors', async () => {
    await expect(sim.sendMo({ spId: 'nope', from: '1', to: '2', text: 'x' })).rejects.toThrow(/no account/);
    await expect(sim.sendMo({ spId: '900021', from: '1', to: '2', text: '中', msgFmt: 0 })).rejects.toThrow(/not ASCII/);
    await expect(sim.sendMo({ spId: '900021', from: '1'.repeat(22), to: '2', text: 'x' })).rejects.toThrow(/from/);
    await expect(sim.sendMo({ spId: '900021', from: '1', to: '2', text: '' })).rejects.toThrow(/non-empty/);
  });
});

describe.each([
  ['UCS2, 6-byte UDH, TP_udhi 1', 8, 6, 1, '长短信测试,包含表情😀和文字。'.repeat(12)],
  ['GBK, 7-byte UDH, TP_udhi 0x40', 15, 7, 0x40, '这是一条通过GBK编码发送的长上行短信,回复TD退订。'.repeat(8)],
  ['ASCII, 7-byte UDH, TP_udhi 1', 0, 7, 1, 'The quick brown fox jumps over the lazy dog. '.repeat(9)],
] as const)('long MO: %s', (_name, fmt, udhLength, tpUdhi, text) => {
  it('arrives in shuffled segments that reassemble by their UDH', async () => {
    const c = await loggedIn('900023', 0x30);
    await sim.sendMo({ spId: '900023', from: '13800138001', to: '9000231', text, msgFmt: fmt, udhLength, tpUdhi, shuffle: true });
    const first = (await c.next(isMo)) as Deliver;
    const total = parseUdh(first.Msg_Content).total;
    expect(total).toBeGreaterThan(2);
    const segs = [first];
    for (let i = 1; i < total; i++) segs.push((await c.next(isMo)) as Deliver);
    const parts = segs.map((d) => ({ d, p: parseUdh(d.Msg_Content) }));
    // Out of order on the wire, all with the same reference and total.
    expect(parts.map((x) => x.p.index)).not.toEqual([...parts.map((x) => x.p.index)].sort((a, b) => a - b));
    expect(new Set(parts.map((x) => `${x.p.ref}/${x.p.total}`)).size).toBe(1);
    for (const { d, p } of parts) {
      expect(d.TP_udhi).toBe(tpUdhi);
      expect(d.Msg_Fmt).toBe(fmt);
      expect(p.udhLength).toBe(udhLength);
      expect(d.Msg_Length).toBeLessThanOrEqual(140);
      if (fmt !== 0) expect(decodeText(fmt, p.body).length).toBeLessThanOrEqual(udhLength === 6 ? 67 : 66);
    }
    parts.sort((a, b) => a.p.index - b.p.index);
    // Each segment decodes on its own: no character (or surrogate pair) is split across segments.
    expect(parts.map((x) => decodeText(fmt, x.p.body)).join('')).toBe(text);
  });
});

describe('MO variants', () => {
  it('can send one segment twice', async () => {
    const c = await loggedIn('900023', 0x30);
    const text = '重复分段测试'.repeat(20);
    const n = splitMo(text, { msgFmt: 8, udhLength: 6, tpUdhi: 1, reference: 0 }).length;
    await sim.sendMo({ spId: '900023', from: '13800138002', to: '900023', text, duplicate: true });
    const segs = [];
    for (let i = 0; i <= n; i++) segs.push((await c.next(isMo)) as Deliver);
    const indexes = segs.map((d) => parseUdh(d.Msg_Content).index);
    expect(new Set(indexes).size).toBe(n);
    expect(new Set(segs.map((d) => d.Msg_Id)).size).toBe(n + 1); // the duplicate is a fresh DELIVER
  });

  it('sends MOs on a schedule until cancelled', async () => {
    const c = await loggedIn('900023', 0x30);
    const cancel = sim.scheduleMo({ spId: '900023', from: '13800138003', to: '900023', text: 'tick' }, 40);
    expect(await c.drained(isMo)).toEqual([]); // the first one is due at 40 ms
    for (let i = 0; i < 3; i++) {
      clock.advance(40);
      expect(((await c.next(isMo)) as Deliver).Msg_Content.toString()).toBe('tick');
    }
    cancel();
    clock.advance(10_000);
    expect(await c.drained(isMo)).toEqual([]);
  });
});

describe('splitMo', () => {
  it('fits single messages without a UDH: 159 ASCII, 70 UCS2 characters', () => {
    expect(splitMo('a'.repeat(159), { msgFmt: 0, udhLength: 6, tpUdhi: 1, reference: 1 })).toHaveLength(1);
    expect(splitMo('a'.repeat(160), { msgFmt: 0, udhLength: 6, tpUdhi: 1, reference: 1 })).toHaveLength(2);
    expect(splitMo('中'.repeat(70), { msgFmt: 8, udhLength: 6, tpUdhi: 1, reference: 1 })).toHaveLength(1);
    const two = splitMo('中'.repeat(71), { msgFmt: 8, udhLength: 6, tpUdhi: 1, reference: 1 });
    expect(two.map((s) => s.content.length)).toEqual([6 + 134, 6 + 8]);
    expect(splitMo('中'.repeat(71), { msgFmt: 15, udhLength: 7, tpUdhi: 0x40, reference: 0x1234 })[0]!.content.subarray(0, 7).toString('hex')).toBe('0608041234' + '0201');
  });

  it('refuses characters GBK cannot carry', () => {
    expect(() => splitMo('😀', { msgFmt: 15, udhLength: 6, tpUdhi: 1, reference: 1 })).toThrow(/GBK/);
  });
});
