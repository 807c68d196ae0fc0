// The recipients of an earlier campaign, for a copy of it: each message's number and the text it
// was given when that differs from the campaign's (merge fields rendered), in pages through the
// (campaign_id, state, created_at) index, one state after another.
import type Database from 'better-sqlite3';
import { STATE_CODE } from './state-codes.js';
import { MESSAGE_COLUMNS } from './message-columns.js';
import type { MessageState } from '../../shared/message-state.js';

export interface EarlierRecipient {
  number: string;
  /** The text this recipient was given, when it differs from the campaign's (merge fields); else null. */
  text: string | null;
}

export class CampaignRecipients {
  private readonly page;

  constructor(db: Database.Database) {
    this.page = db.prepare(`SELECT id, ${MESSAGE_COLUMNS.number} AS number, text, created_at FROM messages
      WHERE campaign_id = ? AND state = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`);
  }

  /** Pages of up to `chunk` recipients of `campaignId` whose message is in one of `states`. */
  *pages(campaignId: number, states: readonly MessageState[], chunk = 5000): Generator<EarlierRecipient[]> {
    for (const state of states) {
      let after = { createdAt: -1, id: 0 };
      for (;;) {
        const rows = this.page.all(campaignId, STATE_CODE[state], after.createdAt, after.id, chunk) as { id: number; number: string; text: string | null; created_at: number }[];
        if (rows.length === 0) break;
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.created_at, id: last.id };
        yield rows.map((r) => ({ number: r.number, text: r.text }));
        if (rows.length < chunk) break;
      }
    }
  }
}
