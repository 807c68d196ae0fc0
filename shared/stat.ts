// Status-report Stat classification (docs/protocol.md "Result and Status codes"), shared by the engine and the UI. Stat stays raw
// everywhere; only its class drives message states. The table of Stat values and families is here;
// their texts are the catalogues' (shared/code-table.ts).
import type { CodeText } from './code-table.js';

export type StatClass = 'delivered' | 'pending' | 'unknown' | 'failed';

/**
 * docs/protocol.md "Result and Status codes": Stat is 7 octets of printable ASCII (DELIVRD, MK:0012, ...). Bytes outside that are not a
 * status at all: they are stored as this prefix plus their hex, so the value stays visible and
 * exact in the log, the UI and exports instead of as mojibake such as "ÿ<x>".
 */
export const INVALID_STAT_PREFIX = 'invalid Stat 0x';

const PRINTABLE = /^[\x20-\x7e]*$/;

/** The Stat as stored: the raw value when printable, else INVALID_STAT_PREFIX + hex of its bytes (latin1). */
export function storedStat(raw: string): string {
  if (PRINTABLE.test(raw) && raw.trim() !== '') return raw;
  let hex = '';
  for (let i = 0; i < raw.length; i++) hex += (raw.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
  return INVALID_STAT_PREFIX + (hex || '00');
}

export function isInvalidStat(stat: string): boolean {
  return stat.startsWith(INVALID_STAT_PREFIX) || !PRINTABLE.test(stat) || stat.trim() === '';
}

/**
 * docs/protocol.md "Message bodies": DELIVRD delivered; ACCEPTD not final (keep waiting); UNKNOWN outcome unknown (the same
 * bucket as no report in time); anything else failed with that Stat. Surrounding blanks and case
 * are ignored, since some gateways pad the 7-byte field with spaces.
 */
export function classifyStat(stat: string): StatClass {
  // An unreadable Stat says nothing about the message: outcome unknown, never "failed".
  if (isInvalidStat(stat)) return 'unknown';
  const s = stat.trim().toUpperCase();
  if (s === 'DELIVRD') return 'delivered';
  if (s === 'ACCEPTD') return 'pending';
  if (s === 'UNKNOWN') return 'unknown';
  return 'failed';
}

/** The Stat values with a meaning of their own; their texts are the catalogues' 'stat.<value>'. */
export const STAT_VALUES = ['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED', 'UNKNOWN', 'ACCEPTD'] as const;
export type StatValue = (typeof STAT_VALUES)[number];

/**
 * 3.0 families "XX:xxxx": who failed to answer or answered with an error (SMSC, SCP, DSMP, SP,
 * next ISMG); their texts are the catalogues' 'stat.family.<XX>'.
 */
export const STAT_FAMILIES = ['MA', 'MB', 'MC', 'CA', 'CB', 'DA', 'DB', 'SA', 'SB', 'IA', 'IB', 'IC'] as const;
export type StatFamily = (typeof STAT_FAMILIES)[number];

/**
 * Families seen in real traffic beyond the spec's (MK:0012 is common): their meaning is the
 * gateway's, so they are shown as gateway-specific, but the delivery log offers them as filters.
 */
export const VENDOR_STAT_FAMILIES: readonly string[] = ['MK'];

/** What the delivery log's Stat filter suggests: every Stat of this table, then every family as "XX:". */
export const STAT_FILTER_SUGGESTIONS: readonly string[] = [
  ...STAT_VALUES.filter((s) => s !== 'ACCEPTD'), // never final: no message ends with it
  ...[...STAT_FAMILIES, ...VENDOR_STAT_FAMILIES].map((f) => `${f}:`),
];

const isValue = (s: string): s is StatValue => (STAT_VALUES as readonly string[]).includes(s);
const isFamily = (s: string): s is StatFamily => (STAT_FAMILIES as readonly string[]).includes(s);

/**
 * Which catalogue text explains a Stat (shared/code-table.ts): its own, its family's, an invalid
 * one's (with its bytes), or "gateway-specific" for any other.
 */
export function statMeaning(stat: string): CodeText {
  if (isInvalidStat(stat)) return { key: 'stat.invalid', params: { hex: storedStat(stat).slice(INVALID_STAT_PREFIX.length) } };
  const s = stat.trim().toUpperCase();
  if (isValue(s)) return { key: `stat.${s}` };
  const family = /^([A-Z]{2}):/.exec(s)?.[1];
  if (family !== undefined && isFamily(family)) return { key: `stat.family.${family}` };
  return { key: 'stat.other', params: { stat } };
}
