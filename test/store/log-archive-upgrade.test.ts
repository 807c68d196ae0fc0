// Archives written at an older schema version (docs/architecture.md "Log archives"), with test
// conversions standing in for a real schema change (fixtures/archive-old-form.ts): until upgraded
// such an archive is not searched and the log says so (never this version's SQL over another
// version's tables: the version is checked at attach time too); the background run upgrades it,
// through a chain of conversions where there are several, and the views, search and export then
// find exactly the rows they found before the archive was made old. A conversion that loses rows
// fails its verification and leaves the old archive; a missing, newer or read-only archive is
// reported, not an error (in the months' status, and by the archive service in the support log);
// what an interrupted upgrade left is removed at the next run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LogArchiveService } from '../../electron/services/archive/log-archive-service.js';
import { exportDeliveryLog } from '../../electron/services/log/log-export.js';
import { archiveFileName } from '../../electron/store/archive/archive-files.js';
import { ArchiveReader, ArchiveVersionError } from '../../electron/store/archive/archive-reader.js';
import { LogArchiver, type ArchiveStep } from '../../electron/store/archive/archiver.js';
import { monthRange, parseMonth } from '../../electron/store/archive/months.js';
import { overrideArchiveConversions } from '../../electron/store/archive/upgrades/registry.js';
import type { ExportRow } from '../../electron/store/log/delivery-log.js';
import { LogViews } from '../../electron/store/log/views.js';
import { latestVersion } from '../../electron/store/migrations.js';
import type { Store } from '../../electron/store/store.js';
import type { LogArchives } from '../../shared/ipc/contract/log.js';
import { archiveForm, makeOld, ONE_BACK, testConversions, TWO_BACK } from './fixtures/archive-old-form.js';
import { seedLogMonth } from './fixtures/log-months.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
const dbPath = tmp.file('upgrade.db');
const NOW = Date.UTC(2026, 11, 6, 9, 0);
const month = (name: string) => monthRange(parseMonth(name)!);
const feb = tmp.file(archiveFileName(dbPath, '2026-02'));
const mar = tmp.file(archiveFileName(dbPath, '2026-03'));
let store: Store;
let views: LogViews;
let conversions: ReturnType<typeof testConversions>;
let undo: (() => void) | null = null;
const baseline = { ids: [] as number[], csv: '', rows: [] as ExportRow[] };

beforeAll(async () => {
  store = openTestStore(dbPath);
  const accountId = store.accounts.create(accountInput()).id;
  const campaignId = store.campaigns.create({ name: 'c', accountId, text: 'x' }).id;
  store.transaction(() => {
    for (const [m, count, c] of [['2026-02', 700, campaignId], ['2026-03', 900, null], ['2026-11', 400, campaignId]] as const) {
      const [from, to] = month(m);
      seedLogMonth(store.db, { accountId, campaignId: c, from, to, count });
    }
  });
  store.outbox.recount(campaignId);
  archiver = new LogArchiver(store.db, dbPath, { now: () => NOW, onStep: (m, s: ArchiveStep) => steps.push(`${m} ${s}`) });
  await run();
  views = new LogViews(store, { step: 16 });
  conversions = testConversions(dbPath);
  Object.assign(baseline, await everything('baseline'));
  expect(baseline.ids).toHaveLength(2000);
});

afterEach(() => {
  undo?.();
  undo = null;
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

/** The steps of the last run. */
const steps: string[] = [];
let archiver: LogArchiver;

/** One background run, as the service makes it (the same archiver throughout: it keeps the months' problems). */
async function run(): Promise<string[]> {
  steps.length = 0;
  await archiver.run(6);
  return [...steps];
}

/** What the log finds over all time: the view's ids and archives, the CSV export, the export rows. */
async function everything(name: string): Promise<{ ids: number[]; archives: LogArchives | undefined; total: number; csv: string; rows: ExportRow[] }> {
  const { viewId } = views.open({});
  const total = await views.count(viewId);
  const ids: number[] = [];
  let archives: LogArchives | undefined;
  for (let offset = 0; offset < total; offset += 500) {
    const page = await views.page(viewId, offset, 500);
    archives = page.archives;
    ids.push(...page.rows.map((r) => r.id));
  }
  views.close(viewId);
  const out = tmp.file(`${name}.csv`);
  await exportDeliveryLog(store.log, { format: 'csv', out, filter: {} });
  return { ids, archives, total, csv: readFileSync(out, 'utf8'), rows: store.log.exportPage({}, 5000).rows };
}

const allSearched: LogArchives = { searched: ['2026-03', '2026-02'], missing: [], notSearched: [], notUpgraded: [], unreadable: [] };
const statusOf = (name: string) => archiver.status().find((m) => m.month === name)!;
const leftovers = () => readdirSync(tmp.file('.')).filter((n) => n.includes('.upgrading'));

describe('archives of an older schema version', () => {
  it('one version back: not searched until upgraded (the log says so); upgraded, the log finds exactly the rows it found before', async () => {
    undo = overrideArchiveConversions([conversions[1]]);
    const febIds = store.log.exportPage({ from: month('2026-02')[0], to: month('2026-02')[1] }, 5000).rows.map((r) => r.messageId);
    makeOld(feb, ONE_BACK);

    const before = await everything('old');
    expect(before.archives).toEqual({ ...allSearched, searched: ['2026-03'], notUpgraded: ['2026-02'] });
    expect(before.total).toBe(1300);
    expect(before.ids).toEqual(baseline.ids.filter((id) => !febIds.includes(id)));
    expect(() => store.log.detail(febIds[0]!)).toThrow(/does not exist/);
    expect(statusOf('2026-02')).toMatchObject({ state: 'archived', present: true, upgrade: 'pending' });
    // The attach-time check: the reader never attaches it as an archive of this version.
    const reader = new ArchiveReader(dbPath);
    expect(() => reader.connection([{ schema: 'a2026_02', month: '2026-02', path: feb, version: latestVersion }])).toThrow(ArchiveVersionError);
    reader.close();

    const ran = await run();
    expect(statusOf('2026-02').error).toBeUndefined();
    expect(ran).toEqual(['2026-02 upgrade-begun', '2026-02 upgraded']);
    expect(archiveForm(feb)).toEqual({ version: latestVersion, current: true, upgradedFrom: ONE_BACK });
    expect(statusOf('2026-02').upgrade).toBeUndefined();
    const after = await everything('upgraded');
    expect(after.archives).toEqual(allSearched);
    expect(after.ids).toEqual(baseline.ids);
    expect(after.csv).toBe(baseline.csv);
    expect(after.rows).toEqual(baseline.rows);
    expect(store.log.detail(febIds[0]!).segments).toHaveLength(1);
    expect(leftovers()).toEqual([]);
    // The upgraded file has the schema of an archive this version writes.
    expect(schemaOf(feb)).toEqual(schemaOf(mar));
  });

  it('two versions back: a chain of conversions through a step file, verified at each step', async () => {
    undo = overrideArchiveConversions(conversions);
    makeOld(mar, TWO_BACK);
    expect((await everything('two-back')).archives).toEqual({ ...allSearched, searched: ['2026-02'], notUpgraded: ['2026-03'] });
    await run();
    expect(archiveForm(mar)).toEqual({ version: latestVersion, current: true, upgradedFrom: TWO_BACK });
    const after = await everything('chain');
    expect(after.archives).toEqual(allSearched);
    expect(after.csv).toBe(baseline.csv);
    expect(after.rows).toEqual(baseline.rows);
    expect(leftovers()).toEqual([]);
  });

  it('a conversion that loses rows fails its verification: the old archive stays, reported, and is upgraded by a good one later', async () => {
    const [, good] = conversions;
    undo = overrideArchiveConversions([{ ...good, build: `${good.build}\nDELETE FROM main.messages WHERE id % 7 = 0;` }]);
    makeOld(feb, ONE_BACK);
    await run();
    const st = statusOf('2026-02');
    expect(st.upgrade).toBe('failed');
    expect(st.error).toMatch(/left messages with ids/);
    expect(archiveForm(feb)).toMatchObject({ version: ONE_BACK, current: false });
    expect(leftovers()).toEqual([]);
    expect((await everything('failed')).archives?.notUpgraded).toEqual(['2026-02']);
    undo();
    undo = overrideArchiveConversions([good]);
    await run();
    expect((await everything('fixed')).csv).toBe(baseline.csv);
  });

  it('a missing archive is reported missing and skipped; brought back, it is upgraded', async () => {
    undo = overrideArchiveConversions([conversions[1]]);
    makeOld(feb, ONE_BACK);
    renameSync(feb, `${feb}.away`);
    await run();
    expect(statusOf('2026-02')).toMatchObject({ present: false });
    expect(statusOf('2026-02').upgrade).toBeUndefined();
    expect((await everything('away')).archives).toEqual({ ...allSearched, searched: ['2026-03'], missing: ['2026-02'] });
    renameSync(`${feb}.away`, feb);
    expect(statusOf('2026-02').upgrade).toBe('pending');
    await run();
    expect((await everything('back')).csv).toBe(baseline.csv);
  });

  it('an archive of a newer version is named unreadable and left as it is', async () => {
    setVersion(feb, latestVersion + 1);
    await run();
    expect(statusOf('2026-02').upgrade).toBe('newer');
    expect(archiveForm(feb).version).toBe(latestVersion + 1);
    const r = await everything('newer');
    expect(r.archives).toEqual({ ...allSearched, searched: ['2026-03'], unreadable: ['2026-02'] });
    expect(r.total).toBe(1300);
    setVersion(feb, latestVersion);
    expect((await everything('current-again')).csv).toBe(baseline.csv);
  });

  it('what an interrupted upgrade left beside an archive is removed at the next run, and the upgrade begins again', async () => {
    undo = overrideArchiveConversions(conversions);
    makeOld(feb, TWO_BACK);
    writeFileSync(`${feb}.upgrading`, 'half');
    writeFileSync(`${feb}.upgrading-${ONE_BACK}`, 'half');
    expect(await run()).toEqual(['2026-02 upgrade-recovered', '2026-02 upgrade-begun', '2026-02 upgraded']);
    expect(leftovers()).toEqual([]);
    expect((await everything('resumed')).csv).toBe(baseline.csv);
  });
});

describe('the archive service', () => {
  it('upgrades in its background run and tells the support log when an upgrade fails', async () => {
    const lines: string[] = [];
    const note = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${event} ${String(fields?.month)} ${String(fields?.step)} ${String(fields?.message ?? '')}`);
    const supportLog = { error: note('error'), warn: note('warn'), info: note('info'), debug: () => undefined };
    const service = new LogArchiveService({ db: store.db, store, now: () => NOW, supportLog, dbPath });
    const [, good] = conversions;
    undo = overrideArchiveConversions([{ ...good, build: `${good.build}\nDELETE FROM main.messages WHERE id % 7 = 0;` }]);
    makeOld(feb, ONE_BACK);
    expect(await service.runNow()).toBe(true);
    expect(service.view().months.find((m) => m.month === '2026-02')).toMatchObject({ upgrade: 'failed' });
    expect(lines.filter((l) => l.startsWith('warn'))).toEqual([expect.stringMatching(/^warn log-archive 2026-02 upgrade-failed archive of 2026-02 not upgraded \(failed\): .*left messages with ids/)]);
    undo();
    undo = overrideArchiveConversions([good]);
    lines.length = 0;
    expect(await service.runNow()).toBe(true);
    expect(service.view().months.find((m) => m.month === '2026-02')?.upgrade).toBeUndefined();
    expect(lines).toEqual(['info log-archive 2026-02 upgrade-begun ', 'info log-archive 2026-02 upgraded ']);
    expect((await everything('service')).csv).toBe(baseline.csv);
    await service.stop();
  });
});

describe('an archive in a read-only place', () => {
  const mount = tryMount();
  it.skipIf('reason' in mount)(`is reported read-only and not searched; writable again, it is upgraded there${'reason' in mount ? ` (skipped: ${mount.reason})` : ''}`, async () => {
    const dir = (mount as { dir: string }).dir;
    const away = join(dir, archiveFileName(dbPath, '2026-02'));
    try {
      undo = overrideArchiveConversions([conversions[1]]);
      makeOld(feb, ONE_BACK);
      execFileSync('cp', [feb, away]);
      unlinkSync(feb);
      symlinkSync(away, feb);
      execFileSync('mount', ['-o', 'remount,ro', dir]);
      await run();
      const st = statusOf('2026-02');
      expect(st).toMatchObject({ present: true, upgrade: 'read-only' });
      expect(st.error).toContain(dir);
      expect(archiveForm(away).version).toBe(ONE_BACK);
      expect((await everything('read-only')).archives?.notUpgraded).toEqual(['2026-02']);
      execFileSync('mount', ['-o', 'remount,rw', dir]);
      await run();
      // Upgraded where the link points: the operator's place for it.
      expect(archiveForm(away)).toMatchObject({ version: latestVersion, current: true });
      expect(readdirSync(dir)).toEqual([archiveFileName(dbPath, '2026-02')]);
      expect((await everything('writable')).csv).toBe(baseline.csv);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', dir]);
      if (existsSync(away)) {
        rmSync(feb, { force: true });
        execFileSync('cp', [away, feb]);
      }
    }
  });
  afterAll(() => {
    if ('dir' in mount) execFileSync('umount', ['-l', mount.dir]);
  });
});

function setVersion(path: string, version: number): void {
  const db = new Database(path);
  db.prepare(`UPDATE archive_meta SET value = ? WHERE key = 'schema_version'`).run(String(version));
  db.close();
}

function schemaOf(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();
  } finally {
    db.close();
  }
}

/** A small tmpfs of our own (it can be made read-only even for root), or why not. */
function tryMount(): { dir: string } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-ro-archive-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (e) {
    return { reason: `mount -t tmpfs refused here (${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n')[0]})` };
  }
}
