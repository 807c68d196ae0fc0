// In-memory matching of status reports to the destinations of SUBMITs, for tools and tests (the
// outbox does the same in SQLite). docs/protocol.md "Msg_Id", "Gateway quirks tolerated": a report is matched by (Msg_Id, destination); a
// SUBMIT to N destinations stands for Msg_Id .. Msg_Id + N - 1 (some gateways stamp the same Msg_Id
// on every destination, so both keys are registered); reports may arrive before their SUBMIT_RESP
// (kept until it comes), on any connection of the account, twice (flagged duplicate), or never.
import { addToMsgId } from '../../../shared/msg-id.js';
import { classifyStat } from '../../../shared/stat.js';
import type { StatusReport } from '../wire/report.js';

export type ReportMatch<T> =
  /** First final report for this destination (or an ACCEPTD one, `final` false). */
  | { kind: 'matched'; value: T; destIndex: number; report: StatusReport; final: boolean }
  /** Another final report for a destination that already had one. */
  | { kind: 'duplicate'; value: T; destIndex: number; report: StatusReport }
  /** No SUBMIT_RESP seen yet for it: kept until expect() registers it. */
  | { kind: 'early'; report: StatusReport };

interface Entry<T> {
  value: T;
  destIndex: number;
  final: boolean;
}

/** "+8613800000000", "8613800000000" and "13800000000" are one number (docs/glossary.md "Normalised number"). */
export function normaliseTerminal(id: string): string {
  let s = id.trim();
  if (s.startsWith('+')) s = s.slice(1);
  if (s.length === 13 && s.startsWith('861')) s = s.slice(2);
  return s;
}

export class ReportMatcher<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly earlyReports = new Map<string, StatusReport[]>();

  /** Reports held because their SUBMIT_RESP has not been seen. */
  get early(): number {
    let n = 0;
    for (const l of this.earlyReports.values()) n += l.length;
    return n;
  }

  /** Destinations registered. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Registers the SUBMIT_RESP Msg_Id of a SUBMIT to `destinations` and returns the matches of the
   * reports that had arrived early for them.
   */
  expect(msgId: bigint, destinations: readonly string[], value: T): ReportMatch<T>[] {
    const out: ReportMatch<T>[] = [];
    for (let i = 0; i < destinations.length; i++) {
      const dest = normaliseTerminal(destinations[i]!);
      const entry: Entry<T> = { value, destIndex: i, final: false };
      const keys = i === 0 ? [key(msgId, dest)] : [key(addToMsgId(msgId, i), dest), key(msgId, dest)];
      for (const k of keys) {
        this.entries.set(k, entry);
        const held = this.earlyReports.get(k);
        if (held !== undefined) {
          this.earlyReports.delete(k);
          for (const r of held) out.push(this.apply(entry, r));
        }
      }
    }
    return out;
  }

  report(r: StatusReport): ReportMatch<T> {
    const k = key(r.Msg_Id, normaliseTerminal(r.Dest_terminal_Id));
    const entry = this.entries.get(k);
    if (entry === undefined) {
      const held = this.earlyReports.get(k);
      if (held) held.push(r);
      else this.earlyReports.set(k, [r]);
      return { kind: 'early', report: r };
    }
    return this.apply(entry, r);
  }

  private apply(entry: Entry<T>, r: StatusReport): ReportMatch<T> {
    const final = classifyStat(r.Stat) !== 'pending';
    if (entry.final && final) return { kind: 'duplicate', value: entry.value, destIndex: entry.destIndex, report: r };
    if (final) entry.final = true;
    return { kind: 'matched', value: entry.value, destIndex: entry.destIndex, report: r, final };
  }
}

function key(msgId: bigint, dest: string): string {
  return `${msgId}|${dest}`;
}
