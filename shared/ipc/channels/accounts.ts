// Channel names of the accounts domain: contract/accounts.ts is keyed by the same names.
export const ACCOUNTS_INVOKE = ['accounts.list', 'accounts.create', 'accounts.update', 'accounts.remove', 'accounts.test'] as const;
export const ACCOUNTS_EVENTS = [] as const;
