// Reading statistics_daily: totals over a range of days, grouped by day, account, campaign or
// reason, and the failure-reasons table, all from the same rows. A range is read through
// statistics_by_day (migration 14) in its order, grouped by day and outcome as the rows come, so
// no grouping sorts a year of rows; the groups are summed here. A campaign's rows come through
// statistics_by_campaign.
import type Database from 'better-sqlite3';
import {
  addCell,
  addDays,
  dayText,
  emptyCounters,
  reasonOf,
  type StatisticsCell,
  type StatisticsGroup,
  type StatisticsGrouping,
  type StatisticsQuery,
  type StatisticsReason,
  type StatisticsResult,
} from '../../../shared/statistics.js';

/** The group column and what it adds to the GROUP BY after day and the outcome's columns. */
const groupColumn: Record<StatisticsGrouping, string> = { day: 'day', account: 'account_id', campaign: 'campaign_id', reason: "''" };
const groupTail: Record<StatisticsGrouping, string> = { day: '', account: ', account_id', campaign: ', account_id, campaign_id', reason: '' };

/**
 * The filter of each combination: none, account, campaign, both. `+account_id`: an account is
 * filtered row by row in statistics_by_day's order; as a plain equality SQLite would drop account_id
 * from the GROUP BY and then sort the range to group by campaign.
 */
const filter = ['', ' AND +account_id = @account', ' AND campaign_id = @campaign', ' AND +account_id = @account AND campaign_id = @campaign'];

/** The longest range one query covers: ten years of days (bounds the by-day result). */
export const MAX_STATISTICS_DAYS = 3660;

type CellRow = StatisticsCell & { g: number | string };

export class StatisticsQueries {
  private readonly cache = new Map<string, Database.Statement>();
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      accountNames: db.prepare('SELECT id, name FROM accounts WHERE id IN (SELECT value FROM json_each(?))'),
      campaignNames: db.prepare('SELECT id, name FROM campaigns WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  /** The statement of one grouping and filter combination, prepared once. */
  statement(by: StatisticsGrouping, account: boolean, campaign: boolean): Database.Statement {
    const key = `${by}|${account}|${campaign}`;
    let st = this.cache.get(key);
    if (!st) {
      st = this.db.prepare(`SELECT ${groupColumn[by]} AS g, outcome, sent, result, code, sum(messages) AS messages,
        sum(segments) AS segments, sum(billed) AS billed FROM statistics_daily
        WHERE day BETWEEN @from AND @to${filter[Number(account) + 2 * Number(campaign)]}
        GROUP BY day, outcome, sent, result, code${groupTail[by]}`);
      this.cache.set(key, st);
    }
    return st;
  }

  /** The range's counters, per group, and its failure reasons (the query is checked by the caller: days valid, from <= to). */
  query(q: StatisticsQuery): StatisticsResult {
    const by = q.by ?? 'day';
    const accountId = q.accountId ?? null;
    const campaignId = q.campaignId ?? null;
    const rows = this.statement(by, accountId !== null, campaignId !== null).all({
      from: q.fromDay,
      to: q.toDay,
      ...(accountId !== null ? { account: accountId } : {}),
      ...(campaignId !== null ? { campaign: campaignId } : {}),
    }) as CellRow[];

    // Rows of the same outcome, Result/Stat/reason and sent flag are summed once (a cell), so the
    // totals, the reasons and the by-reason groups are made from a few hundred cells, not every row.
    const cells = new Map<string, StatisticsCell>();
    const groups = new Map<number | string, StatisticsGroup>();
    if (by === 'day') {
      for (let d = q.fromDay; d <= q.toDay; d = addDays(d, 1)) groups.set(d, { key: dayText(d), name: null, ...emptyCounters() });
    }
    for (const row of rows) {
      const ck = `${row.outcome}|${row.sent}|${row.result}|${row.code}`;
      const cell = cells.get(ck);
      if (cell) {
        cell.messages += row.messages;
        cell.segments += row.segments;
        cell.billed += row.billed;
      } else {
        cells.set(ck, { outcome: row.outcome, sent: row.sent, result: row.result, code: row.code, messages: row.messages, segments: row.segments, billed: row.billed });
      }
      if (by === 'reason') continue;
      let g = groups.get(row.g);
      if (!g) {
        g = { key: String(row.g), name: null, ...emptyCounters() };
        groups.set(row.g, g);
      }
      addCell(g, row);
    }
    const totals = emptyCounters();
    const reasons = new Map<string, StatisticsReason>();
    for (const cell of cells.values()) {
      addCell(totals, cell);
      const reason = reasonOf(cell);
      if (reason !== null) {
        const rk = `${reason.outcome}/${reason.kind}/${reason.code}`;
        const r = reasons.get(rk) ?? { ...reason, messages: 0, segments: 0 };
        r.messages += cell.messages;
        r.segments += cell.segments;
        reasons.set(rk, r);
      }
      if (by !== 'reason') continue;
      const gk = reasonKey(cell);
      let g = groups.get(gk);
      if (!g) {
        g = { key: gk, name: null, ...emptyCounters() };
        groups.set(gk, g);
      }
      addCell(g, cell);
    }
    const list = [...groups.values()];
    if (by === 'account' || by === 'campaign') this.name(by, list);
    if (by === 'reason') list.sort((a, b) => b.messages + b.moReceived - (a.messages + a.moReceived) || a.key.localeCompare(b.key));
    if (by === 'account' || by === 'campaign') list.sort((a, b) => Number(a.key) - Number(b.key));
    return {
      fromDay: q.fromDay,
      toDay: q.toDay,
      accountId,
      campaignId,
      by,
      totals,
      groups: list,
      reasons: [...reasons.values()].filter((r) => r.messages !== 0).sort((a, b) => b.messages - a.messages || a.code.localeCompare(b.code)),
    };
  }

  private name(by: 'account' | 'campaign', groups: StatisticsGroup[]): void {
    const ids = JSON.stringify(groups.map((g) => Number(g.key)));
    const st = by === 'account' ? this.s.accountNames : this.s.campaignNames;
    const names = new Map((st.all(ids) as { id: number; name: string }[]).map((r) => [String(r.id), r.name]));
    for (const g of groups) g.name = names.get(g.key) ?? null;
  }
}

/** A row's group under `by reason`: its outcome with the Result, Stat or reason code it is counted by. */
function reasonKey(cell: StatisticsCell): string {
  const r = reasonOf(cell);
  if (r !== null) return `${r.outcome}/${r.kind}/${r.code}`;
  return cell.outcome === 'mo' ? `mo/reason/${cell.code}` : `${cell.outcome}/${cell.code === '' ? 'reason' : 'stat'}/${cell.code}`;
}
