// The delivery-log explorer (issue 5 §2): filters, a filtered count, a windowed table over any
// number of messages (server-side paging by position: a jump to row 900,000 reads only what is
// shown), a detail drawer, and CSV / XLSX export with progress and cancel.
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Empty, InputNumber, Space, Tooltip, Typography } from 'antd';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LogFilterArgs, LogOptions, LogRow } from '../../../shared/ipc/data.contract.js';
import { call, errorMessage, isCancelled, newJobKey } from '../delivery-log/call.js';
import { countText } from '../delivery-log/format.js';
import { JobProgressModal, type RunningJob } from '../delivery-log/JobProgress.js';
import { LogDetailDrawer } from '../delivery-log/LogDetailDrawer.js';
import { emptyDraft, filterOf, LogFilters, statesForStat, type FilterDraft } from '../delivery-log/LogFilters.js';
import { LogGrid, type LogGridHandle } from '../delivery-log/LogGrid.js';
import { useLogView } from '../delivery-log/useLogView.js';
import { useLocale, useT } from '../i18n/react.js';
import { desk } from '../ipc.js';

function useGridHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return Math.max(288, h - 400);
}

export function DeliveryLogScreen() {
  const t = useT();
  const locale = useLocale();
  const { notification } = AntApp.useApp();
  const [options, setOptions] = useState<LogOptions | null>(null);
  const [draft, setDraft] = useState<FilterDraft>(emptyDraft);
  const [filter, setFilter] = useState<LogFilterArgs>({});
  const [refreshKey, setRefreshKey] = useState(0);
  const { state, onRange, rowAt } = useLogView(t, filter, refreshKey);
  const grid = useRef<LogGridHandle>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [job, setJob] = useState<RunningJob | null>(null);
  const height = useGridHeight();

  // The campaign and account lists of the filter bar; the same object when nothing changed, so
  // the (memoised) filter bar does not re-render for nothing.
  const loadOptions = useCallback(() => {
    const keep = (next: LogOptions) => setOptions((prev) => (prev && JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    call(t, desk().log.options()).then(keep, () => keep({ campaigns: [], accounts: [] }));
  }, [t]);
  useEffect(loadOptions, []);

  const draftRef = useRef(draft);
  draftRef.current = draft;
  const search = useCallback(() => {
    // A Stat stands on messages of one state (a failing Stat only on failed ones): the state is
    // selected with it, visibly, so the search reads that state's index instead of every message.
    const d = draftRef.current;
    const next = d.stat.trim() !== '' && d.states.length === 0 ? { ...d, states: statesForStat(d.stat) } : d;
    if (next !== d) setDraft(next);
    const f = filterOf(next);
    if (f === null) return;
    setFilter(f);
    setRefreshKey((k) => k + 1);
  }, []);
  const reset = useCallback(() => {
    setDraft(emptyDraft);
    setFilter({});
    setRefreshKey((k) => k + 1);
  }, []);
  const refresh = useCallback(() => {
    setRefreshKey((k) => k + 1);
    loadOptions();
  }, [loadOptions]);

  const total = state.total ?? state.known;
  const totalRef = useRef(total);
  totalRef.current = total;
  const jump = useCallback((row: number) => {
    const n = totalRef.current;
    if (n > 0) grid.current?.scrollToIndex(Math.min(Math.max(row, 1), n) - 1);
  }, []);

  const exportRefused = filter.stat !== undefined || filter.msgId !== undefined || filter.directOnly !== undefined;
  const viewRef = useRef(state);
  viewRef.current = state;
  const exportLog = useCallback(async (format: 'csv' | 'xlsx') => {
    const state = viewRef.current;
    if (state.viewId === null) return;
    const key = newJobKey('log-export');
    const pending = desk().log.export({ viewId: state.viewId, format, lang: locale, jobKey: key });
    setJob({ key, title: t('deliveryLog.export.running', { format: format.toUpperCase() }), total: state.total });
    try {
      const done = await call(t, pending);
      if (done)
        notification.success({
          title: t('deliveryLog.export.done'),
          description: t('deliveryLog.export.doneDetail', { rows: countText(done.rows, locale), messages: countText(done.messages, locale), file: done.file }),
        });
    } catch (error) {
      if (isCancelled(error)) notification.info({ title: t('deliveryLog.export.cancelled') });
      else notification.error({ title: t('deliveryLog.export.failed'), description: errorMessage(error), duration: 0 });
    } finally {
      setJob(null);
    }
  }, [locale, notification, t]);

  const totalText = useMemo(() => {
    if (state.total === null) return state.loading ? t('deliveryLog.counting') : '';
    return t('deliveryLog.total', { count: countText(state.total, locale) });
  }, [state.total, state.loading, locale, t]);

  const openRow = useCallback((row: LogRow) => setDetailId(row.id), []);
  const closeDetail = useCallback(() => setDetailId(null), []);

  return (
    <section data-screen="deliveryLog">
      <Typography.Title level={3}>{t('screen.deliveryLog.title')}</Typography.Title>
      <LogFilters draft={draft} options={options} onChange={setDraft} onSearch={search} onReset={reset} />
      <LogToolbar
        viewId={state.viewId}
        totalText={totalText}
        changed={state.changed}
        total={total}
        exportRefused={exportRefused}
        canExport={state.viewId !== null && job === null}
        onRefresh={refresh}
        onJump={jump}
        onExport={exportLog}
      />
      {state.error && (
        <Alert
          type="error"
          showIcon
          closable
          title={state.error}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={refresh}>
              {t('deliveryLog.retry')}
            </Button>
          }
        />
      )}
      {!state.loading && total === 0 ? (
        <Empty description={Object.keys(filter).length === 0 ? t('deliveryLog.emptyAll') : t('deliveryLog.emptyFiltered')} style={{ marginTop: 48 }} />
      ) : (
        <LogGrid ref={grid} total={total} height={height} rowAt={rowAt} onRange={onRange} onOpen={openRow} version={state.version} />
      )}
      <LogDetailDrawer messageId={detailId} onClose={closeDetail} />
      <JobProgressModal job={job} />
    </section>
  );
}


interface ToolbarProps {
  viewId: number | null;
  totalText: string;
  changed: boolean;
  total: number;
  exportRefused: boolean;
  canExport: boolean;
  onRefresh(): void;
  onJump(row: number): void;
  onExport(format: 'csv' | 'xlsx'): void;
}

/** The count, refresh, jump and export: memoised, so rows arriving do not re-render it. */
const LogToolbar = memo(function LogToolbar({ viewId, totalText, changed, total, exportRefused, canExport, onRefresh, onJump, onExport }: ToolbarProps) {
  const t = useT();
  const [jumpTo, setJumpTo] = useState<number | null>(null);
  const jump = () => {
    if (jumpTo !== null) onJump(jumpTo);
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between', margin: '8px 0 12px' }}>
        <Space wrap>
          <Typography.Text strong data-testid="log-total" data-view-id={viewId ?? ''}>
            {totalText}
          </Typography.Text>
          <Tooltip title={t('deliveryLog.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('deliveryLog.refresh')} />
          </Tooltip>
          {changed && (
            <Button type="link" onClick={onRefresh} data-testid="log-changed">
              {t('deliveryLog.changed')}
            </Button>
          )}
        </Space>
        <Space wrap>
          <Space.Compact>
            <InputNumber<number>
              id="log-jump"
              min={1}
              max={Math.max(1, total)}
              precision={0}
              value={jumpTo}
              onChange={(v) => setJumpTo(v)}
              onPressEnter={jump}
              placeholder={t('deliveryLog.jumpPlaceholder')}
              style={{ width: 160 }}
              disabled={total === 0}
            />
            <Button onClick={jump} disabled={total === 0 || jumpTo === null} data-testid="log-jump-go">
              {t('deliveryLog.jump')}
            </Button>
          </Space.Compact>
          <Tooltip title={exportRefused ? t('deliveryLog.export.refused') : undefined}>
            <Space.Compact>
              <Button icon={<DownloadOutlined />} disabled={exportRefused || !canExport} onClick={() => onExport('csv')} data-testid="log-export-csv">
                {t('deliveryLog.export.csv')}
              </Button>
              <Button disabled={exportRefused || !canExport} onClick={() => onExport('xlsx')} data-testid="log-export-xlsx">
                {t('deliveryLog.export.xlsx')}
              </Button>
            </Space.Compact>
          </Tooltip>
        </Space>
      </div>
  );
});
