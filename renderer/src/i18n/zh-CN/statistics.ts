// Simplified Chinese texts of the Statistics screen; ../en/statistics.ts has exactly the same keys.
// Reconciliation's counter names, line states and causes are shared with the CLI
// (shared/i18n/zh-CN/reconcile.ts), which the catalogue includes whole.
export const statisticsZhCN = {
  // ---- reconciliation with the gateway ----
  'statistics.reconcile.title': '与网关对账',
} as const;
