// Status reports: every report received is kept (matched or not), then matched to its segment by
// (account, Msg_Id, destination) (docs/protocol.md "Msg_Id") and applied through the outbox's rollup.
// Commit a report before its DELIVER_RESP goes out; a resent DELIVER is recognised and not stored twice.
import type Database from 'better-sqlite3';
import { statOutcome, type StatOutcome } from '../../shared/message-state.js';
import { invalid } from './errors.js';
import { msgIdFromColumn, msgIdToColumn } from './msg-id-column.js';
import { numberKey } from './number-key.js';
import type { Outbox } from './outbox.js';
import { checkInt } from './validate.js';

export interface ReportInput {
  accountId: number;
  /** The DELIVER's own Msg_Id (not the submit's). */
  deliverMsgId: bigint;
  /** The Msg_Id inside the report = the SUBMIT_RESP Msg_Id. */
  msgId: bigint;
  /** Raw Stat, e.g. DELIVRD, UNDELIV, MK:0012. */
  stat: string;
  /** YYMMDDHHMM, raw. */
  submitTime: string;
  doneTime: string;
  /** Raw Dest_terminal_Id of the report (the submit's destination). */
  destTerminalId: string;
  smscSequence: number;
  /** The DELIVER's Dest_Id and Service_Id. */
  destId?: string;
  serviceId?: string;
  connection?: string | null;
  receivedAt?: number;
}

export interface RecordedReport {
  reportId: number;
  /** The same DELIVER was stored already (a resend after a lost DELIVER_RESP): nothing changed. */
  duplicate: boolean;
  segmentId: number | null;
  outcome: StatOutcome;
}

export interface StatusReport {
  id: number;
  accountId: number;
  receivedAt: number;
  deliverMsgId: bigint;
  msgId: bigint;
  stat: string;
  outcome: StatOutcome;
  submitTime: string;
  doneTime: string;
  destTerminalId: string;
  number: string;
  smscSequence: number;
  destId: string;
  serviceId: string;
  connection: string | null;
  segmentId: number | null;
  matchedAt: number | null;
}

export interface ReportsOptions {
  /**
   * How far back a resent DELIVER is looked for. A Msg_Id has no year (docs/protocol.md "Msg_Id"), so an identical
   * report a year later must not be taken for a resend. Default 7 days.
   */
  duplicateWindowMs?: number;
}

const columns = `id, account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time, done_time,
  dest_terminal_id, number, smsc_sequence, dest_id, service_id, connection, segment_id, matched_at`;

type Row = Record<string, bigint | string | null>;

const num = (v: unknown): number => Number(v as bigint);
const numOrNull = (v: unknown): number | null => (v === null ? null : Number(v as bigint));

function fromRow(r: Row): StatusReport {
  return {
    id: num(r.id),
    accountId: num(r.account_id),
    receivedAt: num(r.received_at),
    deliverMsgId: msgIdFromColumn(r.deliver_msg_id as bigint),
    msgId: msgIdFromColumn(r.msg_id as bigint),
    stat: r.stat as string,
    outcome: r.outcome as StatOutcome,
    submitTime: r.submit_time as string,
    doneTime: r.done_time as string,
    destTerminalId: r.dest_terminal_id as string,
    number: r.number as string,
    smscSequence: num(r.smsc_sequence),
    destId: r.dest_id as string,
    serviceId: r.service_id as string,
    connection: r.connection as string | null,
    segmentId: numOrNull(r.segment_id),
    matchedAt: numOrNull(r.matched_at),
  };
}

export class Reports {
  private readonly s;
  private readonly window: number;

  constructor(
    db: Database.Database,
    private readonly outbox: Outbox,
    options: ReportsOptions = {},
  ) {
    this.window = options.duplicateWindowMs ?? 7 * 86_400_000;
    this.s = {
      duplicate: db.prepare(`SELECT id, segment_id, outcome FROM status_reports WHERE account_id = ? AND deliver_msg_id = ?
        AND msg_id = ? AND number = ? AND stat = ? AND received_at >= ? LIMIT 1`),
      // Matched before the insert, so the row is written once with its segment (no index churn).
      insert: db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome,
        submit_time, done_time, dest_terminal_id, number, smsc_sequence, dest_id, service_id, connection, segment_id, matched_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      // Msg_Ids repeat yearly (no year in them): the newest segment is the one meant. Picked in JS:
      // ORDER BY/max() with bound keys re-prepares on every bind in this SQLite build (see outbox.ts).
      match: db.prepare(`SELECT id FROM segments WHERE account_id = ? AND msg_id = ? AND number = ?`).pluck(),
      matchPdu: db.prepare(`SELECT id FROM segments WHERE account_id = ? AND pdu_msg_id = ? AND number = ?
        AND pdu_msg_id <> msg_id`).pluck(),
      // INDEXED BY: the planner would take reports_by_segment for "IS NULL" and sort.
      unmatched: db.prepare(`SELECT ${columns} FROM status_reports INDEXED BY reports_unmatched_time
        WHERE segment_id IS NULL AND received_at <= ?
        ORDER BY received_at DESC LIMIT ?`).safeIntegers(true),
      forSegment: db.prepare(`SELECT ${columns} FROM status_reports WHERE segment_id = ? ORDER BY id`).safeIntegers(true),
      byId: db.prepare(`SELECT ${columns} FROM status_reports WHERE id = ?`).safeIntegers(true),
      recent: db.prepare(`SELECT ${columns} FROM status_reports WHERE id < ? ORDER BY id DESC LIMIT ?`).safeIntegers(true),
      byMsgId: db.prepare(`SELECT ${columns} FROM status_reports WHERE account_id = ? AND msg_id = ? ORDER BY id`).safeIntegers(true),
      unmatchedCount: db.prepare('SELECT count(*) AS n FROM status_reports WHERE segment_id IS NULL'),
    };
  }

  /** Stores one report and applies it; one transaction. */
  record(input: ReportInput): RecordedReport {
    return this.recordMany([input])[0]!;
  }

  /** Stores reports and applies them in one transaction (batch them per event-loop turn). */
  recordMany(inputs: readonly ReportInput[]): RecordedReport[] {
    return this.outbox.transaction(() => inputs.map((r) => this.recordOne(r)));
  }

  private recordOne(r: ReportInput): RecordedReport {
    checkInt(r.accountId, 'account id', 1, Number.MAX_SAFE_INTEGER);
    if (typeof r.stat !== 'string') throw invalid('Stat must be text');
    checkInt(r.smscSequence, 'SMSC_sequence', 0, 0xffffffff);
    const at = r.receivedAt ?? Date.now();
    const deliverMsgId = msgIdToColumn(r.deliverMsgId);
    const msgId = msgIdToColumn(r.msgId);
    const number = numberKey(r.destTerminalId);
    const outcome = statOutcome(r.stat);
    const dup = this.s.duplicate.get(r.accountId, deliverMsgId, msgId, number, r.stat, at - this.window) as
      | { id: number; segment_id: number | null; outcome: StatOutcome }
      | undefined;
    if (dup) return { reportId: dup.id, duplicate: true, segmentId: dup.segment_id, outcome: dup.outcome };
    let ids = this.s.match.all(r.accountId, msgId, number) as number[];
    if (ids.length === 0) ids = this.s.matchPdu.all(r.accountId, msgId, number) as number[];
    const segmentId = ids.length === 0 ? null : Math.max(...ids);
    const reportId = Number(
      this.s.insert.run(
        r.accountId,
        at,
        deliverMsgId,
        msgId,
        r.stat,
        outcome,
        r.submitTime,
        r.doneTime,
        r.destTerminalId,
        number,
        r.smscSequence,
        r.destId ?? '',
        r.serviceId ?? '',
        r.connection ?? null,
        segmentId,
        segmentId === null ? null : at,
      ).lastInsertRowid,
    );
    if (segmentId !== null) this.outbox.applyReport(segmentId, { reportId, stat: r.stat, outcome, receivedAt: at, doneTime: r.doneTime }, at);
    // Unmatched reports stay with segment_id NULL; outbox.recordResponses matches them when their
    // SUBMIT_RESP arrives (docs/protocol.md "Gateway quirks tolerated": reports before responses).
    return { reportId, duplicate: false, segmentId, outcome };
  }

  get(id: number): StatusReport | null {
    const r = this.s.byId.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** Reports matching no segment, newest first (shown to the operator, never dropped). */
  unmatched(limit = 100, receivedAtOrBefore = Number.MAX_SAFE_INTEGER): StatusReport[] {
    return (this.s.unmatched.all(receivedAtOrBefore, limit) as Row[]).map(fromRow);
  }

  unmatchedCount(): number {
    return (this.s.unmatchedCount.get() as { n: number }).n;
  }

  /** Every report received for a segment, in arrival order (the detail drawer). */
  forSegment(segmentId: number): StatusReport[] {
    return (this.s.forSegment.all(segmentId) as Row[]).map(fromRow);
  }

  /** Reports in arrival order, newest first; page with the last id seen. */
  recent(limit = 100, beforeId = Number.MAX_SAFE_INTEGER): StatusReport[] {
    return (this.s.recent.all(beforeId, limit) as Row[]).map(fromRow);
  }

  /** Reports of an account carrying this Msg_Id (search by Msg_Id). */
  byMsgId(accountId: number, msgId: bigint): StatusReport[] {
    return (this.s.byMsgId.all(accountId, msgIdToColumn(msgId)) as Row[]).map(fromRow);
  }
}
