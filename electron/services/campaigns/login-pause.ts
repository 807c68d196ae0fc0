// A campaign whose account cannot log in is paused with the reason, not left "running" while
// nothing is sent: the gateway refused the login (CONNECT_RESP Status 2, 3 or 4) or the account
// failed for good (a wrong AuthenticatorISMG); reconnecting cannot help (docs/protocol.md "Timers
// and flow control"). The operator fixes the account and resumes it; the reason goes with the
// pause, so `campaign status`, `campaign list` and the Campaigns screen say why.
import type { CmppAccountPool } from '../../cmpp/session/client.js';
import { connectStatusText } from '../../cmpp/wire/result-codes.js';
import { reasons } from '../../../shared/reasons.js';
import type { Campaign } from '../../store/campaigns.js';
import type { Emits, EngineCore } from '../engine.js';

export interface LoginPauseHost extends EngineCore, Emits<'campaign', [Campaign]> {
  /** Puts the campaign's queued work back (the pump's lanes stop taking from it). */
  readonly pump: { campaignStopped(campaignId: number): void };
}

/** Subscribes to one account pool (for its lifetime): its failure pauses the account's running campaigns. */
export function pauseCampaignsWhenLoginFails(ws: LoginPauseHost, accountId: number, accountName: string, pool: CmppAccountPool): void {
  let refusedStatus: number | undefined;
  // The failed connection's state (with its CONNECT_RESP Status) comes just before the pool's.
  pool.on('state', (e) => {
    if (e.state === 'failed' && e.status !== undefined) refusedStatus = e.status;
  });
  pool.on('pool-state', (e) => {
    if (e.state !== 'failed') return;
    const reason =
      refusedStatus !== undefined
        ? reasons.loginRefused(accountName, refusedStatus, connectStatusText(refusedStatus))
        : reasons.loginFailed(accountName, e.reason ?? 'the account failed');
    try {
      pauseRunning(ws, accountId, reason);
    } catch (err) {
      ws.log({ level: 'error', code: 'campaign-pause', message: `campaigns of account ${accountName} could not be paused: ${(err as Error).message}`, accountId, params: { account: accountName } }, err);
    }
  });
}

function pauseRunning(ws: LoginPauseHost, accountId: number, reason: string): void {
  for (const c of ws.store.campaigns.list('running')) {
    if (c.accountId !== accountId) continue;
    const next = ws.store.campaigns.setState(c.id, 'paused', ws.now(), reason);
    ws.store.audit.append({ actor: ws.actor, action: 'campaign.pause', accountId, campaignId: c.id, templateId: c.templateId, details: { from: c.state, to: 'paused', reason } });
    ws.pump.campaignStopped(c.id);
    ws.emit('campaign', next);
  }
}
