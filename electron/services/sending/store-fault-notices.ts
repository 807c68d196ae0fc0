// The database's trouble as app notices (the window's banner): one when it becomes unwritable
// (locked by another program, a full disk) and one when it is writable again, which replaces it.
// The renderer keeps a store-* notice on screen until the next one, so a full disk stays visible
// for as long as sending is paused.
import type { Notice } from '../../../shared/ipc/contract/app.js';
import type { EngineCore, Listens } from '../engine.js';
import { describe, type StoreFault } from './store-faults.js';

/** What the notices need of the engine: the database's path, its current fault and the fault event. */
export type FaultSource = Pick<EngineCore, 'faults'> & { readonly dbPath: string } & Listens<'store-fault', [StoreFault | null]>;

export function storeFaultNotices(ws: FaultSource, emit: (n: Notice) => void): () => void {
  const on = (f: StoreFault | null) =>
    emit(
      f
        ? { level: f.kind === 'busy' ? 'warning' : 'error', code: `store-${f.kind}`, message: describe(f, ws.dbPath) }
        : { level: 'info', code: 'store-recovered', message: 'The database is writable again; sending goes on.' },
    );
  ws.on('store-fault', on);
  if (ws.faults.current) on(ws.faults.current);
  return () => ws.off('store-fault', on);
}
