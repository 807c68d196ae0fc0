// A campaign is created in steps: its row (a draft) together with the lease
// `campaign-create:<id>` in one transaction, then its messages in chunks of one transaction each,
// then the audit entry, then the lease is released. A creation that stops before the release (a
// full disk, a kill) leaves a draft holding only part of its recipients, still marked by its lease.
// Such a draft is never used: the campaign list leaves it out and start refuses it. At the next
// start of any command, one whose creator is gone (an expired lease, or a dead process on this
// host) is removed with its messages.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Campaign } from '../../store/campaigns.js';
import { holderIsDead } from '../sending/lease-holder.js';
import type { EngineCore } from '../engine.js';

/** What the drafts' bookkeeping needs of the engine. */
type DraftEngine = Pick<EngineCore, 'store' | 'now' | 'log'>;

/** Long enough for the largest enqueue; a dead creator on this host is recognised at once. */
const CREATE_TTL_MS = 3_600_000;
const holder = `${hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;

export const createLease = (campaignId: number) => `campaign-create:${campaignId}`;

/** The creator's claim on its draft until the creation finished (or was discarded). */
export function holdCreation(ws: DraftEngine, campaignId: number): void {
  ws.store.leases.acquire(createLease(campaignId), holder, CREATE_TTL_MS, ws.now());
}

export function endCreation(ws: DraftEngine, campaignId: number): void {
  try {
    ws.store.leases.release(createLease(campaignId), holder);
  } catch {
    // the lease expires by itself; the audit entry already says the campaign is complete
  }
}

/** A draft whose creation has not finished (yet, or ever). */
export function isUnfinished(ws: DraftEngine, c: Campaign): boolean {
  return c.state === 'draft' && ws.store.leases.get(createLease(c.id)) !== null;
}

/** Removes unfinished drafts whose creator is gone; returns how many. Throws on a store error. */
export async function removeUnfinishedDrafts(ws: DraftEngine): Promise<number> {
  let removed = 0;
  for (const c of ws.store.campaigns.list('draft')) {
    if (!isUnfinished(ws, c)) continue;
    const lease = ws.store.leases.get(createLease(c.id));
    if (!lease || (lease.expiresAt > ws.now() && !holderIsDead(lease.holder))) continue;
    while (ws.store.outbox.deleteMessagesOf(c.id, 5000) > 0) await yieldToEventLoop();
    ws.store.campaigns.removeDraft(c.id);
    ws.store.leases.release(createLease(c.id), lease.holder);
    ws.log({ level: 'warn', code: 'campaign-unfinished-removed', message: `removed campaign ${c.id} "${c.name}": its creation did not finish (only part of its recipients were saved)`, campaignId: c.id, params: { id: c.id, name: c.name } });
    removed++;
  }
  return removed;
}
