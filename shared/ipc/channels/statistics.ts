// Channel names of the statistics domain: contract/statistics.ts is keyed by the same names.
export const STATISTICS_INVOKE = [
  // The aggregates and the Statistics screen's tables.
  'statistics.query',
  'statistics.export',
  // Reconciliation with the gateway (CMPP_QUERY).
  'statistics.reconcile',
] as const;
export const STATISTICS_EVENTS = [] as const;
