// Handlers of the monitor (shared/ipc/contract/monitor.ts): every account's link state, latest
// per-second counters and recent history, and connecting an account.
import type { MONITOR_INVOKE } from '../../../shared/ipc/channels/monitor.js';
import { accountFailure, type MonitorAccount } from '../../../shared/ipc/contract/monitor.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type MonitorHandlers = Pick<HandlerTable, (typeof MONITOR_INVOKE)[number]>;

/** Samples per account returned with a monitor snapshot (the chart shows the last 5 minutes). */
const SNAPSHOT_HISTORY = 300;

export function monitorHandlers(ctx: HandlerContext): MonitorHandlers {
  return {
    'monitor.snapshot': () => {
      const s = ctx.session();
      const w = ctx.liveWorkspace();
      const accounts: MonitorAccount[] = w.store.accounts.list().map((a) => {
        const pool = w.existingPool(a.id);
        const figures = s.accountFigures(a.id, w);
        return {
          id: a.id,
          name: a.name,
          host: a.host,
          port: a.port,
          version: a.version,
          spId: a.spId,
          rate: a.rate,
          connectionsConfigured: a.connections,
          window: a.window,
          linkState: pool ? pool.state : 'not-connected',
          failure: pool?.failureInfo ? accountFailure(pool.failureInfo) : null,
          latest: s.latestOf(a.id),
          queued: figures.queued,
          inDoubt: figures.inDoubt,
        };
      });
      const history = accounts.flatMap((a) => s.historyOf(a.id).slice(-SNAPSHOT_HISTORY));
      return { at: Date.now(), mode: s.mode, accounts, history };
    },
    'monitor.connect': async (id) => {
      const w = ctx.liveWorkspace();
      ctx.account(w, id);
      // A failed account (wrong secret, ...) is retried with a fresh engine: the pump keeps each
      // account's pool, so only a re-opened workspace picks up a new one (see live-session.ts).
      if (w.existingPool(id)?.state === 'failed') await ctx.session().reconnect();
      else w.pool(id);
      return null;
    },
  };
}

