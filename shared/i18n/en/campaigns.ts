// English texts of campaigns that main writes as well as the UI shows; the same keys as ../zh-CN/campaigns.ts.
import type { campaignsZhCN } from '../zh-CN/campaigns.js';

export const campaignsEn: Record<keyof typeof campaignsZhCN, string> = {
  'live.campaignState.draft': 'Draft',
  'live.campaignState.running': 'Sending',
  'live.campaignState.paused': 'Paused',
  'live.campaignState.completed': 'Completed',
  'live.campaignState.cancelled': 'Cancelled',
  'reason.login-refused': 'account {account} cannot log in: the gateway refused the login with Status {status} ({meaning})',
  'reason.login-failed': 'account {account} cannot log in: {detail}',
};
