// The failure reasons of a range: why messages did not end delivered. Each row names the outcome
// (failed, unknown, skipped, ...), what it is counted by (a status report's Stat, a SUBMIT_RESP
// Result, or a reason), the code, its meaning in the UI language from the shared code tables
// (shared/i18n/statistics-text.ts: the same words the export writes), the count and its share.
import { Empty, Table, Typography } from 'antd';
import { memo, type HTMLAttributes } from 'react';
import { statisticsKindText, statisticsReasonText } from '../../../shared/i18n/statistics-text.js';
import type { StatisticsReason } from '../../../shared/statistics.js';
import { useT } from '../i18n/react.js';
import { count, percent } from '../monitor/format.js';

export const reasonKey = (r: StatisticsReason): string => `${r.outcome}/${r.kind}/${r.code}`;

export const ReasonTable = memo(function ReasonTable({ rows }: { rows: readonly StatisticsReason[] }) {
  const t = useT();
  const total = rows.reduce((n, r) => n + r.messages, 0);
  return (
    <section aria-labelledby="statistics-reasons-title" style={{ marginTop: 24 }}>
      <Typography.Title level={5} id="statistics-reasons-title">
        {t('statistics.reasons.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('statistics.reasons.help')}
      </Typography.Paragraph>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statistics.reasons.empty')} data-testid="reasons-empty" />
      ) : (
        <Table<StatisticsReason>
          data-testid="reasons-table"
          size="small"
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
          rowKey={reasonKey}
          dataSource={rows as StatisticsReason[]}
          onRow={(r) => ({ 'data-reason': reasonKey(r) }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'outcome', title: t('statistics.col.outcome'), width: 110, render: (_, r) => t(`deliveryLog.state.${r.outcome}`) },
            { key: 'kind', title: t('statistics.col.kind'), width: 150, render: (_, r) => statisticsKindText(r.kind, t) },
            { key: 'code', title: t('statistics.col.code'), width: 120, render: (_, r) => (r.code === '' ? '—' : <Typography.Text code>{r.code}</Typography.Text>) },
            { key: 'meaning', title: t('statistics.col.meaning'), render: (_, r) => <span data-col="meaning">{statisticsReasonText(r, t)}</span> },
            { key: 'count', title: t('statistics.col.count'), align: 'right', width: 110, render: (_, r) => <span data-col="count">{count(r.messages)}</span> },
            { key: 'share', title: t('statistics.col.share'), align: 'right', width: 90, render: (_, r) => percent(r.messages, total) },
          ]}
        />
      )}
    </section>
  );
});
