// Channel names of the support domain: contract/support.ts is keyed by the same names.
export const SUPPORT_INVOKE = ['support.logInfo', 'support.setLogLevel', 'support.openLogs'] as const;
export const SUPPORT_EVENTS = [] as const;
