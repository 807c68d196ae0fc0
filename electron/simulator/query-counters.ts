// The counters CMPP_QUERY answers from, per account, per day (Time = YYYYMMDD; a China Standard Time
// day of the simulator's clock, as a real gateway's and the desk's statistics day) and per Service_Id:
// exact, so a clean day reconciles line by line (docs/protocol.md
// "Gateway counters and reconciliation" says what each means). Counted per destination except MT_TLMsg,
// and under the day the SUBMIT arrived, its outcome too (a report after midnight finishes that day):
//   MT_TLMsg  SUBMIT PDUs received (accepted or not)    MT_Tlusr  destinations in them
//   MT_Scs    destinations delivered (Stat DELIVRD)      MT_WT     destinations still waiting
//   MT_FL     destinations failed: refused SUBMITs, other Stats, cancelled
//   MO_Scs    MO DELIVERs acknowledged with Result 0     MO_WT     MO DELIVERs not acknowledged yet
//   MO_FL     MO DELIVERs acknowledged with a non-zero Result
import { statisticsDay, statisticsDayBounds } from '../../shared/statistics.js';
import { QUERY_COUNTERS, type QueryCounts } from '../cmpp/wire/query.js';

/** The two buckets one event updates: the day's totals and the day's Service_Id row. */
export interface CounterPair {
  total: QueryCounts;
  service: QueryCounts;
}

const zero = (): QueryCounts => Object.fromEntries(QUERY_COUNTERS.map((name) => [name, 0])) as QueryCounts;

export class QueryCounters {
  private readonly totals = new Map<string, QueryCounts>();
  private readonly byService = new Map<string, QueryCounts>();
  private day = '';
  private dayFrom = 0;
  private dayUntil = 0;

  /**
   * Buckets for `now` (the simulator's clock: a test's manual clock may move either way) and the
   * given Service_Id. The day string is cached while `now` stays inside that day.
   */
  pair(serviceId: string, now: number): CounterPair {
    if (now >= this.dayUntil || now < this.dayFrom) {
      const day = statisticsDay(now);
      this.day = String(day);
      ({ start: this.dayFrom, end: this.dayUntil } = statisticsDayBounds(day));
    }
    let total = this.totals.get(this.day);
    if (!total) this.totals.set(this.day, (total = zero()));
    const key = `${this.day}|${serviceId}`;
    let service = this.byService.get(key);
    if (!service) this.byService.set(key, (service = zero()));
    return { total, service };
  }

  /** Query_Type 0: the day's totals; 1: the day's row for Query_Code (a Service_Id); other types get zeros. */
  lookup(time: string, queryType: number, queryCode: string): QueryCounts {
    const found = queryType === 0 ? this.totals.get(time) : queryType === 1 ? this.byService.get(`${time}|${queryCode}`) : undefined;
    return { ...(found ?? zero()) };
  }
}

export function bump(p: CounterPair | undefined, field: keyof QueryCounts, by = 1): void {
  if (!p) return;
  p.total[field] += by;
  p.service[field] += by;
}
