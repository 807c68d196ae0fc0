// Channel names of the inbox domain: contract/inbox.ts is keyed by the same names.
export const INBOX_INVOKE = ['inbox.threads', 'inbox.conversation', 'inbox.reply', 'inbox.markHandled', 'inbox.recentReports', 'inbox.optEvents'] as const;
export const INBOX_EVENTS = ['live.reports', 'live.mos'] as const;
