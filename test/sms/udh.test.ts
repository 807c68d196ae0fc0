// UDH building and tolerant parsing (docs/protocol.md "Long messages and encodings"; 3GPP TS 23.040 §9.2.3.24).
import { describe, expect, it } from 'vitest';
import { buildConcatUdh, concatUdhHex, hasUdh, parseUdh, splitUdh, toHex, UdhError } from '../../electron/sms/index.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('building', () => {
  it('8-bit: 05 00 03 ref total index; 16-bit: 06 08 04 refHi refLo total index', () => {
    expect(toHex(buildConcatUdh(0xab, 3, 2))).toBe('050003ab0302');
    expect(toHex(buildConcatUdh(0x1234, 3, 2, 16))).toBe('0608041234' + '0302');
    expect(concatUdhHex(0xab, 3, 2, 8)).toBe('050003ab0302');
    expect(concatUdhHex(0xfffe, 255, 255, 16)).toBe('060804fffeffff');
  });

  it.each([
    [256, 2, 1, 8],
    [70000, 2, 1, 16],
    [1, 256, 1, 8],
    [1, 0, 1, 8],
    [1, 2, 3, 8],
    [1, 2, 0, 8],
    [1.5, 2, 1, 8],
  ] as const)('rejects ref %i total %i index %i (%i-bit)', (ref, total, index, bits) => {
    expect(() => buildConcatUdh(ref, total, index, bits)).toThrow(UdhError);
  });
});

describe('parseUdh', () => {
  it('reads the 8-bit and 16-bit concatenation headers', () => {
    expect(parseUdh(hex('050003ab0302 0041'))).toEqual({
      udh: { ref: 0xab, total: 3, index: 2, refBits: 8, length: 6 },
      payload: hex('0041'),
    });
    expect(parseUdh(hex('0608041234 0302 0041'))).toEqual({
      udh: { ref: 0x1234, total: 3, index: 2, refBits: 16, length: 7 },
      payload: hex('0041'),
    });
  });

  it('iterates past other IEs (port addressing, a special SMS indication)', () => {
    // UDHL 0x0f: 05 04 1234 5678 (ports) · 00 03 07 02 01 (concat) · 01 02 0000
    const p = parseUdh(hex('0f 0504123456780003070201 01020000 6869'));
    expect(p).toEqual({ udh: { ref: 7, total: 2, index: 1, refBits: 8, length: 16 }, payload: hex('6869') });
    const q = parseUdh(hex('0c 050412345678 08 04 0102 0202 6869'));
    expect(q?.udh).toEqual({ ref: 0x0102, total: 2, index: 2, refBits: 16, length: 13 });
  });

  it('null without a usable concatenation IE', () => {
    expect(parseUdh(hex('06 050412345678 41'))).toBeNull(); // ports only
    expect(parseUdh(hex('050003ab0300 41'))).toBeNull(); // index 0
    expect(parseUdh(hex('050003ab0304 41'))).toBeNull(); // index > total
    expect(parseUdh(hex('050003ab0002 41'))).toBeNull(); // total 0
    expect(parseUdh(hex('09 0003ab0302'))).toBeNull(); // UDHL past the content
    expect(parseUdh(new Uint8Array(0))).toBeNull();
  });

  it('a malformed IE stops the walk; the header is still skipped by its UDHL', () => {
    const s = splitUdh(hex('07 0003ab0302 0109 4142'))!;
    expect(s.malformed).toBe(true);
    expect(s.elements).toHaveLength(1);
    expect(toHex(s.payload)).toBe('4142');
    expect(parseUdh(hex('07 0003ab0302 0109 4142'))?.udh.index).toBe(2);
  });

  it('the last of repeated concatenation IEs wins', () => {
    expect(parseUdh(hex('0a 0003010201 0003020202 41'))?.udh).toMatchObject({ ref: 2, index: 2 });
  });
});

describe('hasUdh', () => {
  it('reads TP_udhi as (TP_udhi & 0x41) != 0', () => {
    expect([0, 1, 0x40, 0x41, 0x02, 0x80, 0xff].map(hasUdh)).toEqual([false, true, true, true, false, false, true]);
  });
});
