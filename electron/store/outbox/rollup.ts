// The outbox's rollup: a message's state follows from its segments' (shared/message-state.ts), so
// every segment change re-derives its message, and each campaign's per-state counters follow the
// message changes. Every other part of the outbox changes segments through this one: inside
// OutboxRollup.transaction, which writes each touched message and the counters once, at its end.
import type Database from 'better-sqlite3';
import { isFinalState, messageStateFromSegments, MessageStates, type MessageState, type StatOutcome } from '../../../shared/message-state.js';
import { reasons } from '../../../shared/reasons.js';
import type { FoldedFields } from '../folded-reports.js';
import { segmentStatSql, segmentStatToColumn } from '../segment-columns.js';
import { rawTimeToColumn } from '../report-columns.js';
import { writeTransaction } from '../transactions.js';
import { factsOf, messageFactColumns, StatisticsDeltas, type MessageFactRow } from '../statistics/deltas.js';
import { doneAfterOf, statToColumn, submittedAfterOf } from '../message-columns.js';
import { sqlStates, STATE_CODE, stateFromColumn, stateToColumn } from '../state-codes.js';

/** The report fields a segment takes (reports.ts records the report row itself). */
export interface AppliedReport {
  reportId: number;
  stat: string;
  outcome: StatOutcome;
  receivedAt: number;
  doneTime: string;
}

/** What recompute() reads of each segment. */
export interface SegmentRow {
  pk_number: number;
  pk_total: number;
  /** The stored state code (../state-codes.ts). */
  state: number;
  result: number | null;
  stat: string | null;
  reason: string | null;
  submit_at: number | null;
  /** JSON [state, campaign_id, result, stat, reason, submitted_after, account_id, created_at, segment_count, billed_count] of the message, as stored (messageBefore). */
  message_before?: string;
}
export const segmentRowColumns = `pk_number, pk_total, state, result, ${segmentStatSql('segments')} AS stat, reason, submit_at`;
/**
 * Returned beside a changed segment: its message as it is before recompute() (RETURNING sees the
 * message row untouched), so recompute() need not read it again.
 */
export const messageBefore = `(SELECT json_array(state, campaign_id, result, stat, reason, submitted_after, account_id, created_at, segment_count, billed_count) FROM messages m
  WHERE m.id = segments.message_id) AS message_before`;

type Deferred = Map<number, { now: number; changed: SegmentRow | undefined }>;

export class OutboxRollup {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.stats = new StatisticsDeltas(db);
    this.s = {
      // UNKNOWN never overrides a final outcome (the WHERE); every other final report does.
      segmentReport: db.prepare(`UPDATE segments SET state = ?, stat = ?, report_at = ?, done_time = ?, reason = ?
        WHERE id = ? AND (? <> 'unknown' OR state NOT IN (${sqlStates(['delivered', 'failed'])})) RETURNING message_id, ${segmentRowColumns}, ${messageBefore}`),
      // The same for a segment's first report, kept in the segment row (../folded-reports.ts): only
      // when the segment has no report yet (none here, none in status_reports) and the row can say
      // the report's connection (NULL there is the segment's own).
      segmentReportFolded: db.prepare(`UPDATE segments SET state = ?, stat = ?, report_at = ?, done_time = ?, reason = ?,
        report_deliver_msg_id = ?, report_submit_time = ?, report_smsc_sequence = ?, report_origin_id = ?, report_connection = nullif(?, connection),
        report_dest_terminal_id = ?
        WHERE id = ? AND report_deliver_msg_id IS NULL AND (? <> 'unknown' OR state NOT IN (${sqlStates(['delivered', 'failed'])}))
          AND (? IS NOT NULL OR connection IS NULL) AND NOT EXISTS (SELECT 1 FROM status_reports r WHERE r.segment_id = segments.id)
        RETURNING message_id, ${segmentRowColumns}, ${messageBefore}`),
      segmentReportStatOnly: db.prepare('UPDATE segments SET report_at = ?, done_time = ? WHERE id = ?'),
      // No ORDER BY on the hot per-row statements: with `col = ?` plus ORDER BY, this SQLite build
      // (STAT4) re-prepares the statement on every bind, 8-10 us each; rows are sorted in JS.
      // recompute() (every response and every report) reads these two, not one join of messages and
      // segments: measured, the join costs ~35-45 us a call against ~12 us for both together (it
      // appears to be re-planned on every bind, like the ORDER BY case above); it halved the bench.
      segmentStates: db.prepare(`SELECT ${segmentRowColumns} FROM segments WHERE message_id = ?`),
      messageNow: db.prepare(`SELECT ${messageFactColumns} FROM messages WHERE id = ?`),
      countAdd: db.prepare('UPDATE campaign_counts SET n = n + ? WHERE campaign_id = ? AND state = ?'),
      // Positional: binding by name costs a lookup per parameter on the hottest statement.
      // The state and Stat as stored (message-columns.ts); the times bound as they are, stored as delays.
      updateMessage: db.prepare(`UPDATE messages SET done_after = CASE WHEN ? = 0 THEN NULL WHEN state <> ? OR done_after IS NULL THEN ${doneAfterOf('?')}
        ELSE done_after END, state = ?, result = ?, stat = ?, reason = ?, submitted_after = ${submittedAfterOf('?')} WHERE id = ?`),
      recountSet: db.prepare(`UPDATE campaign_counts SET n = (SELECT count(*) FROM messages WHERE campaign_id = @id AND state = @code)
        WHERE campaign_id = @id AND state = @state`),
    };
  }

  /**
   * Applies `change` to each segment in one transaction and re-derives the messages it changed:
   * `change` returns the segment's message id when it changed the segment, undefined when not.
   * Returns how many messages changed.
   */
  changeSegments(segmentIds: readonly number[], now: number, change: (segmentId: number) => number | undefined): number {
    return this.transaction(() => {
      const touched = new Set<number>();
      for (const id of segmentIds) {
        const messageId = change(id);
        if (messageId !== undefined) touched.add(messageId);
      }
      for (const m of touched) this.recompute(m, now);
      return touched.size;
    });
  }

  /**
   * Applies a report (already stored and linked to the segment) to the segment, inside the
   * caller's transaction, and re-derives its message.
   * ACCEPTD changes nothing but the report times; UNKNOWN never overrides a delivered/failed
   * outcome; otherwise the latest final report wins (a late report updates an unknown segment).
   */
  applyReport(segmentId: number, r: AppliedReport, now: number): void {
    if (r.outcome === 'pending') {
      this.s.segmentReportStatOnly.run(r.receivedAt, rawTimeToColumn(r.doneTime), segmentId);
      return;
    }
    const reason = r.outcome === 'delivered' ? null : reasons.reportStat(r.stat);
    const hit = this.s.segmentReport.get(stateToColumn(r.outcome as MessageState), segmentStatToColumn(r.outcome as MessageState, r.stat), r.receivedAt, rawTimeToColumn(r.doneTime), reason, segmentId, r.outcome) as
      | (SegmentRow & { message_id: number })
      | undefined;
    if (hit) this.recompute(hit.message_id, now, hit);
  }

  /**
   * Applies a segment's first report with a final Stat and keeps it in the segment row
   * (../folded-reports.ts), inside the caller's transaction. False, and nothing changed, when the
   * segment cannot take it (it has a report already, or the UNKNOWN rule of applyReport refuses it):
   * the caller stores the report in status_reports and applies it as any other.
   */
  foldReport(segmentId: number, r: AppliedReport, f: FoldedFields, now: number): boolean {
    if (r.outcome === 'pending') return false;
    const reason = r.outcome === 'delivered' ? null : reasons.reportStat(r.stat);
    const hit = this.s.segmentReportFolded.get(stateToColumn(r.outcome), segmentStatToColumn(r.outcome, r.stat), r.receivedAt, rawTimeToColumn(r.doneTime), reason,
      f.deliverMsgId, f.submitTime, f.smscSequence, f.originId, f.connection, f.destTerminalId, segmentId, r.outcome, f.connection) as
      | (SegmentRow & { message_id: number })
      | undefined;
    if (hit) this.recompute(hit.message_id, now, hit);
    return hit !== undefined;
  }

  /**
   * Re-derives a message's state, result, Stat and reason from its segments (in a transaction).
   * `changed`: the segment row an UPDATE ... RETURNING just gave; when it is the message's only
   * segment (most SMS), it is all there is to read.
   */
  recompute(messageId: number, now: number, changed?: SegmentRow): void {
    // Inside a transaction: once per message, at its end (the latest change's row is kept; until
    // then no message row is written, so its message_before is still the message as it was).
    if (this.deferred !== null) {
      this.deferred.set(messageId, { now, changed });
      return;
    }
    this.rederive(messageId, now, changed);
  }

  private rederive(messageId: number, now: number, changed?: SegmentRow): void {
    const segs =
      changed !== undefined && changed.pk_total === 1
        ? [changed]
        : (this.s.segmentStates.all(messageId) as SegmentRow[]).sort((a, b) => a.pk_number - b.pk_number);
    const state = messageStateFromSegments(segs.map((s) => stateFromColumn(s.state)));
    if (state === null) return;
    const lead = segs.find((s) => s.state === stateToColumn(state))!;
    const lastStat = [...segs].reverse().find((s) => s.stat !== null)?.stat ?? null;
    const failedResult = segs.find((s) => s.result !== null && s.result !== 0 && s.result !== 8)?.result ?? null;
    let submittedAt: number | null = null;
    for (const s of segs) if (s.submit_at !== null && (submittedAt === null || s.submit_at < submittedAt)) submittedAt = s.submit_at;
    const next = {
      state,
      result: state === 'failed' ? lead.result : failedResult,
      stat: lead.stat ?? lastStat,
      reason: state === 'delivered' ? null : lead.reason,
      submittedAt,
    };
    let old: MessageFactRow;
    if (changed?.message_before !== undefined) {
      const [st, campaignId, result, stat, reason, submittedAfter, accountId, createdAt, segmentCount, billedCount] = JSON.parse(changed.message_before) as [
        number, number | null, number | null, string | null, string | null, number | null, number, number, number, number,
      ];
      old = { state: st, campaign_id: campaignId, result, stat, reason, submitted_after: submittedAfter, account_id: accountId, created_at: createdAt, segment_count: segmentCount, billed_count: billedCount };
    } else {
      old = this.s.messageNow.get(messageId) as MessageFactRow;
    }
    const before = factsOf(old);
    if (
      before.state === next.state &&
      before.result === next.result &&
      before.stat === next.stat &&
      before.reason === next.reason &&
      before.submittedAt === next.submittedAt
    ) {
      return;
    }
    const final = isFinalState(state) ? 1 : 0;
    const code = STATE_CODE[state];
    this.s.updateMessage.run(final, code, now, code, next.result, statToColumn(state, next.stat), next.reason, next.submittedAt, messageId);
    this.countMove(before.campaignId, before.state, state);
    this.stats.move(before, { ...before, state, result: next.result, stat: next.stat, reason: next.reason, submittedAt: next.submittedAt });
  }

  // ---- campaign counters -------------------------------------------------------------------------

  /**
   * Per-(campaign, state) count changes of the running transaction, written once at its end: a
   * trigger doing it per row cost 3 us per state change (a third of a message's state update).
   * Every statement of the outbox that changes messages.state calls countMove; recount() repairs.
   */
  private readonly deltas = new Map<string, { campaignId: number; state: MessageState; n: number }>();
  /** The same for statistics_daily (../statistics/deltas.ts): every message change is counted there too. */
  readonly stats: StatisticsDeltas;

  /** A message of the campaign (null: a direct send, not counted) moved between states; inside transaction(). */
  countMove(campaignId: number | null, from: MessageState, to: MessageState): void {
    if (campaignId === null || from === to) return;
    for (const [state, d] of [[from, -1], [to, 1]] as const) {
      const key = `${campaignId}:${state}`;
      const e = this.deltas.get(key);
      if (e) e.n += d;
      else this.deltas.set(key, { campaignId, state, n: d });
    }
  }

  /** Rebuilds a campaign's per-state counters from its messages (repair; counts every row). */
  recount(campaignId: number): void {
    this.transaction(() => {
      for (const state of MessageStates) {
        this.s.recountSet.run({ id: campaignId, state, code: STATE_CODE[state] });
      }
    });
  }

  /** transaction() calls running now (the outermost one writes the counters). */
  private depth = 0;
  /**
   * Messages to re-derive when the running transaction ends. A SUBMIT_RESP and its status report
   * recorded in one transaction (the usual case when reports come right behind responses) then
   * write the message once, submitting -> delivered, not twice: the intermediate state is never
   * visible to anyone, as it never committed.
   */
  private deferred: Deferred | null = null;

  /**
   * Runs fn in one transaction and writes its counter changes before it commits; on an error
   * nothing of it remains, counters included.
   * Nested in another Outbox transaction it simply joins it: no savepoint, so an error aborts the
   * whole enclosing transaction. Measured: a savepoint per nested call (the pump's flush wraps
   * recordResponses and friends) costs ~15% of the campaign path, as SQLite then journals every
   * page it first touches. No caller catches an outbox error inside its own transaction.
   * Nested in a transaction of someone else (Store.transaction), it is a savepoint as before.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    const outer = [...this.deltas.entries()];
    this.deltas.clear();
    const outerStats = this.stats.take();
    try {
      return writeTransaction(this.db, () => {
        this.depth++;
        const deferred: Deferred = new Map();
        this.deferred = deferred;
        try {
          const result = fn();
          this.deferred = null;
          for (const [messageId, d] of deferred) this.rederive(messageId, d.now, d.changed);
          for (const d of this.deltas.values()) if (d.n !== 0) this.s.countAdd.run(d.n, d.campaignId, d.state);
          this.stats.flush();
          return result;
        } finally {
          this.deferred = null;
          this.depth--;
        }
      });
    } finally {
      this.deltas.clear();
      for (const [k, v] of outer) this.deltas.set(k, v);
      this.stats.restore(outerStats);
    }
  }
}
