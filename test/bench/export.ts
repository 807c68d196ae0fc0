// Delivery-log export benchmarks: 1,000,000 log rows to CSV (target
// <= 5 s) and to XLSX (target <= 30 s), each with peak RSS (<= 200 MB) and the longest event-loop
// stall (<= 50 ms). The database is as shipped (WAL, synchronous NORMAL); the rows are seeded with
// direct prepared inserts in one transaction; each export runs in its own process (export-child.ts),
// bundled with the app's own esbuild options (build/bundle.ts: CommonJS, better-sqlite3 external),
// the way the app's main and CLI run. The export reads the log in a worker thread: the figures are
// the whole process's (CPU of every thread; RSS; the main thread's event loop).
import { fork } from 'node:child_process';
import { build } from 'esbuild';
import { cliBuildOptions } from '../../build/bundle.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { atMost, type Figure } from './report.js';
import { sqlState } from '../../electron/store/state-codes.js';

const ROWS = 1_000_000;

/**
 * 1,000,000 single-segment messages of one campaign: 90% delivered, 10% failed (UNDELIV). All
 * share one created_at, as a campaign's messages do (the enqueue's time): the export's cursor must
 * not re-read that run at every batch.
 */
function seed(path: string): void {
  const store = Store.open({ path, cipher: new PlaintextCipher() });
  const accountId = store.accounts.create({
    name: 'bench', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: '888888', serviceId: 'bench', srcId: '106900001',
  }).id;
  const campaignId = store.campaigns.create({ name: '双十一促销', accountId, text: 'bench', srcIdExt: '01', feeType: '02', feeCode: '0' }).id;
  const t0 = Date.UTC(2026, 11, 24, 8, 0, 0);
  // A December Msg_Id (above 2^63), stored as its signed reinterpretation (docs/protocol.md "Msg_Id").
  const base = BigInt.asIntN(64, (12n << 60n) | (24n << 55n) | (16n << 50n) | (79101n << 16n));
  store.transaction(() => {
    store.db
      .prepare(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s LIMIT @n)
        INSERT INTO messages (id, campaign_id, account_id, number, state, reason, result, stat, segment_count, billed_count,
          created_at, submitted_after, done_after)
        SELECT i + 1, @c, @a, 13800000000 + i, CASE WHEN i % 10 = 9 THEN ${sqlState('failed')} ELSE ${sqlState('delivered')} END,
          CASE WHEN i % 10 = 9 THEN 'status report Stat UNDELIV' END, 0, CASE WHEN i % 10 = 9 THEN 'UNDELIV' END,
          1, 1, @t, i + 50, i + 3000 FROM s`)
      .run({ n: ROWS, c: campaignId, a: accountId, t: t0 });
    store.db
      .prepare(`INSERT INTO segments (message_id, account_id, pk_number, pk_total, state, report_expected, sequence_id,
          connection, msg_id, result, stat, reason, submit_at, response_at, report_at, done_time, send_count)
        SELECT id, account_id, 1, 1, CASE WHEN stat IS NULL THEN ${sqlState('delivered')} ELSE ${sqlState('failed')} END, 1, id, 'c0', @base + id, 0, coalesce(stat, 'DELIVRD'), reason,
          created_at + 50, created_at + 80, created_at + 3000, 2612241601, 1 FROM messages ORDER BY id`)
      .safeIntegers(true)
      .run({ base });
    store.db.prepare(`UPDATE campaign_counts SET n = @n WHERE campaign_id = @c AND state = 'delivered'`).run({ n: ROWS - ROWS / 10, c: campaignId });
    store.db.prepare(`UPDATE campaign_counts SET n = @n WHERE campaign_id = @c AND state = 'failed'`).run({ n: ROWS / 10, c: campaignId });
  });
  store.db.pragma('optimize');
  store.close();
}

interface ChildResult {
  seconds: number;
  /** CPU time of the export process, all threads (zlib's included): tells a busy machine apart. */
  cpuSeconds: number;
  rows: number;
  sheets: number;
  peakRssMb: number;
  /** RSS after opening the database, before the export. */
  baselineRssMb: number;
  stallMs: number;
  longestPageMs: number;
}

const root = resolve(import.meta.dirname, '../..');

async function bundleChild(dir: string): Promise<string> {
  const outfile = join(dir, 'export-child.cjs');
  await build({ ...cliBuildOptions(outfile), entryPoints: [join(import.meta.dirname, 'export-child.ts')] });
  return outfile;
}

function runChild(bundle: string, db: string, format: 'csv' | 'xlsx', out: string): Promise<ChildResult> {
  return new Promise((done, reject) => {
    const child = fork(bundle, [db, format, out], {
      execArgv: [],
      // The bundle lives in a temp dir: better-sqlite3 is found through NODE_PATH.
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildResult | undefined;
    child.on('message', (m) => (result = m as ChildResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? done(result) : reject(new Error(`export child exited with ${code}`))));
  });
}

export async function benchExport(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-export-'));
  try {
    const db = join(dir, 'bench.db');
    const s0 = performance.now();
    seed(db);
    const seedSeconds = (performance.now() - s0) / 1000;
    const bundle = await bundleChild(dir);
    const figures: Figure[] = [];
    for (const [format, target] of [['csv', 5], ['xlsx', 30]] as const) {
      const out = join(dir, `log.${format}`);
      const r = await runChild(bundle, db, format, out);
      if (r.rows !== ROWS) throw new Error(`${format} export wrote ${r.rows} of ${ROWS} rows`);
      const mb = statSync(out).size / 1024 / 1024;
      const label = `${format.toUpperCase()} export of 1,000,000 log rows`;
      figures.push(
        { name: label, value: r.seconds, unit: 's', ...atMost(r.seconds, target), note: `${Math.round(ROWS / r.seconds).toLocaleString('en-US')} rows/s, CPU ${r.cpuSeconds.toFixed(1)} s, ${mb.toFixed(0)} MB file${format === 'csv' ? `, seeded in ${seedSeconds.toFixed(1)} s` : `, ${r.sheets} sheet(s)`}` },
        { name: `${format.toUpperCase()} export: peak RSS`, value: r.peakRssMb, unit: 'MB', ...atMost(r.peakRssMb, 200), note: `own process, bundled; ${r.baselineRssMb.toFixed(0)} MB before the export` },
        { name: `${format.toUpperCase()} export: longest event-loop stall`, value: r.stallMs, unit: 'ms', ...atMost(r.stallMs, 50), note: `longest page ${r.longestPageMs.toFixed(1)} ms` },
      );
      rmSync(out, { force: true });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: npx tsx test/bench/export.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchExport()) printFigure(f);
}
