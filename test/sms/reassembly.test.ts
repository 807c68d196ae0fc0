// MO reassembly (docs/protocol.md "Long messages and encodings" "Receiving"): UDH over Pk_*, TP_udhi & 0x41, per-segment Msg_Fmt with
// same-format runs decoded together, duplicates, reference reuse, expiry into visible partials,
// and persistence (pending segments out, restored, same outcome).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REASSEMBLY_TIMEOUT_MS,
  encodeText,
  groupKeyOf,
  reassemble,
  Reassembler,
  type MoSegment,
} from '../../electron/sms/index.js';

const SENDER = '13800138000';
const RECEIVER = '1065800001';
const T0 = Date.UTC(2025, 11, 24, 8, 0, 0);

const bytes = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const udh8 = (ref: number, total: number, index: number) => Uint8Array.of(5, 0, 3, ref, total, index);
const udh16 = (ref: number, total: number, index: number) => Uint8Array.of(6, 8, 4, ref >> 8, ref & 0xff, total, index);

let seq = 0;
function part(
  index: number,
  total: number,
  payload: Uint8Array,
  o: Partial<MoSegment> & { ref?: number; bits?: 8 | 16 } = {},
): MoSegment {
  const { ref = 0x42, bits = 8, ...rest } = o;
  const header = bits === 8 ? udh8(ref, total, index) : udh16(ref, total, index);
  return {
    id: `s${++seq}`,
    sender: SENDER,
    receiver: RECEIVER,
    msgFmt: 8,
    tpUdhi: 1,
    content: cat(header, payload),
    pkTotal: total,
    pkNumber: index,
    receivedAt: T0 + seq,
    ...rest,
  };
}
const ucs2 = (s: string) => encodeText(8, s);
const gbk = (s: string) => encodeText(15, s);
const ascii = (s: string) => encodeText(0, s);

describe('Reassembler', () => {
  it('a message without UDH is complete on its own (even when Pk_total says 2)', () => {
    const r = new Reassembler();
    const res = r.add({ sender: SENDER, receiver: RECEIVER, msgFmt: 0, tpUdhi: 0, content: ascii('This is a test MO.'), pkTotal: 2, pkNumber: 1, receivedAt: T0 });
    expect(res.status).toBe('single');
    expect(res.message).toMatchObject({ text: 'This is a test MO.', complete: true, total: 1, missing: [], groupKey: null });
    expect(r.openSets).toBe(0);
  });

  it('assembles parts in any order; Pk_* that contradict the UDH are ignored', () => {
    const r = new Reassembler();
    const a = r.add(part(3, 3, ucs2('三'), { pkTotal: 1, pkNumber: 1 }));
    const b = r.add(part(1, 3, ucs2('一'), { pkTotal: 9, pkNumber: 3 }));
    expect([a.status, b.status]).toEqual(['pending', 'pending']);
    const c = r.add(part(2, 3, ucs2('二'), { pkTotal: 0, pkNumber: 0 }));
    expect(c.status).toBe('complete');
    expect(c.message).toMatchObject({ text: '一二三', complete: true, total: 3, reference: 0x42, refBits: 8, received: [1, 2, 3], missing: [] });
    expect(c.message!.segmentIds).toHaveLength(3);
    expect(r.openSets).toBe(0);
  });

  it('TP_udhi 0x40 counts as a UDH; 16-bit references work', () => {
    const r = new Reassembler();
    r.add(part(1, 2, ucs2('Hello '), { tpUdhi: 0x40, bits: 16, ref: 0xbeef }));
    const res = r.add(part(2, 2, ucs2('world'), { tpUdhi: 0x41, bits: 16, ref: 0xbeef }));
    expect(res.message).toMatchObject({ text: 'Hello world', reference: 0xbeef, refBits: 16 });
  });

  it('TP_udhi 0 means no UDH: the bytes are text', () => {
    const r = new Reassembler();
    const res = r.add(part(1, 2, ascii('AB'), { msgFmt: 0, tpUdhi: 0 }));
    expect(res.status).toBe('single');
    expect(res.message!.text).toBe('\u0005\u0000\u0003\u0042\u0002\u0001AB');
  });

  it('a surrogate pair split across two UCS2 parts decodes whole', () => {
    const emoji = ucs2('😀'); // d83d de00
    const r = new Reassembler();
    r.add(part(2, 2, cat(emoji.subarray(2), ucs2('!'))));
    const res = r.add(part(1, 2, cat(ucs2('hi '), emoji.subarray(0, 2))));
    expect(res.message!.text).toBe('hi 😀!');
    expect(res.message!.pieces).toHaveLength(1);
    // Even a split in the middle of a UTF-16 unit.
    const r2 = new Reassembler();
    const all = ucs2('分开');
    r2.add(part(1, 2, all.subarray(0, 3), { ref: 7 }));
    expect(r2.add(part(2, 2, all.subarray(3), { ref: 7 })).message!.text).toBe('分开');
  });

  it('a GBK character split across two parts decodes whole', () => {
    const all = gbk('中文短信');
    const r = new Reassembler();
    r.add(part(1, 2, all.subarray(0, 3), { msgFmt: 15 }));
    expect(r.add(part(2, 2, all.subarray(3), { msgFmt: 15 })).message!.text).toBe('中文短信');
  });

  it('each part decoded by its own Msg_Fmt; runs of one format decoded together', () => {
    const r = new Reassembler();
    r.add(part(1, 4, ucs2('你好'), { msgFmt: 8 }));
    r.add(part(2, 4, ucs2('世界'), { msgFmt: 8 }));
    r.add(part(3, 4, gbk('中文'), { msgFmt: 15 }));
    const res = r.add(part(4, 4, ascii(' ok'), { msgFmt: 0 }));
    const m = res.message!;
    expect(m.text).toBe('你好世界中文 ok');
    expect(m.pieces.map((p) => [p.first, p.last, p.msgFmt])).toEqual([[1, 2, 8], [3, 3, 15], [4, 4, 0]]);
    expect(m.msgFmts).toEqual([8, 15, 0]);
  });

  it('an undecodable Msg_Fmt keeps its bytes as hex', () => {
    const r = new Reassembler();
    r.add(part(1, 2, ucs2('bin:'), { msgFmt: 8 }));
    const m = r.add(part(2, 2, bytes('00ff7f'), { msgFmt: 4 })).message!;
    expect(m.pieces[1]).toEqual({ first: 2, last: 2, msgFmt: 4, text: '00ff7f', raw: '00ff7f' });
    expect(m.text).toBe('bin:00ff7f');
  });

  it('duplicates are tolerated and counted, while open and after completion', () => {
    const r = new Reassembler();
    const p1 = part(1, 2, ucs2('a'));
    r.add(p1);
    expect(r.add({ ...p1, id: 'again', receivedAt: p1.receivedAt + 5 }).status).toBe('duplicate');
    const done = r.add(part(2, 2, ucs2('b')));
    expect(done.message).toMatchObject({ text: 'ab', duplicates: 1 });
    // A gateway resending a DELIVER after the set completed.
    expect(r.add({ ...p1, receivedAt: p1.receivedAt + 1000 }).status).toBe('duplicate');
    expect(r.openSets).toBe(0);
  });

  it('sets are keyed by sender, receiver, reference and total', () => {
    const r = new Reassembler();
    r.add(part(1, 2, ucs2('A1')));
    r.add(part(1, 2, ucs2('B1'), { sender: '13900000000' }));
    r.add(part(1, 2, ucs2('C1'), { receiver: '10658000012' }));
    r.add(part(1, 3, ucs2('D1')));
    r.add(part(1, 2, ucs2('E1'), { ref: 0x43 }));
    expect(r.openSets).toBe(5);
    expect(r.add(part(2, 2, ucs2('A2'))).message!.text).toBe('A1A2');
    expect(r.add(part(2, 2, ucs2('B2'), { sender: '13900000000' })).message!.text).toBe('B1B2');
  });

  it('a reused reference (same part, different bytes) closes the old set as a partial', () => {
    const r = new Reassembler();
    r.add(part(1, 3, ucs2('old1')));
    r.add(part(2, 3, ucs2('old2')));
    const res = r.add(part(1, 3, ucs2('new1')));
    expect(res.status).toBe('pending');
    expect(res.closed).toHaveLength(1);
    expect(res.closed[0]).toMatchObject({ text: 'old1old2', complete: false, missing: [3], received: [1, 2] });
    r.add(part(2, 3, ucs2('new2')));
    expect(r.add(part(3, 3, ucs2('new3'))).message!.text).toBe('new1new2new3');
  });

  it('incomplete sets expire into a visible partial message with the missing parts', () => {
    const r = new Reassembler({ timeoutMs: 1000 });
    const first = part(1, 4, ucs2('one'));
    r.add(first);
    r.add(part(3, 4, ucs2('three')));
    expect(r.nextExpiry()).toBe(first.receivedAt + 1000);
    expect(r.expire(first.receivedAt + 999)).toEqual([]);
    const [m] = r.expire(first.receivedAt + 1000);
    expect(m).toMatchObject({ complete: false, total: 4, received: [1, 3], missing: [2, 4], text: 'onethree' });
    expect(m!.pieces.map((p) => p.text)).toEqual(['one', 'three']);
    expect(r.openSets).toBe(0);
    expect(r.nextExpiry()).toBeNull();
  });

  it('a part arriving after its set timed out closes the old set and starts a new one', () => {
    const r = new Reassembler({ timeoutMs: 1000 });
    const p1 = part(1, 2, ucs2('x'));
    r.add(p1);
    const late = r.add(part(2, 2, ucs2('y'), { receivedAt: p1.receivedAt + 5000 }));
    expect(late.status).toBe('pending');
    expect(late.closed).toMatchObject([{ text: 'x', missing: [2] }]);
  });

  it('the default timeout is hours', () => {
    expect(DEFAULT_REASSEMBLY_TIMEOUT_MS).toBeGreaterThanOrEqual(60 * 60 * 1000);
    expect(() => new Reassembler({ timeoutMs: 0 })).toThrow(RangeError);
  });

  it('a UDH without a concatenation IE: a single message after its header', () => {
    const r = new Reassembler();
    const res = r.add({ sender: SENDER, receiver: RECEIVER, msgFmt: 8, tpUdhi: 1, content: cat(bytes('06050412345678'), ucs2('port')), receivedAt: T0 });
    expect(res.message).toMatchObject({ text: 'port', udhHex: '06050412345678' });
  });

  it('TP_udhi set but a UDH that runs past the content: decoded whole, raw bytes kept', () => {
    const r = new Reassembler();
    const content = bytes('ff41');
    const res = r.add({ sender: SENDER, receiver: RECEIVER, msgFmt: 0, tpUdhi: 1, content, receivedAt: T0 });
    expect(res.message!.pieces[0]).toMatchObject({ text: 'ÿA', raw: 'ff41' });
  });
});

describe('persistence', () => {
  /** What a store does: keep segments as rows (content as hex), read them back. */
  const roundTrip = (segs: MoSegment[]): MoSegment[] =>
    (JSON.parse(JSON.stringify(segs.map((s) => ({ ...s, content: Buffer.from(s.content).toString('hex') })))) as (Omit<MoSegment, 'content'> & { content: string })[]).map(
      (s) => ({ ...s, content: bytes(s.content) }),
    );

  it('pending segments restored into a new Reassembler (after a crash) finish the set', () => {
    const a = new Reassembler();
    a.add(part(1, 3, ucs2('甲')));
    a.add(part(3, 3, ucs2('丙')));
    a.add(part(1, 2, ucs2('x'), { ref: 9 }));
    const stored = roundTrip(a.pendingSegments());
    expect(stored).toHaveLength(3);

    const b = new Reassembler();
    expect(b.restore(stored)).toEqual([]);
    expect(b.openSets).toBe(2);
    const res = b.add(part(2, 3, ucs2('乙')));
    expect(res.message).toMatchObject({ text: '甲乙丙', complete: true });
    expect(res.message!.firstReceivedAt).toBe(stored[0]!.receivedAt);
  });

  it('reassemble() is the pure form: messages and still-pending segments from stored rows', () => {
    const segs = [
      part(2, 2, ucs2('B')),
      { sender: SENDER, receiver: RECEIVER, msgFmt: 0, tpUdhi: 0, content: ascii('single'), receivedAt: T0 },
      part(1, 3, ucs2('open'), { ref: 1 }),
      part(1, 2, ucs2('A')),
      part(1, 2, ucs2('A')), // duplicate row
      part(1, 2, ucs2('old'), { ref: 2, receivedAt: T0 - 10_000 }),
    ];
    const { messages, pending } = reassemble(segs, T0 + 5000, 10_000);
    expect(messages.map((m) => [m.text, m.complete])).toEqual([
      ['single', true],
      ['AB', true],
      ['old', false],
    ]);
    expect(pending.map((s) => groupKeyOf(s))).toEqual([groupKeyOf(segs[2]!)]);
  });
});
