// Status-report Stat classification (docs/protocol.md "Result and Status codes"), shared by the engine and the UI. Stat stays raw
// everywhere; only its class drives message states.

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

interface Meaning {
  en: string;
  zh: string;
}

const finals: Record<string, Meaning> = {
  DELIVRD: { en: 'delivered', zh: '成功送达' },
  UNDELIV: { en: 'undeliverable', zh: '无法送达' },
  EXPIRED: { en: 'expired before delivery', zh: '超过有效期' },
  REJECTD: { en: 'rejected', zh: '被拒绝' },
  DELETED: { en: 'deleted', zh: '已删除' },
  UNKNOWN: { en: 'outcome unknown', zh: '未知状态' },
  ACCEPTD: { en: 'accepted, not final', zh: '已接收(中间状态)' },
};

// 3.0 families "XX:xxxx": who failed to answer or answered with an error.
const families: Record<string, Meaning> = {
  MA: { en: 'no response from the SMSC', zh: 'SMSC不返回响应消息' },
  MB: { en: 'error response from the SMSC', zh: 'SMSC返回错误响应消息' },
  MC: { en: 'no report received from the SMSC', zh: '没有从SMSC处接收到状态报告' },
  CA: { en: 'no response from the SCP', zh: 'SCP不返回响应消息' },
  CB: { en: 'error response from the SCP', zh: 'SCP返回错误响应消息' },
  DA: { en: 'no response from the DSMP', zh: 'DSMP不返回响应消息' },
  DB: { en: 'error response from the DSMP', zh: 'DSMP返回错误响应消息' },
  SA: { en: 'no response from the SP', zh: 'SP不返回响应消息' },
  SB: { en: 'error response from the SP', zh: 'SP返回错误响应消息' },
  IA: { en: 'no response from the next ISMG', zh: '下一级ISMG不返回响应消息' },
  IB: { en: 'error response from the next ISMG', zh: '下一级ISMG返回错误响应消息' },
  IC: { en: 'no report received from the next ISMG', zh: '没有从下一级ISMG处接收到状态报告' },
};

/**
 * Families seen in real traffic beyond the spec's (MK:0012 is common): their meaning is the
 * gateway's, so they are shown as gateway-specific, but the delivery log offers them as filters.
 */
export const VENDOR_STAT_FAMILIES: readonly string[] = ['MK'];

/** What the delivery log's Stat filter suggests: every Stat of this table, then every family as "XX:". */
export const STAT_FILTER_SUGGESTIONS: readonly string[] = [
  ...Object.keys(finals).filter((s) => s !== 'ACCEPTD'), // never final: no message ends with it
  ...[...Object.keys(families), ...VENDOR_STAT_FAMILIES].map((f) => `${f}:`),
];

/** A short human explanation of a Stat value; unknown codes are shown as gateway-specific. */
export function statText(stat: string, lang: 'en' | 'zh' = 'en'): string {
  if (isInvalidStat(stat)) {
    const hex = storedStat(stat).slice(INVALID_STAT_PREFIX.length);
    return lang === 'zh' ? `无效的Stat（字节 0x${hex}），结果未知` : `invalid Stat (bytes 0x${hex}): outcome unknown`;
  }
  const s = stat.trim().toUpperCase();
  const f = finals[s];
  if (f) return f[lang];
  const m = /^([A-Z]{2}):/.exec(s);
  const fam = m ? families[m[1]!] : undefined;
  if (fam) return fam[lang];
  return lang === 'zh' ? `网关自定义状态 ${stat}` : `gateway-specific status ${stat}`;
}
