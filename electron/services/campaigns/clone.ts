// A campaign used again: a new draft with the same text (as it was sent: the snapshot, merge fields
// unrendered), fee settings, addressing, sending options and rules, to all of its recipients or only
// to those it did not reach. "Resend to the failed numbers" is the common case. The recipients
// come from the earlier campaign's messages, each with the text it was given (recipient-walk.ts
// walkEarlier), and go through today's sending rules (opt-out list, frequency cap) again; a copy
// none of whose recipients would be sent to is refused like any campaign (nothing-to-send.ts).
import { MessageStates, type MessageState } from '../../../shared/message-state.js';
import { CLONE_RECIPIENTS, type CloneRecipients } from '../../../shared/ipc/contract/campaigns.js';
import type { Campaign, CampaignCounts } from '../../store/campaigns.js';
import type { EngineCore } from '../engine.js';
import { CampaignInputError, isFutureCmppTime, type CampaignCreateInput, type CampaignCreateResult } from './campaign-input.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

/** What a copy reads and does of the campaigns (CampaignService is one). */
export interface CopyableCampaigns {
  get(id: number): Campaign;
  status(id: number): CampaignCounts;
  create(input: CampaignCreateInput): Promise<CampaignCreateResult>;
}

export { CLONE_RECIPIENTS, type CloneRecipients };

// not-delivered: failed, and unknown (no report within the report wait, or one saying so).
const STATES: Record<CloneRecipients, readonly MessageState[]> = {
  // Every recipient the campaign had, whatever became of its message.
  all: MessageStates,
  failed: ['failed'],
  'not-delivered': ['failed', 'unknown'],
};

export interface CloneRequest {
  id: number;
  only?: CloneRecipients;
  /** Default: the earlier name and what was copied. */
  name?: string;
}

export interface CloneResult extends CampaignCreateResult {
  /** The campaign copied. */
  sourceId: number;
  only: CloneRecipients;
}

export async function cloneCampaign(ws: Pick<EngineCore, 'store' | 'now' | 'actor'>, campaigns: CopyableCampaigns, req: CloneRequest): Promise<CloneResult> {
  const only = req.only ?? 'all';
  if (!(CLONE_RECIPIENTS as readonly string[]).includes(only)) throw CampaignInputError.because(`recipients to copy must be one of ${CLONE_RECIPIENTS.join(', ')}, got ${String(only)}`, detail('not-in-set', 'only', { allowed: CLONE_RECIPIENTS.join(' / '), value: shownValue(only) }));
  const c = campaigns.get(req.id);
  const states = STATES[only];
  const counts = campaigns.status(c.id);
  const count = states.reduce((n, s) => n + counts[s], 0);
  if (count === 0) {
    const what = only === 'all' ? 'no recipients' : only === 'failed' ? 'no failed messages' : 'no failed or undelivered (unknown) messages';
    throw CampaignInputError.because(`campaign ${c.id} has ${what}: there is nobody to send the copy to`, detail('nobody-to-copy', 'only', { id: c.id, only }));
  }
  const suffix = ` (copy of #${c.id}${only === 'all' ? '' : `, ${only}`})`;
  const name = req.name?.trim() || `${c.name.slice(0, 200 - suffix.length)}${suffix}`;
  const result = await campaigns.create({
    accountId: c.accountId,
    name,
    text: c.text,
    recipientsOf: { campaignId: c.id, states, count },
    serviceId: c.serviceId,
    feeType: c.feeType,
    feeCode: c.feeCode,
    feeUserType: c.feeUserType,
    feeTerminalId: c.feeTerminalId,
    srcIdExt: c.srcIdExt,
    registeredDelivery: c.registeredDelivery,
    validTime: c.validTime,
    // An At_Time that has passed would make the gateway deliver at once or refuse: the copy goes at once.
    ...(isFutureCmppTime(c.atTime, ws.now()) ? { atTime: c.atTime } : {}),
    commercial: c.commercial,
    createdBy: ws.actor,
  });
  ws.store.audit.append({
    actor: ws.actor,
    action: 'campaign.clone',
    accountId: c.accountId,
    campaignId: result.campaign.id,
    templateId: c.templateId,
    details: { sourceId: c.id, sourceName: c.name, only, recipients: result.messages, queued: result.queued, skipped: result.skipped },
    at: ws.now(),
  });
  return { ...result, sourceId: c.id, only };
}
