// Handlers of the statistics domain (shared/ipc/contract/statistics.ts).
import type { STATISTICS_INVOKE } from '../../../shared/ipc/channels/statistics.js';
import { engineReconciliation } from '../../services/statistics/reconcile.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type StatisticsHandlers = Pick<HandlerTable, (typeof STATISTICS_INVOKE)[number]>;

export function statisticsHandlers(ctx: HandlerContext): StatisticsHandlers {
  return {
    // ---- reconciliation with the gateway: the live session's pool asks, so the desk's own
    // connection answers (no second login on the account) ----
    'statistics.reconcile': ({ accountId, date }) => {
      const w = ctx.liveWorkspace();
      ctx.account(w, accountId);
      return engineReconciliation(w).run(accountId, date);
    },
  };
}
