// CMPP_ACTIVE_TEST / CMPP_ACTIVE_TEST_RESP layouts, docs/protocol.md "Message bodies".
import { CommandId } from './commands.js';
import { tailByte, type LayoutTable } from './layout.js';

/** Header only. */
export const ACTIVE_TEST: LayoutTable = { name: 'CMPP_ACTIVE_TEST', commandId: CommandId.CMPP_ACTIVE_TEST, fields: [] };

/** docs/protocol.md "Message bodies": Reserved 1 (total 13); a 12-byte response is accepted too, and 13 bytes are always sent. */
export const ACTIVE_TEST_RESP: LayoutTable = {
  name: 'CMPP_ACTIVE_TEST_RESP',
  commandId: CommandId.CMPP_ACTIVE_TEST_RESP,
  fields: [tailByte('Reserved')],
};
