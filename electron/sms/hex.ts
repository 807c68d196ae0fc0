// Lowercase hex for Msg_Content in plans and for raw MO bytes: table-driven, since the planner
// formats every segment on every keystroke.
import { detail, type ErrorDetail } from '../../shared/error-detail.js';

export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, '0'),
);

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_BYTE[bytes[i]!];
  return s;
}

export class HexError extends Error {
  readonly code = 'invalid-hex';
  /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
  readonly detail: ErrorDetail;
  constructor(message: string, value: string) {
    super(message);
    this.name = 'HexError';
    this.detail = detail('odd-hex', undefined, { value: value.slice(0, 40) });
  }
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new HexError(`not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`, hex);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}
