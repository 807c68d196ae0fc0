// The delivery-log explorer: filters, a filtered count, a windowed table over any
// number of messages (server-side paging by position: a jump to row 900,000 reads only what is
// shown), a detail drawer, and CSV / XLSX export with progress and cancel.
//
// Opening the screen is a race to the first rows: the view is asked for in the first commit,
// which holds only the heading, the count and the grid; the filter bar and the toolbar's controls
// mount once the rows have painted (useMountAfterRows), the detail drawer when a row is first
// opened, and the filter lists are asked for after the rows.
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Checkbox, Empty, InputNumber, Select, Space, Tooltip, Typography } from 'antd';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LogFilter, LogOptions, LogRow } from '../../../shared/ipc/contract/log.js';
import { EXPORT_FORMS, type ExportForm } from '../../../shared/export-form.js';
import { call, errorMessage, isCancelled, newJobKey } from '../call.js';
import { countText } from './format.js';
import { JobProgressModal, type RunningJob } from './JobProgress.js';
import { HeightSlot } from './HeightSlot.js';
import { LogDetailDrawer } from './LogDetailDrawer.js';
import { emptyDraft, filterOf, LogFilters, statesForStat, type FilterDraft } from './LogFilters.js';
import { ArchivesNote } from './ArchivesNote.js';
import { LogGrid, visibleRows, type LogGridHandle } from './LogGrid.js';
import { useLogView } from './useLogView.js';
import { useMountAfterRows } from './useMountAfterRows.js';
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
  const [filter, setFilter] = useState<LogFilter>({});
  const [refreshKey, setRefreshKey] = useState(0);
  const height = useGridHeight();
  const { state, onRange, rowAt } = useLogView(t, filter, refreshKey, visibleRows(height));
  const grid = useRef<LogGridHandle>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [job, setJob] = useState<RunningJob | null>(null);


  // The campaign and account lists of the filter bar; the same object when nothing changed, so
  // the (memoised) filter bar does not re-render for nothing. Asked for once the view's first
  // rows are in (on opening and after Refresh), so the call never delays them.
  const optionsWanted = useRef(true);
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    if (!optionsWanted.current || (state.viewId === null && state.error === null)) return;
    optionsWanted.current = false;
    const keep = (next: LogOptions) => setOptions((prev) => (prev && JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    call(tRef.current, desk().log.options()).then(keep, () => keep({ campaigns: [], accounts: [] }));
  }, [state.viewId, state.error]);
  const barsReady = useMountAfterRows(state.version > 0 || state.error !== null);

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
    optionsWanted.current = true;
    setRefreshKey((k) => k + 1);
  }, []);

  const total = state.total ?? state.known;
  const totalRef = useRef(total);
  totalRef.current = total;
  const jump = useCallback((row: number) => {
    const n = totalRef.current;
    if (n > 0) grid.current?.scrollToIndex(Math.min(Math.max(row, 1), n) - 1);
  }, []);

  const viewRef = useRef(state);
  viewRef.current = state;
  const exportLog = useCallback(async (format: 'csv' | 'xlsx', how: ExportHow) => {
    const state = viewRef.current;
    if (state.viewId === null) return;
    const key = newJobKey('log-export');
    const pending = desk().log.export({ viewId: state.viewId, format, lang: locale, form: how.form, protectLongNumbers: how.protectLongNumbers, jobKey: key });
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

  // The drawer mounts when first used, and stays (it animates its closing).
  const [drawerUsed, setDrawerUsed] = useState(false);
  const openRow = useCallback((row: LogRow) => {
    setDrawerUsed(true);
    setDetailId(row.id);
  }, []);
  const closeDetail = useCallback(() => setDetailId(null), []);

  return (
    <section data-screen="deliveryLog">
      <Typography.Title level={3}>{t('screen.deliveryLog.title')}</Typography.Title>
      <HeightSlot name="log-filters" ready={barsReady} initial={172}>
        <LogFilters draft={draft} options={options} onChange={setDraft} onSearch={search} onReset={reset} />
      </HeightSlot>
      <LogToolbar
        controls={barsReady}
        viewId={state.viewId}
        totalText={totalText}
        changed={state.changed}
        total={total}
        canExport={state.viewId !== null && job === null}
        onRefresh={refresh}
        onJump={jump}
        onExport={exportLog}
      />
      <ArchivesNote archives={state.archives} />
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
        <LogGrid
          ref={grid}
          total={state.total ?? Math.max(state.known, state.pending)}
          height={height}
          rowAt={rowAt}
          onRange={onRange}
          onOpen={openRow}
          version={state.version}
          scrollKey={refreshKey}
        />
      )}
      {drawerUsed && <LogDetailDrawer messageId={detailId} onClose={closeDetail} />}
      <JobProgressModal job={job} />
    </section>
  );
}

interface ToolbarProps {
  /** The refresh, jump and export controls (mounted after the first rows). */
  controls: boolean;
  viewId: number | null;
  totalText: string;
  changed: boolean;
  total: number;
  canExport: boolean;
  onRefresh(): void;
  onJump(row: number): void;
  onExport(format: 'csv' | 'xlsx', how: ExportHow): void;
}

/** How the file says things: words or codes, and (CSV) long digit strings protected for Excel. */
interface ExportHow {
  form: ExportForm;
  protectLongNumbers: boolean;
}

/** The count, refresh, jump and export: memoised, so rows arriving do not re-render it. */
const LogToolbar = memo(function LogToolbar({ controls, viewId, totalText, changed, total, canExport, onRefresh, onJump, onExport }: ToolbarProps) {
  const t = useT();
  const [jumpTo, setJumpTo] = useState<number | null>(null);
  const [form, setForm] = useState<ExportForm>('readable');
  const [protectLongNumbers, setProtect] = useState(false);
  const how: ExportHow = { form, protectLongNumbers };
  const jump = () => {
    if (jumpTo !== null) onJump(jumpTo);
  };
  // minHeight: the row keeps its height (that of the buttons) before the controls mount.
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between', margin: '8px 0 12px', minHeight: 32 }}>
      <Space wrap>
        <Typography.Text strong data-testid="log-total" data-view-id={viewId ?? ''}>
          {totalText}
        </Typography.Text>
        {controls && (
          <Tooltip title={t('deliveryLog.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('deliveryLog.refresh')} />
          </Tooltip>
        )}
        {controls && changed && (
          <Button type="link" onClick={onRefresh} data-testid="log-changed">
            {t('deliveryLog.changed')}
          </Button>
        )}
      </Space>
      {controls && (
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
          <Select<ExportForm>
            value={form}
            onChange={setForm}
            aria-label={t('deliveryLog.export.form')}
            data-testid="log-export-form"
            style={{ width: 150 }}
            options={EXPORT_FORMS.map((f) => ({ value: f, label: t(`deliveryLog.export.form.${f}`) }))}
          />
          <Tooltip title={t('deliveryLog.export.protectHint')}>
            <Checkbox checked={protectLongNumbers} onChange={(e) => setProtect(e.target.checked)} data-testid="log-export-excel">
              {t('deliveryLog.export.protect')}
            </Checkbox>
          </Tooltip>
          <Space.Compact>
            <Button icon={<DownloadOutlined />} disabled={!canExport} onClick={() => onExport('csv', how)} data-testid="log-export-csv">
              {t('deliveryLog.export.csv')}
            </Button>
            <Button disabled={!canExport} onClick={() => onExport('xlsx', how)} data-testid="log-export-xlsx">
              {t('deliveryLog.export.xlsx')}
            </Button>
          </Space.Compact>
        </Space>
      )}
    </div>
  );
});
