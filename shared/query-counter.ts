// The eight counters a CMPP_QUERY_RESP carries (docs/protocol.md "Gateway counters and reconciliation"),
// in wire order: the one list the codec's layout, the simulator's bookkeeping, the gateway-statistics
// service, the reconciliation and the UI all take their names from. Spec names, as the operator's
// gateway documentation spells them. Browser-safe: no Node builtins, no packages.

export const QUERY_COUNTERS = ['MT_TLMsg', 'MT_Tlusr', 'MT_Scs', 'MT_WT', 'MT_FL', 'MO_Scs', 'MO_WT', 'MO_FL'] as const;
export type QueryCounterName = (typeof QUERY_COUNTERS)[number];
export type QueryCounts = Record<QueryCounterName, number>;

export function isQueryCounterName(value: unknown): value is QueryCounterName {
  return typeof value === 'string' && (QUERY_COUNTERS as readonly string[]).includes(value);
}
