// The log benchmark's archives: the two months before the seeded year (log-seed.ts), 3,000,000
// messages each (300,000 with --quick), moved out of the live database by the real archiver into
// two monthly archive files beside it, as a desk keeping 12 months has them a year on: written,
// verified and journaled (log_archives) by the app's own code, their counts kept in campaign_counts
// and the daily statistics. Their rows are the archive tests' (test/store/fixtures/log-months.ts:
// delivered, one in ten failed UNDELIV), in six campaigns a month over the seeded accounts.
//
// Done once on the cached live file and recorded beside it (`<file>.archives.json`): the archives
// are part of the cached seed, named after the file (a schema upgrade renames them with it,
// log-seed.ts). On every run the archiver then does what the app's background run does first
// (archives of an older schema upgraded, after an upgrade of the seed), and the kept anchors of
// the whole log are walked (electron/store/log/saved-anchors.ts; only what is not kept yet), as
// the app has them after the Delivery log's first jump.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { monthIndexOf, monthName, monthRange } from '../../electron/store/archive/months.js';
import { archivePath } from '../../electron/store/archive/archive-files.js';
import { LogArchiver } from '../../electron/store/archive/archiver.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Anchors } from '../../electron/store/log/anchors.js';
import { SavedAnchors, savedPartNames } from '../../electron/store/log/saved-anchors.js';
import { LOG_ANCHOR_STEP } from '../../electron/store/log/views.js';
import { Store } from '../../electron/store/store.js';
import { seedLogMonth } from '../store/fixtures/log-months.js';
import type { SeedInfo } from './log-seed.js';

export interface ArchivesInfo {
  /** 'YYYY-MM', oldest first. */
  months: string[];
  /** The archive files, as the journal names them. */
  paths: string[];
  /** Messages in all of them. */
  messages: number;
  seconds: number;
}

const CAMPAIGNS_PER_MONTH = 6;

/** The archives beside the seeded file: reused when recorded and in place, else made (minutes at 10M). */
export async function seededArchives(path: string, info: SeedInfo, perMonth: number, log: (line: string) => void = () => undefined): Promise<ArchivesInfo> {
  const meta = `${path}.archives.json`;
  const recorded = existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as ArchivesInfo) : null;
  const t0 = performance.now();
  const first = monthIndexOf(info.start);
  const months = [first - 2, first - 1];
  const store = Store.open({ path, cipher: new PlaintextCipher() });
  try {
    const journaled = new Set(store.db.prepare("SELECT month FROM log_archives WHERE phase = 'done'").pluck().all() as string[]);
    const seeding = months.filter((m) => !journaled.has(monthName(m)));
    for (const index of seeding) {
      const [from, to] = monthRange(index);
      log(`  archive ${monthName(index)}: seeding ${perMonth.toLocaleString('en-US')} messages`);
      const per = Math.ceil(perMonth / CAMPAIGNS_PER_MONTH);
      for (let c = 0; c < CAMPAIGNS_PER_MONTH; c++) {
        const count = Math.min(per, perMonth - c * per);
        const span = (to - from) / perMonth;
        const at = Math.floor(from + c * per * span);
        const accountId = info.accountIds[c % info.accountIds.length]!;
        const campaignId = store.campaigns.create({ name: `归档 ${monthName(index)}-${c + 1}`, accountId, text: '【测试】会员日全场八折，回T退订' }).id;
        store.db.prepare("UPDATE campaigns SET state = 'completed', created_at = ?, started_at = ?, finished_at = ?, updated_at = ? WHERE id = ?").run(at, at, at + 3_600_000, at, campaignId);
        store.transaction(() => seedLogMonth(store.db, { accountId, campaignId, from: at, to: Math.floor(from + (c * per + count) * span), count }));
        store.outbox.recount(campaignId);
      }
    }
    if (seeding.length > 0) {
      log('  archives: statistics');
      store.statistics.recount();
    }
    log('  archives: the real archiver (archiving, or upgrading archives of an older schema)');
    // A desk keeping 12 months, in the twelfth month after the seeded year began: the two months before it are due.
    const now = monthRange(first + 12)[0] + 86_400_000;
    const archiver = new LogArchiver(store.db, path, { now: () => now, batchMs: 200, restRatio: 0 });
    await archiver.run(12);
    await archiver.stop();
    const rows = store.db.prepare("SELECT month, file, messages FROM log_archives WHERE phase = 'done' ORDER BY month").all() as { month: string; file: string; messages: number }[];
    const wanted = months.map(monthName);
    const status = archiver.status();
    if (wanted.some((m) => !rows.some((r) => r.month === m)) || status.some((st) => st.upgrade !== undefined || st.error !== undefined)) {
      throw new Error(`the archiver left ${JSON.stringify(status)}`);
    }
    log('  archives: the log\'s anchors, walked once');
    await walkAnchors(store);
    const out: ArchivesInfo = {
      months: wanted,
      paths: rows.filter((r) => wanted.includes(r.month)).map((r) => archivePath(path, r.file)),
      messages: rows.filter((r) => wanted.includes(r.month)).reduce((n, r) => n + r.messages, 0),
      seconds: seeding.length === 0 && recorded ? recorded.seconds : (performance.now() - t0) / 1000,
    };
    writeFileSync(meta, JSON.stringify(out));
    return out;
  } finally {
    store.close();
  }
}

/** The whole log's anchors from its oldest end, kept in the database as a view's walk keeps them. */
async function walkAnchors(store: Store): Promise<void> {
  const plan = store.log.plan({});
  const { statements } = store.log.connection(plan);
  const names = savedPartNames(plan, LOG_ANCHOR_STEP);
  const walker = new Anchors((q, mode) => statements.get(q.sql, mode).get(q.params), LOG_ANCHOR_STEP, 200);
  await walker.build(plan.parts, () => true, () => new Error('unreachable'), { dir: 'asc', saved: { store: new SavedAnchors(store.db), names } });
}
