// Reading statistics_daily: totals over a range of days, grouped by day, account, campaign or
// reason, and the failure-reasons table, all from the same rows. A year is a range scan of the
// primary key (day first); a campaign's rows come through statistics_by_campaign.
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

const groupColumn: Record<StatisticsGrouping, string> = { day: 'day', account: 'account_id', campaign: 'campaign_id', reason: "''" };

/** The filter of each combination: none, account, campaign, both. */
const filter = ['', ' AND account_id = @account', ' AND campaign_id = @campaign', ' AND account_id = @account AND campaign_id = @campaign'];

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
        GROUP BY g, outcome, sent, result, code`);
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

    const totals = emptyCounters();
    const groups = new Map<string, StatisticsGroup>();
    const reasons = new Map<string, StatisticsReason>();
    if (by === 'day') {
      for (let d = q.fromDay; d <= q.toDay; d = addDays(d, 1)) groups.set(String(d), { key: dayText(d), name: null, ...emptyCounters() });
    }
    for (const row of rows) {
      addCell(totals, row);
      const reason = reasonOf(row);
      if (reason !== null) {
        const rk = `${reason.outcome}/${reason.kind}/${reason.code}`;
        const r = reasons.get(rk) ?? { ...reason, messages: 0, segments: 0 };
        r.messages += row.messages;
        r.segments += row.segments;
        reasons.set(rk, r);
      }
      const gk = by === 'reason' ? reasonKey(row) : String(row.g);
      let g = groups.get(gk);
      if (!g) {
        g = { key: gk, name: null, ...emptyCounters() };
        groups.set(gk, g);
      }
      addCell(g, row);
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
