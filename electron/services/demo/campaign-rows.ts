// Campaign rows as the Campaigns screen shows them, and the coalescing of their live updates: a
// campaign changed by reports, progress or state is marked, and each flush sends its row once,
// only when the row differs from the last one sent (running campaigns are checked every flush).
import type { CampaignRow } from '../../../shared/ipc/contract/campaigns.js';
import type { Campaign } from '../../store/campaigns.js';
import type { WorkspaceStore } from '../engine.js';

/** What a row reads: the campaign's counts and its account's name. */
export type CampaignRowStore = Pick<WorkspaceStore, 'accounts' | 'campaigns'>;

export function campaignRowOf(store: CampaignRowStore, c: Campaign): CampaignRow {
  let accountName = `#${c.accountId}`;
  try {
    accountName = store.accounts.get(c.accountId).name;
  } catch {
    // account removed: keep the id
  }
  return {
    id: c.id,
    name: c.name,
    accountId: c.accountId,
    accountName,
    state: c.state,
    charged: c.charged,
    text: c.text,
    counts: store.campaigns.counts(c.id),
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    scheduleAt: c.scheduleAt,
    pauseReason: c.pauseReason,
  };
}

export class CampaignRowFeed {
  private readonly dirty = new Set<number>();
  private readonly lastRows = new Map<number, string>();

  mark(campaignId: number): void {
    this.dirty.add(campaignId);
  }

  /** The rows of marked and running campaigns that changed since they were last sent. */
  changed(store: CampaignRowStore): CampaignRow[] {
    for (const c of store.campaigns.list('running')) this.dirty.add(c.id);
    const ids = [...this.dirty];
    this.dirty.clear();
    const out: CampaignRow[] = [];
    for (const id of ids) {
      let row: CampaignRow;
      try {
        row = campaignRowOf(store, store.campaigns.get(id));
      } catch {
        continue; // removed (a discarded draft)
      }
      const key = JSON.stringify(row);
      if (this.lastRows.get(id) === key) continue;
      this.lastRows.set(id, key);
      out.push(row);
    }
    return out;
  }

  clear(): void {
    this.dirty.clear();
    this.lastRows.clear();
  }
}
