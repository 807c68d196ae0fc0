// Status reports: every report received is kept (matched or not), then matched to its segment by
// (account, Msg_Id, destination) (docs/protocol.md "Msg_Id") and applied through the outbox's rollup.
// Commit a report before its DELIVER_RESP goes out; a resent DELIVER is recognised and not stored twice.
import type Database from 'better-sqlite3';
import { statOutcome, type StatOutcome } from '../../shared/message-state.js';
import { invalid } from './errors.js';
import { CLEAR_FOLDED, FOLDED_COLUMNS, FOLDED_FROM, foldedSubmitTime, unfoldSql } from './folded-reports.js';
import { segmentStatSql } from './segment-columns.js';
import { msgIdFromColumn, msgIdToColumn } from './msg-id-column.js';
import { numberKey } from './number-key.js';
import type { Outbox } from './outbox.js';
import { outcomeFromColumn, outcomeToColumn, rawTimeFromColumn, rawTimeToColumn, REPORT_COLUMNS, REPORT_FROM, REPORT_JOINS } from './report-columns.js';
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
    outcome: outcomeFromColumn(r.outcome as bigint),
    submitTime: rawTimeFromColumn(r.submit_time as bigint | string),
    doneTime: rawTimeFromColumn(r.done_time as bigint | string),
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
      // A resent DELIVER (same account, DELIVER Msg_Id, report Msg_Id, destination and Stat): a
      // report matched by its segment's Msg_Id keeps neither (msg_id and number NULL) and is found
      // among that segment's reports; every other keeps its Msg_Id and is found by it (a NULL number
      // there is its segment's message's).
      duplicateOfSegment: db.prepare(`SELECT id, segment_id, outcome FROM status_reports WHERE segment_id = ? AND msg_id IS NULL
        AND deliver_msg_id = ? AND stat = ? AND received_at >= ? LIMIT 1`),
      // The same among the report kept in the segment row (./folded-reports.ts).
      duplicateFolded: db.prepare(`SELECT -id AS id, id AS segment_id, state AS outcome FROM segments WHERE id = ? AND report_deliver_msg_id = ?
        AND ${segmentStatSql('segments')} = ? AND report_at >= ?`),
      duplicateByMsgId: db.prepare(`SELECT id, segment_id, outcome FROM status_reports WHERE account_id = ? AND msg_id = ?
        AND deliver_msg_id = ? AND stat = ? AND received_at >= ? AND coalesce(number,
          (SELECT CAST(m.number AS TEXT) FROM segments s JOIN messages m ON m.id = s.message_id WHERE s.id = status_reports.segment_id)) = ? LIMIT 1`),
      origin: db.prepare('SELECT id FROM report_origins WHERE dest_id = ? AND service_id = ?').pluck(),
      addOrigin: db.prepare('INSERT INTO report_origins (dest_id, service_id) VALUES (?, ?)'),
      // Matched before the insert, so the row is written once with its segment (no index churn).
      insert: db.prepare(`INSERT INTO status_reports (account_id, received_at, deliver_msg_id, msg_id, stat, outcome,
        submit_time, done_time, dest_terminal_id, number, smsc_sequence, origin_id, connection, segment_id, matched_after)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      // Msg_Ids repeat yearly (no year in them): the newest segment is the one meant. Picked in JS:
      // ORDER BY/max() with bound keys re-prepares on every bind in this SQLite build (see outbox.ts).
      // The destination is the message's number (segments do not repeat it).
      match: db.prepare(`SELECT id FROM segments WHERE account_id = ? AND msg_id = ?
        AND (SELECT CAST(m.number AS TEXT) FROM messages m WHERE m.id = segments.message_id) = ?`).pluck(),
      matchPdu: db.prepare(`SELECT id FROM segments WHERE account_id = ? AND pdu_msg_id = ?
        AND (SELECT CAST(m.number AS TEXT) FROM messages m WHERE m.id = segments.message_id) = ?`).pluck(),
      // INDEXED BY: the planner would take reports_by_segment for "IS NULL" and sort.
      // A segment's report kept in its row moves to status_reports before another is stored there.
      unfold: db.prepare(unfoldSql('s.id = ?')),
      clearFolded: db.prepare(`UPDATE segments SET ${CLEAR_FOLDED} WHERE id = ? AND report_deliver_msg_id IS NOT NULL`),
      unmatched: db.prepare(`SELECT ${REPORT_COLUMNS} FROM status_reports r INDEXED BY reports_unmatched_time ${REPORT_JOINS} WHERE r.segment_id IS NULL AND r.received_at <= ?
        ORDER BY r.received_at DESC LIMIT ?`).safeIntegers(true),
      // A folded report (id -segment_id) comes first: it is its segment's only report.
      forSegment: db.prepare(`SELECT ${FOLDED_COLUMNS} FROM ${FOLDED_FROM} WHERE s.id = @s AND s.report_deliver_msg_id IS NOT NULL
        UNION ALL SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.segment_id = @s ORDER BY id`).safeIntegers(true),
      byId: db.prepare(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.id = ?`).safeIntegers(true),
      foldedById: db.prepare(`SELECT ${FOLDED_COLUMNS} FROM ${FOLDED_FROM} WHERE s.id = ? AND s.report_deliver_msg_id IS NOT NULL`).safeIntegers(true),
      recent: db.prepare(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.id < ? ORDER BY r.id DESC LIMIT ?`).safeIntegers(true),
      // Folded reports are their segments' first, received soon after the segment was sent: the
      // newest are among the newest segments (the last 100,000 are looked at, in id order).
      recentFolded: db.prepare(`SELECT ${FOLDED_COLUMNS} FROM ${FOLDED_FROM} WHERE s.id > (SELECT coalesce(max(id), 0) FROM segments) - 100000
        AND s.report_deliver_msg_id IS NOT NULL ORDER BY s.id DESC LIMIT ?`).safeIntegers(true),
      // A report without its own Msg_Id has its segment's: found through the segments of that Msg_Id.
      byMsgId: db.prepare(`SELECT ${FOLDED_COLUMNS} FROM ${FOLDED_FROM} WHERE s.account_id = @a AND s.msg_id = @m AND s.report_deliver_msg_id IS NOT NULL
        UNION ALL SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.id IN (
          SELECT x.id FROM segments s JOIN status_reports x ON x.segment_id = s.id WHERE s.account_id = @a AND s.msg_id = @m AND x.msg_id IS NULL
          UNION ALL SELECT id FROM status_reports WHERE account_id = @a AND msg_id = @m) ORDER BY id`).safeIntegers(true),
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
    for (const [name, v] of [['Submit_time', r.submitTime], ['Done_time', r.doneTime], ['Dest_terminal_Id', r.destTerminalId]] as const) {
      if (typeof v !== 'string') throw invalid(`${name} must be text`);
    }
    const at = r.receivedAt ?? Date.now();
    const deliverMsgId = msgIdToColumn(r.deliverMsgId);
    const msgId = msgIdToColumn(r.msgId);
    const number = numberKey(r.destTerminalId);
    const outcome = statOutcome(r.stat);
    const direct = this.s.match.all(r.accountId, msgId, number) as number[];
    const since = at - this.window;
    type Dup = { id: number; segment_id: number | null; outcome: number };
    let dup: Dup | undefined;
    for (const id of direct) {
      dup ??= (this.s.duplicateFolded.get(id, deliverMsgId, r.stat, since) ?? this.s.duplicateOfSegment.get(id, deliverMsgId, r.stat, since)) as Dup | undefined;
    }
    dup ??= this.s.duplicateByMsgId.get(r.accountId, msgId, deliverMsgId, r.stat, since, number) as Dup | undefined;
    if (dup) return { reportId: dup.id, duplicate: true, segmentId: dup.segment_id, outcome: outcomeFromColumn(dup.outcome) };
    const ids = direct.length > 0 ? direct : (this.s.matchPdu.all(r.accountId, msgId, number) as number[]);
    const segmentId = ids.length === 0 ? null : Math.max(...ids);
    const originId = this.originId(r.destId ?? '', r.serviceId ?? '');
    const applied = { stat: r.stat, outcome, receivedAt: at, doneTime: r.doneTime };
    if (segmentId !== null && direct.length > 0) {
      // Matched on arrival by the segment's own Msg_Id and destination: its first final report is kept in its row.
      const fold = {
        deliverMsgId,
        submitTime: foldedSubmitTime(r.submitTime, r.doneTime),
        smscSequence: r.smscSequence,
        originId,
        connection: r.connection ?? null,
        destTerminalId: r.destTerminalId === number ? null : r.destTerminalId,
      };
      if (this.outbox.foldReport(segmentId, { reportId: -segmentId, ...applied }, fold, at)) return { reportId: -segmentId, duplicate: false, segmentId, outcome };
    }
    // A segment keeps a report in its row only while it has no other: that one moves to status_reports first.
    if (segmentId !== null && this.s.unfold.run(segmentId).changes > 0) this.s.clearFolded.run(segmentId);
    const reportId = Number(
      this.s.insert.run(
        r.accountId,
        at,
        deliverMsgId,
        // Matched by the segment's Msg_Id: both it and the number are the segment's.
        direct.length > 0 ? null : msgId,
        r.stat,
        outcomeToColumn(outcome),
        rawTimeToColumn(r.submitTime),
        rawTimeToColumn(r.doneTime),
        r.destTerminalId === number ? null : r.destTerminalId,
        segmentId === null ? number : null,
        r.smscSequence,
        originId,
        r.connection ?? null,
        segmentId,
        segmentId === null ? null : 0,
      ).lastInsertRowid,
    );
    if (segmentId !== null) this.outbox.applyReport(segmentId, { reportId, ...applied }, at);
    // Unmatched reports stay with segment_id NULL; outbox.recordResponses matches them when their
    // SUBMIT_RESP arrives (docs/protocol.md "Gateway quirks tolerated": reports before responses).
    return { reportId, duplicate: false, segmentId, outcome };
  }

  /**
   * The report_origins row of a Dest_Id and Service_Id, added at its first report. Not cached: an id
   * added in a transaction that rolls back would outlive it in a cache (an index lookup is cheap).
   */
  private originId(destId: string, serviceId: string): number {
    const id = this.s.origin.get(destId, serviceId) as number | undefined;
    return id ?? Number(this.s.addOrigin.run(destId, serviceId).lastInsertRowid);
  }

  /** A report by id; a negative id is the report kept in segment -id's row (./folded-reports.ts). */
  get(id: number): StatusReport | null {
    const r = (id < 0 ? this.s.foldedById.get(-id) : this.s.byId.get(id)) as Row | undefined;
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
    return (this.s.forSegment.all({ s: segmentId }) as Row[]).map(fromRow);
  }

  /**
   * The newest reports, newest first: those of status_reports in arrival (id) order, and the
   * newest segments' folded reports, merged by receipt time; page with the last status_reports id
   * seen (folded reports are on the first page only).
   */
  recent(limit = 100, beforeId = Number.MAX_SAFE_INTEGER): StatusReport[] {
    const rows = (this.s.recent.all(beforeId, limit) as Row[]).map(fromRow);
    if (beforeId !== Number.MAX_SAFE_INTEGER) return rows;
    const folded = (this.s.recentFolded.all(limit) as Row[]).map(fromRow).sort((a, b) => b.receivedAt - a.receivedAt || a.id - b.id);
    const out: StatusReport[] = [];
    let i = 0;
    let j = 0;
    while (out.length < limit && (i < rows.length || j < folded.length)) {
      if (j >= folded.length || (i < rows.length && rows[i]!.receivedAt >= folded[j]!.receivedAt)) out.push(rows[i++]!);
      else out.push(folded[j++]!);
    }
    return out;
  }

  /** Reports of an account carrying this Msg_Id (search by Msg_Id). */
  byMsgId(accountId: number, msgId: bigint): StatusReport[] {
    return (this.s.byMsgId.all({ a: accountId, m: msgIdToColumn(msgId) }) as Row[]).map(fromRow);
  }
}
