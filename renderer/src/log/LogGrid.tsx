// A windowed table for the delivery log: only the rows in view exist in the DOM, whatever the
// total (1,000,000 rows and more). antd's virtual Table keeps per-row state for its whole data
// source, which a million placeholder rows would make slow; this grid needs only the total and a
// lookup of the rows loaded so far. Cells are plain elements styled by log-grid.css (the state
// looks like antd's Tag without running its style hooks once per row), and nothing here reads
// layout back from the DOM while rendering: rows cost their DOM and nothing else.
//
// Browsers cap an element's height (Chromium near 33,554,432 px): past MAX_SCROLL_PX the scroll
// range is scaled, so the scrollbar maps proportionally onto the rows; the rows themselves keep
// their height. The visible rows sit in a sticky pane at the top of the scroll area.
import { forwardRef, memo, useCallback, useImperativeHandle, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { LogRow } from '../../../shared/ipc/contract/log.js';
import type { Translate } from '../i18n/index.js';
import { useLocale, useT } from '../i18n/react.js';
import { reasonText, STATE_COLORS } from './format.js';
import { dateTime } from '../monitor/format.js';
import './log-grid.css';

export const ROW_HEIGHT = 36;
const MAX_SCROLL_PX = 8_000_000;

/** Rows a grid of this height shows (a partly visible one at each edge included). */
export function visibleRows(height: number): number {
  return Math.ceil(height / ROW_HEIGHT) + 1;
}

export interface LogGridHandle {
  /** Scrolls so the row at 0-based `index` is the first one shown. */
  scrollToIndex(index: number): void;
}

interface Props {
  total: number;
  height: number;
  rowAt(index: number): LogRow | undefined;
  /** The rows in view changed (inclusive 0-based range). */
  onRange(first: number, last: number): void;
  onOpen(row: LogRow): void;
  /** Changes when rows arrive, to re-render the window. */
  version: number;
  /** Changes with each new view: the grid goes back to its first row. */
  scrollKey: number;
}

interface Column {
  key: string;
  title: string;
  /** px, or 0 for the flexible last column. */
  width: number;
  render(row: LogRow, t: Translate): ReactNode;
}

const COLUMNS: Column[] = [
  { key: 'index', title: '#', width: 84, render: () => null },
  { key: 'createdAt', title: 'deliveryLog.col.createdAt', width: 160, render: (r) => dateTime(r.createdAt) },
  { key: 'number', title: 'deliveryLog.col.number', width: 124, render: (r) => r.number },
  {
    key: 'state',
    title: 'deliveryLog.col.state',
    width: 104,
    render: (r, t) => <span className={`log-state log-state-${STATE_COLORS[r.rollup]}`}>{t(`deliveryLog.state.${r.rollup}`)}</span>,
  },
  { key: 'stat', title: 'Stat', width: 88, render: (r) => r.stat ?? (r.result !== null && r.result !== 0 ? `Result ${r.result}` : '—') },
  { key: 'campaign', title: 'deliveryLog.col.campaign', width: 150, render: (r, t) => (r.campaignId === null ? t('deliveryLog.direct') : (r.campaignName ?? `#${r.campaignId}`)) },
  { key: 'account', title: 'deliveryLog.col.account', width: 110, render: (r) => r.accountName },
  { key: 'segments', title: 'deliveryLog.col.segments', width: 64, render: (r) => `${r.segmentCount}/${r.billedCount}` },
  { key: 'doneAt', title: 'deliveryLog.col.doneAt', width: 160, render: (r) => dateTime(r.doneAt) },
  { key: 'reason', title: 'deliveryLog.col.reason', width: 0, render: (r, t) => reasonText(r, t) ?? '' },
];
const TEMPLATE = COLUMNS.map((c) => (c.width > 0 ? `${c.width}px` : 'minmax(160px, 1fr)')).join(' ');

/** Row numbers: one formatter per language (toLocaleString would build one per call). */
const numberFormats = new Map<string, Intl.NumberFormat>();
function rowNumber(index: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(index + 1);
}

/** One row; re-rendered only when its row, position or language changes. */
const GridRow = memo(function GridRow({ index, top, row, onOpen, locale, t }: { index: number; top: number; row: LogRow | undefined; onOpen(row: LogRow): void; locale: string; t: Translate }) {
  return (
    <div
      role="row"
      className={index % 2 === 1 ? 'log-grid-row odd' : 'log-grid-row'}
      aria-rowindex={index + 2}
      data-row-index={index}
      data-loaded={row ? 'true' : 'false'}
      data-message-id={row?.id}
      tabIndex={row ? 0 : -1}
      onClick={row ? () => onOpen(row) : undefined}
      onKeyDown={row ? (e) => e.key === 'Enter' && onOpen(row) : undefined}
      style={{ top, gridTemplateColumns: TEMPLATE }}
    >
      {COLUMNS.map((c) =>
        c.key === 'index' ? (
          <div key={c.key} role="cell" className="log-grid-cell log-grid-index">
            {rowNumber(index, locale)}
          </div>
        ) : (
          <div key={c.key} role="cell" data-col={c.key} className="log-grid-cell">
            {row ? c.render(row, t) : c.key === 'createdAt' ? <span className="log-grid-pending">{t('deliveryLog.loadingRow')}</span> : null}
          </div>
        ),
      )}
    </div>
  );
});

export const LogGrid = memo(
  forwardRef<LogGridHandle, Props>(function LogGrid({ total, height, rowAt, onRange, onOpen, version, scrollKey }, ref) {
    const t = useT();
    const locale = useLocale();
    const viewport = useRef<HTMLDivElement>(null);
    const [scrollTop, setScrollTop] = useState(0);

    const contentPx = total * ROW_HEIGHT;
    const scrollPx = Math.min(contentPx, MAX_SCROLL_PX);
    const maxScroll = Math.max(0, scrollPx - height);
    const maxContent = Math.max(0, contentPx - height);
    // The content offset (in px of rows) shown at this scroll position.
    const offsetPx = maxScroll === 0 ? 0 : (Math.min(scrollTop, maxScroll) / maxScroll) * maxContent;
    const first = Math.floor(offsetPx / ROW_HEIGHT);
    const last = Math.min(total - 1, first + visibleRows(height) - 1);

    useImperativeHandle(
      ref,
      () => ({
        scrollToIndex(index: number) {
          const el = viewport.current;
          if (!el) return;
          const target = Math.max(0, Math.min(index * ROW_HEIGHT, maxContent));
          const top = maxContent === 0 ? 0 : Math.round((target / maxContent) * maxScroll);
          el.scrollTop = top;
          setScrollTop(top);
        },
      }),
      [maxContent, maxScroll],
    );

    // A layout effect: the rows are asked for before the frame showing their placeholders paints.
    useLayoutEffect(() => {
      if (total > 0) onRange(first, last);
    }, [first, last, total, onRange]);

    // A new view (smaller total) must not leave the viewport past its end. Compared with the
    // scroll position in state, not read from the DOM: reading scrollTop here would force a
    // style and layout pass over the whole screen in the middle of the commit.
    useLayoutEffect(() => {
      if (scrollTop > maxScroll) {
        if (viewport.current) viewport.current.scrollTop = maxScroll;
        setScrollTop(maxScroll);
      }
      // Only when the range changes; scrolling itself never goes past it.
    }, [maxScroll]);

    // A new view starts at its first row (the DOM is written only when it is scrolled away).
    const shownKey = useRef(scrollKey);
    useLayoutEffect(() => {
      if (shownKey.current === scrollKey) return;
      shownKey.current = scrollKey;
      if (scrollTop !== 0) {
        if (viewport.current) viewport.current.scrollTop = 0;
        setScrollTop(0);
      }
      // Only on a new view.
    }, [scrollKey]);

    const onScroll = useCallback(() => {
      const el = viewport.current;
      if (el) setScrollTop(el.scrollTop);
    }, []);

    const rows: ReactNode[] = [];
    for (let i = first; i <= last && i < total; i++) {
      rows.push(<GridRow key={i} index={i} top={i * ROW_HEIGHT - offsetPx} row={rowAt(i)} onOpen={onOpen} locale={locale} t={t} />);
    }

    return (
      <div role="grid" aria-rowcount={total + 1} data-testid="log-grid" data-version={version} className="log-grid">
        <div role="row" className="log-grid-row log-grid-head" style={{ gridTemplateColumns: TEMPLATE }}>
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" className="log-grid-cell">
              {c.key === 'index' || c.key === 'stat' ? c.title : t(c.title as Parameters<Translate>[0])}
            </div>
          ))}
        </div>
        <div ref={viewport} data-testid="log-viewport" className="log-grid-viewport log-grid-body" onScroll={onScroll} style={{ height }}>
          <div className="log-grid-window" style={{ height }}>
            {rows}
          </div>
          <div style={{ height: Math.max(0, scrollPx - height) }} />
        </div>
      </div>
    );
  }),
);
