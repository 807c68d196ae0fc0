// Keeping statistics_daily (migration 11) in step with the messages, in the same transaction as the
// change: every writer of a message's counted columns (state, result, Stat, reason, submitted_at)
// reports the message as it was and as it is; the deltas are summed per aggregate row in memory and
// written once, at the end of the transaction (as the outbox does with campaign_counts: a per-row
// trigger would cost every state change a statement). MO rows are counted by the migration's triggers.
import type Database from 'better-sqlite3';
import type { MessageState } from '../../../shared/message-state.js';
import { statisticsCode, statisticsDay } from '../../../shared/statistics.js';
import { statFromColumn, timeFromColumn } from '../message-columns.js';
import { stateFromColumn } from '../state-codes.js';

/** What the statistics read of a message: the columns that place it in an aggregate row. */
export interface MessageFacts {
  accountId: number;
  campaignId: number | null;
  createdAt: number;
  submittedAt: number | null;
  state: MessageState;
  result: number | null;
  stat: string | null;
  reason: string | null;
  segments: number;
  billed: number;
}

/** The message columns MessageFacts are read from, as stored (message-columns.ts), in a row named like the columns. */
export const messageFactColumns = 'account_id, campaign_id, created_at, submitted_after, state, result, stat, reason, segment_count, billed_count';

export interface MessageFactRow {
  account_id: number;
  campaign_id: number | null;
  created_at: number;
  submitted_after: number | null;
  /** The stored code (state-codes.ts). */
  state: number;
  result: number | null;
  stat: string | null;
  reason: string | null;
  segment_count: number;
  billed_count: number;
}

/** A stored row's facts: the one place statistics decode a message's stored columns. */
export const factsOf = (r: MessageFactRow): MessageFacts => ({
  accountId: r.account_id,
  campaignId: r.campaign_id,
  createdAt: r.created_at,
  submittedAt: timeFromColumn(r.created_at, r.submitted_after),
  state: stateFromColumn(r.state),
  result: r.result,
  stat: statFromColumn(r.state, r.stat),
  reason: r.reason,
  segments: r.segment_count,
  billed: r.billed_count,
});

interface Delta {
  day: number;
  accountId: number;
  campaignId: number;
  outcome: MessageState;
  sent: 0 | 1;
  result: number;
  code: string;
  kept: 0 | 1;
  messages: number;
  segments: number;
  billed: number;
}

export class StatisticsDeltas {
  private readonly pending = new Map<string, Delta>();
  private readonly upsert;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages, segments, billed)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (day, account_id, campaign_id, outcome, sent, result, code, kept)
      DO UPDATE SET messages = messages + excluded.messages, segments = segments + excluded.segments, billed = billed + excluded.billed`);
  }

  /** Counts `n` messages like `m` (negative: no longer), each with m's segments and billed segments. */
  add(m: MessageFacts, n: number, kept: 0 | 1 = 0): void {
    const day = statisticsDay(m.submittedAt ?? m.createdAt);
    const [result, code] = statisticsCode(m.state, m.result, m.stat, m.reason);
    const sent = m.submittedAt === null ? 0 : 1;
    const campaignId = m.campaignId ?? 0;
    const key = `${day}|${m.accountId}|${campaignId}|${m.state}|${sent}|${result}|${kept}|${code}`;
    const d = this.pending.get(key);
    if (d) {
      d.messages += n;
      d.segments += n * m.segments;
      d.billed += n * m.billed;
    } else {
      this.pending.set(key, { day, accountId: m.accountId, campaignId, outcome: m.state, sent, result, code, kept, messages: n, segments: n * m.segments, billed: n * m.billed });
    }
  }

  /** A message changed from `before` to `after`. */
  move(before: MessageFacts, after: MessageFacts): void {
    this.add(before, -1);
    this.add(after, 1);
  }

  /** Writes the sums; call inside the transaction that made the changes, at its end. */
  flush(): void {
    for (const d of this.pending.values()) {
      if (d.messages === 0 && d.segments === 0 && d.billed === 0) continue;
      this.upsert.run(d.day, d.accountId, d.campaignId, d.outcome, d.sent, d.result, d.code, d.kept, d.messages, d.segments, d.billed);
    }
    this.pending.clear();
  }

  /** Forgets what was not written (the transaction failed). */
  discard(): void {
    this.pending.clear();
  }

  /** Takes the deltas not yet written away (the outbox keeps an outer transaction's while another runs). */
  take(): Map<string, Delta> {
    const taken = new Map(this.pending);
    this.pending.clear();
    return taken;
  }

  /** Puts taken deltas back, replacing whatever is pending. */
  restore(taken: Map<string, Delta>): void {
    this.pending.clear();
    for (const [k, v] of taken) this.pending.set(k, v);
  }
}
