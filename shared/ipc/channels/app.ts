// Channel names of the app domain: contract/app.ts is keyed by the same names.
export const APP_INVOKE = ['app.info', 'app.ready', 'app.setLocale'] as const;
export const APP_EVENTS = ['app.notice'] as const;
