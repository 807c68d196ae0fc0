// User Data Header for concatenated SMS (docs/protocol.md "Long messages and encodings"; 3GPP TS 23.040 §9.2.3.24).
// 8-bit reference: 05 00 03 ref total index; 16-bit: 06 08 04 refHi refLo total index.
import { HEX_BYTE } from './hex.js';
import { detail, shownValue, type ErrorDetail } from '../../shared/error-detail.js';

export type RefBits = 8 | 16;

export interface ConcatInfo {
  ref: number;
  total: number;
  index: number;
  refBits: RefBits;
  /** Length of the whole UDH including its length byte (6 or 7 for a lone concatenation IE). */
  length: number;
}

export interface ParsedUdh {
  udh: ConcatInfo;
  payload: Uint8Array;
}

export interface InformationElement {
  id: number;
  data: Uint8Array;
}

export interface SplitUdh {
  /** Whole UDH length including the UDHL byte. */
  length: number;
  elements: InformationElement[];
  /** An IE ran past the header: parsing stopped there (the header is still skipped by UDHL). */
  malformed: boolean;
  payload: Uint8Array;
}

export const UDH_LENGTH: Record<RefBits, number> = { 8: 6, 16: 7 };

/** docs/protocol.md "Long messages and encodings": gateways set TP_udhi to 0x40 as often as to 1. */
export function hasUdh(tpUdhi: number): boolean {
  return (tpUdhi & 0x41) !== 0;
}

export class UdhError extends RangeError {
  readonly code = 'invalid-udh';
  constructor(
    message: string,
    /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'UdhError';
  }
}

function checkConcat(ref: number, total: number, index: number, refBits: RefBits): void {
  if (refBits !== 8 && refBits !== 16) throw new UdhError(`refBits must be 8 or 16, got ${String(refBits)}`, detail('not-in-set', 'udhRefBits', { allowed: '8 / 16', value: shownValue(refBits) }));
  const maxRef = refBits === 8 ? 0xff : 0xffff;
  if (!Number.isInteger(ref) || ref < 0 || ref > maxRef) {
    throw new UdhError(`reference ${ref} out of range 0..${maxRef} for a ${refBits}-bit reference`, detail('out-of-range', 'reference', { min: 0, max: maxRef, value: shownValue(ref) }));
  }
  if (!Number.isInteger(total) || total < 1 || total > 255) throw new UdhError(`total ${total} out of range 1..255`, detail('out-of-range', 'Pk_total', { min: 1, max: 255, value: shownValue(total) }));
  if (!Number.isInteger(index) || index < 1 || index > total) throw new UdhError(`index ${index} out of range 1..${total}`, detail('out-of-range', 'Pk_number', { min: 1, max: total, value: shownValue(index) }));
}

/** The concatenation UDH as lowercase hex (the planner's fast path). */
export function concatUdhHex(ref: number, total: number, index: number, refBits: RefBits): string {
  checkConcat(ref, total, index, refBits);
  return refBits === 8
    ? `050003${HEX_BYTE[ref]}${HEX_BYTE[total]}${HEX_BYTE[index]}`
    : `060804${HEX_BYTE[ref >> 8]}${HEX_BYTE[ref & 0xff]}${HEX_BYTE[total]}${HEX_BYTE[index]}`;
}

export function buildConcatUdh(ref: number, total: number, index: number, refBits: RefBits = 8): Uint8Array {
  checkConcat(ref, total, index, refBits);
  return refBits === 8
    ? Uint8Array.of(0x05, 0x00, 0x03, ref, total, index)
    : Uint8Array.of(0x06, 0x08, 0x04, ref >> 8, ref & 0xff, total, index);
}

/**
 * Splits Msg_Content (TP_udhi set) into its information elements and payload. Tolerant: an IE
 * running past the header stops the IE walk but the header is still skipped by its UDHL.
 * Null only when the UDHL itself runs past the content.
 */
export function splitUdh(content: Uint8Array): SplitUdh | null {
  if (content.length < 1) return null;
  const length = content[0]! + 1;
  if (length > content.length) return null;
  const elements: InformationElement[] = [];
  let malformed = false;
  let p = 1;
  while (p < length) {
    if (p + 2 > length || p + 2 + content[p + 1]! > length) {
      malformed = true;
      break;
    }
    const len = content[p + 1]!;
    elements.push({ id: content[p]!, data: content.subarray(p + 2, p + 2 + len) });
    p += 2 + len;
  }
  return { length, elements, malformed, payload: content.subarray(length) };
}

/** The concatenation IE of a parsed header (IE 0x00 or 0x08), ignoring ones with impossible
 *  values; when repeated, the last one wins (23.040 §9.2.3.24). */
export function concatOf(split: SplitUdh): ConcatInfo | null {
  let found: ConcatInfo | null = null;
  for (const { id, data } of split.elements) {
    let info: ConcatInfo | null = null;
    if (id === 0x00 && data.length === 3) {
      info = { ref: data[0]!, total: data[1]!, index: data[2]!, refBits: 8, length: split.length };
    } else if (id === 0x08 && data.length === 4) {
      info = { ref: (data[0]! << 8) | data[1]!, total: data[2]!, index: data[3]!, refBits: 16, length: split.length };
    }
    if (info && info.total >= 1 && info.index >= 1 && info.index <= info.total) found = info;
  }
  return found;
}

/** The concatenation header of Msg_Content and the payload after the whole UDH; null when the
 *  content has no valid UDH or the UDH has no usable concatenation IE. */
export function parseUdh(content: Uint8Array): ParsedUdh | null {
  const split = splitUdh(content);
  if (!split) return null;
  const udh = concatOf(split);
  return udh ? { udh, payload: split.payload } : null;
}
