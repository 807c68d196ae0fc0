// Reconciliation with the gateway (docs/protocol.md "Gateway counters and reconciliation"): for one
// account and one day, the gateway's CMPP_QUERY counters beside our own figures, line by line, with
// the differences and their known causes (./reconcile-lines.ts). The day is China Standard Time's:
// the gateway's, and our statistics' (docs/glossary.md "Statistics"). The CLI's `reconcile` and the
// statistics.reconcile channel both call this.
import { reconcileDay, type OurDayFigures, type ReconcileReport } from '../../../shared/reconcile.js';
import { statisticsDay, statisticsDayBounds } from '../../../shared/statistics.js';
import { ReconcileFactsReader } from '../../store/reconcile-facts.js';
import type { EngineCore } from '../engine.js';
import { GatewayStats, GatewayStatsError, type GatewayStatsQuery, type GatewayStatsResult } from '../sending/gateway-stats.js';
import { ourDayFigures } from './reconcile-figures.js';
import { reconcileLines } from './reconcile-lines.js';

/** Where our figures come from: one account, one day (YYYYMMDD as an integer) covering [start, end). */
export interface OurFiguresSource {
  of(accountId: number, day: number, bounds: { start: number; end: number }): OurDayFigures;
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

export class Reconciliation {
  private readonly now: () => number;

  constructor(private readonly options: ReconcileOptions) {
    this.now = options.now ?? Date.now;
  }

  /** One day (default today) of one account. Throws GatewayStatsError when the gateway cannot answer. */
  async run(accountId: number, date?: string): Promise<ReconcileReport> {
    if (!Number.isInteger(accountId) || accountId < 1) throw new GatewayStatsError('invalid-input', `account id must be a positive whole number, got ${String(accountId)}`);
    const day = date === undefined ? String(statisticsDay(this.now())) : reconcileDate(date);
    const account = this.options.account(accountId);
    const bounds = statisticsDayBounds(Number(day));
    // The gateway first: a report it sends after answering is then on both sides or on neither,
    // and one still on its way shows as in transit rather than as a loss.
    const answer = await this.options.gateway.query(accountId, { date: day });
    const ours = this.options.figures.of(accountId, Number(day), bounds);
    const lines = reconcileLines(answer.counters, ours, { maxSends: account.maxSends });
    return {
      accountId,
      accountName: account.name,
      date: day,
      dayStart: bounds.start,
      dayEnd: bounds.end,
      gateway: answer.counters,
      ours,
      lines,
      equal: lines.every((l) => l.status === 'equal' || l.status === 'uncounted'),
      explained: lines.every((l) => l.status !== 'unexplained'),
      at: answer.at,
    };
  }
}

/** Reconciliation over the engine: the account's pool asks the gateway, the statistics and the store's facts give ours. */
export function engineReconciliation(engine: Pick<EngineCore, 'db' | 'store' | 'pool' | 'now'>, opts: { timeoutMs?: number } = {}): Reconciliation {
  const facts = new ReconcileFactsReader(engine.db);
  const accountOf = (id: number) => {
    const a = engine.store.accounts.list().find((x) => x.id === id);
    if (!a) throw new GatewayStatsError('invalid-input', `account ${id} does not exist`);
    return a;
  };
  return new Reconciliation({
    gateway: new GatewayStats({ pool: (id) => engine.pool(id), now: engine.now, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) }),
    figures: {
      of: (accountId, day, { start, end }) => {
        const stats = engine.store.statistics.query({ fromDay: day, toDay: day, accountId, by: 'reason' });
        return ourDayFigures(stats.groups, facts.of(accountId, start, end), accountOf(accountId).destsPerSubmit);
      },
    },
    account: (id) => {
      const a = accountOf(id);
      return { name: a.name, maxSends: a.maxSends };
    },
    now: engine.now,
  });
}
