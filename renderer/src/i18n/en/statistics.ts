// English texts of the Statistics screen; the same keys as ../zh-CN/statistics.ts.
import type { statisticsZhCN } from '../zh-CN/statistics.js';

export const statisticsEn: Record<keyof typeof statisticsZhCN, string> = {
  // ---- reconciliation with the gateway ----
  'statistics.reconcile.title': 'Reconcile with the gateway',
};
