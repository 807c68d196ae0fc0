// Channel names of the data screens (delivery log, contacts, accounts, settings).
export const DATA_INVOKE = [] as const;
export const DATA_EVENTS = [] as const;
