// SQLite rows read with safe integers (snake_case columns, integers as BigInt) as the camelCase
// objects the log hands out: one conversion for the export page's rows and a message's segments,
// instead of a field-by-field copy per shape.
import { msgIdFromColumn } from '../msg-id-column.js';

const camel = (column: string): string => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Every column under its camelCase name: Msg_Id columns (`msg_id`, `pdu_msg_id`) as unsigned
 * BigInt, other integers as numbers, flags named in `flags` as booleans, the rest as read.
 */
export function camelRow(row: Record<string, unknown>, flags: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, v] of Object.entries(row)) {
    let value = v;
    if (column.endsWith('msg_id')) value = v === null ? null : msgIdFromColumn(v as bigint);
    else if (typeof v === 'bigint') value = flags.includes(column) ? v === 1n : Number(v);
    out[camel(column)] = value;
  }
  return out;
}
