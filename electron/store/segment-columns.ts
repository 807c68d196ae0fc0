// How a segment's Stat is stored (schema version 21): as a message's (message-columns.ts), a
// delivered segment's DELIVRD is implied (NULL) and its rare other Stats kept; a delivered segment
// always has a Stat (only a report delivers it), so NULL there reads back as DELIVRD exactly.
export { statToColumn as segmentStatToColumn, statSql as segmentStatSql } from './message-columns.js';
