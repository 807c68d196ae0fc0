// CMPP_TERMINATE / CMPP_TERMINATE_RESP: header only (docs/protocol.md "Message bodies").
import { CommandId } from './commands.js';
import type { LayoutTable } from './layout.js';

export const TERMINATE: LayoutTable = { name: 'CMPP_TERMINATE', commandId: CommandId.CMPP_TERMINATE, fields: [] };

export const TERMINATE_RESP: LayoutTable = {
  name: 'CMPP_TERMINATE_RESP',
  commandId: CommandId.CMPP_TERMINATE_RESP,
  fields: [],
};
