// The campaign states and what they mean, once, for the store, the services, the CLI and the UI.
// The store's CHECK on campaigns.state is frozen in a migration; test/store/migrations-frozen.test.ts
// fails when this list and the latest schema disagree.
// Browser-safe: no Node builtins, no packages.

export const CampaignStates = ['draft', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CampaignStates)[number];

/** Nothing more will be sent (completed may be reopened by the operator's resend of in-doubt messages). */
export function isCampaignFinished(state: CampaignState): boolean {
  return state === 'completed' || state === 'cancelled';
}

/** In progress: created and not finished, so the operator can still start, pause, resume or cancel it. */
export function isCampaignInProgress(state: CampaignState): boolean {
  return !isCampaignFinished(state);
}

/** Not sending: a draft or a finished campaign, which the operator may delete (a running or paused one is cancelled first). */
export function isCampaignDeletable(state: CampaignState): boolean {
  return state === 'draft' || isCampaignFinished(state);
}
