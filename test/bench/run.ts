// `npm run bench`: every benchmark of the project, each figure printed beside its target.
// Usage: npm run bench [-- name ... --flag ...]   (names: see `suites` below; default all; flags such
// as --quick go to every suite run)
// Each suite runs in a fresh child process so its peak RSS and event-loop figures are its own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printFigure, type Figure } from './report.js';

type Suite = () => Promise<Figure[]>;

const suites: Record<string, () => Promise<Suite>> = {
  codec: async () => (await import('./codec.js')).benchCodec,
  planner: async () => (await import('./planner.js')).benchPlanner,
  simulator: async () => (await import('./simulator.js')).benchSimulator,
  ipc: async () => (await import('./ipc.js')).benchIpc,
  loopback: async () => (await import('./loopback.js')).benchLoopback,
  store: async () => (await import('./store.js')).benchStore,
  engine: async () => (await import('./engine.js')).benchEngine,
  export: async () => (await import('./export.js')).benchExport,
  // Database bytes per delivered message (`--quick`: a 100,000-message campaign instead of 1,000,000).
  rows: async () => (await import('./rows.js')).benchRows,
  'ui-log': async () => (await import('./ui-log.js')).benchUiLog,
  'ui-stream': async () => (await import('./ui-stream.js')).benchUiStream,
  // The Statistics screen's year (< 200 ms) and the statistics' upkeep on the store's paths (--quick: smaller runs).
  statistics: async () => (await import('./statistics.js')).benchStatistics,
  // The log at a year of traffic (10,000,000 messages, seeded once and cached; --quick: 1,000,000).
  log10m: async () => (await import('./log10m.js')).benchLog10m,
  'ui-statistics': async () => (await import('./ui-statistics.js')).benchUiStatistics,
  // Archiving a month (3,000,000 messages; --quick: 300,000) beside a campaign at 500/s.
  archive: async () => (await import('./archive.js')).benchArchive,
  // The same two over browser mode's real server (HTTP + WebSocket) instead of the test bridge.
  'ui-log-ws': async () => {
    const { benchUiLog } = await import('./ui-log.js');
    return () => benchUiLog('websocket');
  },
  'ui-stream-ws': async () => {
    const { benchUiStream } = await import('./ui-stream.js');
    return () => benchUiStream('websocket');
  },
};

const MARK = 'BENCH-FIGURES ';

async function runChild(name: string): Promise<void> {
  const figures = await (await suites[name]!())();
  console.log(MARK + JSON.stringify(figures));
}

function runParent(): void {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in suites));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  let missed = 0;
  let failed = 0;
  for (const name of Object.keys(suites)) {
    if (wanted.length && !wanted.includes(name)) continue;
    console.log(`\n== ${name} ==`);
    const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--suite', name, ...flags], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith(MARK));
    for (const l of child.stdout.split('\n')) if (l && !l.startsWith(MARK)) console.log(`  ${l}`);
    if (child.status !== 0 || !line) {
      failed++;
      console.log(`FAILED suite ${name} (exit ${child.status})`);
      continue;
    }
    for (const f of JSON.parse(line.slice(MARK.length)) as Figure[]) {
      printFigure(f);
      if (f.met === false) missed++;
    }
  }
  console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}${failed ? `; ${failed} suite(s) failed to run` : ''}`);
  if (failed) process.exitCode = 1;
}

const i = process.argv.indexOf('--suite');
if (i >= 0) await runChild(process.argv[i + 1]!);
else runParent();
