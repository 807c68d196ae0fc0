// Channels of the data screens: delivery log, contacts, accounts, settings.
// Keys must match DATA_INVOKE / DATA_EVENTS in data.channels.ts.
export const dataContract = {} as const;
