// How a message row is stored in few bytes (schema version 17) and read back exactly: the state as
// its code (state-codes.ts), no Stat where the state implies it (a delivered message's DELIVRD, nine
// messages in ten), and the submission and completion times as delays after the creation time (a
// few bytes instead of a timestamp's six). Writers bind the times as they are and let SQL subtract
// (submittedAfterOf, doneAfterOf); SQL reads the columns through messageColumnsSql, code through
// statFromColumn and timeFromColumn (statistics/deltas.ts factsOf). Since version 20 the number is
// an INTEGER where it reads back the same: written and compared through numberColumnOf, read back
// as text through messageColumnsSql.
import type { MessageState } from '../../shared/message-state.js';
import { STATE_CODE } from './state-codes.js';

/** The Stat a delivered message is stored without. */
const IMPLIED_STAT = 'DELIVRD';

/**
 * The Stat as stored: a delivered message's DELIVRD as NULL, and its Stat NULL (none the engine
 * writes: a message is delivered by a DELIVRD report) as '', which no delivered message carries
 * (an empty Stat is unreadable, so its message is unknown, shared/stat.ts): every value reads back.
 */
export function statToColumn(state: MessageState, stat: string | null): string | null {
  if (state !== 'delivered') return stat;
  return stat === IMPLIED_STAT ? null : (stat ?? '');
}

/** The stored Stat back, given the stored state code. */
export function statFromColumn(stateCode: number | bigint, stat: string | null): string | null {
  if (Number(stateCode) !== STATE_CODE.delivered) return stat;
  return stat === null ? IMPLIED_STAT : stat === '' ? null : stat;
}

/**
 * SQL reading a message's columns back as they were before version 17, for a `messages` row under
 * `alias` (a table alias or the table's name). state stays the code (decode with stateFromColumn
 * or compare with sqlState): a code compares through the indexes, a name would not.
 */
export function messageColumnsSql(alias: string): { number: string; stat: string; submittedAt: string; doneAt: string } {
  return {
    number: `CAST(${alias}.number AS TEXT)`,
    stat: statSql(alias),
    submittedAt: `${alias}.created_at + ${alias}.submitted_after`,
    doneAt: `${alias}.created_at + ${alias}.done_after`,
  };
}

/**
 * SQL reading the Stat of the message or segment row under `alias` back as received (statToColumn's
 * inverse; a segment stores its Stat the same way since version 21). NULL when the row is absent,
 * as under a LEFT JOIN: its state is NULL too.
 */
export function statSql(alias: string): string {
  return `CASE WHEN ${alias}.state = ${STATE_CODE.delivered} THEN CASE WHEN ${alias}.stat IS NULL THEN '${IMPLIED_STAT}' ELSE nullif(${alias}.stat, '') END ELSE ${alias}.stat END`;
}

/** The same for SQL over `messages` without an alias. */
export const MESSAGE_COLUMNS = messageColumnsSql('messages');

/** An UPDATE's value of submitted_after for the submission time bound as `param` (NULL stays NULL). */
export const submittedAfterOf = (param: string): string => `${param} - created_at`;
/** An UPDATE's value of done_after for the completion time bound as `param`. */
export const doneAfterOf = (param: string): string => `${param} - created_at`;

/**
 * SQL giving the stored form of a normalised number bound (or written) as text in `param`: its
 * INTEGER when it is a plain digit string that reads back the same (no leading zero, at most 15
 * digits: 6 bytes for a mobile number instead of 11), else the text (schema version 20). Always
 * bind the text and let SQL convert: a JS number would be bound as a REAL. A comparison with the
 * column through this form reads messages_by_number.
 */
export const numberColumnOf = (param: string): string => `(SELECT ${numberColumnFrom('v')} FROM (SELECT ${param} AS v))`;

/** The same for an expression read several times (a column of a bulk insert's source rows). */
export const numberColumnFrom = (expr: string): string =>
  `CASE WHEN ${expr} GLOB '[1-9]*' AND length(${expr}) <= 15 AND ${expr} NOT GLOB '*[^0-9]*' THEN CAST(${expr} AS INTEGER) ELSE ${expr} END`;

/** A time stored as its delay after created_at, back as the time (NULL stays NULL). */
export function timeFromColumn(createdAt: number, after: number | null): number | null {
  return after === null ? null : createdAt + after;
}
