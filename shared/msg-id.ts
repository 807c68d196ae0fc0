// CMPP Msg_Id (docs/protocol.md "Msg_Id"): 64 bits = month 4 · day 5 · hour 5 · minute 6 · second 6 · ISMG code 22 ·
// sequence 16. Pure BigInt, no Node APIs: the renderer uses it too. Real ids exceed 2^53, so a
// Msg_Id is never a `number`.

export interface MsgIdParts {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Gateway code as an integer, e.g. 079101 -> 79101. */
  ismgCode: number;
  sequence: number;
}

export const MAX_MSG_ID = 0xffff_ffff_ffff_ffffn;

// [name, bit width, shift], top to bottom.
const PARTS: readonly (readonly [keyof MsgIdParts, number, bigint])[] = [
  ['month', 4, 60n],
  ['day', 5, 55n],
  ['hour', 5, 50n],
  ['minute', 6, 44n],
  ['second', 6, 38n],
  ['ismgCode', 22, 16n],
  ['sequence', 16, 0n],
];

function checkId(id: bigint): bigint {
  if (typeof id !== 'bigint' || id < 0n || id > MAX_MSG_ID) {
    throw new RangeError(`a Msg_Id is a bigint 0..2^64-1, got ${String(id)}`);
  }
  return id;
}

/**
 * Packs the parts. Each part must fit its bit width (month 0..15, day 0..31, hour 0..31,
 * minute / second 0..63, ismgCode 0..4194303, sequence 0..65535); calendar validity is not
 * enforced, so compose(decompose(x)) === x for every id seen on the wire.
 */
export function composeMsgId(p: MsgIdParts): bigint {
  let id = 0n;
  for (const [name, bits, shift] of PARTS) {
    const v = p[name];
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
      throw new RangeError(`Msg_Id ${name} must be an integer 0..${2 ** bits - 1}, got ${String(v)}`);
    }
    id |= BigInt(v) << shift;
  }
  return id;
}

export function decomposeMsgId(id: bigint): MsgIdParts {
  checkId(id);
  const p = {} as MsgIdParts;
  for (const [name, bits, shift] of PARTS) p[name] = Number((id >> shift) & ((1n << BigInt(bits)) - 1n));
  return p;
}

/** The decimal uint64 form: what the UI shows. */
export function msgIdToDecimal(id: bigint): string {
  return checkId(id).toString(10);
}

/** MMDDHHMMSS + ISMG code (7 digits) + sequence (5 digits): always 22 digits. */
export function msgIdTo22(id: bigint): string {
  const p = decomposeMsgId(id);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    two(p.month) + two(p.day) + two(p.hour) + two(p.minute) + two(p.second) +
    String(p.ismgCode).padStart(7, '0') + String(p.sequence).padStart(5, '0')
  );
}

/** 16 lowercase hex digits. */
export function msgIdToHex(id: bigint): string {
  return checkId(id).toString(16).padStart(16, '0');
}

/**
 * Reads any of the three text forms (surrounding blanks ignored). Ambiguity is resolved so:
 * - "0x" / "0X" prefix: hex (1..16 digits);
 * - exactly 22 digits: the MMDDHHMMSS + ISMG(7) + sequence(5) form (never a decimal: 22 digits
 *   exceed 2^64);
 * - exactly 16 characters with at least one a-f / A-F: hex (16 plain digits stay decimal);
 * - otherwise 1..20 digits: decimal, at most 2^64-1.
 * Anything else throws an Error saying which forms are accepted.
 */
export function parseMsgId(text: string): bigint {
  const t = String(text).trim();
  if (/^0[xX][0-9a-fA-F]{1,16}$/.test(t)) return BigInt(t.toLowerCase());
  if (/^\d{22}$/.test(t)) {
    const n = (a: number, b: number) => Number(t.slice(a, b));
    const parts: MsgIdParts = {
      month: n(0, 2),
      day: n(2, 4),
      hour: n(4, 6),
      minute: n(6, 8),
      second: n(8, 10),
      ismgCode: n(10, 17),
      sequence: n(17, 22),
    };
    try {
      return composeMsgId(parts);
    } catch (e) {
      throw new Error(`"${t}" is not a valid 22-digit Msg_Id: ${(e as Error).message}`);
    }
  }
  if (/^[0-9a-fA-F]{16}$/.test(t) && /[a-fA-F]/.test(t)) return BigInt(`0x${t}`);
  if (/^\d{1,20}$/.test(t)) {
    const v = BigInt(t);
    if (v <= MAX_MSG_ID) return v;
  }
  throw new Error(
    `"${t.length > 40 ? `${t.slice(0, 40)}...` : t}" is not a Msg_Id: expected a decimal up to 18446744073709551615, 22 digits (MMDDHHMMSS + ISMG + sequence) or 16 hex digits (or 0x...)`,
  );
}

/** Reinterprets as signed 64-bit, for SQLite INTEGER columns (docs/protocol.md "Msg_Id": ids from August on exceed 2^63). */
export function msgIdToSigned(id: bigint): bigint {
  return BigInt.asIntN(64, checkId(id));
}

export function msgIdFromSigned(s: bigint): bigint {
  if (typeof s !== 'bigint' || s < -(2n ** 63n) || s >= 2n ** 63n) throw new RangeError(`not a signed 64-bit value: ${String(s)}`);
  return BigInt.asUintN(64, s);
}

/**
 * The id of the n-th destination of a SUBMIT whose response carried `id` (docs/protocol.md "Msg_Id"): only the
 * 16-bit sequence part moves, wrapping modulo 65536 inside the range.
 */
export function addToMsgId(id: bigint, n: number | bigint): bigint {
  checkId(id);
  const k = typeof n === 'bigint' ? n : Number.isSafeInteger(n) ? BigInt(n) : NaN;
  if (typeof k !== 'bigint' || k < 0n) throw new RangeError(`addToMsgId: n must be a non-negative integer, got ${String(n)}`);
  return (id & ~0xffffn) | ((id + k) & 0xffffn);
}
