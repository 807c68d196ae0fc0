// The Statistics screen's date ranges: the presets an operator asks for every day and every month
// (today, the last 7 or 30 days, this month, last month) and a custom range, as inclusive
// statistics days (YYYYMMDD integers at the desk's UTC offset: shared/statistics.ts, the days the
// aggregates are kept by). Free of React and of the clock: `today` is passed in.
import { periodStart } from '../../../shared/statistics-periods.js';
import { addDays } from '../../../shared/statistics.js';

export const RANGE_PRESETS = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Inclusive statistics days, YYYYMMDD. */
export interface DayRange {
  fromDay: number;
  toDay: number;
}

const firstOfMonth = (day: number): number => periodStart(day, 'month');

/** The range of a preset on `today` (a YYYYMMDD statistics day); custom: `custom`, or today alone. */
export function presetRange(preset: RangePreset, today: number, custom?: DayRange | null): DayRange {
  switch (preset) {
    case 'today':
      return { fromDay: today, toDay: today };
    case 'last7':
      return { fromDay: addDays(today, -6), toDay: today };
    case 'last30':
      return { fromDay: addDays(today, -29), toDay: today };
    case 'thisMonth':
      return { fromDay: firstOfMonth(today), toDay: today };
    case 'lastMonth': {
      const end = addDays(firstOfMonth(today), -1);
      return { fromDay: firstOfMonth(end), toDay: end };
    }
    case 'custom':
      return custom ?? { fromDay: today, toDay: today };
  }
}

/** Days in the range, both ends included (0 when it is empty). */
export function daysIn(r: DayRange): number {
  let n = 0;
  for (let d = r.fromDay; d <= r.toDay; d = addDays(d, 1)) n++;
  return n;
}
