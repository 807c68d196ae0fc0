// Reconciliation with the gateway (docs/protocol.md "Gateway counters and reconciliation"): for one
// account and one day, the gateway's CMPP_QUERY counters beside our own figures, line by line, with
// the differences and their known causes (./reconcile-lines.ts). The CLI's `reconcile` and the
// Statistics screen both call this.
import { reconcileDay, type OurDayFigures, type ReconcileReport } from '../../../shared/reconcile.js';
import { ymdText } from '../../../shared/time-format.js';
import { DayFigures } from '../../store/day-figures.js';
import type { EngineCore } from '../engine.js';
import { GatewayStats, GatewayStatsError, type GatewayStatsQuery, type GatewayStatsResult } from '../sending/gateway-stats.js';
import { reconcileLines } from './reconcile-lines.js';

/** Where our figures come from: one account, one local day [start, end). */
export interface OurFiguresSource {
  of(accountId: number, start: number, end: number): OurDayFigures;
}

/** The part of GatewayStats reconciliation uses. */
export interface GatewayCounters {
  query(accountId: number, q?: GatewayStatsQuery): Promise<GatewayStatsResult>;
}

export interface ReconcileOptions {
  gateway: GatewayCounters;
  figures: OurFiguresSource;
  /** The account's name and sends per PDU; throws for an account that does not exist. */
  account: (accountId: number) => { name: string; maxSends: number };
  now?: () => number;
}

/** A day as YYYYMMDD from YYYYMMDD or YYYY-MM-DD; throws GatewayStatsError('invalid-input'). */
export function reconcileDate(text: string): string {
  const day = typeof text === 'string' ? reconcileDay(text) : null;
  if (day === null) throw new GatewayStatsError('invalid-input', `date must be a calendar day as YYYY-MM-DD or YYYYMMDD, got "${String(text)}"`);
  return day;
}

/** The local day a YYYYMMDD stands for, [start, end) in epoch ms (23 or 25 hours across a clock change). */
export function localDay(date: string): { start: number; end: number } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(4, 6)) - 1;
  const d = Number(date.slice(6, 8));
  return { start: new Date(y, m, d).getTime(), end: new Date(y, m, d + 1).getTime() };
}

export class Reconciliation {
  private readonly now: () => number;

  constructor(private readonly options: ReconcileOptions) {
    this.now = options.now ?? Date.now;
  }

  /** One day (default today) of one account. Throws GatewayStatsError when the gateway cannot answer. */
  async run(accountId: number, date?: string): Promise<ReconcileReport> {
    if (!Number.isInteger(accountId) || accountId < 1) throw new GatewayStatsError('invalid-input', `account id must be a positive whole number, got ${String(accountId)}`);
    const day = date === undefined ? ymdText(new Date(this.now())) : reconcileDate(date);
    const account = this.options.account(accountId);
    const { start, end } = localDay(day);
    // The gateway first: a report it sends after answering is then on both sides or on neither,
    // and one still on its way shows as in transit rather than as a loss.
    const answer = await this.options.gateway.query(accountId, { date: day });
    const ours = this.options.figures.of(accountId, start, end);
    const { lines, notes } = reconcileLines(answer.counters, ours, { maxSends: account.maxSends, utcOffsetMinutes: -new Date(start).getTimezoneOffset() });
    return {
      accountId,
      accountName: account.name,
      date: day,
      dayStart: start,
      dayEnd: end,
      gateway: answer.counters,
      ours,
      lines,
      notes,
      equal: lines.every((l) => l.status === 'equal' || l.status === 'uncounted'),
      explained: lines.every((l) => l.status !== 'unexplained'),
      at: answer.at,
    };
  }
}

/** Reconciliation over the engine: the account's pool asks the gateway, the store gives our figures. */
export function engineReconciliation(engine: Pick<EngineCore, 'db' | 'store' | 'pool' | 'now'>, opts: { timeoutMs?: number } = {}): Reconciliation {
  const figures = new DayFigures(engine.db);
  return new Reconciliation({
    gateway: new GatewayStats({ pool: (id) => engine.pool(id), now: engine.now, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) }),
    figures,
    account: (id) => {
      const a = engine.store.accounts.list().find((x) => x.id === id);
      if (!a) throw new GatewayStatsError('invalid-input', `account ${id} does not exist`);
      return { name: a.name, maxSends: a.maxSends };
    },
    now: engine.now,
  });
}
