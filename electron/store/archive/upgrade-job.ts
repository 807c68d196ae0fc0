// The archive upgrade's heavy part, on the archive thread (archive-worker.ts runs it beside the copy
// and the check, with their id checksums and integrity check): an archive written at an older
// schema version becomes <archive>.upgrading, built by the conversions from its version to the
// current one (upgrades/registry.ts), each into a new file from the previous one attached as `old`
// (a chain of several writes <upgrading>-<version> files between them, removed as it goes). Each
// step carries over the tables its conversion did not create or drop (their text, rows and
// indexes) and archive_meta, then is verified before the next: per table the ids its conversion
// says the new table holds (by default the old table's, one for one) against the new table's, by
// the same order-independent checksum as the copy. The last file is stamped with the current
// version, integrity-checked and its checksum recorded. Each file is written as the copy writes an
// archive (rows appended in id order, indexes built after them; a conversion's SQL does so too), so
// it is compact without a VACUUM, which would write the whole month a second time. The archive
// itself is only read: the caller renames the result over it (upgrader.ts).
import type { ArchiveConversion } from './upgrades/conversion.js';

export interface UpgradeJob {
  kind: 'upgrade';
  archivePath: string;
  /** The result's path (<archive>.upgrading). */
  upgradingPath: string;
  /** The archive's version as read before the job: the job refuses a file of another one. */
  fromVersion: number;
  /** The version the result is stamped with. */
  targetVersion: number;
  steps: readonly ArchiveConversion[];
  /** The tables whose ids each step verifies. */
  verified: readonly string[];
}

/** The worker's function `upgrade()` (it uses the thread's `job`, `Database`, `ids`, `integrity` and `archiveSums`). */
export const UPGRADE_WORKER = String.raw`
const metaVersion = (db, schema) => Number(db.prepare('SELECT value FROM ' + schema + ".archive_meta WHERE key = 'schema_version'").pluck().get());
function upgradeStep(source, target, step, version) {
  require('node:fs').rmSync(target, { force: true });
  const db = new Database(target);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -4096');
    db.pragma('temp_store = FILE');
    db.prepare('ATTACH DATABASE ? AS old').run(source);
    db.pragma('old.cache_size = -4096');
    db.exec(step.build);
    const made = new Set([...db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'").pluck().all(), ...(step.dropped || [])]);
    const carried = db.prepare("SELECT name, sql FROM old.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all().filter((t) => !made.has(t.name));
    for (const t of carried) {
      db.exec(t.sql);
      db.exec('INSERT INTO main."' + t.name + '" SELECT * FROM old."' + t.name + '"');
    }
    const indexes = db.prepare("SELECT sql FROM old.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY rowid").pluck();
    for (const sql of indexes.all(JSON.stringify(carried.map((t) => t.name)))) db.exec(sql);
    if (step.finish) db.exec(step.finish);
    db.prepare("UPDATE main.archive_meta SET value = ? WHERE key = 'schema_version'").run(String(version));
    for (const table of job.verified) {
      const expected = step.expectedIds && table in step.expectedIds ? step.expectedIds[table] : 'SELECT id FROM old.' + table + ' ORDER BY id';
      if (expected === null) continue;
      const want = ids(db, expected).text();
      const got = ids(db, 'SELECT id FROM main.' + table + ' ORDER BY id').text();
      if (want !== got) throw new Error('the conversion to ' + step.version + ' (' + step.name + ') left ' + table + ' with ids ' + got + ', expected ' + want);
    }
    db.exec('DETACH DATABASE old');
  } finally {
    db.close();
  }
}
function upgrade() {
  const fs = require('node:fs');
  const first = new Database(job.archivePath, { readonly: true, fileMustExist: true });
  try {
    const found = metaVersion(first, 'main');
    if (found !== job.fromVersion) throw new Error('the archive is at version ' + found + ', not ' + job.fromVersion + ' as read before');
  } finally {
    first.close();
  }
  let source = job.archivePath;
  job.steps.forEach((step, i) => {
    const last = i === job.steps.length - 1;
    const target = last ? job.upgradingPath : job.upgradingPath + '-' + step.version;
    upgradeStep(source, target, step, last ? job.targetVersion : step.version);
    if (source !== job.archivePath) fs.rmSync(source, { force: true });
    source = target;
  });
  const db = new Database(job.upgradingPath);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('foreign_keys = OFF');
    integrity(db, 'main');
    const sums = archiveSums(db, 'main');
    const meta = db.prepare('INSERT OR REPLACE INTO archive_meta (key, value) VALUES (?, ?)');
    meta.run('checksum', sums.checksum);
    meta.run('upgraded_from', String(job.fromVersion));
    return sums;
  } finally {
    db.close();
  }
}
`;
