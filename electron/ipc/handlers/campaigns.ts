// Handlers of campaigns (shared/ipc/contract/campaigns.ts): the list, a campaign's detail (outcomes
// by Stat, skips, in-doubt messages), start / pause / resume / cancel, the operator's decisions
// on in-doubt messages, and a campaign copied (clone) or deleted.
import type { CAMPAIGNS_INVOKE } from '../../../shared/ipc/channels/campaigns.js';
import type { CampaignDetail } from '../../../shared/ipc/contract/campaigns.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import { campaignOutcomes } from '../../services/statistics/campaign-breakdown.js';
import { liveFiguresOf } from '../../store/live-figures.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type CampaignsHandlers = Pick<HandlerTable, (typeof CAMPAIGNS_INVOKE)[number]>;

export function campaignsHandlers(ctx: HandlerContext): CampaignsHandlers {
  return {
    'campaigns.list': () => {
      const s = ctx.session();
      const w = ctx.liveWorkspace();
      return w.campaigns.list().map((c) => s.campaignRow(c, w));
    },
    'campaigns.detail': (id) => {
      const s = ctx.session();
      const w = ctx.liveWorkspace();
      let c;
      try {
        c = w.campaigns.get(id);
      } catch {
        throw new IpcFailure('not-found', `campaign ${id} does not exist`);
      }
      const row = s.campaignRow(c, w);
      const acc = w.store.accounts.get(c.accountId);
      // From the statistics, as the Statistics screen counts them (docs/glossary.md "Statistics").
      const figures = liveFiguresOf(w.db);
      const stats: CampaignDetail['stats'] = campaignOutcomes(w.store, id);
      const skipped = figures.skippedReasons(id);
      const inDoubt = figures.inDoubtMessages(id).map((m) => ({ messageId: m.id, number: m.number, charged: c.charged, createdAt: m.createdAt }));
      return {
        campaign: row,
        serviceId: c.serviceId || acc.serviceId,
        srcId: acc.srcId + c.srcIdExt,
        feeType: c.feeType,
        feeCode: c.feeCode,
        feeUserType: c.feeUserType,
        registeredDelivery: c.registeredDelivery,
        validTime: c.validTime,
        stats,
        skipped,
        inDoubt,
      };
    },
    'campaigns.start': async (id) => {
      const w = ctx.liveWorkspace();
      const r = await w.campaigns.start(id);
      return ctx.session().campaignRow(r.campaign, w);
    },
    'campaigns.pause': (id) => ctx.session().campaignRow(ctx.liveWorkspace().campaigns.pause(id)),
    'campaigns.resume': (id) => ctx.session().campaignRow(ctx.liveWorkspace().campaigns.resume(id)),
    'campaigns.cancel': async (id) => {
      const w = ctx.liveWorkspace();
      const r = await w.campaigns.cancel(id);
      return ctx.session().campaignRow(r.campaign, w);
    },
    'campaigns.resendInDoubt': ({ messageIds }) => {
      const n = ctx.liveWorkspace().campaigns.resendInDoubt(messageIds);
      return n;
    },
    'campaigns.dropInDoubt': ({ messageIds }) => ctx.liveWorkspace().campaigns.dropInDoubt(messageIds),
    'campaigns.clone': async ({ id, only, name }) => {
      const s = ctx.session();
      const w = ctx.liveWorkspace();
      const r = await w.campaigns.clone({ id, ...(only !== undefined ? { only } : {}), ...(name !== undefined ? { name } : {}) });
      s.touchCampaign(r.campaign.id);
      return { campaign: s.campaignRow(r.campaign, w), sourceId: r.sourceId, only: r.only, recipients: r.messages, queued: r.queued, skipped: r.skipped, skippedByReason: r.skippedByReason };
    },
    'campaigns.delete': async ({ id, log }) => {
      const r = await ctx.liveWorkspace().campaigns.delete(id, log);
      return { id, log: r.log, messages: r.messages };
    },
  };
}
