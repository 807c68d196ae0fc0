// Turns a ReportBehaviour into per-report decisions: delay, Stat, and the opt-in oddities real
// gateways show (docs/protocol.md "Gateway quirks tolerated": reports late, twice, before their SUBMIT_RESP, or never).
import type { ReportBehaviour } from './types.js';

// Stat is 7 octets (docs/protocol.md "Result and Status codes"); shorter codes like AF:4 are NUL-padded on the wire.
const STAT_RE = /^[\x21-\x7e]{1,7}$/;

export interface ReportDecision {
  never: boolean;
  beforeResponse: boolean;
  duplicate: boolean;
  delayMs: number;
  stat: string;
}

export class ReportPolicy {
  private readonly stats: string[];
  private readonly cumulative: number[];
  private readonly minDelay: number;
  private readonly maxDelay: number;

  constructor(readonly behaviour: ReportBehaviour = {}) {
    const b = behaviour;
    for (const k of ['duplicateRate', 'beforeResponseRate', 'neverRate', 'lateRate'] as const) {
      const v = b[k];
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`reports.${k} must be between 0 and 1, got ${v}`);
    }
    if (b.lateMs !== undefined && !(b.lateMs >= 0)) throw new RangeError(`reports.lateMs must be >= 0, got ${b.lateMs}`);
    if (b.form !== undefined && b.form !== 60 && b.form !== 71 && b.form !== 'version') {
      throw new RangeError(`reports.form must be 60, 71 or 'version', got ${String(b.form)}`);
    }
    const d = b.delayMs ?? { min: 0, max: 1000 };
    this.minDelay = typeof d === 'number' ? d : d.min;
    this.maxDelay = typeof d === 'number' ? d : d.max;
    if (!(this.minDelay >= 0 && this.maxDelay >= this.minDelay)) {
      throw new RangeError(`reports.delayMs must be >= 0 with min <= max, got ${JSON.stringify(d)}`);
    }
    const mix = b.statMix ?? { DELIVRD: 1 };
    this.stats = [];
    this.cumulative = [];
    let sum = 0;
    for (const [stat, w] of Object.entries(mix)) {
      // Refuse what would be truncated rather than send a different Stat.
      if (!STAT_RE.test(stat)) throw new RangeError(`reports.statMix: '${stat}' is not a Stat of 1-7 printable ASCII characters (e.g. DELIVRD, MK:0012)`);
      if (!(w >= 0)) throw new RangeError(`reports.statMix: weight of ${stat} must be >= 0, got ${w}`);
      if (w === 0) continue;
      sum += w;
      this.stats.push(stat);
      this.cumulative.push(sum);
    }
    if (sum <= 0) throw new RangeError('reports.statMix needs at least one positive weight');
    for (const [number, stat] of Object.entries(b.statByNumber ?? {})) {
      if (!STAT_RE.test(stat)) throw new RangeError(`reports.statByNumber: '${stat}' for ${number} is not a Stat of 1-7 printable ASCII characters`);
    }
  }

  /** The content length for a connection of the given layout. */
  form(layout: '2.0' | '3.0'): 60 | 71 {
    const f = this.behaviour.form ?? 'version';
    return f === 'version' ? (layout === '2.0' ? 60 : 71) : f;
  }

  /** The report to `dest`: its Stat from statByNumber when listed there, else drawn from the mix. */
  decide(dest?: string): ReportDecision {
    const b = this.behaviour;
    const never = chance(b.neverRate);
    const beforeResponse = !never && chance(b.beforeResponseRate);
    const late = !beforeResponse && chance(b.lateRate);
    const delayMs = beforeResponse
      ? 0
      : late
        ? (b.lateMs ?? 0)
        : this.minDelay + Math.random() * (this.maxDelay - this.minDelay);
    const fixed = dest !== undefined && b.statByNumber && Object.hasOwn(b.statByNumber, dest) ? b.statByNumber[dest] : undefined;
    return { never, beforeResponse, duplicate: chance(b.duplicateRate), delayMs, stat: fixed ?? this.pickStat() };
  }

  private pickStat(): string {
    if (this.stats.length === 1) return this.stats[0]!;
    const r = Math.random() * this.cumulative[this.cumulative.length - 1]!;
    for (let i = 0; i < this.cumulative.length; i++) if (r < this.cumulative[i]!) return this.stats[i]!;
    return this.stats[this.stats.length - 1]!;
  }
}

export function chance(rate: number | undefined): boolean {
  return rate !== undefined && rate > 0 && (rate >= 1 || Math.random() < rate);
}
