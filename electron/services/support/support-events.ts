// What the workspace writes to the support log on its own: every connection's state changes with
// their reasons (login results included), the CMPP core's own warnings, account states, and
// campaign starts and ends. Other parts log their events where they happen (ws.log, supportLog).
import type { CmppAccountPool } from '../../cmpp/session/client.js';
import type { Campaign, CampaignState } from '../../store/campaigns.js';
import type { SupportLog } from './support-log.js';
import { isCampaignFinished } from '../../../shared/campaign-state.js';

/** Subscribes the support log to one account pool's events (for the pool's lifetime). */
export function logPoolEvents(log: SupportLog, accountId: number, pool: CmppAccountPool): void {
  pool.on('state', (e) => {
    const fields: Record<string, unknown> = { accountId, account: e.account, slot: e.slot, connectionId: e.connectionId };
    if (e.code !== undefined) fields.code = e.code;
    if (e.reason !== undefined) fields.reason = e.reason;
    if (e.status !== undefined) fields.status = e.status;
    if (e.retryInMs !== undefined) fields.retryInMs = e.retryInMs;
    switch (e.state) {
      case 'connecting':
      case 'logging-in':
      case 'idle':
        log.debug(`connection-${e.state}`, fields);
        return;
      case 'ready':
        log.info('login-ok', fields);
        return;
      case 'backing-off':
        // A refused CONNECT carries its Status; anything else is a lost or failed connection.
        log.warn(e.status !== undefined ? 'login-refused' : 'connection-lost', fields);
        return;
      case 'failed':
        log.error(e.status !== undefined ? 'login-refused' : 'connection-failed', fields);
        return;
      case 'stopped':
        log.info('connection-stopped', fields);
        return;
    }
  });
  pool.on('pool-state', (e) => {
    const fields: Record<string, unknown> = { accountId, account: e.account, state: e.state };
    if (e.reason !== undefined) fields.reason = e.reason;
    if (e.state === 'failed') log.error('account-state', fields);
    else log.info('account-state', fields);
  });
  pool.on('log', (e) => {
    const fields: Record<string, unknown> = { accountId, account: e.account };
    if (e.connectionId !== undefined) fields.connectionId = e.connectionId;
    fields.message = e.message;
    // A frame may hold message text: named so that it is written only at level debug.
    if (e.hex !== undefined) fields.frameContent = e.hex;
    log[e.level](`cmpp-${e.code}`, fields);
  });
}


/** Logs campaign starts, pauses, resumes and ends from the workspace's 'campaign' events. */
export function logCampaignChanges(ws: { supportLog: SupportLog; on(event: 'campaign', fn: (c: Campaign) => void): unknown }): void {
  const last = new Map<number, CampaignState>();
  ws.on('campaign', (c) => {
    const before = last.get(c.id);
    if (before === c.state) return;
    if (isCampaignFinished(c.state)) last.delete(c.id);
    else last.set(c.id, c.state);
    const fields = { campaignId: c.id, accountId: c.accountId, state: c.state, ...(before ? { before } : {}) };
    if (c.state === 'running') ws.supportLog.info(before === 'paused' ? 'campaign-resume' : 'campaign-start', fields);
    else if (c.state === 'paused') ws.supportLog.info('campaign-pause', fields);
    else if (isCampaignFinished(c.state)) ws.supportLog.info('campaign-end', fields);
  });
}
