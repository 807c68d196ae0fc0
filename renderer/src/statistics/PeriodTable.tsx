// The figures of each period as a table: what the chart draws, readable by a screen reader, and
// what "export periods" writes (the same columns and headers: shared/statistics-periods.ts and the
// shared catalogue). Paged, so a 365-day range renders a month of rows at a time.
import { Table } from 'antd';
import { memo, type HTMLAttributes } from 'react';
import { deliveryRate, PERIOD_COLUMNS, periodLabel, rateText, type PeriodFigures, type StatisticsPeriod } from '../../../shared/statistics-periods.js';
import type { StatisticsCounters } from '../../../shared/statistics.js';
import { useT } from '../i18n/react.js';
import { count } from '../monitor/format.js';

export const PeriodTable = memo(function PeriodTable({ rows, period, totals }: { rows: readonly PeriodFigures[]; period: StatisticsPeriod; totals: StatisticsCounters }) {
  const t = useT();
  return (
    <section aria-labelledby="statistics-periods-title" style={{ marginTop: 16 }}>
      <h4 id="statistics-periods-title" style={{ margin: '0 0 8px', fontSize: 16, fontWeight: 600 }}>
        {t('statistics.periods.title')}
      </h4>
      <Table<PeriodFigures>
        data-testid="periods-table"
        size="small"
        rowKey="key"
        dataSource={rows as PeriodFigures[]}
        pagination={rows.length > 31 ? { pageSize: 31, showSizeChanger: false, size: 'small' } : false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-period': r.key }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'period', title: t('statistics.col.period'), fixed: 'left', render: (_, r) => periodLabel(r, period) },
          ...PERIOD_COLUMNS.map((c) => ({
            key: c,
            title: t(`statistics.counter.${c}`),
            align: 'right' as const,
            render: (_: unknown, r: PeriodFigures) => <span data-col={c}>{count(r.counters[c])}</span>,
          })),
          { key: 'rate', title: t('statistics.counter.deliveryRate'), align: 'right', render: (_, r) => <span data-col="rate">{rateText(deliveryRate(r.counters))}</span> },
        ]}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row data-testid="periods-total">
              <Table.Summary.Cell index={0}>{t('statistics.col.totals')}</Table.Summary.Cell>
              {PERIOD_COLUMNS.map((c, i) => (
                <Table.Summary.Cell key={c} index={i + 1} align="right">
                  <span data-col={c}>{count(totals[c])}</span>
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={PERIOD_COLUMNS.length + 1} align="right">
                <span data-col="rate">{rateText(deliveryRate(totals))}</span>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    </section>
  );
});
