// Deleting a campaign that is not sending (a draft, or completed or cancelled). With its
// delivery-log rows kept, the campaign row stays as their owner, marked deleted: the rows keep its
// name, its text (a message without a text of its own shows the campaign's) and its counters.
// With them deleted, the messages go in chunks together with their segments and the status reports
// matched to those segments (left behind, a report would count as one that matched nothing), the
// trigger of migration 3 keeps the counters right meanwhile, and the campaign row goes last.
// Either way the statistics stay: operators bill by them (docs/glossary.md "Statistics").
import type Database from 'better-sqlite3';
import { conflict } from './errors.js';
import { StatisticsRecount } from './statistics/recount.js';
import { writeTransaction } from './transactions.js';
import { detail } from '../../shared/error-detail.js';

const NOT_SENDING = `state IN ('draft', 'completed', 'cancelled')`;

export class CampaignDeletion {
  private readonly s;
  private readonly statistics: StatisticsRecount;

  constructor(private readonly db: Database.Database) {
    this.statistics = new StatisticsRecount(db);
    this.s = {
      markDeleted: db.prepare(`UPDATE campaigns SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL AND ${NOT_SENDING}`),
      messageIds: db.prepare('SELECT id FROM messages WHERE campaign_id = ? LIMIT ?').pluck(),
      reports: db.prepare(`DELETE FROM status_reports WHERE segment_id IN (SELECT s.id FROM segments s WHERE s.message_id IN (SELECT value FROM json_each(?)))`),
      messages: db.prepare('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))'),
      remove: db.prepare(`DELETE FROM campaigns WHERE id = ? AND ${NOT_SENDING}`),
    };
  }

  /** Marks the campaign deleted, its log rows kept. Refuses one that is sending or already deleted. */
  markDeleted(id: number, now: number): void {
    if (this.s.markDeleted.run(now, now, id).changes === 0) throw conflict(`campaign ${id} is sending or already deleted; it cannot be deleted`, detail('campaign-sending', undefined, { id }));
  }

  /** Deletes up to `limit` messages of the campaign with their segments and matched reports; call until 0. */
  deleteLogChunk(campaignId: number, limit = 5000): number {
    return writeTransaction(this.db, () => {
      const ids = JSON.stringify(this.s.messageIds.all(campaignId, limit));
      this.s.reports.run(ids);
      this.statistics.beforeDelete(ids, true);
      return this.s.messages.run(ids).changes;
    });
  }

  /** Removes the campaign row once its messages are gone (their foreign key refuses it before). */
  remove(id: number): void {
    if (this.s.remove.run(id).changes === 0) throw conflict(`campaign ${id} is sending; it cannot be deleted`, detail('campaign-sending', undefined, { id }));
  }
}
