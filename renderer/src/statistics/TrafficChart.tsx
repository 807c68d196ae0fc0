// The traffic of a range as plain SVG (no chart package): per period three bars side by side
// (submitted, delivered, failed or refused) on the left axis, and the delivery rate as a line on
// the right axis (0-100 %). Accessible: the figure has a title and a description, pointing at a
// period names its figures, and the same figures are in the table below it (PeriodTable), which
// screen readers and the export use. A year stays cheap: one path per series, one hover target
// per period.
import { memo, useMemo, useState, type PointerEvent } from 'react';
import { deliveryRate, periodLabel, rateText, type PeriodFigures, type StatisticsPeriod } from '../../../shared/statistics-periods.js';
import { dayText } from '../../../shared/statistics.js';
import { useT } from '../i18n/react.js';
import { niceScale } from './chart-scale.js';

interface ChartPeriod {
  key: string;
  /** The table's name of the period (in the tooltip) and the axis's short one. */
  label: string;
  axis: string;
  submitted: number;
  delivered: number;
  /** Failed by report and refused by the gateway. */
  failed: number;
  /** Delivered share of the final outcomes, 0..1; null when nothing was final. */
  rate: number | null;
}

function chartPeriods(rows: readonly PeriodFigures[], period: StatisticsPeriod): ChartPeriod[] {
  return rows.map((r) => ({
    key: r.key,
    label: periodLabel(r, period),
    axis: period === 'month' ? dayText(r.fromDay).slice(0, 7) : dayText(r.fromDay).slice(5),
    submitted: r.counters.submitted,
    delivered: r.counters.delivered,
    failed: r.counters.failed + r.counters.refused,
    rate: deliveryRate(r.counters),
  }));
}

export const SERIES_COLOR = { submitted: '#1677ff', delivered: '#52c41a', failed: '#ff4d4f', rate: '#fa8c16' } as const;

const W = 960;
const H = 260;
const PAD = { left: 56, right: 48, top: 12, bottom: 28 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
const BASE = PAD.top + PLOT_H;

function shortNumber(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${+(n / 1000).toFixed(0)}k`;
  return n.toLocaleString('en-US');
}

export const TrafficChart = memo(function TrafficChart({ rows, period, caption }: { rows: readonly PeriodFigures[]; period: StatisticsPeriod; caption: string }) {
  const t = useT();
  const periods = useMemo(() => chartPeriods(rows, period), [rows, period]);
  const n = periods.length;
  const { top, step } = niceScale(Math.max(0, ...periods.map((p) => Math.max(p.submitted, p.delivered, p.failed))));
  const slot = PLOT_W / Math.max(1, n);
  const bar = Math.max(0.6, Math.min(14, (slot * 0.8) / 3));
  const y = (v: number) => PAD.top + PLOT_H - (v / top) * PLOT_H;
  const yRate = (r: number) => PAD.top + PLOT_H - r * PLOT_H;
  // At most ~12 axis labels, evenly spaced, so 365 days stay readable.
  const every = Math.max(1, Math.ceil(n / 12));
  const x = (i: number) => PAD.left + slot * i;
  // One path per series and one for the line: a year is a handful of elements to lay out, not
  // thousands (the per-period figures are on the hover targets and in the table).
  const paths = useMemo(() => {
    const d = { submitted: '', delivered: '', failed: '' };
    let line = '';
    let pen = false;
    periods.forEach((p, i) => {
      const x0 = x(i) + (slot - 3 * bar) / 2;
      (['submitted', 'delivered', 'failed'] as const).forEach((s, k) => {
        if (p[s] > 0) d[s] += `M${(x0 + k * bar).toFixed(2)} ${BASE}V${y(p[s]).toFixed(2)}h${bar.toFixed(2)}V${BASE}Z`;
      });
      if (p.rate === null) pen = false;
      else {
        line += `${pen ? 'L' : 'M'}${(x(i) + slot / 2).toFixed(2)} ${yRate(p.rate).toFixed(2)}`;
        pen = true;
      }
    });
    return { ...d, line };
  }, [periods, slot, bar, top]);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, k) => k * step);
  const series = [
    ['submitted', t('statistics.counter.submitted')],
    ['delivered', t('statistics.counter.delivered')],
    ['failed', t('statistics.chart.failed')],
    ['rate', t('statistics.counter.deliveryRate')],
  ] as const;
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover === null ? null : periods[hover];
  const onPointer = (e: PointerEvent<SVGSVGElement>) => {
    const i = (e.target as Element).getAttribute('data-index');
    setHover(i === null ? null : Number(i));
  };
  return (
    <figure style={{ margin: 0, position: 'relative' }}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby="traffic-chart-title traffic-chart-desc"
        data-testid="traffic-chart"
        data-periods={n}
        style={{ maxWidth: W, display: 'block' }}
        onPointerMove={onPointer}
        onPointerLeave={() => setHover(null)}
      >
        <title id="traffic-chart-title">{caption}</title>
        <desc id="traffic-chart-desc">{t('statistics.chart.desc')}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#f0f0f0" />
            <text x={PAD.left - 6} y={y(v) + 4} fontSize="11" textAnchor="end" fill="#8c8c8c">
              {shortNumber(v)}
            </text>
          </g>
        ))}
        {[0, 0.5, 1].map((r) => (
          <text key={r} x={W - PAD.right + 6} y={yRate(r) + 4} fontSize="11" fill={SERIES_COLOR.rate}>
            {`${r * 100}%`}
          </text>
        ))}
        {(['submitted', 'delivered', 'failed'] as const).map((s) => (
          <path key={s} d={paths[s]} fill={SERIES_COLOR[s]} data-series={s} />
        ))}
        {paths.line !== '' && <path d={paths.line} fill="none" stroke={SERIES_COLOR.rate} strokeWidth={2} strokeLinejoin="round" data-testid="rate-line" />}
        {periods.map((p, i) =>
          i % every === 0 ? (
            <text key={p.key} x={x(i) + slot / 2} y={H - 8} fontSize="11" textAnchor="middle" fill="#595959">
              {p.axis}
            </text>
          ) : null,
        )}
        <line x1={PAD.left} x2={W - PAD.right} y1={BASE} y2={BASE} stroke="#bfbfbf" />
        {/* A period's whole slot is its hover target, so a thin day is still easy to point at. */}
        {periods.map((p, i) => (
          <rect
            key={p.key}
            x={x(i)}
            y={PAD.top}
            width={slot}
            height={PLOT_H}
            fill={hover === i ? 'rgba(0,0,0,0.04)' : 'transparent'}
            data-index={i}
            data-period={p.key}
            data-submitted={p.submitted}
            data-delivered={p.delivered}
            data-failed={p.failed}
          />
        ))}
      </svg>
      {shown && (
        <div role="tooltip" data-testid="chart-tooltip" style={{ position: 'absolute', top: 0, right: 0, background: 'rgba(255,255,255,0.95)', border: '1px solid #f0f0f0', borderRadius: 4, padding: '4px 8px', fontSize: 12, pointerEvents: 'none' }}>
          {t('statistics.chart.period', {
            period: shown.label,
            submitted: shown.submitted.toLocaleString('en-US'),
            delivered: shown.delivered.toLocaleString('en-US'),
            failed: shown.failed.toLocaleString('en-US'),
            rate: rateText(shown.rate),
          })}
        </div>
      )}
      <figcaption style={{ display: 'flex', gap: 16, fontSize: 12, color: '#595959', marginTop: 4 }}>
        {series.map(([s, label]) => (
          <span key={s}>
            <span aria-hidden style={{ display: 'inline-block', width: 10, height: s === 'rate' ? 2 : 10, background: SERIES_COLOR[s], marginRight: 4, verticalAlign: 'middle' }} />
            {label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
});
