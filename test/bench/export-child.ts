// One delivery-log export in a fresh process (so its peak RSS is its own), measured: wall time,
// peak RSS (sampled every 1 ms and at every page), the longest event-loop stall (a 1 ms probe
// timer's worst lateness, and the export's own longest page). export.ts runs it bundled with
// esbuild into one CommonJS file, as the app's main process runs (no TypeScript loader in memory).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ImportExportService } from '../../electron/services/import-export.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';

async function main(): Promise<void> {
  const [dbPath, format, out] = process.argv.slice(2) as [string, 'csv' | 'xlsx', string];
  const store = Store.open({ path: dbPath, cipher: new PlaintextCipher() });
  const io = new ImportExportService(store);
  const baselineRss = process.memoryUsage().rss;
  const t0 = performance.now();
  let peakRss = baselineRss;
  let worstLate = 0;
  let worstAt = 0;
  let last = performance.now();
  // BENCH_DEBUG=1: say when the worst stall happened and which GC pauses were long (stderr).
  const debug = process.env.BENCH_DEBUG === '1';
  if (debug) {
    const { PerformanceObserver } = await import('node:perf_hooks');
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.duration > 10) process.stderr.write(`gc ${e.duration.toFixed(1)} ms at ${(e.startTime - t0).toFixed(0)} ms\n`);
    }).observe({ entryTypes: ['gc'] });
  }
  let progressRows = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    if (debug && now - last - 1 > 15) process.stderr.write(`late ${(now - last - 1).toFixed(1)} ms at ${(now - t0).toFixed(0)} ms, ${progressRows} rows\n`);
    if (now - last - 1 > worstLate) worstAt = now - t0;
    worstLate = Math.max(worstLate, now - last - 1);
    last = now;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 1);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const r = await io.exportDeliveryLog({
    format,
    out,
    onProgress: (p) => {
      progressRows = p.rows;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (debug) process.stderr.write(`worst probe lateness ${worstLate.toFixed(1)} ms at ${worstAt.toFixed(0)} ms of ${(seconds * 1000).toFixed(0)} ms\n`);
  const cpu = process.cpuUsage(cpu0);
  clearInterval(probe);
  loop.disable();
  await io.close();
  store.close();
  process.send!({
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rows: r.rows,
    sheets: r.sheets,
    peakRssMb: peakRss / 1024 / 1024,
    baselineRssMb: baselineRss / 1024 / 1024,
    stallMs: Math.max(worstLate, loop.max / 1e6),
    longestPageMs: r.longestPageMs,
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
