// CMPP_CANCEL / CMPP_CANCEL_RESP layouts, docs/protocol.md "Message bodies".
import { CommandId } from './commands.js';
import { perVersion, u64, uint, type LayoutTable } from './layout.js';

/** Total 20. */
export const CANCEL: LayoutTable = { name: 'CMPP_CANCEL', commandId: CommandId.CMPP_CANCEL, fields: [u64('Msg_Id')] };

/** Total 13 / 16: Success_Id is 1 byte in 2.0, 4 in 3.0. */
export const CANCEL_RESP: LayoutTable = {
  name: 'CMPP_CANCEL_RESP',
  commandId: CommandId.CMPP_CANCEL_RESP,
  fields: [uint('Success_Id', perVersion(1, 4))],
};
