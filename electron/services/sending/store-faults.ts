// What the engine does when a write to the database fails: another program holds the file's lock
// past busy_timeout (SQLITE_BUSY), the disk is full (SQLITE_FULL), or the OS refused a write
// (SQLITE_IOERR). None of these may kill the process or lose an outcome: each place that writes
// (claiming work, marking it handed over, recording outcomes, storing status reports, the periodic
// housekeeping, crash recovery) keeps what it could not write in memory and tries again after a
// back-off that doubles up to a ceiling. The operator is told once when the database becomes
// unwritable (with, for a full disk, roughly how much space sending needs) and once when it is
// writable again; meanwhile `current` says what is wrong, for a banner that stays until then.
import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type StoreFaultKind = 'busy' | 'full' | 'io' | 'other';

export interface StoreFault {
  kind: StoreFaultKind;
  /** Which write failed first (claim, hand-over, outcomes, reports, housekeeping, recovery). */
  site: string;
  message: string;
  since: number;
  /** For a full disk: free bytes the database needs to go on (an estimate), and free bytes now. */
  neededBytes?: number;
  freeBytes?: number;
}

export interface StoreFaultHost {
  readonly dbPath: string;
  now(): number;
  /** `error` (optional) goes to the support log with its stack. */
  log(e: { level: 'info' | 'warn' | 'error'; code: string; message: string; params?: Record<string, string | number> }, error?: unknown): void;
  /** The fault began (a StoreFault) or ended (null). */
  faultChanged(fault: StoreFault | null): void;
  /** Tries to give space back after SQLITE_FULL (a WAL checkpoint that truncates it). */
  relieveFullDisk?(): void;
  /** Writes go again after a full disk, with `freeBytes` free: keep the WAL well below that. */
  afterFullDisk?(freeBytes: number | undefined): void;
}

/** SQLite's error code of a driver error ('SQLITE_BUSY', 'SQLITE_FULL', ...) sorted into kinds. */
export function faultKind(e: unknown): StoreFaultKind {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return 'other';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'full';
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  return 'other';
}

/** Room the database needs beyond its WAL to go on (its checkpointed pages, some sending). */
const SPACE_MARGIN = 8 * 1024 * 1024;

/** Estimate of the free space a full disk needs: the WAL may grow to its size again, plus a margin. */
export function spaceEstimate(dbPath: string): { neededBytes: number; freeBytes: number | undefined } {
  let wal = 0;
  try {
    wal = statSync(`${dbPath}-wal`).size;
  } catch {
    // no WAL file
  }
  let freeBytes: number | undefined;
  try {
    const s = statfsSync(dirname(dbPath));
    freeBytes = Number(s.bavail) * Number(s.bsize);
  } catch {
    // statfs unsupported here
  }
  return { neededBytes: wal + SPACE_MARGIN, freeBytes };
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export class StoreFaults {
  private readonly failing = new Map<string, { attempts: number; retryAt: number }>();
  private fault: StoreFault | null = null;

  constructor(
    private readonly host: StoreFaultHost,
    private readonly minMs = 50,
    private readonly maxMs = 5000,
  ) {}

  /** The database's trouble now, or null (for a banner shown until it clears). */
  get current(): StoreFault | null {
    return this.fault;
  }

  /** The disk is full: new work waits (it could be claimed but its outcome not recorded). */
  get diskFull(): boolean {
    return this.fault?.kind === 'full';
  }

  /** ms until `site` may try again (0: now). */
  waitMs(site: string): number {
    const f = this.failing.get(site);
    return f ? Math.max(0, f.retryAt - this.host.now()) : 0;
  }

  /** Failed attempts in a row at `site` (0: its last write went through), for the support view and tests. */
  attempts(site: string): number {
    return this.failing.get(site)?.attempts ?? 0;
  }

  /** A write at `site` failed: returns the back-off before its next attempt. Never throws. */
  failed(site: string, e: unknown): number {
    const prev = this.failing.get(site);
    const attempts = (prev?.attempts ?? 0) + 1;
    const delay = Math.min(this.maxMs, this.minMs * 2 ** Math.min(attempts - 1, 16));
    const now = this.host.now();
    this.failing.set(site, { attempts, retryAt: now + delay });
    const kind = faultKind(e);
    const message = e instanceof Error ? e.message : String(e);
    if (kind === 'full') {
      try {
        this.host.relieveFullDisk?.();
      } catch {
        // no room for the checkpoint either: only freeing space helps, the notice says how much
      }
    }
    if (this.fault && this.fault.kind === kind) return delay;
    const fault: StoreFault = { kind, site, message, since: now };
    if (kind === 'full') Object.assign(fault, spaceEstimate(this.host.dbPath));
    this.fault = fault;
    const params = kind === 'full' ? { needed: mb(fault.neededBytes ?? SPACE_MARGIN) } : undefined;
    this.host.log({ level: kind === 'other' ? 'error' : 'warn', code: `store-${kind}`, message: describe(fault, this.host.dbPath), ...(params ? { params } : {}) }, e);
    this.host.faultChanged(fault);
    return delay;
  }

  /** A write at `site` succeeded: its back-off ends; when no site fails any more, the fault clears. */
  ok(site: string): void {
    if (this.failing.size === 0 || !this.failing.delete(site)) return;
    if (this.failing.size > 0 || !this.fault) return;
    const was = this.fault;
    this.fault = null;
    if (was.kind === 'full') {
      try {
        this.host.afterFullDisk?.(spaceEstimate(this.host.dbPath).freeBytes);
      } catch {
        // a pragma on a closing database: nothing to keep small any more
      }
    }
    const seconds = Math.round((this.host.now() - was.since) / 1000);
    this.host.log({ level: 'info', code: 'store-recovered', message: `the database is writable again after ${seconds} s; sending goes on`, params: { seconds } });
    this.host.faultChanged(null);
  }
}

/** The operator's text for a fault (CLI, UI log, support log). */
export function describe(f: StoreFault, dbPath: string): string {
  switch (f.kind) {
    case 'busy':
      return `another program holds the database ${dbPath} locked (${f.message}); writes are retried, nothing is lost meanwhile`;
    case 'full': {
      const free = f.freeBytes !== undefined ? ` (${mb(f.freeBytes)} free now)` : '';
      return `the disk holding ${dbPath} is full${free}: sending is paused until about ${mb(f.neededBytes ?? SPACE_MARGIN)} are free; it resumes by itself, nothing is sent twice`;
    }
    case 'io':
      return `the database ${dbPath} could not be written (${f.message}); writes are retried`;
    default:
      return `writing to the database failed at ${f.site}: ${f.message}; retried with back-off`;
  }
}
