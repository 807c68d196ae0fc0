// shared/msg-id.ts: compose / decompose, the three text forms, signed storage, ranges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToMsgId,
  composeMsgId,
  decomposeMsgId,
  MAX_MSG_ID,
  msgIdFromSigned,
  msgIdTo22,
  msgIdToDecimal,
  msgIdToHex,
  msgIdToSigned,
  parseMsgId,
} from '../../shared/msg-id.js';

const u64 = fc.bigInt({ min: 0n, max: MAX_MSG_ID });

describe('Msg_Id', () => {
  it('decomposes the SUBMIT_RESP vector Msg_Id: 11-05 14:29:42, ISMG 1, sequence 0', () => {
    const id = 0xb2b9da8000010000n;
    expect(decomposeMsgId(id)).toEqual({ month: 11, day: 5, hour: 14, minute: 29, second: 42, ismgCode: 1, sequence: 0 });
    expect(composeMsgId(decomposeMsgId(id))).toBe(id);
    expect(msgIdTo22(id)).toBe('1105142942000000100000');
    expect(msgIdToHex(id)).toBe('b2b9da8000010000');
    expect(msgIdToDecimal(id)).toBe('12878564852733378560');
  });

  it('composes a real-looking id above 2^53 with a 6-digit gateway code', () => {
    const id = composeMsgId({ month: 12, day: 31, hour: 23, minute: 59, second: 59, ismgCode: 79101, sequence: 65535 });
    expect(id > 2n ** 63n).toBe(true);
    expect(msgIdTo22(id)).toBe('1231235959007910165535');
    expect(parseMsgId(msgIdTo22(id))).toBe(id);
  });

  it('compose(decompose(x)) === x and every text form parses back, for any 64-bit value', () => {
    fc.assert(
      fc.property(u64, (id) => {
        expect(composeMsgId(decomposeMsgId(id))).toBe(id);
        expect(msgIdTo22(id)).toMatch(/^\d{22}$/);
        expect(msgIdToHex(id)).toMatch(/^[0-9a-f]{16}$/);
        expect(parseMsgId(msgIdToDecimal(id))).toBe(id);
        expect(parseMsgId(msgIdTo22(id))).toBe(id);
        expect(parseMsgId(`0x${msgIdToHex(id)}`)).toBe(id);
        expect(msgIdFromSigned(msgIdToSigned(id))).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects parts that do not fit their bits', () => {
    const ok = { month: 1, day: 1, hour: 0, minute: 0, second: 0, ismgCode: 0, sequence: 0 };
    for (const [k, v] of [
      ['month', 16],
      ['day', 32],
      ['hour', 32],
      ['minute', 64],
      ['second', 64],
      ['ismgCode', 4194304],
      ['sequence', 65536],
      ['sequence', -1],
      ['day', 1.5],
    ] as const) {
      expect(() => composeMsgId({ ...ok, [k]: v }), `${k}=${v}`).toThrow(new RegExp(k));
    }
  });

  it('parseMsgId resolves the three forms as documented', () => {
    expect(parseMsgId(' 12878564852733378560 ')).toBe(0xb2b9da8000010000n);
    expect(parseMsgId('b2b9da8000010000')).toBe(0xb2b9da8000010000n);
    expect(parseMsgId('B2B9DA8000010000')).toBe(0xb2b9da8000010000n);
    expect(parseMsgId('0XB2B9DA8000010000')).toBe(0xb2b9da8000010000n);
    // 16 plain digits stay decimal.
    expect(parseMsgId('1234567890123456')).toBe(1234567890123456n);
    expect(parseMsgId('18446744073709551615')).toBe(MAX_MSG_ID);
    expect(parseMsgId('0')).toBe(0n);
    for (const bad of ['', 'abc', '18446744073709551616', '-1', '0x', '0x1ffffffffffffffff', '1.5', '123456789012345678901', '1605142942000000100000', '12345678901234567890123']) {
      expect(() => parseMsgId(bad), bad).toThrow(/Msg_Id/);
    }
  });

  it('signed storage: a December id is negative as a SQLite INTEGER and comes back', () => {
    const dec = composeMsgId({ month: 12, day: 1, hour: 0, minute: 0, second: 0, ismgCode: 1, sequence: 1 });
    expect(msgIdToSigned(dec) < 0n).toBe(true);
    expect(msgIdFromSigned(msgIdToSigned(dec))).toBe(dec);
    expect(msgIdToSigned(0x7fffffffffffffffn)).toBe(0x7fffffffffffffffn);
    expect(() => msgIdFromSigned(2n ** 63n)).toThrow();
    expect(() => msgIdToSigned(-1n)).toThrow();
  });

  it('addToMsgId moves only the 16-bit sequence, wrapping inside the range', () => {
    const base = composeMsgId({ month: 3, day: 4, hour: 5, minute: 6, second: 7, ismgCode: 79101, sequence: 65534 });
    expect(decomposeMsgId(addToMsgId(base, 1)).sequence).toBe(65535);
    const wrapped = decomposeMsgId(addToMsgId(base, 3));
    expect(wrapped).toEqual({ ...decomposeMsgId(base), sequence: 1 });
    expect(addToMsgId(base, 0)).toBe(base);
    expect(addToMsgId(base, 65536n)).toBe(base);
    expect(addToMsgId(MAX_MSG_ID, 1)).toBe(MAX_MSG_ID - 0xffffn);
    expect(() => addToMsgId(base, -1)).toThrow();
    expect(() => addToMsgId(base, 1.5)).toThrow();
  });
});
