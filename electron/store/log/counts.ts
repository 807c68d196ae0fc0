// Counts of the delivery log from counters the outbox maintains, not from the rows: counting an
// index costs ~10 ms per 1,000,000 entries, so a year of traffic (tens of millions of messages)
// could not be counted within the screen's 100 ms. campaign_counts (per campaign and state,
// written in the same transaction as every state change, docs/architecture.md "Delivery log
// counts") answers exactly, by construction, every filter made of states and one campaign; with
// no campaign chosen, the direct sends (few: no counter) are added from their index ranges.
// Every other filter (Stat, account, number, Msg_Id, a time range) returns null: the view counts
// its rows through the indexes (views.ts).
//
// The counters count every message the desk ever sent, archived months included (the archiver
// puts an archived message's count back, electron/store/archive/archiver.ts). A filter without a
// date range reaches every archived month (archive-parts.ts): the counters answer it when every
// one of them is searched, none missing, left out, waiting for its upgrade or unreadable.
import type Database from 'better-sqlite3';
import { MessageStates } from '../../../shared/message-state.js';
import { everyArchiveSearched } from './archive-parts.js';
import type { LogPlan } from './delivery-log.js';
import { LOG_STATEMENTS } from './queries.js';

export class LogCounters {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      ofStates: db.prepare(LOG_STATEMENTS.countersOfStates).pluck(),
      ofCampaign: db.prepare(LOG_STATEMENTS.countersOfCampaign).pluck(),
    };
  }

  /** Whether the counters can count this plan's messages. */
  answers(plan: LogPlan): boolean {
    const f = plan.filter;
    const everyArchive = plan.archives === null || everyArchiveSearched(plan.archives);
    return (
      f.accountId === undefined &&
      f.stat === undefined &&
      f.number === undefined &&
      f.ids === undefined &&
      f.from === undefined &&
      f.to === undefined &&
      !f.directOnly &&
      everyArchive
    );
  }

  /**
   * The exact count of a plan from the counters, or null when they cannot answer it. `direct`
   * counts the direct sends of the same filter (asked only without a campaign).
   */
  count(plan: LogPlan, direct: () => number): number | null {
    if (!this.answers(plan)) return null;
    const f = plan.filter;
    const states = JSON.stringify(f.states.length > 0 ? f.states : MessageStates);
    if (f.campaignId !== undefined) return this.s.ofCampaign.get(f.campaignId, states) as number;
    return (this.s.ofStates.get(states) as number) + direct();
  }
}
