// Codecs under the planner and the MO decoder: GSM 7-bit tables, the GBK table, Msg_Fmt text
// encode/decode (docs/protocol.md "Long messages and encodings"), hex.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decodeText,
  encodeDecoded,
  encodeText,
  EncodingError,
  fromHex,
  gbkBytes,
  gbkCode,
  gsm7Length,
  gsm7Septets,
  isAsciiGsm7,
  toHex,
} from '../../electron/sms/index.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('GSM 7-bit alphabet', () => {
  it('has 127 basic characters (128 minus the escape) and 10 extension characters', () => {
    let basic = 0;
    let ext = 0;
    for (let cp = 0; cp < 0x10000; cp++) {
      const s = gsm7Septets(cp);
      if (s === 1) basic++;
      if (s === 2) ext++;
    }
    expect(basic).toBe(127);
    expect(ext).toBe(10);
  });

  it('counts septets', () => {
    expect(gsm7Length('Hello @£$¥ _ΔΩ')).toBe(14);
    expect(gsm7Length('{}[]~\\|^€')).toBe(18);
    expect(gsm7Length('a`b')).toBe(-1);
    expect(gsm7Length('’')).toBe(-1);
    expect(gsm7Length('😀')).toBe(-1);
  });

  it('ASCII characters outside GSM: only the backtick and control characters', () => {
    const missing: number[] = [];
    for (let c = 0x20; c < 0x7f; c++) if (!isAsciiGsm7(c)) missing.push(c);
    expect(String.fromCharCode(...missing)).toBe('`');
    expect(isAsciiGsm7(0x0a)).toBe(true);
    expect(isAsciiGsm7(0x0d)).toBe(true);
    expect(isAsciiGsm7(0x09)).toBe(false);
    expect(isAsciiGsm7(0x00)).toBe(false);
  });
});

describe('GBK table', () => {
  it('agrees with iconv-lite for every BMP code point it can encode', () => {
    let encodable = 0;
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) {
        expect(gbkCode(cp)).toBe(-1);
        continue;
      }
      const code = gbkCode(cp);
      const ch = String.fromCharCode(cp);
      if (code < 0) continue;
      encodable++;
      const bytes = code < 0x100 ? Buffer.from([code]) : Buffer.from([code >> 8, code & 0xff]);
      expect(iconv.encode(ch, 'gbk').equals(bytes), ch).toBe(true);
      expect(gbkBytes(cp)).toBe(bytes.length);
    }
    expect(encodable).toBeGreaterThan(21000);
  });

  it('every GBK code decodes back to its character (MO decoding agrees with what we send)', () => {
    for (let cp = 0; cp < 0x10000; cp++) {
      const code = gbkCode(cp);
      if (code < 0) continue;
      const b = code < 0x100 ? Uint8Array.of(code) : Uint8Array.of(code >> 8, code & 0xff);
      const d = decodeText(15, b);
      if (d.text !== String.fromCharCode(cp) || d.raw !== undefined) expect.fail(`U+${cp.toString(16)} -> ${JSON.stringify(d)}`);
    }
  });

  it('has no code for emoji, U+20000, U+0080', () => {
    expect(gbkCode(0x1f600)).toBe(-1);
    expect(gbkCode(0x20000)).toBe(-1);
    expect(gbkCode(0x80)).toBe(-1);
    expect(gbkCode(0x4e2d)).toBe(0xd6d0);
    expect(gbkBytes(0x41)).toBe(1);
  });
});

describe('encodeText', () => {
  it('UCS2 is UTF-16BE, surrogate pairs as two units', () => {
    expect(toHex(encodeText(8, '测试gocmpp'))).toBe('6d4b8bd50067006f0063006d00700070');
    expect(toHex(encodeText(8, '😀'))).toBe('d83dde00');
  });

  it('GBK and ASCII', () => {
    expect(toHex(encodeText(15, '中a€'))).toBe('d6d06180');
    expect(toHex(encodeText(0, 'This is a test MO.'))).toBe('5468697320697320612074657374204d4f2e');
  });

  it('throws a typed error naming what it cannot encode', () => {
    expect(() => encodeText(15, 'a😀b')).toThrow(EncodingError);
    try {
      encodeText(15, 'a😀b\u0080');
    } catch (e) {
      expect(e).toMatchObject({ code: 'unencodable', msgFmt: 15, chars: [{ char: '😀', index: 1 }, { char: '\u0080', index: 4 }] });
    }
    expect(() => encodeText(0, '中')).toThrow(expect.objectContaining({ code: 'unencodable' }));
    expect(() => encodeText(8, 'a\ud83d')).toThrow(expect.objectContaining({ chars: [{ char: '\ud83d', index: 1 }] }));
    expect(() => encodeText(4 as 0, 'x')).toThrow(RangeError);
  });
});

describe('decodeText (MO, by Msg_Fmt)', () => {
  it('8: UTF-16BE, a leading BOM kept, a surrogate pair decoded', () => {
    expect(decodeText(8, hex('6d4b8bd5'))).toEqual({ text: '测试' });
    expect(decodeText(8, hex('feff0041'))).toEqual({ text: '\ufeffA' });
    expect(decodeText(8, hex('d83dde00'))).toEqual({ text: '😀' });
  });

  it('8: an odd byte count or half a pair keeps the raw bytes', () => {
    expect(decodeText(8, hex('004100'))).toEqual({ text: 'A\ufffd', raw: '004100' });
    expect(decodeText(8, hex('d83d0041'))).toEqual({ text: '\ud83dA', raw: 'd83d0041' });
  });

  it('15: GBK (read as GB18030); invalid bytes keep the raw bytes', () => {
    expect(decodeText(15, hex('d6d0cec4'))).toEqual({ text: '中文' });
    expect(decodeText(15, hex('d6ff'))).toMatchObject({ raw: 'd6ff' });
    // A GB18030 four-byte emoji decodes, and keeps its bytes (GBK has no code for it).
    expect(decodeText(15, hex('9439ce38'))).toEqual({ text: '🐶', raw: '9439ce38' });
  });

  it('0: ASCII, read as ISO-8859-1 so no byte is lost', () => {
    expect(decodeText(0, hex('5468697320697320612074657374204d4f2e'))).toEqual({ text: 'This is a test MO.' });
    expect(decodeText(0, hex('e9ff'))).toEqual({ text: 'éÿ' });
  });

  it('other Msg_Fmt values: shown as hex, bytes kept', () => {
    expect(decodeText(4, hex('00ff10'))).toEqual({ text: '00ff10', raw: '00ff10' });
    expect(decodeText(3, hex(''))).toEqual({ text: '', raw: '' });
  });

  it('any bytes under any Msg_Fmt survive decode -> encodeDecoded byte for byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 160 }), (fmt, bytes) => {
        const back = encodeDecoded(fmt, decodeText(fmt, bytes));
        expect(toHex(back)).toBe(toHex(bytes));
      }),
      { numRuns: 2000 },
    );
    for (const fmt of [0, 8, 15]) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 160 }), (bytes) => {
          expect(toHex(encodeDecoded(fmt, decodeText(fmt, bytes)))).toBe(toHex(bytes));
        }),
        { numRuns: 2000 },
      );
    }
  });
});

describe('hex', () => {
  it('round trips and rejects bad input', () => {
    expect(toHex(fromHex('00Ff7a'))).toBe('00ff7a');
    expect(() => fromHex('abc')).toThrow(expect.objectContaining({ code: 'invalid-hex' }));
    expect(() => fromHex('zz')).toThrow();
  });
});
