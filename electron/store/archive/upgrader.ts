// Brings archives written at an older schema version up to the current one, in the background
// (docs/architecture.md "Log archives"). The conversion runs on the archive thread (upgrade-job.ts);
// the main thread only reads each archive's version (a short read-only open), checks that the
// folder takes a new file, and publishes the result: the new file synced, renamed over the old one
// (atomic on one file system) and the folder synced. Until then the old archive is untouched, so a
// crash (even SIGKILL) at any point leaves either the old archive or the new one, never neither;
// what a crash leaves of an upgrade (<archive>.upgrading, its chain's step files) is removed at the
// next start and the upgrade begins again.
//
// An archive reached through a symbolic link is upgraded where the link points (the operator put it
// there). A folder that does not take a new file (read-only media, permissions) or a failed
// conversion is reported in the month's status; the Delivery log leaves such an archive out and
// says why, and the next run tries again.
import { constants } from 'node:fs';
import { access, open, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ArchiveUpgradeState } from '../../../shared/ipc/contract/settings.js';
import { archivePath, publishArchive, removeIfPresent } from './archive-files.js';
import { archiveVersion } from './archive-version.js';
import { runArchiveJob } from './archive-worker.js';
import type { JournalRow } from './journal.js';
import { VERIFIED_TABLES } from './upgrades/conversion.js';
import { ARCHIVE_TARGET_VERSION, conversionsFrom } from './upgrades/registry.js';

export interface UpgradeProblem {
  state: ArchiveUpgradeState;
  error?: string;
}

export type UpgradeStep = 'upgrade-begun' | 'upgraded' | 'upgrade-failed' | 'upgrade-recovered';

export interface UpgraderOptions {
  signal: AbortSignal;
  /** Checked before each archive: false stops the run there. */
  proceed: () => boolean;
  onStep?: (month: string, step: UpgradeStep) => void;
}

export function upgradingPath(path: string): string {
  return `${path}.upgrading`;
}

export class ArchiveUpgrader {
  /** Archives that could not be upgraded in this process, by month. */
  private readonly problems = new Map<string, UpgradeProblem>();

  constructor(
    private readonly dbPath: string,
    private readonly options: UpgraderOptions,
  ) {}

  /** Whether the month's archive (in place) can be read by this build; undefined when it can. */
  problem(row: JournalRow): UpgradeProblem | undefined {
    const v = archiveVersion(archivePath(this.dbPath, row.file));
    if (v === null || v.fit === 'current') return undefined;
    if (v.fit === 'newer' || v.fit === 'unreadable') return { state: v.fit };
    return this.problems.get(row.month) ?? { state: 'pending' };
  }

  /** Removes what an interrupted upgrade left beside each archive (the archives themselves are whole). */
  async recover(rows: readonly JournalRow[]): Promise<void> {
    for (const row of rows) {
      if ((await this.removeLeftovers(row)) > 0) this.options.onStep?.(row.month, 'upgrade-recovered');
    }
  }

  /** Removes <archive>.upgrading and its chain's step files (<archive>.upgrading-<version>); returns how many there were. */
  private async removeLeftovers(row: JournalRow): Promise<number> {
    const path = await this.target(archivePath(this.dbPath, row.file));
    const dir = dirname(path);
    const prefix = basename(upgradingPath(path));
    const left = await readdir(dir).catch(() => [] as string[]);
    const leftovers = left.filter((n) => n === prefix || (n.startsWith(`${prefix}-`) && /^\d+$/.test(n.slice(prefix.length + 1))));
    for (const name of leftovers) await removeIfPresent(join(dir, name)).catch(() => undefined);
    return leftovers.length;
  }

  /** Upgrades every archived month whose file is in place and older than this build reads. */
  async run(rows: readonly JournalRow[]): Promise<void> {
    for (const row of rows) {
      if (row.phase !== 'done') continue;
      if (!this.options.proceed()) return;
      const v = archiveVersion(archivePath(this.dbPath, row.file));
      if (v === null || v.fit !== 'older') continue;
      await this.upgrade(row, v.version);
    }
  }

  private async upgrade(row: JournalRow, fromVersion: number): Promise<void> {
    const path = await this.target(archivePath(this.dbPath, row.file));
    const upgrading = upgradingPath(path);
    this.problems.delete(row.month);
    const readOnly = await writable(dirname(path), upgrading).catch((e: Error) => e);
    if (readOnly !== null) {
      this.problems.set(row.month, readOnly instanceof Error ? { state: 'failed', error: readOnly.message } : { state: 'read-only', error: readOnly });
      this.options.onStep?.(row.month, 'upgrade-failed');
      return;
    }
    this.options.onStep?.(row.month, 'upgrade-begun');
    try {
      await runArchiveJob(
        { kind: 'upgrade', archivePath: path, upgradingPath: upgrading, fromVersion, targetVersion: ARCHIVE_TARGET_VERSION, steps: conversionsFrom(fromVersion), verified: VERIFIED_TABLES },
        this.options.signal,
      );
      await publishArchive(upgrading, path);
    } catch (e) {
      await this.removeLeftovers(row).catch(() => 0);
      if (this.options.signal.aborted) return;
      this.problems.set(row.month, { state: 'failed', error: (e as Error).message });
      this.options.onStep?.(row.month, 'upgrade-failed');
      return;
    }
    this.options.onStep?.(row.month, 'upgraded');
  }

  /** The file a name beside the database stands for (a link's target). */
  private async target(path: string): Promise<string> {
    return realpath(path).catch(() => path);
  }
}

/** null when a new file can be made in `dir`; else why not. */
async function writable(dir: string, probe: string): Promise<string | null> {
  try {
    await access(dir, constants.W_OK);
    const file = await open(probe, 'w');
    await file.close();
    await removeIfPresent(probe);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return `the folder ${dir} is read-only (${code})`;
    throw e;
  }
}
