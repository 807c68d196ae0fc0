// Withdrawing a campaign's work on the operator's word: its queued messages cancelled in bounded
// steps, its submitted segments withdrawn by CMPP_CANCEL (scheduled At_Time sends), and the
// messages of a discarded draft deleted.
import type Database from 'better-sqlite3';
import { doneAfterOf, MESSAGE_COLUMNS } from '../message-columns.js';
import { sqlState } from '../state-codes.js';
import { reasons } from '../../../shared/reasons.js';
import { msgIdFromColumn } from '../msg-id-column.js';
import { checkInt } from '../validate.js';
import { StatisticsRecount } from '../statistics/recount.js';
import type { OutboxRollup } from './rollup.js';

/** A segment the gateway accepted and still holds (what a CMPP_CANCEL can withdraw). */
export interface SubmittedSegment {
  segmentId: number;
  pduMsgId: bigint;
  accountId: number;
  messageId: number;
  createdAt: number;
}

type CancelledRow = { id: number; campaign_id: number; account_id: number; created_at: number; submitted_at: number | null; segment_count: number; billed_count: number };

export class OutboxWithdrawal {
  private readonly s;
  private readonly statistics: StatisticsRecount;

  constructor(
    db: Database.Database,
    private readonly rollup: OutboxRollup,
  ) {
    this.statistics = new StatisticsRecount(db);
    this.s = {
      cancelQueuedMessages: db.prepare(`UPDATE messages SET state = ${sqlState('cancelled')}, reason = ?, done_after = ${doneAfterOf('?')}
        WHERE id IN (SELECT id FROM messages WHERE account_id = ? AND campaign_id = ? AND state = ${sqlState('queued')} ORDER BY id LIMIT ?)
        RETURNING id, campaign_id, account_id, created_at, ${MESSAGE_COLUMNS.submittedAt} AS submitted_at, segment_count, billed_count`),
      cancelQueuedSegments: db.prepare(`UPDATE segments SET state = ${sqlState('cancelled')}, reason = ? WHERE message_id = ? AND state = ${sqlState('queued')}`),
      // Keyset on (created_at, id): the order of messages_by_campaign, so no sort of the whole state.
      // pdu_msg_id is NULL where it equals the destination's msg_id.
      submittedOfCampaign: db.prepare(`SELECT s.id, coalesce(s.pdu_msg_id, s.msg_id) AS pdu_msg_id, s.account_id, m.id AS message_id,
        m.created_at FROM messages m JOIN segments s ON s.message_id = m.id
        WHERE m.campaign_id = @campaignId AND m.state = ${sqlState('submitted')} AND s.state = ${sqlState('submitted')} AND s.msg_id IS NOT NULL
          AND m.created_at >= @cAt AND (m.created_at > @cAt OR m.id > @cId)
        ORDER BY m.created_at, m.id LIMIT @limit`).safeIntegers(true),
      cancelSubmittedSegment: db.prepare(`UPDATE segments SET state = ${sqlState('cancelled')}, reason = ? WHERE id = ? AND state = ${sqlState('submitted')}
        RETURNING message_id`),
      messagesOf: db.prepare('SELECT id FROM messages WHERE campaign_id = ? LIMIT ?').pluck(),
      deleteMessages: db.prepare('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  /**
   * Cancels up to `limit` queued messages of a campaign (and their queued segments); call until it
   * returns 0, yielding between calls. Messages already on the wire are not touched.
   */
  cancelQueued(accountId: number, campaignId: number, limit = 5_000, now = Date.now()): number {
    checkInt(limit, 'cancel limit', 1, 1_000_000);
    return this.rollup.transaction(() => {
      const ids = this.s.cancelQueuedMessages.all(reasons.cancelledByOperator(), now, accountId, campaignId, limit) as CancelledRow[];
      for (const m of ids) {
        this.s.cancelQueuedSegments.run(reasons.cancelledByOperator(), m.id);
        this.rollup.countMove(m.campaign_id, 'queued', 'cancelled');
        // Neither state is counted by result, Stat or reason (shared/statistics.ts statisticsCode).
        const before = { accountId: m.account_id, campaignId: m.campaign_id, createdAt: m.created_at, submittedAt: m.submitted_at, result: null, stat: null, reason: null, segments: m.segment_count, billed: m.billed_count };
        this.rollup.stats.move({ ...before, state: 'queued' }, { ...before, state: 'cancelled' });
      }
      return ids.length;
    });
  }

  /**
   * Segments of the campaign accepted by the gateway and still waiting (messages `submitted`),
   * keyset-paged by message id: what a CMPP_CANCEL can still withdraw (scheduled At_Time sends).
   */
  submittedSegments(
    campaignId: number,
    after: { createdAt: number; messageId: number } = { createdAt: 0, messageId: 0 },
    limit = 1000,
  ): SubmittedSegment[] {
    const rows = this.s.submittedOfCampaign.all({ campaignId, cAt: after.createdAt, cId: after.messageId, limit }) as {
      id: bigint;
      pdu_msg_id: bigint;
      account_id: bigint;
      message_id: bigint;
      created_at: bigint;
    }[];
    return rows.map((r) => ({
      segmentId: Number(r.id),
      pduMsgId: msgIdFromColumn(r.pdu_msg_id),
      accountId: Number(r.account_id),
      messageId: Number(r.message_id),
      createdAt: Number(r.created_at),
    }));
  }

  /** Segments withdrawn by a successful CMPP_CANCEL. */
  cancelSubmitted(segmentIds: readonly number[], reason: string, now = Date.now()): number {
    return this.rollup.changeSegments(segmentIds, now, (id) => (this.s.cancelSubmittedSegment.get(reason, id) as { message_id: number } | undefined)?.message_id);
  }

  /**
   * Deletes up to `limit` messages of a campaign (their segments cascade); only for a draft being
   * discarded: never sent, so they leave the statistics too.
   */
  deleteMessagesOf(campaignId: number, limit = 5_000): number {
    return this.rollup.transaction(() => {
      const ids = JSON.stringify(this.s.messagesOf.all(campaignId, limit));
      this.statistics.beforeDelete(ids, false);
      return this.s.deleteMessages.run(ids).changes;
    });
  }
}
