// The support log's levels: one vocabulary for the log writer (electron/services/support), the IPC
// contract and the Settings screen. Most severe first; a level writes itself and everything above.
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
