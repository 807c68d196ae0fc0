// Channel names of the inbox domain: contract/inbox.ts is keyed by the same names.
export const INBOX_INVOKE = ['inbox.threads', 'inbox.conversation', 'inbox.reply', 'inbox.markHandled', 'inbox.recentReports', 'inbox.optEvents', 'inbox.search', 'inbox.campaigns', 'inbox.quickReplies', 'inbox.addQuickReply', 'inbox.deleteQuickReply'] as const;
export const INBOX_EVENTS = ['live.reports', 'live.mos'] as const;
