// The delivery log's reach into archived months (docs/architecture.md "Log archives"): for a
// planned filter, the archives its date range reaches (every one without a range), each read with
// the filter's own parts qualified by the archive's schema, merged with the live parts by
// (created_at, id) like the parts of one file. A month whose live rows are still being deleted
// (its archive complete and verified) is read from the archive only: its live parts leave the
// month out, so no message is listed twice. An archive written at another schema version than this
// build reads is not searched (named as not upgraded yet, or unreadable): its live rows, if any are
// left, are read as usual.
import type { LogArchives } from '../../../shared/ipc/contract/log.js';
import { archivePath } from '../archive/archive-files.js';
import { archiveSchema, ARCHIVES_PER_QUERY, type ArchiveSource } from '../archive/archive-reader.js';
import { archiveVersion } from '../archive/archive-version.js';
import type { JournalRow } from '../archive/journal.js';
import { monthRange, parseMonth, rangeReachesMonth } from '../archive/months.js';
import type { Part, PlannedFilter } from './filter.js';

export interface ArchiveReach {
  parts: Part[];
  /** The archives to attach (none: the live connection answers alone). */
  sources: ArchiveSource[];
  /** null when the filter reaches no archived month. */
  archives: LogArchives | null;
}

export function reachArchives(rows: readonly JournalRow[], dbPath: string, filter: PlannedFilter, liveParts: Part[]): ArchiveReach {
  const reached = rows
    .filter((r) => r.phase !== 'copying' && rangeReachesMonth(parseMonth(r.month)!, filter.from, filter.to))
    .sort((a, b) => b.month.localeCompare(a.month));
  if (reached.length === 0) return { parts: liveParts, sources: [], archives: null };
  // Only an archive of this version's log tables is read with this version's SQL; the others are
  // named instead (upgrades/registry.ts).
  const versions = new Map(reached.map((r) => [r, archiveVersion(archivePath(dbPath, r.file))]));
  const present = reached.filter((r) => versions.get(r) !== null);
  const readable = present.filter((r) => versions.get(r)?.fit === 'current');
  const searched = readable.slice(0, ARCHIVES_PER_QUERY);
  const sources = searched.map((r) => ({ schema: archiveSchema(r.month), month: r.month, path: archivePath(dbPath, r.file), checksum: r.checksum, version: versions.get(r)!.version! }));
  const draining = searched.filter((r) => r.phase === 'deleting').map((r) => monthRange(parseMonth(r.month)!));
  const live = draining.length === 0 ? liveParts : liveParts.map((p) => leaveOut(p, draining));
  const archived = sources.flatMap((s) => liveParts.map((p) => ({ ...p, source: s.schema })));
  return {
    parts: [...live, ...archived],
    sources,
    archives: {
      searched: searched.map((r) => r.month),
      missing: reached.filter((r) => !present.includes(r)).map((r) => r.month),
      notSearched: readable.slice(ARCHIVES_PER_QUERY).map((r) => r.month),
      notUpgraded: present.filter((r) => versions.get(r)?.fit === 'older').map((r) => r.month),
      unreadable: present.filter((r) => !readable.includes(r) && versions.get(r)?.fit !== 'older').map((r) => r.month),
    },
  };
}

/** Whether a search read every archived month it reached (none missing, left out, not upgraded or unreadable). */
export function everyArchiveSearched(a: LogArchives): boolean {
  return a.missing.length === 0 && a.notSearched.length === 0 && a.notUpgraded.length === 0 && a.unreadable.length === 0;
}

/** A live part without the months whose rows the archive answers for. */
function leaveOut(part: Part, ranges: readonly [number, number][]): Part {
  const where = [...part.where];
  const params: Record<string, unknown> = { ...part.params };
  ranges.forEach(([from, to], i) => {
    where.push(`NOT (m.created_at >= @drainFrom${i} AND m.created_at < @drainTo${i})`);
    params[`drainFrom${i}`] = from;
    params[`drainTo${i}`] = to;
  });
  return { ...part, where, params };
}
