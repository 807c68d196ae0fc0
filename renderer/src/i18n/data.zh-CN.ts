// Simplified Chinese texts of the data screens (delivery log, contacts, settings).
export const dataZhCN = {};
