// Deleting a campaign: a draft, or one that has finished (completed or cancelled). The operator
// chooses what becomes of its delivery-log rows: kept (still found in the delivery log under the
// campaign's name; a draft's unsent messages become cancelled first, so none waits for ever) or
// deleted with it (store/campaign-deletion.ts). A running or paused campaign is refused, and so is
// one with messages on the wire or in doubt: they are settled first. Audited either way.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Campaign, CampaignCounts } from '../../store/campaigns.js';
import { CampaignDeletion } from '../../store/campaign-deletion.js';
import type { LogRows } from '../../../shared/ipc/contract/campaigns.js';
import { CampaignInputError } from './campaign-input.js';
import { isCampaignDeletable } from '../../../shared/campaign-state.js';
import { isUnfinished } from './unfinished-drafts.js';
import type { EngineCore } from '../engine.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

/** What deleting reads and does of the campaigns (CampaignService is one). */
export interface DeletableCampaigns {
  get(id: number): Campaign;
  status(id: number): CampaignCounts;
  cancel(id: number): Promise<{ campaign: Campaign }>;
}

export type { LogRows };

export interface DeleteResult {
  campaign: Campaign;
  log: LogRows;
  /** Messages the campaign had (kept or deleted). */
  messages: number;
}

export async function deleteCampaign(ws: Pick<EngineCore, 'store' | 'now' | 'actor' | 'log'>, campaigns: DeletableCampaigns, id: number, log: LogRows): Promise<DeleteResult> {
  if (log !== 'keep' && log !== 'delete') throw CampaignInputError.because(`say whether the delivery-log rows are kept or deleted (keep or delete), got ${String(log)}`, detail('not-in-set', 'log', { allowed: 'keep / delete', value: shownValue(log) }));
  let c = campaigns.get(id);
  if (c.deletedAt !== null) throw CampaignInputError.because(`campaign ${id} has already been deleted`, detail('campaign-deleted', 'id', { id }), 'conflict');
  if (!isCampaignDeletable(c.state)) {
    throw CampaignInputError.because(`campaign ${id} is ${c.state}: only a draft or a finished campaign can be deleted; cancel it first (campaign cancel --id ${id})`, detail('campaign-not-deletable', 'id', { id, state: c.state }), 'conflict');
  }
  if (c.state === 'draft' && isUnfinished(ws, c)) throw CampaignInputError.because(`campaign ${id} is still being created; it cannot be deleted yet`, detail('campaign-creating', 'id', { id }), 'conflict');
  const counts = campaigns.status(id);
  if (counts.submitting > 0) throw CampaignInputError.because(`campaign ${id} has ${counts.submitting} messages on the wire; delete it once the gateway has answered them`, detail('campaign-on-wire', 'id', { id, count: counts.submitting }), 'conflict');
  if (counts.in_doubt > 0) {
    throw CampaignInputError.because(`campaign ${id} has ${counts.in_doubt} messages in doubt; resend or drop them first (campaign in-doubt / resend / drop)`, detail('campaign-in-doubt', 'id', { id, count: counts.in_doubt }), 'conflict');
  }
  const deletion = new CampaignDeletion(ws.store.db);
  if (log === 'keep') {
    // A draft's messages were never sent: cancelled, they end final instead of queued for ever.
    if (c.state === 'draft') c = (await campaigns.cancel(id)).campaign;
    deletion.markDeleted(id, ws.now());
  } else {
    while (deletion.deleteLogChunk(id) > 0) await yieldToEventLoop();
    deletion.remove(id);
  }
  ws.store.audit.append({
    actor: ws.actor,
    action: 'campaign.delete',
    accountId: c.accountId,
    campaignId: id,
    templateId: c.templateId,
    details: { name: c.name, state: c.state, log, messages: counts.total, counts },
    at: ws.now(),
  });
  return { campaign: c, log, messages: counts.total };
}
