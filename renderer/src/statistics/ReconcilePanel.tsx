// Reconciliation with the gateway for a chosen day and account (statistics.reconcile): the
// gateway's CMPP_QUERY counters beside our own figures, line by line, a difference highlighted by
// whether its causes are known, and each cause with its number in the operator's language (the
// shared reconcile catalogue the CLI words them with; docs/protocol.md "Gateway counters and
// reconciliation").
import { Alert, Button, Card, DatePicker, Flex, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { memo, useState, type HTMLAttributes } from 'react';
import type { LogOptions } from '../../../shared/ipc/contract/log.js';
import type { ReconcileCause, ReconcileLine, ReconcileReport } from '../../../shared/reconcile.js';
import { dayText } from '../../../shared/statistics.js';
import { call, failureOf } from '../call.js';
import type { Translate } from '../i18n/index.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { clock, count } from '../monitor/format.js';

const STATUS_COLOR: Record<ReconcileLine['status'], string | undefined> = { equal: undefined, explained: '#d48806', unexplained: '#cf1322', uncounted: '#8c8c8c' };

function causeText(c: ReconcileCause, t: Translate): string {
  return t(`reconcile.cause.${c.code}`, { count: c.count, max: c.max ?? c.count });
}

const signed = (n: number): string => (n > 0 ? `+${count(n)}` : count(n));

export const ReconcilePanel = memo(function ReconcilePanel({ options, day }: { options: LogOptions | null; day: number }) {
  const t = useT();
  const [accountId, setAccountId] = useState<number | null>(null);
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const [report, setReport] = useState<ReconcileReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const accounts = options?.accounts ?? [];
  const account = accountId ?? accounts[0]?.id ?? null;
  const date = picked ?? dayjs(dayText(day));

  const run = async () => {
    if (account === null) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await call(t, desk().statistics.reconcile({ accountId: account, date: date.format('YYYY-MM-DD') })));
    } catch (e) {
      setReport(null);
      setError(failureOf(e).text);
    } finally {
      setBusy(false);
    }
  };

  const summary = report && (report.equal ? 'equal' : report.explained ? 'explained' : 'unexplained');
  return (
    <Card size="small" style={{ marginTop: 24 }} title={t('statistics.reconcile.title')} data-testid="reconcile-panel">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('statistics.reconcile.help')}
      </Typography.Paragraph>
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <Select<number>
          id="reconcile-account"
          aria-label={t('statistics.filter.account')}
          style={{ minWidth: 180 }}
          value={account ?? undefined}
          placeholder={t('statistics.filter.account')}
          onChange={setAccountId}
          options={accounts.map((a) => ({ value: a.id, label: a.name }))}
        />
        <span data-testid="reconcile-day">
          <DatePicker aria-label={t('statistics.reconcile.day')} allowClear={false} value={date} onChange={(d) => d && setPicked(d)} />
        </span>
        <Button type="primary" onClick={() => void run()} loading={busy} disabled={account === null} data-testid="reconcile-run">
          {t('statistics.reconcile.run')}
        </Button>
      </Flex>
      {error && <Alert type="error" showIcon title={error} data-testid="reconcile-error" />}
      {report && summary && (
        <>
          <Alert
            type={summary === 'equal' ? 'success' : summary === 'explained' ? 'warning' : 'error'}
            showIcon
            data-testid="reconcile-summary"
            data-summary={summary}
            title={t(`reconcile.summary.${summary}`)}
            description={`${t('reconcile.ours.billed', { messages: count(report.ours.messages), segments: count(report.ours.segments), billed: count(report.ours.billed) })} · ${t('statistics.reconcile.answered', { time: clock(report.at) })}`}
            style={{ marginBottom: 12 }}
          />
          <LinesTable lines={report.lines} t={t} />
        </>
      )}
    </Card>
  );
});

function LinesTable({ lines, t }: { lines: ReconcileLine[]; t: Translate }) {
  return (
    <Table<ReconcileLine>
      data-testid="reconcile-lines"
      size="small"
      pagination={false}
      rowKey="counter"
      dataSource={lines}
      onRow={(l) => ({ 'data-counter': l.counter, 'data-status': l.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'counter',
          title: t('reconcile.column.counter'),
          render: (_, l) => (
            <>
              <Typography.Text code>{l.counter}</Typography.Text> {t(`gatewayCounter.${l.counter}`)}
            </>
          ),
        },
        { key: 'gateway', title: t('reconcile.column.gateway'), align: 'right', render: (_, l) => <span data-col="gateway">{count(l.gateway)}</span> },
        { key: 'ours', title: t('reconcile.column.ours'), align: 'right', render: (_, l) => <span data-col="ours">{l.ours === null ? t('reconcile.status.uncounted') : count(l.ours)}</span> },
        {
          key: 'difference',
          title: t('reconcile.column.difference'),
          align: 'right',
          render: (_, l) => (
            <span data-col="difference" style={{ color: STATUS_COLOR[l.status], fontWeight: l.status === 'unexplained' ? 600 : undefined }}>
              {l.status === 'uncounted' ? '—' : signed(l.difference)}
            </span>
          ),
        },
        { key: 'status', title: t('statistics.reconcile.status'), render: (_, l) => <span style={{ color: STATUS_COLOR[l.status] }}>{t(`reconcile.status.${l.status}`)}</span> },
        { key: 'causes', title: t('reconcile.column.causes'), render: (_, l) => <span data-col="causes">{l.causes.map((c) => causeText(c, t)).join(' · ')}</span> },
      ]}
    />
  );
}
