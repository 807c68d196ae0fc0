// The run-time helpers every generated encode / decode function closes over (layout-compiler.ts):
// strict field checks with errors that name the field, latin1 Octet String reads and writes, and
// 64-bit Msg_Id reads and writes without a DataView. One set per compiled layout, so each error
// message carries the layout's label ("CMPP_SUBMIT (3.0)").
import { CmppDecodeError, CmppEncodeError } from './errors.js';

const MAX_U64 = 0xffffffffffffffffn;

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return String(v);
}

function fieldName(name: string, index: number): string {
  return index < 0 ? name : `${name}[${index}]`;
}

export function fieldCodecs(label: string, commandId: number | null) {
  const bad = (field: string, v: unknown, expected: string) =>
    new CmppEncodeError(field, `${label}: ${field} must be ${expected}, got ${show(v)}`);
  const badStr = (field: string, v: unknown, size: number) =>
    typeof v === 'string'
      ? new CmppEncodeError(field, `${label}: ${field} is ${v.length} characters, longer than its ${size}-byte field (${show(v)})`)
      : bad(field, v, `a string of at most ${size} characters`);
  const mismatch = (field: string, actual: number, counter: string, declared: number) =>
    new CmppEncodeError(field, `${label}: ${field} has ${actual} ${field === 'Msg_Content' ? 'bytes' : 'entries'} but ${counter} is ${declared}`);
  const over = (field: string, v: number, by: string, byValue: number, limit: number) =>
    new CmppEncodeError(field, `${label}: ${field} ${v} exceeds ${limit}, the limit for ${by} ${byValue}`);
  const foreign = (field: string, version: string, v: unknown) =>
    new CmppEncodeError(field, `${label}: ${field} exists only in CMPP ${version} and cannot be sent here (got ${show(v)})`);
  function wstr(b: Buffer, o: number, s: string, size: number, name: string, index: number) {
    const n = s.length;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      // One compare for both bad cases: NUL wraps to 0xffffffff, anything above 0xff stays above.
      if ((c - 1) >>> 0 > 254) {
        const f = fieldName(name, index);
        throw new CmppEncodeError(
          f,
          c === 0
            ? `${label}: ${f} contains NUL at ${i}; an Octet String ends at its first NUL (${show(s)})`
            : `${label}: ${f} has U+${c.toString(16).toUpperCase().padStart(4, '0')} at ${i}; Octet Strings carry single bytes (latin1) only`,
        );
      }
      b[o + i] = c;
    }
    for (; i < size; i++) b[o + i] = 0;
  }
  function rawOk(r: unknown, s: string, size: number): r is Uint8Array {
    if (!(r instanceof Uint8Array) || r.length !== size) return false;
    let z = 0;
    while (z < size && r[z] !== 0) z++;
    if (z !== s.length) return false;
    for (let i = 0; i < z; i++) if (r[i] !== s.charCodeAt(i)) return false;
    return true;
  }
  function w64(b: Buffer, o: number, v: bigint) {
    if (v === 0n) {
      b[o] = b[o + 1] = b[o + 2] = b[o + 3] = b[o + 4] = b[o + 5] = b[o + 6] = b[o + 7] = 0;
      return;
    }
    const hi = Number(v >> 32n);
    const lo = Number(v & 0xffffffffn);
    b[o] = hi >>> 24;
    b[o + 1] = hi >>> 16;
    b[o + 2] = hi >>> 8;
    b[o + 3] = hi;
    b[o + 4] = lo >>> 24;
    b[o + 5] = lo >>> 16;
    b[o + 6] = lo >>> 8;
    b[o + 7] = lo;
  }
  function r64(b: Buffer, o: number): bigint {
    const hi = b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
    const lo = b[o + 4]! * 0x1000000 + ((b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!);
    if (hi === 0) return BigInt(lo);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  // latin1 text of b[s..e): String.fromCharCode in runs of up to 8 beats a native latin1Slice call
  // for the short fields CMPP has (every byte maps to the same code point, so it is exact).
  const fc = String.fromCharCode;
  function latin1(b: Buffer, s: number, e: number): string {
    let r = '';
    for (;;) {
      switch (e - s) {
        case 0: return r;
        case 1: return r + fc(b[s]!);
        case 2: return r + fc(b[s]!, b[s + 1]!);
        case 3: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!);
        case 4: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
        case 5: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
        case 6: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
        case 7: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
        default:
          r += fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
          s += 8;
      }
    }
  }
  const copy = (b: Buffer, s: number, e: number) => Buffer.from(b.subarray(s, e));
  const D = (field: string, message: string, seq: number) =>
    new CmppDecodeError(
      field,
      `${label}: ${message}`,
      commandId === null ? {} : { commandId, sequenceId: seq },
    );
  return { latin1, alloc: Buffer.allocUnsafe, empty: () => Buffer.alloc(0), bad, badStr, mismatch, over, foreign, wstr, rawOk, w64, r64, copy, D, MAX_U64 };
}
