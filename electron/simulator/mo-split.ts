// Splits an MO's text into DELIVER contents the way a handset's long message reaches the SP
// (docs/protocol.md "Long messages and encodings"): one message without UDH when it fits, else segments each led by a 6-byte
// (05 00 03 ref total index) or 7-byte (06 08 04 refHi refLo total index) UDH. Never splits a
// surrogate pair or a GBK double byte. The simulator does its own small split (not the SP-side
// planner) because it must also produce the variants gateways send: 7-byte UDH, TP_udhi 0x40.
import iconv from 'iconv-lite';

export type MoFormat = 0 | 8 | 15;

export interface MoSegment {
  content: Buffer;
  tpUdhi: number;
  msgFmt: MoFormat;
}

export interface MoSplitOptions {
  msgFmt: MoFormat;
  udhLength: 6 | 7;
  tpUdhi: 1 | 0x40;
  /** Concatenation reference: 8 bits used with the 6-byte UDH, 16 bits with the 7-byte one. */
  reference: number;
}

const MAX_SEGMENTS = 255;

export function defaultMoFormat(text: string): MoFormat {
  return /^[\x20-\x7e\r\n]*$/.test(text) ? 0 : 8;
}

function encodeChar(ch: string, fmt: MoFormat): Buffer {
  if (fmt === 8) return Buffer.from(ch, 'utf16le').swap16();
  if (fmt === 15) {
    const b = iconv.encode(ch, 'gbk');
    // iconv-lite turns unmappable characters into '?': refuse rather than send something else.
    if (b.length === 1 && b[0] === 0x3f && ch !== '?') throw new RangeError(`MO text: '${ch}' has no GBK encoding`);
    return b;
  }
  const code = ch.codePointAt(0)!;
  if (code > 0x7f) throw new RangeError(`MO text: '${ch}' is not ASCII; use msgFmt 8 or 15`);
  return Buffer.from([code]);
}

/** Limits per part: Msg_Length < 160 for ASCII, <= 140 otherwise; UCS2/GBK also 70/67/66 characters (docs/protocol.md "Long messages and encodings"). */
function limits(fmt: MoFormat, udh: number): { bytes: number; units: number } {
  if (udh === 0) return fmt === 0 ? { bytes: 159, units: 159 } : { bytes: 140, units: 70 };
  const bytes = 140 - udh;
  return fmt === 0 ? { bytes, units: bytes } : { bytes, units: udh === 6 ? 67 : 66 };
}

export function splitMo(text: string, opts: MoSplitOptions): MoSegment[] {
  const chars = Array.from(text).map((ch) => ({ bytes: encodeChar(ch, opts.msgFmt), units: ch.length }));
  const pack = (udh: number): Buffer[][] => {
    const { bytes: maxBytes, units: maxUnits } = limits(opts.msgFmt, udh);
    const parts: Buffer[][] = [[]];
    let bytes = 0;
    let units = 0;
    for (const c of chars) {
      if (bytes + c.bytes.length > maxBytes || units + c.units > maxUnits) {
        parts.push([]);
        bytes = 0;
        units = 0;
      }
      parts[parts.length - 1]!.push(c.bytes);
      bytes += c.bytes.length;
      units += c.units;
    }
    return parts;
  };
  const single = pack(0);
  if (single.length === 1) return [{ content: Buffer.concat(single[0]!), tpUdhi: 0, msgFmt: opts.msgFmt }];
  const parts = pack(opts.udhLength);
  if (parts.length > MAX_SEGMENTS) throw new RangeError(`MO text needs ${parts.length} segments; at most ${MAX_SEGMENTS}`);
  const total = parts.length;
  return parts.map((p, i) => {
    const udh =
      opts.udhLength === 6
        ? Buffer.from([0x05, 0x00, 0x03, opts.reference & 0xff, total, i + 1])
        : Buffer.from([0x06, 0x08, 0x04, (opts.reference >> 8) & 0xff, opts.reference & 0xff, total, i + 1]);
    return { content: Buffer.concat([udh, ...p]), tpUdhi: opts.tpUdhi, msgFmt: opts.msgFmt };
  });
}
