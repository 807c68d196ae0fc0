// Archiving of the delivery log, in the background of the app: a run shortly after the start
// (which also finishes what a crash interrupted), then hourly, and whenever the retention setting
// changes. One process archives a database at a time: the 'log-archive' lease (host|pid|tag, like
// the pump's; a dead holder on this host is taken over at once). The work itself is the store's
// (electron/store/archive/archiver.ts), which also upgrades archives written at an older schema
// version (upgrader.ts); this service schedules it and answers for its status.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { RetentionView } from '../../../shared/ipc/contract/settings.js';
import { LogArchiver } from '../../store/archive/archiver.js';
import type { EngineCore } from '../engine.js';
import { holderIsDead } from '../sending/lease-holder.js';
import { RetentionSetting } from '../settings/retention.js';

export const ARCHIVE_LEASE = 'log-archive';

/** What archiving needs of the engine: the database, its leases, the clock and the support log. */
export type ArchiveEngine = Pick<EngineCore, 'db' | 'now' | 'supportLog'> & {
  readonly store: Pick<EngineCore['store'], 'leases'>;
  readonly dbPath: string;
  /** A WAL checkpoint off the main thread now (the workspace's checkpointer), if there is one. */
  checkpointWal?(): Promise<void>;
};

export interface LogArchiveOptions {
  /** First run after start(). Default 30 s: the start's own work (recovery, first screen) goes first. */
  startDelayMs?: number;
  /** Between runs. Default 1 h. */
  intervalMs?: number;
  /** Target main-thread time of one delete or vacuum batch (store default 5 ms). */
  batchMs?: number;
  restRatio?: number;
  leaseTtlMs?: number;
}

export class LogArchiveService {
  readonly retention: RetentionSetting;
  /** null for an in-memory database (nothing beside it to archive into). */
  readonly archiver: LogArchiver | null;
  private readonly holder = `${hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;
  private readonly ttl: number;
  private lastRenew = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ws: ArchiveEngine,
    private readonly options: LogArchiveOptions = {},
  ) {
    this.retention = new RetentionSetting(ws.db, ws.now);
    this.ttl = options.leaseTtlMs ?? 60_000;
    this.archiver =
      ws.dbPath === ':memory:' || ws.dbPath === ''
        ? null
        : new LogArchiver(ws.db, ws.dbPath, {
            now: ws.now,
            ...(options.batchMs !== undefined ? { batchMs: options.batchMs } : {}),
            ...(options.restRatio !== undefined ? { restRatio: options.restRatio } : {}),
            mayContinue: () => this.renew(),
            ...(ws.checkpointWal ? { checkpoint: () => ws.checkpointWal!() } : {}),
            onStep: (month, step, batch) => {
              if (step === 'batch' || step === 'vacuum') this.ws.supportLog.debug('log-archive', { month, step, ...batch });
              else if (step === 'upgrade-failed') this.ws.supportLog.warn('log-archive', { month, step, message: this.upgradeError(month) });
              else this.ws.supportLog.info('log-archive', { month, step });
            },
          });
  }

  /** Schedules the runs (the app calls it; CLI commands that only read leave it off). */
  start(): void {
    if (!this.archiver || this.timer || this.stopped) return;
    this.timer = setTimeout(() => this.tick(), this.options.startDelayMs ?? 30_000);
    this.timer.unref();
  }

  /** One run now: finish interrupted work, archive due months, give space back. false: another process holds the archive lease. */
  async runNow(): Promise<boolean> {
    if (!this.archiver || this.stopped) return true;
    if (!this.take()) return false;
    try {
      await this.archiver.run(this.retention.get().keepMonths);
      return true;
    } finally {
      try {
        if (this.ws.db.open) this.ws.store.leases.release(ARCHIVE_LEASE, this.holder);
      } catch {
        // a locked database: the lease expires by itself
      }
    }
  }

  /** Stores the months kept live and starts a run in the background. */
  setKeepMonths(keepMonths: number): RetentionView {
    this.retention.set({ keepMonths });
    if (this.timer) this.kick();
    return this.view();
  }

  view(): RetentionView {
    const mode = this.archiver?.incrementalVacuum;
    return {
      keepMonths: this.retention.get().keepMonths,
      months: this.archiver?.status() ?? [],
      reclaim: this.archiver === null ? 'none' : mode ? 'incremental' : 'reuse',
      running: this.running,
    };
  }

  /** The archive months the delivery log may search (their files in place). */
  searchable(): { month: string; path: string; phase: 'deleting' | 'done' }[] {
    return this.archiver?.searchable() ?? [];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.archiver?.stop();
  }

  private running = false;

  /** Why a month's archive could not be upgraded (its status), for the support log. */
  private upgradeError(month: string): string {
    const m = this.archiver?.status().find((x) => x.month === month);
    return `archive of ${month} not upgraded (${m?.upgrade ?? 'unknown'}): ${m?.error ?? ''}`;
  }

  private tick(): void {
    this.kick();
    this.timer = setTimeout(() => this.tick(), this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    this.runNow()
      .catch((e: unknown) => this.ws.supportLog.warn('log-archive', { message: `archiving stopped: ${(e as Error).message}` }, e))
      .finally(() => {
        this.running = false;
      });
  }

  private take(): boolean {
    const leases = this.ws.store.leases;
    const now = this.ws.now();
    let ok = leases.acquire(ARCHIVE_LEASE, this.holder, this.ttl, now);
    if (!ok) {
      const cur = leases.get(ARCHIVE_LEASE);
      if (cur && holderIsDead(cur.holder)) ok = leases.takeOver(ARCHIVE_LEASE, cur.holder, this.holder, this.ttl, now);
    }
    if (ok) this.lastRenew = now;
    return ok;
  }

  /** Renews the lease a third of its time after the last renewal; false once another process has it. */
  private renew(): boolean {
    if (this.stopped) return false;
    const now = this.ws.now();
    if (now - this.lastRenew < this.ttl / 3) return true;
    try {
      if (!this.ws.store.leases.acquire(ARCHIVE_LEASE, this.holder, this.ttl, now)) return false;
    } catch {
      return false;
    }
    this.lastRenew = now;
    return true;
  }
}
