// The renderer's live state: bounded ring buffers filled by main's batched events (counters,
// status reports, MOs, campaign progress, enqueue progress, logs), and a repaint clock. Screens
// read it through useLiveVersion(), which re-renders them at most every REPAINT_MS however fast
// events arrive (the best monitors repaint about twice a second; we allow ~3-4).
// Free of React state so a 1,000 reports/s stream costs pushes into arrays, not renders.
import { useSyncExternalStore } from 'react';
import type { EventBatch } from '../../../shared/ipc/contract.js';
import type { CampaignRow } from '../../../shared/ipc/contract/campaigns.js';
import type { EnqueueEvent } from '../../../shared/ipc/contract/composer.js';
import type { ModeInfo } from '../../../shared/ipc/contract/demo.js';
import type { LiveMo, ReportRow } from '../../../shared/ipc/contract/inbox.js';
import type { LiveCounters, LiveLog } from '../../../shared/ipc/contract/monitor.js';
import { onEvent } from '../ipc.js';
import { Ring } from '../../../shared/ring-buffer.js';

export const REPAINT_MS = 300;
/** Per-second samples per account: 10 minutes. */
export const COUNTER_SAMPLES = 600;
export const REPORT_ROWS = 500;
export const MO_ROWS = 200;
export const LOG_ROWS = 100;

type Listener = () => void;

export class LiveStore {
  readonly counters = new Map<number, Ring<LiveCounters>>();
  readonly reports = new Ring<ReportRow>(REPORT_ROWS);
  readonly mos = new Ring<LiveMo>(MO_ROWS);
  readonly logs = new Ring<LiveLog>(LOG_ROWS);
  /** The newest pushed row per campaign (the Campaigns screen merges it over its list). */
  readonly campaigns = new Map<number, CampaignRow>();
  readonly enqueue = new Map<string, EnqueueEvent>();
  mode: ModeInfo | null = null;
  /** Reports and MOs main had to drop before they reached the window (the screens reload). */
  dropped = { reports: 0, mos: 0 };
  /** Bumped on every change of MOs (the inbox reloads its threads), reports, campaigns, mode. */
  moSerial = 0;
  reportSerial = 0;
  modeSerial = 0;
  campaignSerial = 0;
  enqueueSerial = 0;

  private version = 0;
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending = false;

  /** Subscribes to main's live channels; returns the unsubscribe. Call before app.ready. */
  start(): () => void {
    const offs = [
      onEvent('live.counters', (b) => this.onCounters(b)),
      onEvent('live.reports', (b) => this.onReports(b)),
      onEvent('live.mos', (b) => this.onMos(b)),
      onEvent('live.campaign', (b) => this.onCampaigns(b)),
      onEvent('live.enqueue', (b) => this.onEnqueue(b)),
      onEvent('live.log', (b) => this.onLogs(b)),
      onEvent('live.mode', (b) => this.onMode(b)),
    ];
    return () => {
      for (const off of offs) off();
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  readonly subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  readonly getVersion = (): number => this.version;

  /** Samples of an account, oldest first. */
  samples(accountId: number): LiveCounters[] {
    return this.counters.get(accountId)?.toArray() ?? [];
  }

  latest(accountId: number): LiveCounters | undefined {
    return this.counters.get(accountId)?.last();
  }

  /** Seeds the chart from main's history (after a reload), keeping what events brought since. */
  seedCounters(history: readonly LiveCounters[]): void {
    for (const c of history) {
      const ring = this.ring(c.accountId);
      const last = ring.last();
      if (!last || c.at > last.at) ring.push(c);
    }
    this.changed();
  }

  /** Forgets everything of the previous workspace (demo <-> real switch). */
  reset(): void {
    this.counters.clear();
    this.reports.clear();
    this.mos.clear();
    this.logs.clear();
    this.campaigns.clear();
    this.dropped = { reports: 0, mos: 0 };
    this.changed();
  }

  /** Test and benchmark hook: the same path main's events take. */
  ingest(channel: 'live.counters' | 'live.reports', batch: EventBatch<LiveCounters> | EventBatch<ReportRow>): void {
    if (channel === 'live.counters') this.onCounters(batch as EventBatch<LiveCounters>);
    else this.onReports(batch as EventBatch<ReportRow>);
  }

  private ring(accountId: number): Ring<LiveCounters> {
    let r = this.counters.get(accountId);
    if (!r) this.counters.set(accountId, (r = new Ring(COUNTER_SAMPLES)));
    return r;
  }

  private onCounters(b: EventBatch<LiveCounters>): void {
    for (const c of b.items) this.ring(c.accountId).push(c);
    this.changed();
  }

  private onReports(b: EventBatch<ReportRow>): void {
    for (const r of b.items) {
      if (r.late) {
        // A report shown unmatched has matched its SUBMIT_RESP: its row changes in place (gone
        // from the ring already: nothing to show).
        this.reports.replaceLast((x) => x.messageId === null && x.accountId === r.accountId && x.msgId === r.msgId && x.number === r.number && x.stat === r.stat, r);
        continue;
      }
      this.reports.push(r);
    }
    this.dropped.reports += b.dropped;
    this.reportSerial++;
    this.changed();
  }

  private onMos(b: EventBatch<LiveMo>): void {
    for (const m of b.items) this.mos.push(m);
    this.dropped.mos += b.dropped;
    this.moSerial++;
    this.changed();
  }

  private onCampaigns(b: EventBatch<CampaignRow>): void {
    for (const c of b.items) this.campaigns.set(c.id, c);
    this.campaignSerial++;
    this.changed();
  }

  private onEnqueue(b: EventBatch<EnqueueEvent>): void {
    for (const e of b.items) this.enqueue.set(e.jobId, e);
    this.enqueueSerial++;
    this.changed();
  }

  private onLogs(b: EventBatch<LiveLog>): void {
    for (const l of b.items) this.logs.push(l);
    this.changed();
  }

  private onMode(b: EventBatch<ModeInfo>): void {
    const m = b.items[b.items.length - 1];
    if (!m) return;
    // main pushes the mode only after it opened a workspace (a switch, or a reconnect after sleep):
    // what the rings hold belongs to the previous one.
    this.mode = m;
    this.reset();
    this.modeSerial++;
    this.changed();
  }

  /** Coalesces changes into one repaint per REPAINT_MS. */
  private changed(): void {
    this.pending = true;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.pending) return;
      this.pending = false;
      this.version++;
      for (const l of this.listeners) l();
    }, REPAINT_MS);
  }
}

export const liveStore = new LiveStore();

/** Re-renders the caller at most every REPAINT_MS while live data changes; returns the version. */
export function useLiveVersion(): number {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getVersion);
}

/**
 * Re-renders the caller only when the selected value changes (compared with Object.is), checked
 * at the repaint clock. Select primitives or objects the store keeps (never build new ones here).
 */
export function useLiveValue<T>(select: (s: LiveStore) => T): T {
  return useSyncExternalStore(liveStore.subscribe, () => select(liveStore));
}
