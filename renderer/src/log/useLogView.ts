// The delivery log as the grid sees it: a view in main (log.open) for the current filter, its
// count, and the rows around what is on screen. Rows are fetched visible first, and only the ones
// missing: a view opens with exactly the rows the grid shows (a small message is a short trip
// through IPC), and a jump asks for the rows it lands on, not for the block around them; a block
// ahead and one behind follow once the view is counted and the window idle. One call at a time,
// nearest to the visible rows first: dragging the scrollbar across a million rows asks only for
// where it stops, never for every row it passed.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogArchives, LogFilter, LogRow } from '../../../shared/ipc/contract/log.js';
import type { Translate } from '../i18n/index.js';
import { desk } from '../ipc.js';
import { call, CallError, errorMessage } from '../call.js';

/** Rows read ahead of (and behind) the visible ones, per call. */
export const PREFETCH_ROWS = 100;
/** Rows kept in memory; the farthest from the view go first. */
const ROWS_KEPT = 6000;

export interface LogViewState {
  viewId: number | null;
  /** Matching messages (null while counting). */
  total: number | null;
  /** Rows known to exist before the count arrives (the first rows' length). */
  known: number;
  /**
   * Rows the grid shows as placeholders while a new view has none yet (as many as fit): the row
   * elements stay in place from one view to the next and only their text changes.
   */
  pending: number;
  /** Something changed in main since the count (offer a refresh). */
  changed: boolean;
  /** The archived months the view reaches (searched, missing, left out); null when none. */
  archives: LogArchives | null;
  loading: boolean;
  error: string | null;
  /** Bumped when rows arrive. */
  version: number;
}

/** The first missing row in [from, to] and the end of the missing run after it, or null. */
function missingRun(rows: Map<number, LogRow>, from: number, to: number): [number, number] | null {
  let i = Math.max(0, from);
  while (i <= to && rows.has(i)) i++;
  if (i > to) return null;
  let end = i;
  while (end < to && !rows.has(end + 1)) end++;
  return [i, end];
}

/**
 * @param firstRows rows requested with a new view: as many as the grid shows.
 */
export function useLogView(t: Translate, filter: LogFilter | null, refreshKey: number, firstRows: number) {
  const [state, setState] = useState<LogViewState>({ viewId: null, total: null, known: 0, pending: firstRows, changed: false, archives: null, loading: true, error: null, version: 0 });
  const rows = useRef(new Map<number, LogRow>());
  /** Visible rows (inclusive, 0-based). */
  const range = useRef<[number, number]>([0, 0]);
  /** Rows that exist: the count, or a bound learnt from a short answer; Infinity while unknown. */
  const end = useRef(Number.POSITIVE_INFINITY);
  const inFlight = useRef(false);
  /** A requestIdleCallback waiting to read ahead (0 when none). */
  const idle = useRef(0);
  /** `changed` as last rendered. */
  const changedShown = useRef(false);
  const current = useRef<{ viewId: number | null; generation: number }>({ viewId: null, generation: 0 });
  const tRef = useRef(t);
  tRef.current = t;
  const firstRowsRef = useRef(firstRows);
  firstRowsRef.current = firstRows;

  const pump = useCallback(async (fromIdle = false) => {
    if (inFlight.current) return;
    const { viewId, generation } = current.current;
    if (viewId === null) return;
    const [first, last] = range.current;
    const lastRow = end.current - 1;
    const have = rows.current;
    // The visible rows, then (once counted: the count goes first) a block ahead and one behind.
    const visible = missingRun(have, first, Math.min(last, lastRow));
    const counted = Number.isFinite(lastRow);
    const run =
      visible ??
      (counted ? (missingRun(have, last + 1, Math.min(last + PREFETCH_ROWS, lastRow)) ?? missingRun(have, first - PREFETCH_ROWS, first - 1)) : null);
    if (run === null) return;
    // Reading ahead waits until the window is idle: it never delays what is being shown (the
    // count, the filter bar mounting, a frame of scrolling).
    if (visible === null && !fromIdle) {
      if (idle.current === 0)
        idle.current = requestIdleCallback(
          () => {
            idle.current = 0;
            void pumpRef.current(true);
          },
          { timeout: 1000 },
        );
      return;
    }
    const [offset, to] = run;
    const limit = to - offset + 1;
    inFlight.current = true;
    // Then the next missing rows, unless this call failed (no retry loop on a failing view).
    let next = true;
    try {
      const result = await call(tRef.current, desk().log.page({ viewId, offset, limit }));
      if (current.current.generation !== generation) return;
      result.rows.forEach((row, i) => have.set(offset + i, row));
      // A short answer: the view ends there (never asked again past it).
      if (result.rows.length < limit) end.current = Math.min(end.current, offset + result.rows.length);
      if (have.size > ROWS_KEPT) {
        const centre = (range.current[0] + range.current[1]) / 2;
        for (const i of have.keys()) if (Math.abs(i - centre) > ROWS_KEPT / 2) have.delete(i);
      }
      if (result.total !== null) end.current = Math.min(end.current, result.total);
      // Rows read ahead render nothing until scrolled to (rowAt finds them then): no update, which
      // would also restart a render in progress (the filter bar's mount).
      const [shownFirst, shownLast] = range.current;
      const offScreen = visible === null && (offset > shownLast || to < shownFirst);
      if (!offScreen || result.changed !== changedShown.current) {
        changedShown.current = result.changed;
        setState((s) => ({
          ...s,
          viewId,
          total: result.total ?? s.total,
          known: Math.max(s.known, offset + result.rows.length),
          changed: result.changed,
          version: s.version + 1,
        }));
      }
    } catch (error) {
      if (current.current.generation !== generation) return;
      next = false;
      setState((s) => ({ ...s, error: errorMessage(error) }));
      // A view main has forgotten (many views opened since): reopen through a refresh.
      if (error instanceof CallError && error.code === 'view-expired') current.current.viewId = null;
    } finally {
      inFlight.current = false;
      // (Also after an answer for a replaced view: the rows the new one wants meanwhile.)
      if (next) void pumpRef.current();
    }
  }, []);
  const pumpRef = useRef(pump);
  pumpRef.current = pump;

  // A new filter (or a refresh): a new view with the rows on screen in one call, then its count
  // (asked as soon as the view exists, before those rows are rendered).
  // A layout effect: the call leaves before the browser paints the frame that asked for it.
  useLayoutEffect(() => {
    if (filter === null) return;
    const generation = current.current.generation + 1;
    const previous = current.current.viewId;
    current.current = { viewId: null, generation };
    rows.current.clear();
    end.current = Number.POSITIVE_INFINITY;
    range.current = [0, firstRowsRef.current - 1];
    // (The first view starts from this very state: no extra render on mount.)
    const pending = firstRowsRef.current;
    setState((s) =>
      s.viewId === null && s.total === null && s.known === 0 && s.pending === pending && s.loading && s.error === null && s.archives === null
        ? s
        : { viewId: null, total: null, known: 0, pending, changed: false, archives: null, loading: true, error: null, version: s.version + 1 },
    );
    void (async () => {
      try {
        const firstPage = firstRowsRef.current;
        const opened = await call(t, desk().log.open({ filter, firstPage, ...(previous === null ? {} : { replaces: previous }) }));
        const { viewId, page } = opened;
        if (current.current.generation !== generation) {
          void desk().log.close({ viewId });
          return;
        }
        current.current.viewId = viewId;
        const counted = call(t, desk().log.count({ viewId }));
        if (page) {
          changedShown.current = page.changed;
          page.rows.forEach((row, i) => rows.current.set(i, row));
          if (page.rows.length < firstPage) end.current = page.rows.length;
          const archives = page.archives ?? null;
          setState((s) => ({ ...s, viewId, total: page.total ?? s.total, known: page.rows.length, pending: 0, changed: page.changed, archives, version: s.version + 1 }));
        }
        const { total } = await counted;
        if (current.current.generation !== generation) return;
        end.current = Math.min(end.current, total);
        setState((s) => ({ ...s, viewId, total, pending: 0, loading: false }));
        // The rows ahead, now that the view's end is known.
        void pumpRef.current();
      } catch (error) {
        if (current.current.generation !== generation) return;
        setState((s) => ({ ...s, pending: 0, loading: false, error: errorMessage(error) }));
      }
    })();
    // `t` changes with the language; the view must not be reopened for that.
  }, [filter, refreshKey]);

  useEffect(
    () => () => {
      cancelIdleCallback(idle.current);
      const viewId = current.current.viewId;
      current.current = { viewId: null, generation: current.current.generation + 1 };
      if (viewId !== null) void desk().log.close({ viewId });
    },
    [],
  );

  const onRange = useCallback(
    (first: number, last: number) => {
      range.current = [first, last];
      void pump();
    },
    [pump],
  );

  const rowAt = useCallback((index: number): LogRow | undefined => rows.current.get(index), []);

  return { state, onRange, rowAt };
}
