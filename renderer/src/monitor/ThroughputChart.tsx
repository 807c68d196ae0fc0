// Throughput over the last minutes as plain SVG (no chart library): per-second submitted,
// delivered and failed, from the once-a-second counter samples of one account.
import { Empty, Flex, Typography } from 'antd';
import type { LiveCounters } from '../../../shared/ipc/contract/monitor.js';
import { useT } from '../i18n/react.js';
import { clock } from './format.js';

export const CHART_WINDOW_MS = 5 * 60_000;
const W = 640;
const H = 170;
const PAD = { left: 44, right: 8, top: 10, bottom: 22 };

export const SERIES = [
  { key: 'submitted', color: '#1677ff', pick: (c: LiveCounters) => c.interval.submits },
  { key: 'delivered', color: '#52c41a', pick: (c: LiveCounters) => c.interval.delivered },
  { key: 'failed', color: '#ff4d4f', pick: (c: LiveCounters) => c.interval.failed + c.interval.responsesFailed },
] as const;

/** A "nice" axis maximum (1, 2, 5 x 10^n) at or above v. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function perSecond(n: number, intervalMs: number): number {
  return intervalMs > 0 ? (n * 1000) / intervalMs : n;
}

export function ThroughputChart({ samples, now }: { samples: readonly LiveCounters[]; now: number }) {
  const t = useT();
  const from = now - CHART_WINDOW_MS;
  const shown = samples.filter((s) => s.at >= from);
  if (shown.length < 2) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitor.chartEmpty')} />;
  const values = SERIES.map((s) => shown.map((c) => perSecond(s.pick(c), c.intervalMs)));
  const max = niceMax(Math.max(1, ...values.flat()));
  const x = (at: number) => PAD.left + ((at - from) / CHART_WINDOW_MS) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const ticks = [0, max / 2, max];
  const timeTicks = [from, from + CHART_WINDOW_MS / 2, now];
  return (
    <div data-testid="throughput-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('monitor.chart')} style={{ display: 'block', maxHeight: 200 }}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#f0f0f0" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#8c8c8c">
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        {timeTicks.map((at, i) => (
          <text key={at} x={x(at)} y={H - 6} textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'} fontSize="11" fill="#8c8c8c">
            {clock(at)}
          </text>
        ))}
        {SERIES.map((s, k) => (
          <polyline
            key={s.key}
            data-series={s.key}
            fill="none"
            stroke={s.color}
            strokeWidth={1.6}
            strokeLinejoin="round"
            points={shown.map((c, i) => `${x(c.at).toFixed(1)},${y(values[k]![i]!).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <Flex gap={16} justify="center">
        {SERIES.map((s) => (
          <Typography.Text key={s.key} type="secondary" style={{ fontSize: 12 }}>
            <span style={{ display: 'inline-block', width: 10, height: 3, background: s.color, verticalAlign: 'middle', marginRight: 6 }} />
            {t(`monitor.series.${s.key}`)}
          </Typography.Text>
        ))}
      </Flex>
    </div>
  );
}
