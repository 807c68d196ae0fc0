// Channels of the live-operations screens: monitor, composer sending, campaigns, inbox, demo gateway.
// Keys must match LIVE_INVOKE / LIVE_EVENTS in live.channels.ts.
export const liveContract = {} as const;
