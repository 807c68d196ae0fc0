// The seeded file's archives follow it when a schema upgrade renames it (log-seed.ts): the archive
// files beside it take the new name, and the journal (log_archives) names them so, with the record
// of the archives (log-seed-archives.ts). Apart from the archive seeding so the seeder need not
// import it.
import type Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Renames `<from>.archive-*` files in `dir` to `<to>.archive-*` and the journal's names with them. */
export function renameArchives(db: Database.Database, dir: string, from: string, to: string): void {
  const rename = db.prepare('UPDATE log_archives SET file = ? WHERE file = ?');
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(`${from}.archive-`)) continue;
    const renamed = to + f.slice(from.length);
    renameSync(join(dir, f), join(dir, renamed));
    rename.run(renamed, f);
  }
  const record = join(dir, `${from}.archives.json`);
  if (existsSync(record)) {
    writeFileSync(join(dir, `${to}.archives.json`), readFileSync(record, 'utf8').split(join(dir, from)).join(join(dir, to)));
    rmSync(record);
  }
}
