// Archiving benchmark: one month of 3,000,000 delivered/failed messages (each with its segment and
// its matched status report; --quick: 300,000) moved into its archive file while a campaign sends
// at 500 messages/s through the simulator (its own process, reports at once). Targets, each beside
// its figure: the campaign's rate while archiving within 5% of 500/s (its rate before archiving
// printed beside it), the longest main-process event-loop stall <= 50 ms, peak RSS <= 250 MB; the
// live file's size before and after (the archived share given back by incremental vacuum), and the
// archive's own size and time. Then the same archive, made one schema version older, upgraded by
// the next run beside the same campaign: the campaign's rate and the longest stall meanwhile.
//
// The run phase is an esbuild bundle of this file in its own process, as the app ships (the
// archive's worker thread and the checkpoint worker count in its RSS); seeding runs before it in
// the parent: the month by SQL (test/store/fixtures/log-months.ts), the campaign's recipients
// queued there too (the measured process starts it, as the app does after a restart).
// Usage: npm run bench -- archive [--quick]
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { atLeast, atMost, type Figure } from './report.js';

const SP = '900001';
const SECRET = '888888';
const RATE = 500;
/** The archived month: due with the default retention (6 months) on any day. */
const AGE_MONTHS = 8;

/** The seeded file: the old month (seeded in `seconds`) and the live campaign, queued and not started. */
interface Seeded {
  seconds: number;
  campaignId: number;
  recipients: number;
}

async function seed(dbPath: string, count: number, port: number): Promise<Seeded> {
  const { Workspace } = await import('../../electron/services/workspace.js');
  const { LocalKeyCipher } = await import('../../electron/store/cipher.js');
  const { monthIndexOf, monthRange } = await import('../../electron/store/archive/months.js');
  const { seedLogMonth } = await import('../store/fixtures/log-months.js');
  const ws = Workspace.open({ dbPath, cipher: LocalKeyCipher.besideDatabase(dbPath), actor: 'bench' });
  try {
    const accountId = ws.store.accounts.create({ name: 'old', host: '127.0.0.1', port: 7890, version: '3.0', spId: SP, secret: SECRET, serviceId: 'OLD', srcId: '1069' }).id;
    const campaignId = ws.store.campaigns.create({ name: 'old month', accountId, text: '【基准】旧月份' }).id;
    const [from, to] = monthRange(monthIndexOf(Date.now()) - AGE_MONTHS);
    const t0 = performance.now();
    // In slices of 500,000 so the WAL stays bounded (the checkpoint worker copies it meanwhile).
    for (let done = 0; done < count; done += 500_000) {
      const n = Math.min(500_000, count - done);
      const span = (to - from) / count;
      ws.store.transaction(() => seedLogMonth(ws.db, { accountId, campaignId, from: Math.floor(from + done * span), to: Math.floor(from + (done + n) * span), count: n }));
    }
    ws.store.outbox.recount(campaignId);
    const seconds = (performance.now() - t0) / 1000;
    // The campaign that runs while the month is archived, created here so that building its
    // recipient list (hundreds of thousands of numbers in memory) is not counted in the measured
    // process's peak RSS: the figure is the archive's, beside a campaign that is already running.
    const gw = ws.store.accounts.create({
      name: 'gw', host: '127.0.0.1', port, version: '3.0', spId: SP, secret: SECRET, serviceId: 'BENCH', srcId: '1069', signature: '【基准】', connections: 1, window: 16, rate: RATE,
    });
    // Enough recipients for the whole run at 500/s (about 4.5 minutes of archiving per 1,000,000 messages, doubled).
    const recipients = Math.max(30_000, Math.round((count / 1_000_000) * 270 * RATE * 2));
    const numbers = Array.from({ length: recipients }, (_, i) => String(13900000000 + i));
    const live = (await ws.campaigns.create({ accountId: gw.id, name: 'live', text: '归档期间的群发 archive-time campaign', numbers })).campaign.id;
    return { seconds, campaignId: live, recipients };
  } finally {
    await ws.close();
  }
}

export async function benchArchive(quick = process.argv.includes('--quick')): Promise<Figure[]> {
  const count = quick ? 300_000 : 3_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-archive-'));
  const { bundleBench, runBundled, spawnSimulator } = await import('./engine.js');
  try {
    const dbPath = join(dir, 'bench.db');
    const sim = await spawnSimulator(16);
    try {
      const seeded = await seed(dbPath, count, sim.port);
      const bundle = await bundleBench('archive.ts', join(dir, 'archive-bench.cjs'));
      const args = [dbPath, String(count), seeded.seconds.toFixed(1), String(seeded.campaignId), String(seeded.recipients)];
      return await runBundled<Figure[]>(bundle, ['--archive-phase', ...args], 'archive bench phase');
    } finally {
      sim.child.kill('SIGTERM');
      await new Promise((r) => (sim.child.exitCode !== null ? r(undefined) : sim.child.once('exit', r)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the measured process -------------------------------------------------------------------------

const fileMb = (path: string) => statSync(path).size / 1024 / 1024;

async function phaseRun(dbPath: string, count: number, seedSeconds: number, id: number, recipients: number): Promise<Figure[]> {
  const { Workspace } = await import('../../electron/services/workspace.js');
  const { LocalKeyCipher } = await import('../../electron/store/cipher.js');
  // ARCHIVE_DEBUG=1 prints each event-loop stall over 30 ms with the archive steps just before it.
  const debug = process.env.ARCHIVE_DEBUG === '1';
  const steps: [number, string][] = [];
  const note = (event: string, fields?: Record<string, unknown>) => {
    if (debug && event === 'log-archive') steps.push([performance.now(), String(fields?.step)]);
    // A batch of the main thread's that took over 30 ms: its size (messages or pages) and time.
    if (debug && event === 'log-archive' && typeof fields?.ms === 'number' && fields.ms > 30) {
      console.error(`long ${String(fields.step)}: ${String(fields.size)} in ${fields.ms.toFixed(0)} ms`);
    }
    if (debug && event === 'log-archive' && fields?.step !== 'batch' && fields?.step !== 'vacuum') {
      console.error(`step ${String(fields?.step)}: rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    }
  };
  const log = { error: note, warn: note, info: note, debug: note };
  const ws = Workspace.open({ dbPath, cipher: LocalKeyCipher.besideDatabase(dbPath), actor: 'bench', autoArchive: false, log });
  let last = performance.now();
  const lag = debug
    ? setInterval(() => {
        const now = performance.now();
        if (now - last > 30) {
          const recent = steps.filter(([t]) => t > last - 50).map(([t, s]) => `${s}@${(t - last).toFixed(0)}`);
          console.error(`stall ${(now - last).toFixed(0)} ms; steps around it: ${recent.slice(-6).join(' ') || 'none'}`);
        }
        last = now;
      }, 2)
    : null;
  // ARCHIVE_DEBUG=1 also prints the process's memory by kind every 5 s (main heap, anonymous, file-backed).
  const memory = debug
    ? setInterval(() => {
        const u = process.memoryUsage();
        const status = readFileSync('/proc/self/status', 'utf8');
        const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
        console.error(`memory: rss ${(u.rss / 1048576).toFixed(0)} (anon ${kb('RssAnon').toFixed(0)}, file ${kb('RssFile').toFixed(0)}, shmem ${kb('RssShmem').toFixed(0)}) MB, main heap ${(u.heapUsed / 1048576).toFixed(0)}/${(u.heapTotal / 1048576).toFixed(0)} MB, external ${(u.external / 1048576).toFixed(0)} MB, wal ${(statSync(`${dbPath}-wal`).size / 1048576).toFixed(0)} MB`);
      }, 5000)
    : null;
  try {
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fileMb(dbPath);
    const accountId = ws.store.campaigns.get(id).accountId;
    await ws.pool(accountId).whenReady();
    await ws.campaigns.start(id);
    const sent = () => recipients - ws.campaigns.status(id).queued;
    const window = async (ms: number) => {
      const [n0, t0] = [sent(), performance.now()];
      await new Promise((r) => setTimeout(r, ms));
      return ((sent() - n0) * 1000) / (performance.now() - t0);
    };
    await window(3000); // the rate limiter settles
    if (debug) console.error('--- baseline');
    // The same campaign without archiving first: its rate and its stalls on this machine, now.
    const quiet = monitorEventLoopDelay({ resolution: 5 });
    quiet.enable();
    const baseline = await window(10_000);
    quiet.disable();
    const quietStall = quiet.max / 1e6;
    if (debug) console.error(`--- archiving; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

    const probe = monitorEventLoopDelay({ resolution: 5 });
    probe.enable();
    const [n0, t0] = [sent(), performance.now()];
    await ws.archive.runNow();
    const seconds = (performance.now() - t0) / 1000;
    const during = ((sent() - n0) * 1000) / (performance.now() - t0);
    probe.disable();
    const stall = probe.max / 1e6;
    const rss = process.resourceUsage().maxRSS / 1024;
    const months = ws.archive.view().months;
    const archived = months.find((m) => m.state === 'archived');
    if (!archived || archived.messages !== count) throw new Error(`archive did not complete: ${JSON.stringify(months)}`);
    const archiveMb = fileMb(join(dbPath, '..', archived.file!));

    // The same archive as if written one schema version back, upgraded by the next run beside the
    // same campaign (the upgrade tests' conversion: messages rebuilt, the other tables carried over).
    const { makeOld, ONE_BACK, testConversions } = await import('../store/fixtures/archive-old-form.js');
    const { overrideArchiveConversions } = await import('../../electron/store/archive/upgrades/registry.js');
    makeOld(join(dbPath, '..', archived.file!), ONE_BACK);
    overrideArchiveConversions([testConversions(dbPath)[1]]);
    if (debug) console.error('--- upgrading');
    const upgradeProbe = monitorEventLoopDelay({ resolution: 5 });
    upgradeProbe.enable();
    const [u0, ut0] = [sent(), performance.now()];
    await ws.archive.runNow();
    const upgradeSeconds = (performance.now() - ut0) / 1000;
    const duringUpgrade = ((sent() - u0) * 1000) / (performance.now() - ut0);
    upgradeProbe.disable();
    const upgradeStall = upgradeProbe.max / 1e6;
    const upgraded = ws.archive.view().months.find((m) => m.month === archived.month)!;
    if (upgraded.upgrade !== undefined) throw new Error(`archive not upgraded: ${JSON.stringify(upgraded)}`);

    ws.campaigns.pause(id);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const after = fileMb(dbPath);
    const label = `${count.toLocaleString('en-US')} messages`;
    return [
      {
        name: `archiving one month (${label}) beside a campaign at ${RATE}/s: campaign rate while archiving`,
        value: during,
        unit: 'messages/s',
        // The rate holds: within 5% of the same campaign's rate just before, on the same machine.
        ...atLeast(during, baseline * 0.95),
        peer: { name: 'the same campaign just before archiving', value: baseline },
        note: `${((during / baseline) * 100).toFixed(0)}% of it; archive took ${seconds.toFixed(1)} s; seeded in ${seedSeconds} s`,
      },
      {
        name: 'archiving: longest main-process event-loop stall',
        value: stall,
        unit: 'ms',
        ...atMost(stall, 50),
        peer: { name: 'the same campaign before archiving', value: quietStall },
      },
      {
        name: `upgrading that archive from an older schema version: campaign rate meanwhile`,
        value: duringUpgrade,
        unit: 'messages/s',
        ...atLeast(duringUpgrade, baseline * 0.95),
        peer: { name: 'the same campaign before archiving', value: baseline },
        note: `upgrade took ${upgradeSeconds.toFixed(1)} s`,
      },
      {
        name: 'upgrading: longest main-process event-loop stall',
        value: upgradeStall,
        unit: 'ms',
        ...atMost(upgradeStall, 50),
        peer: { name: 'the same campaign before archiving', value: quietStall },
      },
      { name: 'archiving: peak RSS', value: rss, unit: 'MB', ...atMost(rss, 250), note: 'whole process: the workspace, its campaign, the archive worker thread' },
      {
        name: 'archiving: live database file after (incremental vacuum)',
        value: after,
        unit: 'MB',
        note: `${before.toFixed(0)} MB before, shrunk by ${(before - after).toFixed(0)} MB (${(((before - after) / before) * 100).toFixed(0)}%); archive file ${archiveMb.toFixed(0)} MB (rows in id order, indexes built after)`,
      },
    ];
  } finally {
    if (lag) clearInterval(lag);
    if (memory) clearInterval(memory);
    await ws.close();
  }
}

const at = process.argv.indexOf('--archive-phase');
if (at >= 0) {
  const [dbPath, count, seedSeconds, id, recipients] = process.argv.slice(at + 1) as [string, string, string, string, string];
  phaseRun(dbPath, Number(count), Number(seedSeconds), Number(id), Number(recipients)).then(
    (figures) => {
      console.log(`RESULT ${JSON.stringify(figures)}`);
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
