// CMPP_QUERY / CMPP_QUERY_RESP layouts, docs/protocol.md "Message bodies": the same in both versions.
import { CommandId } from './commands.js';
import { octets, uint, type LayoutTable } from './layout.js';

/**
 * The eight counters a QUERY_RESP carries, in wire order: the one list the layout, the PDU type, the
 * simulator's bookkeeping and the gateway-statistics service all take their names from.
 */
export const QUERY_COUNTERS = ['MT_TLMsg', 'MT_Tlusr', 'MT_Scs', 'MT_WT', 'MT_FL', 'MO_Scs', 'MO_WT', 'MO_FL'] as const;
export type QueryCounterName = (typeof QUERY_COUNTERS)[number];
export type QueryCounts = Record<QueryCounterName, number>;

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
  fields: [octets('Time', 8), uint('Query_Type'), octets('Query_Code', 10), ...QUERY_COUNTERS.map((name) => uint(name, 4))],
};
