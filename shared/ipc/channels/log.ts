// Channel names of the log domain: contract/log.ts is keyed by the same names.
export const LOG_INVOKE = ['log.options', 'log.open', 'log.count', 'log.page', 'log.close', 'log.detail', 'log.export'] as const;
export const LOG_EVENTS = [] as const;
