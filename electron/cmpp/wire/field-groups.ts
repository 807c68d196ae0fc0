// Runs of fields several PDU layouts share, written once: the message body that ends SUBMIT and
// DELIVER, and the Msg_Id + Result response that answers both (docs/protocol.md "Message bodies").
import { content, octets, only, perVersion, u64, uint, type FieldSpec, type LayoutTable, type UintSpec } from './layout.js';

/**
 * Msg_Length, Msg_Content and the trailer: 8 reserved octets in 2.0 (SUBMIT names them `Reserve`,
 * DELIVER `Reserved`), LinkID (20) in 3.0.
 */
export function messageBody(reserved: 'Reserve' | 'Reserved', msgLength: UintSpec = uint('Msg_Length')): FieldSpec[] {
  return [msgLength, content('Msg_Content', 'Msg_Length'), only('2.0', octets(reserved, 8)), only('3.0', octets('LinkID', 20))];
}

/** SUBMIT_RESP and DELIVER_RESP, total 21 / 24: Result is 1 byte in 2.0, 4 in 3.0. */
export function msgIdResult(name: string, commandId: number): LayoutTable {
  return { name, commandId, fields: [u64('Msg_Id'), uint('Result', perVersion(1, 4))] };
}
