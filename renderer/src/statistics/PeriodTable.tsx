// The figures of each period as a table: what the chart draws, readable by a screen reader, and
// what "export periods" writes (the same columns and headers: shared/statistics-periods.ts and the
// shared catalogue). A plain HTML table, paged by 31 rows: a year's figures change on every answer,
// and a grid widget's per-cell machinery would cost more than the chart to re-render.
import { Pagination } from 'antd';
import { memo, useEffect, useState, type CSSProperties } from 'react';
import { deliveryRate, PERIOD_COLUMNS, periodLabel, rateText, type PeriodFigures, type StatisticsPeriod } from '../../../shared/statistics-periods.js';
import type { StatisticsCounters } from '../../../shared/statistics.js';
import { useT } from '../i18n/react.js';
import { count } from '../monitor/format.js';

const PAGE = 31;
const cell: CSSProperties = { padding: '6px 8px', borderBottom: '1px solid #f0f0f0', textAlign: 'right', whiteSpace: 'nowrap' };
const first: CSSProperties = { ...cell, textAlign: 'left', position: 'sticky', left: 0, background: '#fff' };
const head: CSSProperties = { ...cell, background: '#fafafa', fontWeight: 600 };

function Figures({ c }: { c: StatisticsCounters }) {
  return (
    <>
      {PERIOD_COLUMNS.map((k) => (
        <td key={k} style={cell} data-col={k}>
          {count(c[k])}
        </td>
      ))}
      <td style={cell} data-col="rate">
        {rateText(deliveryRate(c))}
      </td>
    </>
  );
}

export const PeriodTable = memo(function PeriodTable({ rows, period, totals }: { rows: readonly PeriodFigures[]; period: StatisticsPeriod; totals: StatisticsCounters }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  // A shorter range (or a coarser period) has fewer pages: stay on one that exists.
  useEffect(() => {
    if (page > pages) setPage(pages);
  }, [page, pages]);
  const shown = rows.slice((Math.min(page, pages) - 1) * PAGE, Math.min(page, pages) * PAGE);
  return (
    <section aria-labelledby="statistics-periods-title" style={{ marginTop: 16 }}>
      <h4 id="statistics-periods-title" style={{ margin: '0 0 8px', fontSize: 16, fontWeight: 600 }}>
        {t('statistics.periods.title')}
      </h4>
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="periods-table" style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
          <thead>
            <tr>
              <th scope="col" style={{ ...head, ...first, background: '#fafafa' }}>
                {t('statistics.col.period')}
              </th>
              {PERIOD_COLUMNS.map((k) => (
                <th key={k} scope="col" style={head}>
                  {t(`statistics.counter.${k}`)}
                </th>
              ))}
              <th scope="col" style={head}>
                {t('statistics.counter.deliveryRate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.key} data-period={r.key}>
                <th scope="row" style={{ ...first, fontWeight: 400 }}>
                  {periodLabel(r, period)}
                </th>
                <Figures c={r.counters} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="periods-total" style={{ fontWeight: 600 }}>
              <th scope="row" style={first}>
                {t('statistics.col.totals')}
              </th>
              <Figures c={totals} />
            </tr>
          </tfoot>
        </table>
      </div>
      {pages > 1 && <Pagination size="small" style={{ marginTop: 8, textAlign: 'right' }} current={Math.min(page, pages)} pageSize={PAGE} total={rows.length} showSizeChanger={false} onChange={setPage} />}
    </section>
  );
});
