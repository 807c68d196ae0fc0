// Simplified Chinese texts of the live-operations screens (monitor, composer sending, campaigns, inbox).
export const liveZhCN = {};
