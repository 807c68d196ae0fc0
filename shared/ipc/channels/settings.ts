// Channel names of the settings domain: contract/settings.ts is keyed by the same names.
export const SETTINGS_INVOKE = ['rules.get', 'rules.update', 'retention.get', 'retention.update'] as const;
export const SETTINGS_EVENTS = [] as const;
