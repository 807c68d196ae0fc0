// GBK (Msg_Fmt 15) code table for the BMP, built once from iconv-lite's 'gbk' codec so the
// planner can size and encode characters without calling iconv per keystroke.
// We send GBK proper (what SMSCs transcode), not GB18030: characters outside GBK (emoji, U+20000,
// U+0080, ...) are unencodable; iconv-lite would silently turn them into '?'.
import iconv from 'iconv-lite';

/** 0xFFFF marks "no GBK code" (no GBK sequence is FF FF: trail bytes stop at 0xFE). */
const NONE = 0xffff;
let table: Uint16Array | null = null;

function build(): Uint16Array {
  const t = new Uint16Array(0x10000).fill(NONE);
  const cps: number[] = [];
  for (let cp = 0; cp < 0x10000; cp++) if (cp < 0xd800 || cp > 0xdfff) cps.push(cp);
  let s = '';
  for (let i = 0; i < cps.length; i += 4096) s += String.fromCharCode(...cps.slice(i, i + 4096));
  const buf = iconv.encode(s, 'gbk');
  let p = 0;
  for (const cp of cps) {
    const b = buf[p]!;
    if (b >= 0x81 && b <= 0xfe) {
      const b2 = buf[p + 1]!;
      if (b2 >= 0x30 && b2 <= 0x39) {
        // A GB18030 four-byte sequence (iconv-lite emits one for U+E7C7): not GBK.
        p += 4;
        continue;
      }
      t[cp] = (b << 8) | b2;
      p += 2;
    } else {
      // iconv-lite writes '?' for a character it cannot encode.
      if (!(b === 0x3f && cp !== 0x3f)) t[cp] = b;
      p += 1;
    }
  }
  if (p !== buf.length) throw new Error('GBK table: iconv-lite output out of step');
  return t;
}

/** The GBK code of a code point (< 0x100 means one byte), or -1 when GBK has none. */
export function gbkCode(codePoint: number): number {
  if (codePoint > 0xffff) return -1;
  table ??= build();
  const c = table[codePoint]!;
  return c === NONE ? -1 : c;
}

/** Bytes a code point takes in GBK: 1, 2, or 0 when unencodable. */
export function gbkBytes(codePoint: number): 0 | 1 | 2 {
  const c = gbkCode(codePoint);
  return c < 0 ? 0 : c < 0x100 ? 1 : 2;
}
