// Statistics: the daily aggregates over a range of days (totals, per day, account, campaign or
// reason, and the failure reasons), the export of the Statistics screen's tables, and the
// reconciliation of one day and account with the gateway's CMPP_QUERY counters (docs/protocol.md
// "Gateway counters and reconciliation"). Channel names: ../channels/statistics.ts.
// Values are JSON-safe (../contract.ts says what that means).
import { shownValue } from '../../error-detail.js';
import { reconcileDay, type ReconcileReport } from '../../reconcile.js';
import { STATISTICS_PERIODS } from '../../statistics-periods.js';
import { dayFromText, StatisticsGroupings, type StatisticsResult } from '../../statistics.js';
import { type } from '../spec.js';
import { type Infer, int, object, oneOf, optional, refine, string, ValidationError, type Validator } from '../validate.js';
import { exportFormat, id, invoke, lang, MAX_ID } from './fields.js';

// ---- the aggregates and the Statistics screen's tables ----

/** A statistics day as text, YYYY-MM-DD (the desk's day: shared/statistics.ts), a real calendar date. */
export const statisticsDayArg = (): Validator<string> => ({
  check(value, path) {
    if (typeof value !== 'string' || value.length !== 10 || dayFromText(value) === null) {
      throw new ValidationError(path, `expected a calendar day as YYYY-MM-DD, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value}`, 'not-a-day', {
        value: shownValue(value),
      });
    }
    return value;
  },
});

/**
 * What a statistics call reads: the first and last day (inclusive), an account, a campaign (0:
 * direct sends only), the grouping (default by day). The service checks the range's length.
 */
export const statisticsQueryArgs = refine(
  object({
    from: statisticsDayArg(),
    to: statisticsDayArg(),
    accountId: optional(id()),
    campaignId: optional(int(0, MAX_ID)),
    by: optional(oneOf(...StatisticsGroupings)),
  }),
  // YYYY-MM-DD texts compare as their dates.
  (q) => (q.from > q.to ? { reason: `from ${q.from} is after to ${q.to}`, rule: 'date-range' } : null),
);
export type StatisticsQueryArgs = Infer<typeof statisticsQueryArgs>;

/** The Statistics screen's two tables: the figures per period, and the failure reasons. */
export const STATISTICS_TABLES = ['periods', 'reasons'] as const;

export interface StatisticsExportDone {
  /** The file as the user knows it (a path on the desktop; only its name in browser mode). */
  file: string;
  /** Data rows written (the header and the totals row not counted). */
  rows: number;
}

// ---- reconciliation with the gateway ----

/** A calendar day as YYYY-MM-DD (or CMPP's YYYYMMDD), passed on as given. */
function calendarDay(): Validator<string> {
  return {
    check(value, path) {
      const s = string({ min: 8, max: 10 }).check(value, path);
      if (reconcileDay(s) === null) throw new ValidationError(path, 'a calendar day as YYYY-MM-DD', 'not-a-day', { value: s });
      return s;
    },
  };
}

export const statisticsContract = {
  // ---- the aggregates and the Statistics screen's tables ----
  /** The range's totals, its groups (every day of the range, by default) and its failure reasons. */
  'statistics.query': invoke(statisticsQueryArgs, type<StatisticsResult>()),
  /** Asks where to save (native dialog; a download in browser mode), then writes the table; null when cancelled. */
  'statistics.export': invoke(
    object({
      query: statisticsQueryArgs,
      table: oneOf(...STATISTICS_TABLES),
      /** periods: a row per day, week or month. */
      period: oneOf(...STATISTICS_PERIODS),
      format: exportFormat(),
      lang: lang(),
    }),
    type<StatisticsExportDone | null>(),
  ),
  // ---- reconciliation with the gateway ----
  /** One account's day (default today) beside the gateway's counters; asks the gateway over the account's connection. */
  'statistics.reconcile': invoke(object({ accountId: id(), date: optional(calendarDay()) }), type<ReconcileReport>()),
} as const;
