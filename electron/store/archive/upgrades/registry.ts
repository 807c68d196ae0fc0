// The archive conversions: how an archive written at an older schema version becomes one the
// current code reads (docs/architecture.md "Log archives", "Archives of older versions").
//
// HOW TO ADD A CONVERSION (a migration that changes messages, segments, status_reports or
// report_origins, or their indexes, needs one; other migrations need none):
//   1. Add `upgrades/NNNN-<name>.ts` (NNNN: your migration's version; 0015 is an example) exporting
//      `conversion: ArchiveConversion` (conversion.ts) with LITERAL SQL, frozen once released like
//      the migration itself (test/store/archive-conversions.test.ts pins its SHA-256: add it there).
//      `build` runs on the new archive file (`main`) with the archive of the previous version
//      attached as `old`: it creates the tables your migration changed (as your migration leaves
//      them, indexes included) and fills them from `old.*` (in id order, the indexes created after
//      the rows: the file then needs no VACUUM). It only reads `old`.
//      Tables it does not create are carried over unchanged (text, rows and indexes), and so is
//      archive_meta; `finish` (optional) runs after that, for changes to a carried table's indexes;
//      `dropped` names the old tables the new version no longer has (a table renamed or removed).
//   2. If a table's rows are not the old table's rows one for one (rows folded into another table,
//      a table dropped), say in `expectedIds` which ids of `old` the new table must hold.
//   3. Import it below and append it to CONVERSIONS, in version order. An archive is then searched
//      only once upgraded (in the background, on the archive thread: upgrader.ts).
// test/store/archive-upgrade-released.test.ts then writes an archive at every version from 10 on as
// that version did, upgrades it through every conversion after it, and checks it is the archive
// this version writes of the same rows migrated live, and that the Delivery log finds the same.
import { latestVersion } from '../../migrations.js';
import { conversion as v13 } from './0013-compact-reports-and-segments.js';
import { conversion as v15 } from './0015-failure-stat-index-by-state.js';
import { conversion as v17 } from './0017-compact-messages.js';
import { conversion as v18 } from './0018-segment-state-codes.js';
import { conversion as v19 } from './0019-first-report-in-segment.js';
import { conversion as v20 } from './0020-message-number-integers.js';
import { conversion as v21 } from './0021-segment-stat-implied.js';
import type { ArchiveConversion } from './conversion.js';

/** Every released conversion, in version order. */
const CONVERSIONS: readonly ArchiveConversion[] = [v13, v15, v17, v18, v19, v20, v21];

/** The list in effect instead of CONVERSIONS: the upgrade framework's own tests set one of theirs. */
let override: readonly ArchiveConversion[] | null = null;

/** The conversions in effect, in version order. */
export function archiveConversions(): readonly ArchiveConversion[] {
  return override ?? CONVERSIONS;
}

/**
 * Puts other conversions in effect instead of the product's (tests of the upgrade itself, with
 * changes of their own, unaffected by the real ones); returns the undo.
 */
export function overrideArchiveConversions(conversions: readonly ArchiveConversion[]): () => void {
  const versions = conversions.map((c) => c.version);
  if (versions.some((v, i) => v < 1 || v > latestVersion || (i > 0 && v <= versions[i - 1]!))) {
    throw new RangeError(`conversions must convert to schema versions of this build, in increasing order: ${versions.join(', ')}`);
  }
  override = conversions;
  return () => {
    override = null;
  };
}

/** The conversions an archive at `version` goes through, in order (none: readable as it is). */
export function conversionsFrom(version: number): ArchiveConversion[] {
  return archiveConversions().filter((c) => c.version > version);
}

/**
 * How an archive at `version` fits the current code: current (its log tables are the ones this
 * build reads: no conversion after its version), older (to be upgraded first), newer (written
 * by a newer build: never read with this build's SQL).
 */
export type ArchiveFit = 'current' | 'older' | 'newer';

export function archiveFit(version: number): ArchiveFit {
  if (version > latestVersion) return 'newer';
  return conversionsFrom(version).length > 0 ? 'older' : 'current';
}

/** The version an upgraded archive is stamped with: the live schema's, as a new archive is. */
export const ARCHIVE_TARGET_VERSION = latestVersion;
