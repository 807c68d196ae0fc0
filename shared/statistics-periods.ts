// The periods of a statistics table: a by-day result (shared/statistics.ts: every day of the
// range) folded into weeks (Monday first) or calendar months, how a period is named and the
// columns a period row shows. One definition for the Statistics screen and its
// export, so the file has the rows and figures the screen shows.
// Browser-safe: no Node builtins, no packages.
import { addDays, dayText, emptyCounters, type StatisticsCounters, type StatisticsGroup } from './statistics.js';

export { deliveryRate } from './statistics.js';

export const STATISTICS_PERIODS = ['day', 'week', 'month'] as const;
export type StatisticsPeriod = (typeof STATISTICS_PERIODS)[number];

/** The counters a period row shows, in order (headers: the catalogues' 'statistics.counter.<name>'). */
export const PERIOD_COLUMNS = [
  'submitted',
  'segmentsSubmitted',
  'billed',
  'delivered',
  'failed',
  'refused',
  'unknown',
  'inDoubt',
  'awaitingReport',
  'skipped',
  'moReceived',
  'optOuts',
] as const satisfies readonly (keyof StatisticsCounters)[];
export type PeriodColumn = (typeof PERIOD_COLUMNS)[number];

export interface PeriodFigures {
  /** The period's first day in the range, "YYYY-MM-DD" (unique, sortable). */
  key: string;
  /** Its first and last day inside the range, YYYYMMDD. */
  fromDay: number;
  toDay: number;
  counters: StatisticsCounters;
}

const firstOfMonth = (day: number): number => Math.floor(day / 100) * 100 + 1;

/** The Monday of a day's week. */
export function weekStart(day: number): number {
  const s = String(day);
  const weekday = new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)))).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The first day of the period holding `day`. */
export function periodStart(day: number, period: StatisticsPeriod): number {
  return period === 'day' ? day : period === 'week' ? weekStart(day) : firstOfMonth(day);
}

function addCounters(a: StatisticsCounters, b: StatisticsCounters): void {
  for (const k of Object.keys(a) as (keyof StatisticsCounters)[]) a[k] += b[k];
}

/** The by-day groups of a result (in day order) folded into periods, every counter summed. */
export function foldPeriods(days: readonly StatisticsGroup[], period: StatisticsPeriod): PeriodFigures[] {
  const out: PeriodFigures[] = [];
  let current: PeriodFigures | null = null;
  let currentStart = 0;
  for (const g of days) {
    const day = Number(g.key.replaceAll('-', ''));
    const start = periodStart(day, period);
    if (current === null || start !== currentStart) {
      current = { key: g.key, fromDay: day, toDay: day, counters: emptyCounters() };
      currentStart = start;
      out.push(current);
    }
    current.toDay = day;
    const { key: _key, name: _name, ...counters } = g;
    addCounters(current.counters, counters);
  }
  return out;
}

/** How a table names a period: the day, "from ~ MM-DD" for a week, "YYYY-MM" for a month. */
export function periodLabel(p: Pick<PeriodFigures, 'fromDay' | 'toDay'>, period: StatisticsPeriod): string {
  if (period === 'day') return dayText(p.fromDay);
  if (period === 'month') return dayText(p.fromDay).slice(0, 7);
  return p.fromDay === p.toDay ? dayText(p.fromDay) : `${dayText(p.fromDay)} ~ ${dayText(p.toDay).slice(5)}`;
}

/** A rate as text with one decimal, "—" for none. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
