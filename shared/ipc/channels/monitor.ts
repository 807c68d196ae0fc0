// Channel names of the monitor domain: contract/monitor.ts is keyed by the same names.
export const MONITOR_INVOKE = ['monitor.snapshot', 'monitor.connect'] as const;
export const MONITOR_EVENTS = ['live.counters', 'live.log'] as const;
