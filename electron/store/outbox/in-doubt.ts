// In-doubt resolution: messages that were on the wire when a connection died, with no answer, may
// have been delivered (docs/glossary.md "In doubt"). Free ones the pump resends by itself; charged
// ones wait for the operator, who resends them (possible duplicates) or gives up on them (unknown).
import type Database from 'better-sqlite3';
import { sqlState } from '../state-codes.js';
import { messageColumnsSql } from '../message-columns.js';
import { reasons } from '../../../shared/reasons.js';
import { isCharged } from '../validate.js';
import type { OutboxRollup } from './rollup.js';

export interface InDoubtMessage {
  messageId: number;
  campaignId: number | null;
  accountId: number;
  number: string;
  /** FeeCode > 0: the operator decides; free ones may be resent automatically. */
  charged: boolean;
  createdAt: number;
}

export class OutboxInDoubt {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly rollup: OutboxRollup,
  ) {
    this.s = {
      inDoubtList: db.prepare(`SELECT m.id AS messageId, m.campaign_id AS campaignId, m.account_id AS accountId,
        ${messageColumnsSql('m').number} AS number, m.created_at AS createdAt, coalesce(c.fee_code, a.fee_code) AS feeCode
        FROM messages m LEFT JOIN campaigns c ON c.id = m.campaign_id JOIN accounts a ON a.id = m.account_id
        WHERE m.state = ${sqlState('in_doubt')} ORDER BY m.created_at, m.id LIMIT ?`),
      freeInDoubt: db.prepare(`SELECT m.id FROM messages m LEFT JOIN campaigns c ON c.id = m.campaign_id
        JOIN accounts a ON a.id = m.account_id
        WHERE m.state = ${sqlState('in_doubt')} AND +m.account_id = ? AND coalesce(c.fee_code, a.fee_code) NOT GLOB '*[1-9]*'
          AND (m.campaign_id IS NULL OR c.state = 'running')
        ORDER BY m.created_at, m.id LIMIT ?`).pluck(),
      resendSegments: db.prepare(`UPDATE segments SET state = ${sqlState('queued')}, reason = NULL WHERE message_id = ? AND state = ${sqlState('in_doubt')}`),
      flagDuplicate: db.prepare('UPDATE messages SET possible_duplicate = 1 WHERE id = ?'),
      dropSegments: db.prepare(`UPDATE segments SET state = ${sqlState('unknown')}, reason = ? WHERE message_id = ? AND state = ${sqlState('in_doubt')}`),
    };
  }

  /** Messages waiting in doubt, oldest first, with whether they are charged. */
  inDoubt(limit = 1000): InDoubtMessage[] {
    return (this.s.inDoubtList.all(limit) as (Omit<InDoubtMessage, 'charged'> & { feeCode: string })[]).map(({ feeCode, ...m }) => ({
      ...m,
      charged: isCharged(feeCode),
    }));
  }

  /**
   * In-doubt messages of the account that are free (FeeCode 0) and belong to a running campaign or
   * are direct sends: the pump resends them automatically. Oldest first.
   */
  freeInDoubt(accountId: number, limit = 1000): number[] {
    return this.s.freeInDoubt.all(accountId, limit) as number[];
  }

  /**
   * Resends in-doubt messages (at-least-once): their in-doubt segments go back to the queue and the
   * message is flagged as a possible duplicate. Free messages automatically, charged ones only on
   * the operator's word (docs/glossary.md "In doubt"). Returns how many messages were requeued.
   */
  resendInDoubt(messageIds: readonly number[], now = Date.now()): number {
    return this.eachMessage(messageIds, now, (id) => {
      if (this.s.resendSegments.run(id).changes === 0) return false;
      this.s.flagDuplicate.run(id);
      return true;
    });
  }

  /** The operator gives up on in-doubt messages: their outcome stays unknown. */
  dropInDoubt(messageIds: readonly number[], now = Date.now()): number {
    return this.eachMessage(messageIds, now, (id) => this.s.dropSegments.run(reasons.droppedInDoubt(), id).changes > 0);
  }

  /** Runs `change` on each message in one transaction; counts and re-derives those it changed. */
  private eachMessage(messageIds: readonly number[], now: number, change: (messageId: number) => boolean): number {
    return this.rollup.transaction(() => {
      let n = 0;
      for (const id of messageIds) {
        if (!change(id)) continue;
        this.rollup.recompute(id, now);
        n++;
      }
      return n;
    });
  }
}
