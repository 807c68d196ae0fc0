// The 12-byte message header, docs/protocol.md "Header": Total_Length · Command_Id · Sequence_Id, all big-endian.
import { CmppDecodeError } from './errors.js';

export const HEADER_LENGTH = 12;

/**
 * Largest accepted Total_Length. docs/protocol.md "Message bodies": the biggest legal PDU (3.0 SUBMIT, 99 destinations,
 * 160 bytes) is 3491 bytes; anything above 4096 is a framing error.
 */
export const MAX_FRAME = 4096;

export interface Header {
  Total_Length: number;
  /** The numeric Command_Id (see commandName()). */
  Command_Id: number;
  Sequence_Id: number;
}

export function readUint32(b: Uint8Array, o: number): number {
  return b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
}

/** Reads the header of a frame (at least 12 bytes; the rest of the frame is not looked at). */
export function readHeader(frame: Uint8Array): Header {
  if (!(frame instanceof Uint8Array) || frame.length < HEADER_LENGTH) {
    throw new CmppDecodeError(
      'Total_Length',
      `a CMPP header needs ${HEADER_LENGTH} bytes, got ${frame instanceof Uint8Array ? frame.length : String(frame)}`,
    );
  }
  return { Total_Length: readUint32(frame, 0), Command_Id: readUint32(frame, 4), Sequence_Id: readUint32(frame, 8) };
}
