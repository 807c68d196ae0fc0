// Who holds a lease ("host|pid|tag", written by the pump and by campaign creation), in words for
// the operator, and whether that holder's process is gone (same host, pid no longer running), so its
// lease may be taken over at once instead of after its expiry.
import { hostname } from 'node:os';
import { dateTimeOffsetText } from '../../../shared/time-format.js';

export interface LeaseHolder {
  host: string;
  pid: number | null;
  since: number;
  /** "process 1234 on host desk-7 (since 2026-12-06 12:05:06 +08:00)": local time with its offset, like all human output. */
  text: string;
}

/** A lease holder "host|pid|tag" in words, for the operator. */
export function describeHolder(holder: string, since: number): LeaseHolder {
  const [host = '?', pidText = ''] = holder.split('|');
  const pid = /^\d+$/.test(pidText) ? Number(pidText) : null;
  return { host, pid, since, text: `process ${pid ?? holder} on host ${host} (since ${dateTimeOffsetText(since)})` };
}

/** A lease holder "host|pid|tag" on this host whose process no longer runs. */
export function holderIsDead(holder: string): boolean {
  const [host, pidText] = holder.split('|');
  if (host !== hostname() || !pidText || !/^\d+$/.test(pidText)) return false;
  const pid = Number(pidText);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
