// A campaign's delivery breakdown (the Campaigns screen) read from the statistics, so the screen and
// the Statistics screen count the same messages the same way (docs/glossary.md "Statistics").
import type { Store } from '../../store/store.js';

export interface CampaignOutcome {
  /** The raw Stat, `Result N` for a SUBMIT_RESP refusal, '' for neither (no report, never sent). */
  stat: string;
  outcome: 'delivered' | 'failed' | 'unknown';
  count: number;
}

/** Delivered first, then failed and unknown by Stat or Result, most frequent first. */
export function campaignOutcomes(store: Store, campaignId: number): CampaignOutcome[] {
  // Every day: a campaign's rows are read through statistics_by_campaign whatever the range.
  const r = store.statistics.query({ fromDay: 0, toDay: 99_991_231, campaignId, by: 'reason' });
  const merged = new Map<string, CampaignOutcome>();
  for (const reason of r.reasons) {
    if (reason.outcome !== 'failed' && reason.outcome !== 'unknown') continue;
    const stat = reason.kind === 'result' ? `Result ${reason.code}` : reason.kind === 'stat' ? reason.code : '';
    const key = `${reason.outcome}/${stat}`;
    const m = merged.get(key) ?? { stat, outcome: reason.outcome, count: 0 };
    m.count += reason.messages;
    merged.set(key, m);
  }
  const rest = [...merged.values()].filter((m) => m.count > 0).sort((a, b) => b.count - a.count || a.stat.localeCompare(b.stat));
  return r.totals.delivered > 0 ? [{ stat: 'DELIVRD', outcome: 'delivered', count: r.totals.delivered }, ...rest] : rest;
}
