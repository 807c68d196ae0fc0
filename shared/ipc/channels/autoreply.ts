// Channel names of the auto-reply domain: contract/autoreply.ts is keyed by the same names.
export const AUTOREPLY_INVOKE = ['autoReply.get', 'autoReply.update', 'autoReply.addRule', 'autoReply.deleteRule'] as const;
export const AUTOREPLY_EVENTS = [] as const;
