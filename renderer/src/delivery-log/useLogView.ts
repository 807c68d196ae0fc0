// The delivery log as the grid sees it: a view in main (log.open) for the current filter, its
// count, and the pages of rows around what is on screen. Main answers one call at a time, so pages
// are fetched one by one, nearest to the visible rows first: dragging the scrollbar across a
// million rows asks only for where it stops, never for every page it passed.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogFilterArgs, LogRow } from '../../../shared/ipc/data.contract.js';
import type { Translate } from '../i18n/index.js';
import { desk } from '../ipc.js';
import { call, DataCallError, errorMessage } from './call.js';

export const PAGE_SIZE = 100;
/** Pages kept in memory; the farthest from the view go first. */
const PAGES_KEPT = 60;

export interface LogViewState {
  viewId: number | null;
  /** Matching messages (null while counting). */
  total: number | null;
  /** Rows known to exist before the count arrives (the first page's length). */
  known: number;
  /** Something changed in main since the count (offer a refresh). */
  changed: boolean;
  loading: boolean;
  error: string | null;
  /** Bumped when rows arrive. */
  version: number;
}

export function useLogView(t: Translate, filter: LogFilterArgs | null, refreshKey: number) {
  const [state, setState] = useState<LogViewState>({ viewId: null, total: null, known: 0, changed: false, loading: true, error: null, version: 0 });
  const pages = useRef(new Map<number, LogRow[]>());
  const range = useRef<[number, number]>([0, 0]);
  const inFlight = useRef(false);
  const current = useRef<{ viewId: number | null; generation: number }>({ viewId: null, generation: 0 });
  const tRef = useRef(t);
  tRef.current = t;

  const pump = useCallback(async () => {
    if (inFlight.current) return;
    const { viewId, generation } = current.current;
    if (viewId === null) return;
    const [first, last] = range.current;
    const wanted: number[] = [];
    const firstPage = Math.floor(first / PAGE_SIZE);
    const lastPage = Math.floor(last / PAGE_SIZE);
    for (let p = firstPage; p <= lastPage; p++) if (!pages.current.has(p)) wanted.push(p);
    // One page ahead and behind, once the visible ones are there.
    if (wanted.length === 0) for (const p of [lastPage + 1, firstPage - 1]) if (p >= 0 && !pages.current.has(p)) wanted.push(p);
    const page = wanted[0];
    if (page === undefined) return;
    inFlight.current = true;
    try {
      const result = await call(tRef.current, desk().log.page({ viewId, offset: page * PAGE_SIZE, limit: PAGE_SIZE }));
      if (current.current.generation !== generation) return;
      pages.current.set(page, result.rows);
      if (pages.current.size > PAGES_KEPT) {
        const centre = Math.floor((range.current[0] + range.current[1]) / 2 / PAGE_SIZE);
        const far = [...pages.current.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
        for (const p of far.slice(0, pages.current.size - PAGES_KEPT)) pages.current.delete(p);
      }
      setState((s) => ({
        ...s,
        viewId,
        total: result.total ?? s.total,
        known: Math.max(s.known, page * PAGE_SIZE + result.rows.length),
        changed: result.changed,
        version: s.version + 1,
      }));
    } catch (error) {
      if (current.current.generation !== generation) return;
      setState((s) => ({ ...s, error: errorMessage(error) }));
      // A view main has forgotten (many views opened since): reopen through a refresh.
      if (error instanceof DataCallError && error.code === 'view-expired') current.current.viewId = null;
      return;
    } finally {
      inFlight.current = false;
    }
    void pumpRef.current();
  }, []);
  const pumpRef = useRef(pump);
  pumpRef.current = pump;

  // A new filter (or a refresh): a new view with its first page in one call, then its count.
  // A layout effect: the call leaves before the browser paints the frame that asked for it.
  useLayoutEffect(() => {
    if (filter === null) return;
    const generation = current.current.generation + 1;
    const previous = current.current.viewId;
    current.current = { viewId: null, generation };
    pages.current.clear();
    range.current = [0, PAGE_SIZE - 1];
    // (The first view starts from this very state: no extra render on mount.)
    setState((s) =>
      s.viewId === null && s.total === null && s.known === 0 && s.loading && s.error === null
        ? s
        : { viewId: null, total: null, known: 0, changed: false, loading: true, error: null, version: s.version + 1 },
    );
    void (async () => {
      try {
        const opened = await call(t, desk().log.open({ filter, firstPage: PAGE_SIZE, ...(previous === null ? {} : { replaces: previous }) }));
        const { viewId, page } = opened;
        if (current.current.generation !== generation) {
          void desk().log.close({ viewId });
          return;
        }
        current.current.viewId = viewId;
        const counted = call(t, desk().log.count({ viewId }));
        if (page) {
          pages.current.set(0, page.rows);
          setState((s) => ({ ...s, viewId, total: page.total ?? s.total, known: page.rows.length, changed: page.changed, version: s.version + 1 }));
        }
        const { total } = await counted;
        if (current.current.generation !== generation) return;
        setState((s) => ({ ...s, viewId, total, loading: false }));
      } catch (error) {
        if (current.current.generation !== generation) return;
        setState((s) => ({ ...s, loading: false, error: errorMessage(error) }));
      }
    })();
    // `t` changes with the language; the view must not be reopened for that.
  }, [filter, refreshKey]);

  useEffect(
    () => () => {
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

  const rowAt = useCallback((index: number): LogRow | undefined => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);

  return { state, onRange, rowAt };
}
