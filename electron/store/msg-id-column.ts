// docs/protocol.md "Msg_Id": Msg_Id is an unsigned 64-bit value; every one from August on (month >= 8) is above 2^63
// and does not fit a signed SQLite INTEGER as is. The column holds the same 64 bits reinterpreted
// as signed; statements reading it use safeIntegers(true) so no bit is lost on the way back.
import { addToMsgId } from '../../shared/msg-id.js';
import { invalid } from './errors.js';

const max = (1n << 64n) - 1n;

/** Unsigned Msg_Id -> the signed value stored in the column. */
export function msgIdToColumn(msgId: bigint): bigint {
  if (typeof msgId !== 'bigint' || msgId < 0n || msgId > max) {
    throw invalid(`Msg_Id must be an unsigned 64-bit bigint, got ${String(msgId)}`);
  }
  return BigInt.asIntN(64, msgId);
}

/** The signed column value -> the unsigned Msg_Id. */
export function msgIdFromColumn(value: bigint | number): bigint {
  return BigInt.asUintN(64, BigInt(value));
}

/**
 * docs/protocol.md "Msg_Id": a SUBMIT to N destinations gets one Msg_Id standing for Msg_Id .. Msg_Id + N - 1, one per
 * destination in order, the 16-bit sequence part wrapping inside the range (the rest unchanged).
 */
export function msgIdForDestination(pduMsgId: bigint, index: number): bigint {
  return addToMsgId(pduMsgId, index);
}
