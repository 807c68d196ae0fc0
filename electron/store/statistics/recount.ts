// statistics_daily rebuilt from the rows (the repair, and what tests compare the maintained figures
// with), and the counts of rows about to be deleted moved aside: statistics outlive the delivery log
// (docs/glossary.md "Statistics"), so what deleted rows counted stays, marked kept = 1.
import type Database from 'better-sqlite3';
import { CHINA_UTC_OFFSET_MINUTES } from '../../../shared/time-format.js';
import { sqlState } from '../state-codes.js';
import { writeTransaction } from '../transactions.js';
import { factsOf, messageFactColumns, StatisticsDeltas, type MessageFactRow } from './deltas.js';

/** One stored aggregate row, as compared by tests and recount(). */
export interface StatisticsRow {
  day: number;
  account_id: number;
  campaign_id: number;
  outcome: string;
  sent: number;
  result: number;
  code: string;
  kept: number;
  messages: number;
  segments: number;
  billed: number;
}

const OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;
const key = (r: StatisticsRow) => `${r.day}|${r.account_id}|${r.campaign_id}|${r.outcome}|${r.sent}|${r.result}|${r.code}|${r.kept}`;

export class StatisticsRecount {
  private readonly s;
  private readonly deltas: StatisticsDeltas;

  constructor(private readonly db: Database.Database) {
    this.deltas = new StatisticsDeltas(db);
    this.s = {
      // Messages grouped by everything that places them (the day by SQL, checked against
      // statisticsDay by a test); each group is then counted through the same code as maintenance.
      // The columns as stored (message-columns.ts): the first submission, else creation, is
      // created_at + coalesce(submitted_after, 0); factsOf decodes the state and Stat.
      messageGroups: db.prepare(`SELECT account_id, campaign_id, min(created_at + coalesce(submitted_after, 0)) AS at, submitted_after IS NOT NULL AS sent,
          state, CASE WHEN state = ${sqlState('failed')} THEN result END AS result, stat, reason, segment_count, billed_count, count(*) AS n
        FROM messages
        GROUP BY CAST(strftime('%Y%m%d', (created_at + coalesce(submitted_after, 0) + @offset) / 1000, 'unixepoch') AS INTEGER),
          account_id, campaign_id, sent, state, 6, stat, reason, segment_count, billed_count`),
      moGroups: db.prepare(`SELECT CAST(strftime('%Y%m%d', (received_at + @offset) / 1000, 'unixepoch') AS INTEGER) AS day, account_id,
          coalesce(campaign_id, 0) AS campaign_id, 'mo' AS outcome, 0 AS sent, 0 AS result, coalesce(opt_event, '') AS code, 0 AS kept,
          count(*) AS messages, sum(segment_received) AS segments, 0 AS billed
        FROM mo_messages GROUP BY day, account_id, campaign_id, code`),
      live: db.prepare(`SELECT * FROM statistics_daily WHERE kept = 0 AND (messages <> 0 OR segments <> 0 OR billed <> 0)
        ORDER BY day, account_id, campaign_id, outcome, sent, result, code`),
      clearLive: db.prepare('DELETE FROM statistics_daily WHERE kept = 0'),
      insert: db.prepare(`INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages, segments, billed)
        VALUES (@day, @account_id, @campaign_id, @outcome, @sent, @result, @code, @kept, @messages, @segments, @billed)`),
      factsOfIds: db.prepare(`SELECT ${messageFactColumns} FROM messages WHERE id IN (SELECT value FROM json_each(?))`),
    };
  }

  /** The maintained rows that count rows still in the database (kept = 0), zero rows left out, in key order. */
  liveRows(): StatisticsRow[] {
    return this.s.live.all() as StatisticsRow[];
  }

  /** What liveRows() should be, counted from the messages and MO now in the database (reads every row). */
  expectedRows(): StatisticsRow[] {
    this.deltas.discard();
    type Group = Omit<MessageFactRow, 'created_at' | 'submitted_after'> & { at: number; sent: number; n: number };
    for (const g of this.s.messageGroups.iterate({ offset: OFFSET_MS }) as IterableIterator<Group>) {
      const facts = factsOf({ ...g, created_at: g.at, submitted_after: g.sent === 1 ? 0 : null });
      this.deltas.add(facts, g.n);
    }
    const rows = this.deltas.take();
    const out: StatisticsRow[] = [...rows.values()].map((d) => ({
      day: d.day, account_id: d.accountId, campaign_id: d.campaignId, outcome: d.outcome, sent: d.sent, result: d.result,
      code: d.code, kept: d.kept, messages: d.messages, segments: d.segments, billed: d.billed,
    }));
    const merged = new Map(out.map((r) => [key(r), r]));
    for (const r of this.s.moGroups.all({ offset: OFFSET_MS }) as StatisticsRow[]) merged.set(key(r), r);
    return [...merged.values()].sort(compareRows);
  }

  /**
   * Rebuilds the rows counting rows still in the database from those rows (kept = 1 rows stay as
   * they are: what they counted is gone). Returns how many aggregate rows were wrong.
   */
  recount(): number {
    return writeTransaction(this.db, () => {
      const want = this.expectedRows();
      const have = new Map(this.liveRows().map((r) => [key(r), r]));
      let wrong = 0;
      for (const r of want) {
        const h = have.get(key(r));
        if (!h || h.messages !== r.messages || h.segments !== r.segments || h.billed !== r.billed) wrong++;
        have.delete(key(r));
      }
      wrong += have.size;
      this.s.clearLive.run();
      for (const r of want) this.s.insert.run(r);
      return wrong;
    });
  }

  /**
   * Inside the caller's write transaction, before it deletes these messages: their counts leave the
   * live rows; with `keep`, they stay as kept = 1 (a campaign's delivery log deleted), without, they
   * are gone (a discarded draft's messages never went anywhere).
   */
  beforeDelete(messageIdsJson: string, keep: boolean): void {
    this.deltas.discard();
    for (const r of this.s.factsOfIds.iterate(messageIdsJson) as IterableIterator<MessageFactRow>) {
      const facts = factsOf(r);
      this.deltas.add(facts, -1);
      if (keep) this.deltas.add(facts, 1, 1);
    }
    this.deltas.flush();
  }
}

function compareRows(a: StatisticsRow, b: StatisticsRow): number {
  return (
    a.day - b.day || a.account_id - b.account_id || a.campaign_id - b.campaign_id || cmp(a.outcome, b.outcome) || a.sent - b.sent ||
    a.result - b.result || cmp(a.code, b.code)
  );
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
