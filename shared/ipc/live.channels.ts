// Channel names of the live-operations screens (monitor, composer sending, campaigns, inbox, demo gateway).
export const LIVE_INVOKE = [] as const;
export const LIVE_EVENTS = [] as const;
