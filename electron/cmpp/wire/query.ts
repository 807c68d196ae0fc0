// CMPP_QUERY / CMPP_QUERY_RESP layouts, docs/protocol.md "Message bodies": the same in both versions.
import { CommandId } from './commands.js';
import { octets, uint, type LayoutTable } from './layout.js';

/** Total 39. */
export const QUERY: LayoutTable = {
  name: 'CMPP_QUERY',
  commandId: CommandId.CMPP_QUERY,
  fields: [octets('Time', 8), uint('Query_Type'), octets('Query_Code', 10), octets('Reserve', 8)],
};

/** Total 63. */
export const QUERY_RESP: LayoutTable = {
  name: 'CMPP_QUERY_RESP',
  commandId: CommandId.CMPP_QUERY_RESP,
  fields: [
    octets('Time', 8),
    uint('Query_Type'),
    octets('Query_Code', 10),
    uint('MT_TLMsg', 4),
    uint('MT_Tlusr', 4),
    uint('MT_Scs', 4),
    uint('MT_WT', 4),
    uint('MT_FL', 4),
    uint('MO_Scs', 4),
    uint('MO_WT', 4),
    uint('MO_FL', 4),
  ],
};
