// The monitor's figures per account, kept by the desk session across the engine's feed batches:
// status reports counted by outcome (each report once), a per-second sample built from the
// feed's counters with the queue figures, the last HISTORY_SECONDS samples (so the chart is not
// empty after a reload).
import type { AccountLinkState, LiveCounters, LiveCounterValues } from '../../../shared/ipc/contract/monitor.js';
import type { CounterValues } from '../../cmpp/session/client.js';
import type { FeedCounters } from '../inbox/live-feed.js';

/** Per-second samples kept per account for the monitor's chart after a reload (10 minutes). */
export const HISTORY_SECONDS = 600;

interface Tally {
  delivered: number;
  failed: number;
  unknown: number;
}

const ZERO_TALLY: Tally = { delivered: 0, failed: 0, unknown: 0 };

function liveValues(c: CounterValues, t: Tally): LiveCounterValues {
  return {
    submits: c.submits,
    messages: c.messages,
    responsesOk: c.responsesOk,
    responsesFailed: c.responsesFailed,
    flowControl: c.flowControl,
    timeouts: c.timeouts,
    resends: c.resends,
    reports: c.reports,
    delivered: t.delivered,
    failed: t.failed,
    unknown: t.unknown,
    mos: c.mos,
  };
}

export class MonitorFigures {
  private readonly tallies = new Map<number, Tally>();
  private readonly lastTallies = new Map<number, Tally>();
  private readonly history = new Map<number, LiveCounters[]>();

  /** A status report stored for the account (not a resent DELIVER, not a late match). */
  countReport(accountId: number, outcome: string): void {
    const t = this.tallies.get(accountId) ?? { ...ZERO_TALLY };
    if (outcome === 'delivered') t.delivered++;
    else if (outcome === 'failed') t.failed++;
    else if (outcome === 'unknown') t.unknown++;
    this.tallies.set(accountId, t);
  }

  /** The account's sample for this second, kept in its history. */
  sample(c: FeedCounters, figures: { queued: number; inDoubt: number }, linkState: AccountLinkState): LiveCounters {
    const total = this.tallies.get(c.accountId) ?? ZERO_TALLY;
    const last = this.lastTallies.get(c.accountId) ?? ZERO_TALLY;
    this.lastTallies.set(c.accountId, { ...total });
    const delta: Tally = { delivered: total.delivered - last.delivered, failed: total.failed - last.failed, unknown: total.unknown - last.unknown };
    const live: LiveCounters = {
      at: c.at,
      accountId: c.accountId,
      intervalMs: Math.round(c.intervalMs),
      interval: liveValues(c.interval, delta),
      totals: liveValues(c.totals, total),
      queued: figures.queued,
      inDoubt: figures.inDoubt,
      inFlight: c.store?.inFlight ?? 0,
      poolQueueDepth: c.poolQueueDepth,
      rate: c.rate,
      linkState,
      connections: c.connections.map((x) => ({ slot: x.slot, connectionId: x.connectionId, state: x.state, inFlight: x.inFlight, window: x.window })),
    };
    let h = this.history.get(c.accountId);
    if (!h) this.history.set(c.accountId, (h = []));
    h.push(live);
    if (h.length > HISTORY_SECONDS) h.splice(0, h.length - HISTORY_SECONDS);
    return live;
  }

  /** Per-second samples (oldest first, at most HISTORY_SECONDS per account). */
  historyOf(accountId?: number): LiveCounters[] {
    if (accountId !== undefined) return [...(this.history.get(accountId) ?? [])];
    return [...this.history.values()].flat().sort((a, b) => a.at - b.at);
  }

  latestOf(accountId: number): LiveCounters | null {
    const h = this.history.get(accountId);
    return h && h.length > 0 ? h[h.length - 1]! : null;
  }

  clear(): void {
    this.tallies.clear();
    this.lastTallies.clear();
    this.history.clear();
  }
}
