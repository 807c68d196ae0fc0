// Every released archive conversion agrees with the migrations, for an archive written at every
// version from 10 on, when archives began (fixtures/log-at-version.ts writes them as those versions did): the archive
// upgraded through whatever conversions are registered after its version is the very archive the
// current code writes of the same rows migrated live (schema text, indexes and every row), and the
// Delivery log's search, detail and export find the same over it. A migration that changes the log
// tables without a conversion fails here: the old archive, read as current, differs.
import { copyFileSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { exportDeliveryLog } from '../../electron/services/log/log-export.js';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { LogArchiver } from '../../electron/store/archive/archiver.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import { archiveFit, conversionsFrom } from '../../electron/store/archive/upgrades/registry.js';
import { openDatabase } from '../../electron/store/database.js';
import { latestVersion } from '../../electron/store/migrations.js';
import type { Store } from '../../electron/store/store.js';
import { archiveAsWritten, SEEDED_VERSIONS, seedAtVersion } from './fixtures/log-at-version.js';
import { fixtureAccount, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const NOW = Date.UTC(2026, 11, 6, 9, 0);
const FEB = monthRange(parseMonth('2026-02')!);
const NOV = monthRange(parseMonth('2026-11')!);

/** Everything the log finds over all time, and in detail for a few messages. */
async function logOf(store: Store, name: string): Promise<unknown> {
  const out = tmp.file(`${name}.csv`);
  await exportDeliveryLog(store.log, { format: 'csv', out, filter: {} });
  const search = store.log.search({}, 1000);
  const feb = store.log.search({ from: FEB[0], to: FEB[1], stat: 'UNDELIV' }, 1000);
  const ids = search.entries.filter((_, i) => i % 37 === 0).map((e) => e.id);
  return {
    archives: search.archives,
    entries: search.entries,
    undeliv: feb.entries.map((e) => e.id),
    rows: store.log.exportPage({}, 10_000).rows,
    details: ids.map((id) => store.log.detail(id)),
    sentWith: ids.map((id) => store.log.sentWith(id)),
    csv: readFileSync(out, 'utf8'),
  };
}

/** Schema text and every row of an archive, archive_meta aside. */
function contentOf(path: string): { schema: unknown[]; rows: Record<string, unknown[]> } {
  const db = new Database(path, { readonly: true });
  try {
    const schema = db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'archive_meta' ORDER BY type, name`).all();
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('archive_meta') AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    return { schema, rows: Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all()])) };
  } finally {
    db.close();
  }
}

function metaOf(path: string): Record<string, string> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(db.prepare('SELECT key, value FROM archive_meta').raw().all() as [string, string][]);
  } finally {
    db.close();
  }
}

describe('released archive conversions', () => {
  for (const version of SEEDED_VERSIONS.filter((v) => v <= latestVersion)) {
    const chain = conversionsFrom(version).map((c) => c.version);
    it(`an archive written at version ${version} (conversions: ${chain.join(', ') || 'none'}) reads as the archive of the same rows migrated`, async () => {
      // The database at `version`, its February written as that version did, and its archive.
      const old = tmp.file(`at-${version}.db`);
      const db = openDatabase(old, { targetVersion: version });
      const accountId = fixtureAccount(db, NOW);
      const campaignId = Number(
        db.prepare(`INSERT INTO campaigns (name, account_id, text, service_id, fee_type, fee_code, fee_user_type, fee_terminal_id, src_id_ext,
          registered_delivery, valid_time, at_time, state, created_by, created_at, updated_at)
          VALUES ('c', ?, '您好', 'test', '02', '5', 0, '', '01', 1, '', '', 'completed', 'me', ?, ?)`).run(accountId, NOW, NOW).lastInsertRowid,
      );
      seedAtVersion(version, db, { accountId, campaignId, from: FEB[0], to: FEB[1], count: 600 });
      seedAtVersion(version, db, { accountId, campaignId, from: NOV[0], to: NOV[0] + 86_400_000, count: 60 });
      db.close();
      const written = tmp.file(`written-at-${version}.sqlite`);
      archiveAsWritten(old, written, '2026-02', FEB[0], FEB[1]);

      // The same database migrated by this version, and February archived by it.
      const live = tmp.file(`live-${version}.db`);
      copyFileSync(old, live);
      const store = openTestStore(live);
      try {
        store.outbox.recount(campaignId);
        const archiver = new LogArchiver(store.db, live, { now: () => NOW });
        await archiver.run(6);
        const current = tmp.file(archiveFileName(live, '2026-02'));
        const want = await logOf(store, `want-${version}`);
        const wantContent = contentOf(current);
        expect((want as { rows: unknown[] }).rows.length).toBeGreaterThan(660);

        // The old archive in its place: upgraded by the background run where a conversion follows it.
        copyFileSync(written, current);
        if (archiveFit(version) === 'older') {
          expect(store.log.search({}, 1).archives?.notUpgraded).toEqual(['2026-02']);
          await archiver.run(6);
          expect(archiver.status()[0]).toMatchObject({ month: '2026-02', state: 'archived' });
          expect(archiver.status()[0]!.upgrade, archiver.status()[0]!.error).toBeUndefined();
          expect(metaOf(current)).toMatchObject({ schema_version: String(latestVersion), upgraded_from: String(version) });
        }
        expect(contentOf(current)).toEqual(wantContent);
        expect(await logOf(store, `got-${version}`)).toEqual(want);
      } finally {
        store.close();
      }
    });
  }
});
