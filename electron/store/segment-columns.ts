// How a segment's Stat is stored (schema version 21): as a message's (message-columns.ts), a
// delivered segment's DELIVRD is implied (NULL) and its rare other Stats kept; a delivered segment
// always has a Stat (only a report delivers it), so NULL there reads back as DELIVRD exactly.
import { STATE_CODE } from './state-codes.js';

export { statToColumn as segmentStatToColumn } from './message-columns.js';

/**
 * SQL reading the Stat of the segment row under `alias` back as received (NULL when the row is
 * absent, as under a LEFT JOIN).
 */
export function segmentStatSql(alias: string): string {
  return `CASE WHEN ${alias}.state = ${STATE_CODE.delivered} THEN CASE WHEN ${alias}.stat IS NULL THEN 'DELIVRD' ELSE nullif(${alias}.stat, '') END ELSE ${alias}.stat END`;
}
