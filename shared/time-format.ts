// Date and time texts, one definition each for main, the CLI and the renderer. Local time unless a
// name says otherwise. Hand-rolled rather than through dayjs: shared/ takes no packages, and the
// delivery log formats two times per row on every scroll and the export a million.
// Browser-safe: no Node builtins, no packages.

/** China Standard Time in minutes east of UTC (no daylight saving): the zone of quiet hours and daily caps. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** YYYYMMDD, local (a CMPP_QUERY Time is China Standard Time's day instead: shared/statistics.ts statisticsDay). */
export function ymdText(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
}

/** HH:mm:ss, local: what an operator reads next to a live report. */
export function clockText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "YYYY-MM-DD HH:mm:ss" in the machine's zone, or at a fixed offset from UTC in minutes. */
export function dateTimeText(ms: number, utcOffsetMinutes: number | 'local' = 'local'): string {
  if (utcOffsetMinutes === 'local') {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "+08:00": the machine's offset from UTC at that moment (it changes with daylight saving time). */
function offsetText(at: Date): string {
  return utcOffsetText(-at.getTimezoneOffset());
}

/** "+08:00" from minutes east of UTC. */
export function utcOffsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "YYYY-MM-DD HH:mm:ss +08:00", local: every time in the CLI's human output, so a reader elsewhere knows the zone. */
export function dateTimeOffsetText(ms: number): string {
  return `${dateTimeText(ms)} ${offsetText(new Date(ms))}`;
}

/** ISO-8601 local time with its offset, e.g. 2026-12-06T12:04:00.123+08:00 (the support log's stamp). */
export function isoLocalText(at: Date): string {
  const ms = at.getMilliseconds();
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}` +
    `.${ms < 100 ? (ms < 10 ? '00' : '0') : ''}${ms}${offsetText(at)}`
  );
}

/** YYYYMMDD-HHmm, local: a timestamp inside a file name. */
export function fileStampText(d: Date): string {
  return `${ymdText(d)}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** YYMMDDHHMM, local: a status report's Submit_time / Done_time (docs/protocol.md "Message bodies"). */
export function reportTimeText(d: Date): string {
  return `${pad(d.getFullYear() % 100)}${pad(d.getMonth() + 1)}${pad(d.getDate())}${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** A report's Done_time (YYMMDDHHMM, gateway time) as "20YY-MM-DD HH:MM"; other text as sent; null when empty. */
export function doneTimeText(raw: string | null): string | null {
  if (raw === null || raw === '') return null;
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(raw);
  return m ? `20${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : raw;
}
