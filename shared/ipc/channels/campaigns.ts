// Channel names of the campaigns domain: contract/campaigns.ts is keyed by the same names.
export const CAMPAIGNS_INVOKE = ['campaigns.list', 'campaigns.detail', 'campaigns.start', 'campaigns.pause', 'campaigns.resume', 'campaigns.cancel', 'campaigns.resendInDoubt', 'campaigns.dropInDoubt', 'campaigns.clone', 'campaigns.delete'] as const;
export const CAMPAIGNS_EVENTS = ['live.campaign'] as const;
