// The Statistics screen's range presets, its periods (days folded into weeks and months) and its
// chart scale, at the edges of a month, a year and a leap February.
import { describe, expect, it } from 'vitest';
import { daysIn, presetRange } from '../../renderer/src/statistics/range.js';
import { deliveryRate, foldPeriods, periodLabel, weekStart } from '../../shared/statistics-periods.js';
import { niceScale } from '../../renderer/src/statistics/chart-scale.js';
import { addDays, dayText, emptyCounters, type StatisticsGroup } from '../../shared/statistics.js';

describe('statistics ranges', () => {
  it('presets are inclusive statistics days', () => {
    const today = 20261206;
    expect(presetRange('today', today)).toEqual({ fromDay: 20261206, toDay: 20261206 });
    expect(presetRange('last7', today)).toEqual({ fromDay: 20261130, toDay: 20261206 });
    expect(presetRange('last30', today)).toEqual({ fromDay: 20261107, toDay: 20261206 });
    expect(presetRange('thisMonth', today)).toEqual({ fromDay: 20261201, toDay: 20261206 });
    expect(presetRange('lastMonth', today)).toEqual({ fromDay: 20261101, toDay: 20261130 });
    expect(presetRange('custom', today, { fromDay: 20260101, toDay: 20261231 })).toEqual({ fromDay: 20260101, toDay: 20261231 });
    expect(presetRange('custom', today, null)).toEqual({ fromDay: 20261206, toDay: 20261206 });
    const days = { today: 1, last7: 7, last30: 30, thisMonth: 6, lastMonth: 30 } as const;
    for (const p of Object.keys(days) as (keyof typeof days)[]) expect(daysIn(presetRange(p, today)), p).toBe(days[p]);
  });

  it('crosses a year and a leap February', () => {
    expect(presetRange('lastMonth', 20270103)).toEqual({ fromDay: 20261201, toDay: 20261231 });
    expect(presetRange('last7', 20270103)).toEqual({ fromDay: 20261228, toDay: 20270103 });
    expect(presetRange('lastMonth', 20280315)).toEqual({ fromDay: 20280201, toDay: 20280229 });
    expect(daysIn({ fromDay: 20260101, toDay: 20261231 })).toBe(365);
    expect(daysIn({ fromDay: 20261202, toDay: 20261201 })).toBe(0);
  });

  it('folds days into Monday weeks and calendar months, every counter summed', () => {
    expect(weekStart(20261206)).toBe(20261130); // a Sunday: its week began on Monday 30 November
    expect(weekStart(20261130)).toBe(20261130);
    const days: StatisticsGroup[] = [];
    for (let d = 20261125; d <= 20261208; d = addDays(d, 1)) days.push({ key: dayText(d), name: null, ...emptyCounters(), submitted: 2, delivered: 1, failed: 1 });
    const weeks = foldPeriods(days, 'week');
    expect(weeks.map((w) => [w.fromDay, w.toDay, w.counters.submitted])).toEqual([
      [20261125, 20261129, 10],
      [20261130, 20261206, 14],
      [20261207, 20261208, 4],
    ]);
    expect(periodLabel(weeks[1]!, 'week')).toBe('2026-11-30 ~ 12-06');
    const months = foldPeriods(days, 'month');
    expect(months.map((m) => [m.key, m.counters.delivered, periodLabel(m, 'month')])).toEqual([
      ['2026-11-25', 6, '2026-11'],
      ['2026-12-01', 8, '2026-12'],
    ]);
    expect(foldPeriods(days, 'day')).toHaveLength(14);
    expect(deliveryRate(months[0]!.counters)).toBe(0.5);
    expect(deliveryRate(emptyCounters())).toBeNull();
  });

  it('the chart scale is round and covers the largest bar', () => {
    expect(niceScale(0)).toEqual({ top: 4, step: 1 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(95)).toEqual({ top: 100, step: 50 });
    for (const max of [1, 3, 10, 99, 101, 1234, 98_765, 1_000_000]) {
      const { top, step } = niceScale(max);
      expect(top).toBeGreaterThanOrEqual(max);
      expect(top / step).toBeLessThanOrEqual(5);
    }
  });
});
