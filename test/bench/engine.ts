// Engine benchmarks: each phase runs in a fresh child process so its peak
// RSS (process.resourceUsage().maxRSS) is its own, with the database in WAL and `synchronous` as
// shipped (NORMAL), and the simulator in a separate process with report delay 0.
//   enqueue:  a campaign to a 1,000,000-member group (targets: <= 5 s, <= 200 MB, stall <= 50 ms)
//   campaign: 100,000 single-segment messages end to end with reports, every state change
//             committed, DELIVER_RESPs and SUBMITs only after the sync covering their commit
//             (docs/architecture.md "Durability"), (targets: >= 10,000 messages/s, DELIVER ->
//             DELIVER_RESP p99 <= 20 ms, <= 200 MB, stall <= 50 ms); run a second time in the same
//             run without the barrier (syncBeforeAck: false), printed beside it as the peer.
// ENGINE_ENQUEUE=0 skips the enqueue phases (the campaign phases only).
// The longest event-loop stall is measured with perf_hooks.monitorEventLoopDelay (max).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { atLeast, atMost, type Figure } from './report.js';
import { EVERY_REPORT } from '../../electron/store/folded-reports.js';

const root = resolve(import.meta.dirname, '../..');
const SP = '900001';
const SECRET = '888888';

interface PhaseResult {
  figures: Figure[];
}

// ---- parent: runs each phase in its own process ---------------------------------------------------

/**
 * The phases run from an esbuild bundle of this file, as the app ships (bundled, no TypeScript
 * loader): under tsx the loader alone holds ~80 MB of the process's RSS.
 */
let bundle: string | undefined;

async function bundleSelf(dir: string): Promise<string> {
  return bundleBench('engine.ts', join(dir, 'engine-bench.cjs'));
}

/** A bench file of this folder bundled to run as the app ships (CommonJS, better-sqlite3 outside). */
export async function bundleBench(file: string, outfile: string): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [resolve(import.meta.dirname, file)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    external: ['better-sqlite3', 'esbuild'],
    logLevel: 'warning',
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__importMetaUrl', 'import.meta.dirname': JSON.stringify(import.meta.dirname), 'import.meta.filename': '__filename' },
  });
  return outfile;
}

function runPhase(phase: string, extra: string[] = []): Promise<PhaseResult> {
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of each phase there (for finding where time goes).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return runBundled<PhaseResult>(bundle!, ['--phase', phase, ...extra], `engine bench phase ${phase}`, prof);
}

/** Runs a bundled bench phase in its own process and reads its `RESULT <json>` line. */
export function runBundled<T>(file: string, args: string[], what: string, nodeArgs: string[] = []): Promise<T> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      // better-sqlite3 (native) stays outside the bundle and is found through NODE_PATH.
      env: { ...process.env, NODE_PATH: resolve(root, 'node_modules') },
    });
    let text = '';
    child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
    child.once('exit', (code) => {
      const line = text.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return fail(new Error(`${what} failed (exit ${code}): ${text}`));
      ok(JSON.parse(line.slice(7)) as T);
    });
  });
}

export async function spawnSimulator(window: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/cli.ts', 'simulator', '--port', '0', '--sp-id', SP, '--secret', SECRET, '--version', '3.0', '--report-delay-ms', '0', '--window', String(window)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((ok, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`simulator did not start: ${text}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on [^\s]+:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    child.once('exit', (code) => fail(new Error(`simulator exited (${code}): ${text}`)));
  });
  return { child, port };
}

export async function benchEngine(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-enqueue-'));
  try {
    bundle = await bundleSelf(dir);
    const count = String(Number(process.env.ENGINE_ENQUEUE ?? 1_000_000));
    if (count !== '0') {
      // Seeding the group runs in its own process, so the enqueue's peak RSS is the enqueue's.
      await runPhase('seed', [dir, count]);
      figures.push(...(await runPhase('enqueue', [dir, count])).figures);
    }
    const window = 32;
    const sim = await spawnSimulator(window);
    try {
      const campaign = (durable: boolean) =>
        runPhase('campaign', [String(sim.port), String(Number(process.env.ENGINE_MESSAGES ?? 100_000)), String(window), durable ? '1' : '0']);
      const without = (await campaign(false)).figures;
      const shipped = (await campaign(true)).figures;
      // Each figure as shipped, beside the same figure without the barrier from this very run.
      for (const f of shipped) {
        const peer = without.find((w) => w.name === f.name);
        figures.push(peer ? { ...f, peer: { name: 'without the barrier (acks before the sync), same run', value: peer.value } } : f);
      }
    } finally {
      sim.child.kill('SIGTERM');
      await new Promise((r) => (sim.child.exitCode !== null ? r(undefined) : sim.child.once('exit', r)));
    }
  } finally {
    // The bundle is kept beside the profiles: their line numbers point into it.
    if (process.env.BENCH_CPU_PROF && bundle) copyFileSync(bundle, join(process.env.BENCH_CPU_PROF, 'engine-bench.cjs'));
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

// ---- child: one phase -----------------------------------------------------------------------------

function stallProbe(): { stop(): number } {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  return {
    stop() {
      h.disable();
      return h.max / 1e6;
    },
  };
}

async function openWorkspace(dir: string, syncBeforeAck = true) {
  const { Workspace } = await import('../../electron/services/workspace.js');
  const { LocalKeyCipher } = await import('../../electron/store/cipher.js');
  const dbPath = join(dir, 'bench.db');
  // As shipped: WAL, synchronous NORMAL, acknowledgements after the durability barrier.
  const ws = Workspace.open({ dbPath, cipher: LocalKeyCipher.besideDatabase(dbPath), actor: 'bench', syncBeforeAck });
  return ws;
}

async function phaseSeed(dir: string, count: number): Promise<Figure[]> {
  const ws = await openWorkspace(dir);
  try {
    ws.store.accounts.create({ name: 'gw', host: '127.0.0.1', port: 7890, version: '3.0', spId: SP, secret: SECRET, serviceId: 'BENCH', srcId: '1069', signature: '【基准】' });
    const group = ws.store.contacts.createGroup('million');
    // Seeding is not measured: one prepared insert in one transaction, numbers in random order.
    const insert = ws.db.prepare('INSERT INTO contacts (group_id, number, name, fields, created_at) VALUES (?, ?, \'\', \'{}\', 0)');
    ws.db.transaction(() => {
      const prefixes = ['134', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '182', '183', '187', '188', '198'];
      let n = 0;
      let x = 12345;
      const seen = new Set<number>();
      while (n < count) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        const tail = x % 100_000_000;
        const p = prefixes[(x >>> 27) % prefixes.length]!;
        const key = Number(p) * 100_000_000 + tail;
        if (seen.has(key)) continue;
        seen.add(key);
        insert.run(group.id, `${p}${String(tail).padStart(8, '0')}`);
        n++;
      }
      ws.db.prepare('UPDATE contact_groups SET size = ? WHERE id = ?').run(count, group.id);
    })();
    return [];
  } finally {
    await ws.close();
  }
}

async function phaseEnqueue(dir: string, count: number): Promise<Figure[]> {
  const ws = await openWorkspace(dir);
  try {
    const account = ws.store.accounts.list()[0]!;
    const group = ws.store.contacts.findGroup('million')!;
    const probe = stallProbe();
    const t0 = performance.now();
    const r = await ws.campaigns.create({ accountId: account.id, name: 'million', text: '【基准】百万级入队基准测试短信', groupIds: [group.id] });
    const ms = performance.now() - t0;
    const stall = probe.stop();
    const rss = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
    if (r.queued !== count) throw new Error(`enqueued ${r.queued}, expected ${count}`);
    return [
      { name: `enqueue ${count.toLocaleString('en-US')} recipients (group -> campaign, rules checked)`, value: ms / 1000, unit: 's', ...atMost(ms / 1000, 5) },
      { name: 'enqueue: peak RSS', value: rss, unit: 'MB', ...atMost(rss, 200), note: 'whole process' },
      { name: 'enqueue: longest event-loop stall', value: stall, unit: 'ms', ...atMost(stall, 50) },
    ];
  } finally {
    await ws.close();
  }
}

/** p-th percentile (0..100) of the samples. */
function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function phaseCampaign(port: number, count: number, window: number, durable: boolean): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-campaign-'));
  const ws = await openWorkspace(dir, durable);
  try {
    // DELIVER -> DELIVER_RESP: from the pool handing the DELIVER over (the turn its frame was read)
    // to the handler's promise settling, which is when the pool writes the DELIVER_RESP.
    const delays: number[] = [];
    const router = ws.router;
    const onDeliver = router.onDeliver.bind(router);
    router.onDeliver = (accountId, d, info) => {
      const t = performance.now();
      const kept = onDeliver(accountId, d, info);
      const done = () => void delays.push(performance.now() - t);
      if (kept) kept.then(done, () => undefined);
      else done();
      return kept;
    };
    const connections = 4;
    const account = ws.store.accounts.create({
      name: 'gw', host: '127.0.0.1', port, version: '3.0', spId: SP, secret: SECRET, serviceId: 'BENCH', srcId: '1069',
      signature: '【基准】', connections, window, rate: 1_000_000,
    });
    const numbers = Array.from({ length: count }, (_, i) => String(13800000000 + i));
    const created = await ws.campaigns.create({ accountId: account.id, name: 'e2e', text: 'end to end benchmark 端到端基准', numbers });
    const id = created.campaign.id;
    // Log in before the clock starts.
    await ws.pool(account.id).whenReady();
    global.gc?.();
    const probe = stallProbe();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await ws.campaigns.start(id);
    await new Promise<void>((ok, fail) => {
      const timer = setInterval(() => {
        const n = ws.campaigns.status(id);
        if (n.delivered === count) {
          clearInterval(timer);
          ok();
        } else if (n.failed + n.in_doubt + n.unknown > 0) {
          clearInterval(timer);
          fail(new Error(`unexpected outcomes: ${JSON.stringify(n)}`));
        }
      }, 20);
    });
    const ms = performance.now() - t0;
    const syncs = ws.store.durableSyncs;
    const syncMean = syncs > 0 ? ws.store.durableSyncMs / syncs : 0;
    const cpu = process.cpuUsage(cpu0);
    const stall = probe.stop();
    const rss = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
    const rate = (count * 1000) / ms;
    // CPU of this process (main thread and the checkpoint worker) per message: steadier than the
    // rate on a shared machine, and what the rate is made of (the simulator runs elsewhere).
    const cpuPerMessage = (cpu.user + cpu.system) / count;
    const reports = ws.db.prepare(`SELECT count(*) FROM ${EVERY_REPORT} WHERE segment_id IS NOT NULL`).pluck().get() as number;
    if (reports !== count) throw new Error(`${reports} reports matched, expected ${count}`);
    const p99 = percentile(delays, 99);
    return [
      {
        name: `end-to-end campaign, ${count.toLocaleString('en-US')} single-segment messages with reports, acks after the sync`,
        value: rate,
        unit: 'messages/s',
        ...atLeast(rate, 10_000),
        note: `${(ms / 1000).toFixed(2)} s, ${connections} connections x W=${window}, every SUBMIT_RESP and report committed; ${syncs.toLocaleString('en-US')} syncs of ${syncMean.toFixed(1)} ms on average; CPU ${cpuPerMessage.toFixed(1)} us/message`,
      },
      {
        name: 'campaign: DELIVER -> DELIVER_RESP delay, p99',
        value: p99,
        unit: 'ms',
        ...atMost(p99, 20),
        note: `${delays.length.toLocaleString('en-US')} DELIVERs, median ${percentile(delays, 50).toFixed(2)} ms, max ${percentile(delays, 100).toFixed(1)} ms`,
      },
      { name: 'campaign: peak RSS', value: rss, unit: 'MB', ...atMost(rss, 200), note: 'whole process incl. its enqueue' },
      { name: 'campaign: longest event-loop stall', value: stall, unit: 'ms', ...atMost(stall, 50) },
    ];
  } finally {
    await ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function phaseMain(phaseAt: number): Promise<void> {
  const phase = process.argv[phaseAt + 1];
  const raw = process.argv.slice(phaseAt + 2);
  const args = raw.map(Number);
  const figures =
    phase === 'seed'
      ? await phaseSeed(raw[0]!, args[1]!)
      : phase === 'enqueue'
        ? await phaseEnqueue(raw[0]!, args[1]!)
        : await phaseCampaign(args[0]!, args[1]!, args[2]!, args[3] === 1);
  process.stdout.write(`RESULT ${JSON.stringify({ figures })}\n`);
  process.exit(0);
}

// No top-level await: this file is also bundled to CommonJS for the phase processes.
const phaseAt = process.argv.indexOf('--phase');
if (phaseAt > 0) {
  void phaseMain(phaseAt);
} else if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  void (async () => {
    const { printFigure } = await import('./report.js');
    for (const f of await benchEngine()) printFigure(f);
  })();
}
