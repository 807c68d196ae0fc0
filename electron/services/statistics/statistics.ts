// Statistics over a range of days (docs/glossary.md "Statistics"): the request as the CLI and the
// Statistics screen make it (dates as text, or the last N days), checked, and read from the store's
// daily aggregates. One result type, shared/statistics.ts's StatisticsResult, for every caller.
import { invalid } from '../../store/errors.js';
import { MAX_STATISTICS_DAYS } from '../../store/statistics/statistics.js';
import type { Store } from '../../store/store.js';
import {
  addDays,
  dayFromText,
  statisticsDay,
  StatisticsGroupings,
  type StatisticsGrouping,
  type StatisticsResult,
} from '../../../shared/statistics.js';

/** The range when a request names none: the last 30 days, today included. */
export const DEFAULT_STATISTICS_DAYS = 30;

export interface StatisticsRequest {
  /** First day, YYYY-MM-DD (the desk's day, UTC+8). */
  from?: string | null;
  /** Last day, YYYY-MM-DD, inclusive. */
  to?: string | null;
  /** How many days: ending `to` (default today), or starting `from` when only `from` is given. */
  days?: number | null;
  accountId?: number | null;
  /** A campaign's id; 0 = direct sends only. */
  campaignId?: number | null;
  by?: StatisticsGrouping | null;
}

/** The first and last day a request covers; throws invalid-input naming the bad field. */
export function statisticsDays(req: StatisticsRequest, now = Date.now()): { fromDay: number; toDay: number } {
  const parse = (text: string | null | undefined, name: string): number | null => {
    if (text === undefined || text === null) return null;
    const day = typeof text === 'string' ? dayFromText(text) : null;
    if (day === null) throw invalid(`${name} must be a date YYYY-MM-DD, not ${JSON.stringify(text)}`);
    return day;
  };
  const from = parse(req.from, 'from');
  const to = parse(req.to, 'to');
  const days = req.days ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_STATISTICS_DAYS)) {
    throw invalid(`days must be a whole number from 1 to ${MAX_STATISTICS_DAYS}, not ${JSON.stringify(days)}`);
  }
  if (from !== null && to !== null && days !== null) throw invalid('give two of from, to and days, not all three');
  let fromDay: number;
  let toDay: number;
  if (from !== null && to !== null) [fromDay, toDay] = [from, to];
  else if (from !== null) [fromDay, toDay] = [from, days !== null ? addDays(from, days - 1) : statisticsDay(now)];
  else {
    toDay = to ?? statisticsDay(now);
    fromDay = addDays(toDay, -((days ?? DEFAULT_STATISTICS_DAYS) - 1));
  }
  if (fromDay > toDay) throw invalid(`from (${fromDay}) is after to (${toDay})`);
  if (addDays(fromDay, MAX_STATISTICS_DAYS - 1) < toDay) throw invalid(`a range covers at most ${MAX_STATISTICS_DAYS} days`);
  return { fromDay, toDay };
}

/** Statistics for a request (checked here: every IPC and CLI argument arrives untrusted). */
export function queryStatistics(store: Store, req: StatisticsRequest, now = Date.now()): StatisticsResult {
  if (req === null || typeof req !== 'object') throw invalid('a statistics request must be an object');
  const { fromDay, toDay } = statisticsDays(req, now);
  const id = (v: unknown, name: string, min: number): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw invalid(`${name} must be a whole number of at least ${min}, not ${JSON.stringify(v)}`);
    return v;
  };
  const accountId = id(req.accountId, 'account id', 1);
  const campaignId = id(req.campaignId, 'campaign id', 0);
  const by = req.by ?? 'day';
  if (!StatisticsGroupings.includes(by)) throw invalid(`by must be one of ${StatisticsGroupings.join(', ')}, not ${JSON.stringify(by)}`);
  return store.statistics.query({ fromDay, toDay, accountId, campaignId, by });
}

/** Rebuilds the aggregates from the rows (the repair); returns how many aggregate rows were wrong. */
export function recountStatistics(store: Store): number {
  return store.statistics.recount();
}
