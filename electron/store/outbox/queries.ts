// What the services ask of the outbox without changing it: a message's state, queue depths, who a
// segment belongs to, recent sends to a number (the frequency cap).
import type Database from 'better-sqlite3';
import { sqlState, stateFromColumn } from '../state-codes.js';
import type { MessageState } from '../../../shared/message-state.js';
import { notFound } from '../errors.js';
import { messageColumnsSql, numberColumnOf } from '../message-columns.js';

/** The message a segment belongs to (for the live feed). */
export interface SegmentOwner {
  messageId: number;
  campaignId: number | null;
  number: string;
  messageState: MessageState;
}

const M = messageColumnsSql('m');

export class OutboxQueries {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      messageState: db.prepare('SELECT state FROM messages WHERE id = ?'),
      queueDepth: db.prepare(`SELECT count(*) AS n FROM messages WHERE account_id = ? AND state = ${sqlState('queued')}`),
      hasQueuedCampaign: db.prepare(`SELECT 1 FROM messages WHERE campaign_id = ? AND state = ${sqlState('queued')} AND +account_id = ? LIMIT 1`).pluck(),
      hasQueuedDirect: db.prepare(`SELECT 1 FROM messages WHERE campaign_id IS NULL AND state = ${sqlState('queued')} AND +account_id = ? LIMIT 1`).pluck(),
      segmentOwner: db.prepare(`SELECT m.id AS messageId, m.campaign_id AS campaignId, ${M.number} AS number, m.state AS messageState
        FROM segments s JOIN messages m ON m.id = s.message_id WHERE s.id = ?`),
      recentTo: db.prepare(`SELECT count(*) FROM messages WHERE number = ${numberColumnOf('?')} AND created_at >= ?
        AND state <> ${sqlState('skipped')} AND state <> ${sqlState('cancelled')}`).pluck(),
    };
  }

  /** Throws unless the message exists; returns its stored state. */
  stateOf(messageId: number): MessageState {
    const r = this.s.messageState.get(messageId) as { state: number } | undefined;
    if (!r) throw notFound(`message ${messageId} does not exist`);
    return stateFromColumn(r.state);
  }

  /** Messages queued for the account (its queue depth, for the monitor). */
  queueDepth(accountId: number): number {
    return (this.s.queueDepth.get(accountId) as { n: number }).n;
  }

  /** Whether the campaign (null: the direct sends) has queued messages on the account. */
  hasQueued(accountId: number, campaignId: number | null): boolean {
    return (campaignId === null ? this.s.hasQueuedDirect.get(accountId) : this.s.hasQueuedCampaign.get(campaignId, accountId)) !== undefined;
  }

  /** The message a segment belongs to (for the live feed). */
  segmentOwner(segmentId: number): SegmentOwner | null {
    const r = this.s.segmentOwner.get(segmentId) as (Omit<SegmentOwner, 'messageState'> & { messageState: number }) | undefined;
    return r === undefined ? null : { ...r, messageState: stateFromColumn(r.messageState) };
  }

  /** Messages to the number created since `since` (not skipped or cancelled): the frequency cap. */
  recentTo(number: string, since: number): number {
    return this.s.recentTo.get(number, since) as number;
  }
}
