// Statistics: how sending went over a range of days, from the daily aggregates main keeps in step
// with the outbox (one `statistics.query` per change of the controls; a year is a few thousand
// aggregate rows). Totals, the traffic chart (bars and the delivery-rate line, SVG), the same
// figures per period as a table, the failure reasons with their meanings, and the export of either
// table as CSV or XLSX (main writes it: a save dialog on the desktop, a download in browser mode),
// and the reconciliation of a day and an account with the gateway's counters.
import { ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Col, Empty, Flex, Row, Spin, Statistic, Typography } from 'antd';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LogOptions } from '../../../shared/ipc/contract/log.js';
import type { StatisticsQueryArgs } from '../../../shared/ipc/contract/statistics.js';
import { deliveryRate, foldPeriods, rateText } from '../../../shared/statistics-periods.js';
import { dayText, statisticsDay, type StatisticsCounters, type StatisticsResult } from '../../../shared/statistics.js';
import { call, errorMessage, failureOf } from '../call.js';
import { useLocale, useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { count } from '../monitor/format.js';
import { PeriodTable } from './PeriodTable.js';
import { HeightSlot } from '../log/HeightSlot.js';
import { useMountAfterRows } from '../log/useMountAfterRows.js';
import { daysIn, presetRange, type DayRange, type RangePreset } from './range.js';
import { ReasonTable } from './ReasonTable.js';
import { ReconcilePanel } from './ReconcilePanel.js';
import { StatisticsToolbar, type ExportChoice, type StatisticsControls } from './StatisticsToolbar.js';
import { TrafficChart } from './TrafficChart.js';

const TOTALS = ['submitted', 'delivered', 'failed', 'refused', 'unknown', 'awaitingReport', 'billed', 'moReceived'] as const satisfies readonly (keyof StatisticsCounters)[];

function queryOf(c: StatisticsControls): StatisticsQueryArgs {
  const q: StatisticsQueryArgs = { from: dayText(c.range.fromDay), to: dayText(c.range.toDay) };
  if (c.accountId !== null) q.accountId = c.accountId;
  if (c.campaign !== 'all') q.campaignId = c.campaign === 'direct' ? 0 : c.campaign;
  return q;
}

// The controls as last left: the screen opens again on the range and filters the operator chose
// (a preset is computed afresh, so "today" stays today).
let remembered: StatisticsControls | null = null;

function initialControls(): StatisticsControls {
  const today = statisticsDay(Date.now());
  if (remembered) return remembered.preset === 'custom' ? remembered : { ...remembered, range: presetRange(remembered.preset, today) };
  return { preset: 'last7', range: presetRange('last7', today), period: 'day', accountId: null, campaign: 'all' };
}

export function StatisticsScreen() {
  const t = useT();
  const locale = useLocale();
  const { notification } = AntApp.useApp();
  const [controls, setControls] = useState<StatisticsControls>(initialControls);
  remembered = controls;
  const [result, setResult] = useState<StatisticsResult | null>(null);
  // Answers received: a new one shows as a new value (tests and the benchmark wait for it).
  const [answers, setAnswers] = useState(0);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [options, setOptions] = useState<LogOptions | null>(null);
  const query = useMemo(() => queryOf(controls), [controls]);

  // The first answer is asked for while the screen mounts (the toolbar's pickers take a while), not
  // after; every later change of the controls asks again. The latest query wins: an answer to an
  // older one (the operator clicked on) is dropped.
  const [firstCall] = useState(() => ({ query, pending: desk().statistics.query(query) }));
  const asked = useRef(0);
  useEffect(() => {
    const n = ++asked.current;
    setBusy(true);
    const pending = n === 1 && firstCall.query === query ? firstCall.pending : desk().statistics.query(query);
    call(t, pending).then(
      (r) => {
        if (n !== asked.current) return;
        // The same figures again (a refresh of a range nothing was sent in since) keep the object
        // shown, so nothing below re-renders for them.
        setResult((prev) => (prev !== null && JSON.stringify(prev) === JSON.stringify(r) ? prev : r));
        setAnswers((a) => a + 1);
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        if (n !== asked.current) return;
        setError(failureOf(e));
        setBusy(false);
      },
    );
    // t changes with the language only; the figures do not.
  }, [query, refreshKey]);

  // The filter lists, once the first figures are in (they never delay them).
  const optionsWanted = useRef(true);
  useEffect(() => {
    if (!optionsWanted.current || (result === null && error === null)) return;
    optionsWanted.current = false;
    call(t, desk().log.options()).then(setOptions, () => setOptions({ campaigns: [], accounts: [] }));
  }, [result, error, t]);

  const onPreset = useCallback((preset: RangePreset) => {
    setControls((c) => ({ ...c, preset, range: preset === 'custom' ? c.range : presetRange(preset, statisticsDay(Date.now())) }));
  }, []);
  const onCustom = useCallback((range: DayRange) => setControls((c) => ({ ...c, preset: 'custom', range })), []);
  const onChange = useCallback((next: Partial<StatisticsControls>) => setControls((c) => ({ ...c, ...next })), []);
  const onRefresh = useCallback(() => {
    optionsWanted.current = true;
    setRefreshKey((k) => k + 1);
  }, []);

  const controlsRef = useRef(controls);
  controlsRef.current = controls;
  const onExport = useCallback(
    async ({ table, format }: ExportChoice) => {
      const c = controlsRef.current;
      try {
        const done = await call(t, desk().statistics.export({ query: queryOf(c), table, period: c.period, format, lang: locale }));
        if (done) notification.success({ title: t('statistics.export.done'), description: t('statistics.export.doneDetail', { rows: done.rows, file: done.file }) });
      } catch (e) {
        notification.error({ title: t('statistics.export.failed'), description: errorMessage(e), duration: 0 });
      }
    },
    [locale, notification, t],
  );

  // The result shown is the one of the range asked (the periods fold the result's own days).
  const periods = useMemo(() => (result ? foldPeriods(result.groups, controls.period) : []), [result, controls.period]);
  const empty = result !== null && result.totals.messages === 0 && result.totals.moReceived === 0;
  const from = dayText(controls.range.fromDay);
  const to = dayText(controls.range.toDay);
  // Opening the screen is a race to the figures: the totals and the chart show first; the toolbar's
  // pickers, the tables below them and the reconcile panel mount once those have painted (antd
  // widgets cost several times the figures to mount; see ../log/useMountAfterRows.ts).
  const rest = useMountAfterRows(result !== null || error !== null);

  return (
    <section data-screen="statistics" data-answers={answers}>
      <Typography.Title level={3}>{t('screen.statistics.title')}</Typography.Title>
      <HeightSlot name="statistics-toolbar" ready={rest} initial={44}>
        <StatisticsToolbar
          value={controls}
          options={options}
          canExport={result !== null && !empty}
          onPreset={onPreset}
          onCustom={onCustom}
          onChange={onChange}
          onExport={onExport}
        />
      </HeightSlot>
      <Flex align="center" gap={8} style={{ marginBottom: 12, minHeight: 24 }}>
        <Typography.Text type="secondary" data-testid="stats-range" data-from={from} data-to={to} data-busy={busy ? 'true' : 'false'}>
          {t('statistics.rangeText', { from, to, days: daysIn(controls.range) })}
        </Typography.Text>
        {rest && (
          <Button size="small" type="text" icon={<ReloadOutlined />} loading={busy} onClick={onRefresh} title={t('statistics.refresh')} aria-label={t('statistics.refresh')} data-testid="stats-refresh" />
        )}
      </Flex>
      {error?.code === 'no-workspace' ? (
        <Empty style={{ marginTop: 64 }} description={t('screen.noWorkspace')} />
      ) : error ? (
        <Alert type="error" showIcon title={error.text} action={<Button onClick={onRefresh}>{t('statistics.refresh')}</Button>} />
      ) : result === null ? (
        <Spin tip={t('statistics.loading')} />
      ) : empty ? (
        <Empty style={{ marginTop: 48 }} description={t('statistics.empty')} data-testid="stats-empty" />
      ) : (
        <>
          <Totals totals={result.totals} />
          <Card size="small" style={{ marginTop: 16 }}>
            <TrafficChart rows={periods} period={controls.period} caption={t('statistics.chart.title', { from, to })} />
          </Card>
          {rest && <PeriodTable rows={periods} period={controls.period} totals={result.totals} />}
          {rest && <ReasonTable rows={result.reasons} />}
        </>
      )}
      {rest && <ReconcilePanel options={options} day={controls.range.toDay} />}
    </section>
  );
}

const Totals = memo(function Totals({ totals }: { totals: StatisticsCounters }) {
  const t = useT();
  return (
    <Row gutter={[16, 16]} data-testid="stats-totals">
      {TOTALS.map((k) => (
        <Col key={k} xs={12} md={6} xl={3}>
          <Statistic title={t(`statistics.counter.${k}`)} value={count(totals[k])} valueStyle={{ fontSize: 20 }} data-testid={`total-${k}`} data-value={totals[k]} />
        </Col>
      ))}
      <Col xs={12} md={6} xl={3}>
        <Statistic title={t('statistics.counter.deliveryRate')} value={rateText(deliveryRate(totals))} valueStyle={{ fontSize: 20 }} data-testid="total-rate" />
      </Col>
    </Row>
  );
});
