// CMPP_QUERY / CMPP_QUERY_RESP layouts, docs/protocol.md "Message bodies": the same in both versions.
import { CommandId } from './commands.js';
import { QUERY_COUNTERS } from '../../../shared/query-counter.js';
import { octets, uint, type LayoutTable } from './layout.js';

// The eight counters of a QUERY_RESP, in wire order, are one list in shared/ (the UI names them too).
export { QUERY_COUNTERS, type QueryCounterName, type QueryCounts } from '../../../shared/query-counter.js';

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
