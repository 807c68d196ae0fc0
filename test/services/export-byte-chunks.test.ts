// The export's byte builder: digits, padding, text in any script and chunking give exactly the
// bytes Buffer.from(String(...)) would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteChunks, Digits } from '../../electron/formats/byte-chunks.js';

const bytesOf = (out: ByteChunks) => Buffer.concat(out.take()).toString('utf8');

describe('ByteChunks', () => {
  it('prints integers as String() does, negative and fractional ones included', () => {
    const out = new ByteChunks();
    const edge = [0, 1, 9, 10, 99, 100, 101, 12345, 2 ** 31, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER, -1, -0, 1.5, -(2 ** 40)];
    for (const v of edge) {
      out.int(v);
      expect(bytesOf(out)).toBe(String(v));
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (v) => {
        out.uint(v);
        expect(bytesOf(out)).toBe(String(v));
      }),
    );
  });

  it('zero-pads to a width', () => {
    const out = new ByteChunks();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (width, n) => {
        const v = n % 10 ** width;
        out.padded(v, width);
        expect(bytesOf(out)).toBe(String(v).padStart(width, '0'));
      }),
    );
  });

  it('writes text as UTF-8 and keeps every byte across chunk boundaries', () => {
    const out = new ByteChunks();
    const parts = ['ascii', '双十一促销', '😀 emoji', 'lone \ud800 surrogate', 'x'.repeat(70_000), '', '=1+1'];
    let expected = '';
    for (let i = 0; i < 40; i++) {
      for (const p of parts) {
        out.text(p);
        out.byte(0x2c);
        out.bytes(Buffer.from(p), 0);
        expected += `${p},${p}`;
      }
      const d = new Digits();
      d.set(i * 1_000_003);
      d.writeTo(out);
      expected += String(i * 1_000_003);
    }
    const chunks = out.take();
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(out.take()).toEqual([]);
  });
});
