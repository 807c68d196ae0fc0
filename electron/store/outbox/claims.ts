// The send path's first half: the pump claims queued work in queue order, gives long messages their
// concatenation reference, and marks what it hands to the pool (markHandedOver) or is about to
// write itself (markSent) before anything reaches a socket. Outcomes: ./outcomes.ts.
import type Database from 'better-sqlite3';
import { conflict } from '../errors.js';
import { checkInt } from '../validate.js';
import { MESSAGE_COLUMNS } from '../message-columns.js';
import { sqlState } from '../state-codes.js';
import type { OutboxRollup } from './rollup.js';

export interface ClaimRequest {
  accountId: number;
  campaignId: number | null;
  /** At most this many messages (the pump claims no more than it can put on the wire now). */
  limit: number;
  /** Registered_Delivery != 0: a report will be waited for. */
  reportExpected: boolean;
  now?: number;
}

export interface ClaimedSegment {
  segmentId: number;
  pkNumber: number;
  pkTotal: number;
}

export interface ClaimedMessage {
  messageId: number;
  campaignId: number | null;
  number: string;
  /** null: the campaign's text. */
  text: string | null;
  srcId: string | null;
  serviceId: string | null;
  linkId: string | null;
  possibleDuplicate: boolean;
  /** The concatenation reference given to the message (long messages; null until assigned). */
  concatRef: number | null;
  /** Only the segments to send now (a re-claimed message resends only what is not done). */
  segments: ClaimedSegment[];
}

export interface SentPdu {
  /** Segments carried by this PDU, one per destination, in Dest_terminal_Id order. */
  segmentIds: number[];
  sequenceId: number;
  connection: string;
  at?: number;
}

interface QueuedRow {
  id: number;
  campaign_id: number | null;
  number: string;
  segment_count: number;
  billed_count: number;
  created_at: number;
  submitted_at: number | null;
  text: string | null;
  src_id: string | null;
  service_id: string | null;
  link_id: string | null;
  possible_duplicate: number;
  concat_ref: number | null;
  claimed: number;
}

export class OutboxClaims {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly rollup: OutboxRollup,
  ) {
    this.s = {
      // `claimed`: the message has segments already (Result 8 or an in-doubt resend put it back),
      // asked inside the one query rather than one statement per message.
      queuedOfCampaign: db.prepare(`SELECT id, campaign_id, ${MESSAGE_COLUMNS.number} AS number, segment_count, billed_count, created_at, ${MESSAGE_COLUMNS.submittedAt} AS submitted_at, text, src_id, service_id, link_id,
        possible_duplicate, concat_ref, EXISTS (SELECT 1 FROM segments s WHERE s.message_id = messages.id) AS claimed
        FROM messages WHERE campaign_id = ? AND state = ${sqlState('queued')} AND +account_id = ?
        ORDER BY created_at, id LIMIT ?`),
      queuedDirect: db.prepare(`SELECT id, campaign_id, ${MESSAGE_COLUMNS.number} AS number, segment_count, billed_count, created_at, ${MESSAGE_COLUMNS.submittedAt} AS submitted_at, text, src_id, service_id, link_id,
        possible_duplicate, concat_ref, EXISTS (SELECT 1 FROM segments s WHERE s.message_id = messages.id) AS claimed
        FROM messages WHERE campaign_id IS NULL AND state = ${sqlState('queued')} AND +account_id = ?
        ORDER BY created_at, id LIMIT ?`),
      reclaim: db.prepare(`UPDATE segments SET state = ${sqlState('submitting')}, report_expected = ?, reason = NULL
        WHERE message_id = ? AND state = ${sqlState('queued')} RETURNING id, pk_number, pk_total`),
      // Set-based: one statement per claim or hand-over batch, not one per message or segment.
      setSubmitting: db.prepare(`UPDATE messages SET state = ${sqlState('submitting')} WHERE id IN (SELECT value FROM json_each(?))`),
      insertSegment: db.prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state,
        report_expected) VALUES (?, ?, ?, ?, ${sqlState('submitting')}, ?)`),
      // The message's submitted_at is derived from its segments' submit_at by recompute().
      markSent: db.prepare(`UPDATE segments SET send_count = send_count + 1, sequence_id = ?, connection = ?,
        submit_at = coalesce(submit_at, ?) WHERE id = ? AND state = ${sqlState('submitting')}`),
      handedOver: db.prepare(`UPDATE segments SET send_count = send_count + 1, submit_at = coalesce(submit_at, ?)
        WHERE id IN (SELECT value FROM json_each(?)) AND state = ${sqlState('submitting')}`),
      notSubmitting: db.prepare(`SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM segments WHERE id = value AND state = ${sqlState('submitting')})`).pluck(),
      setConcatRef: db.prepare('UPDATE messages SET concat_ref = ? WHERE id = ? AND concat_ref IS NULL'),
      concatRefOf: db.prepare('SELECT concat_ref FROM messages WHERE id = ?').pluck(),
    };
  }

  /**
   * Claims up to `limit` queued messages of one campaign (or the direct sends) in queue order, and
   * returns their segments to send, created now (first claim) or re-claimed (after Result 8 or an
   * in-doubt resend). Everything claimed is `submitting` with send_count unchanged until markSent.
   */
  claim(req: ClaimRequest): ClaimedMessage[] {
    checkInt(req.limit, 'claim limit', 1, 100_000);
    const now = req.now ?? Date.now();
    const expected = req.reportExpected ? 1 : 0;
    return this.rollup.transaction(() => {
      const rows = (
        req.campaignId === null
          ? this.s.queuedDirect.all(req.accountId, req.limit)
          : this.s.queuedOfCampaign.all(req.campaignId, req.accountId, req.limit)
      ) as QueuedRow[];
      const out: ClaimedMessage[] = [];
      const fresh: number[] = [];
      for (const m of rows) {
        let segments: ClaimedSegment[] = [];
        if (m.claimed === 0) {
          // First claim: every segment is created on the wire's doorstep, so the message is submitting.
          for (let k = 1; k <= m.segment_count; k++) {
            const id = Number(this.s.insertSegment.run(m.id, req.accountId, k, m.segment_count, expected).lastInsertRowid);
            segments.push({ segmentId: id, pkNumber: k, pkTotal: m.segment_count });
          }
          fresh.push(m.id);
          this.rollup.countMove(m.campaign_id, 'queued', 'submitting');
          // Only the state changes (setSubmitting below): result, Stat and reason place neither state.
          const before = { accountId: req.accountId, campaignId: m.campaign_id, createdAt: m.created_at, submittedAt: m.submitted_at, result: null, stat: null, reason: null, segments: m.segment_count, billed: m.billed_count };
          this.rollup.stats.move({ ...before, state: 'queued' }, { ...before, state: 'submitting' });
        } else {
          segments = (this.s.reclaim.all(expected, m.id) as { id: number; pk_number: number; pk_total: number }[])
            .map((s) => ({ segmentId: s.id, pkNumber: s.pk_number, pkTotal: s.pk_total }))
            .sort((a, b) => a.pkNumber - b.pkNumber);
          this.rollup.recompute(m.id, now);
        }
        if (segments.length === 0) continue; // nothing left to send: the rollup settled it
        out.push({
          messageId: m.id,
          campaignId: m.campaign_id,
          number: m.number,
          text: m.text,
          srcId: m.src_id,
          serviceId: m.service_id,
          linkId: m.link_id,
          possibleDuplicate: m.possible_duplicate === 1,
          concatRef: m.concat_ref,
          segments,
        });
      }
      if (fresh.length > 0) this.s.setSubmitting.run(JSON.stringify(fresh));
      return out;
    });
  }

  /** Gives messages their concatenation reference (only those without one: a resend keeps it). */
  setConcatRef(messageIds: readonly number[], ref: number): void {
    checkInt(ref, 'concatenation reference', 0, 0xffff);
    this.rollup.transaction(() => {
      for (const id of messageIds) this.s.setConcatRef.run(ref, id);
    });
  }

  concatRefOf(messageId: number): number | null {
    return (this.s.concatRefOf.get(messageId) as number | null | undefined) ?? null;
  }

  /**
   * Records that PDUs are about to be written: commit this, then write. A crash after the commit
   * leaves the segments in_doubt (safe side); before it, they go back to the queue.
   */
  markSent(pdus: readonly SentPdu[]): void {
    this.rollup.transaction(() => {
      for (const p of pdus) {
        const at = p.at ?? Date.now();
        for (const id of p.segmentIds) {
          if (this.s.markSent.run(p.sequenceId, p.connection, at, id).changes === 0) {
            throw conflict(`segment ${id} is not being submitted; it cannot be marked sent`);
          }
        }
      }
    });
  }

  /**
   * The pump hands these segments to the account pool right after this commits: send_count + 1
   * and the first submit time. The pool writes the PDU later (rate, window), and says which
   * connection and Sequence_Id with the outcome (recordResponses). A crash after this commit leaves
   * them in_doubt (the safe side), before it they go back to the queue (docs/glossary.md "In doubt").
   */
  markHandedOver(segmentIds: readonly number[], now = Date.now()): void {
    if (segmentIds.length === 0) return;
    const ids = JSON.stringify(segmentIds);
    this.rollup.transaction(() => {
      if (this.s.handedOver.run(now, ids).changes === new Set(segmentIds).size) return;
      const bad = this.s.notSubmitting.all(ids) as number[];
      throw conflict(`segment ${bad[0] ?? segmentIds[0]} is not being submitted; it cannot be handed over`);
    });
  }
}
