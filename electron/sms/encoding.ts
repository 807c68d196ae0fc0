// Text <-> Msg_Content bytes per CMPP Msg_Fmt (docs/protocol.md "Message bodies", "Long messages and encodings"): 0 ASCII, 8 UCS2 (UTF-16BE), 15 GBK.
// Any other Msg_Fmt (3 SIM, 4 binary, vendor values) is kept as raw bytes shown as hex, and
// survives decode -> encodeDecoded byte for byte.
import iconv from 'iconv-lite';
import { gbkCode } from './gbk.js';
import { fromHex, toHex } from './hex.js';

export const MSG_FMT_ASCII = 0;
export const MSG_FMT_UCS2 = 8;
export const MSG_FMT_GBK = 15;

export type TextMsgFmt = typeof MSG_FMT_ASCII | typeof MSG_FMT_UCS2 | typeof MSG_FMT_GBK;

export interface DecodedText {
  /** Text to show. For a Msg_Fmt we do not decode, the bytes as lowercase hex. */
  text: string;
  /** The exact bytes as lowercase hex, present whenever `text` alone cannot give them back
   *  (undecoded Msg_Fmt, odd UCS2 length, invalid GBK). */
  raw?: string;
}

export class EncodingError extends Error {
  readonly code = 'unencodable';
  constructor(
    readonly msgFmt: number,
    /** Offending characters with their UTF-16 offsets. */
    readonly chars: { char: string; index: number }[],
  ) {
    super(
      `Msg_Fmt ${msgFmt} cannot encode ${chars
        .slice(0, 5)
        .map((c) => `${JSON.stringify(c.char)} at ${c.index}`)
        .join(', ')}${chars.length > 5 ? ` and ${chars.length - 5} more` : ''}`,
    );
    this.name = 'EncodingError';
  }
}

function isLoneSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    return !(d >= 0xdc00 && d <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const p = text.charCodeAt(i - 1);
    return !(p >= 0xd800 && p <= 0xdbff);
  }
  return false;
}

/**
 * Strict encoder: throws EncodingError rather than substituting '?'.
 * Msg_Fmt 0 accepts ISO-8859-1 (the inverse of decodeText; the planner itself only sends 7-bit
 * ASCII). UCS2 rejects half surrogate pairs, which no handset can show.
 */
export function encodeText(msgFmt: TextMsgFmt, text: string): Uint8Array {
  const bad: { char: string; index: number }[] = [];
  let out: Uint8Array;
  if (msgFmt === MSG_FMT_UCS2) {
    out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff && isLoneSurrogate(text, i)) bad.push({ char: text[i]!, index: i });
      out[2 * i] = c >> 8;
      out[2 * i + 1] = c & 0xff;
    }
  } else if (msgFmt === MSG_FMT_ASCII) {
    out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) bad.push({ char: text[i]!, index: i });
      out[i] = c;
    }
  } else if (msgFmt === MSG_FMT_GBK) {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      const code = gbkCode(cp);
      if (code < 0) bad.push({ char: String.fromCodePoint(cp), index: i });
      else if (code < 0x100) bytes.push(code);
      else bytes.push(code >> 8, code & 0xff);
      if (cp > 0xffff) i++;
    }
    out = Uint8Array.from(bytes);
  } else {
    throw new RangeError(`Msg_Fmt ${String(msgFmt)} is not a text format (use 0, 8 or 15)`);
  }
  if (bad.length) throw new EncodingError(msgFmt, bad);
  return out;
}

/** UTF-16BE by hand: iconv-lite's utf16-be strips a leading BOM, which would lose a character. */
function decodeUtf16be(bytes: Uint8Array): DecodedText {
  const n = bytes.length >> 1;
  const units = new Array<number>(n);
  for (let i = 0; i < n; i++) units[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  let text = '';
  for (let i = 0; i < n; i += 8192) text += String.fromCharCode(...units.slice(i, i + 8192));
  if (bytes.length % 2) return { text: text + '\ufffd', raw: toHex(bytes) };
  // A half surrogate pair is shown as is, but encodeText refuses it: keep the bytes.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff && isLoneSurrogate(text, i)) return { text, raw: toHex(bytes) };
  }
  return { text };
}

/** GBK MO text is decoded as GB18030 (a superset: handsets may send 4-byte sequences). */
function decodeGbk(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buf, 'gb18030', { stripBOM: false });
  // Invalid sequences decode to U+FFFD, 4-byte sequences to characters GBK lacks, and a few
  // codes share a character: keep the bytes whenever encodeText would not give them back.
  let back: Uint8Array | null = null;
  try {
    back = encodeText(MSG_FMT_GBK, text);
  } catch {
    back = null;
  }
  if (!back || !buf.equals(back)) return { text, raw: toHex(bytes) };
  return { text };
}

export function decodeText(msgFmt: number, bytes: Uint8Array): DecodedText {
  switch (msgFmt) {
    case MSG_FMT_UCS2:
      return decodeUtf16be(bytes);
    case MSG_FMT_GBK:
      return decodeGbk(bytes);
    case MSG_FMT_ASCII:
      // docs/protocol.md "Long messages and encodings": "0 ASCII"; read as ISO-8859-1 so that no byte is ever lost.
      return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
    default: {
      const hex = toHex(bytes);
      return { text: hex, raw: hex };
    }
  }
}

/** The exact bytes behind a decodeText result: raw when present, else the text re-encoded. */
export function encodeDecoded(msgFmt: number, decoded: DecodedText): Uint8Array {
  if (decoded.raw !== undefined) return fromHex(decoded.raw);
  return encodeText(msgFmt as TextMsgFmt, decoded.text);
}
