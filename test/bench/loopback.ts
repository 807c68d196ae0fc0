// Loopback throughput of one SP client connection against the simulator running in a separate
// process (so each side's CPU is its own): window 16, a status report for every submit (report
// delay 0), counted until the last report is acknowledged.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CmppAccountPool } from '../../electron/cmpp/session/pool.js';
import type { SubmitRequest } from '../../electron/cmpp/session/outcomes.js';
import type { CmppVersion } from '../../electron/cmpp/wire/version.js';
import { atLeast, atMost, type Figure } from './report.js';

const root = resolve(import.meta.dirname, '../..');
const SP = '900001';
const SECRET = '888888';

interface Sim {
  child: ChildProcess;
  port: number;
}

async function spawnSimulator(version: CmppVersion): Promise<Sim> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/cli.ts', 'simulator', '--port', '0', '--sp-id', SP, '--secret', SECRET, '--version', version, '--report-delay-ms', '0'],
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

/** utime + stime of a process in microseconds (Linux /proc). */
function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name (which may contain spaces).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]); // fields 14 and 15 overall
  return (ticks * 1_000_000) / clockTicks();
}

let tck: number | undefined;
function clockTicks(): number {
  if (tck === undefined) {
    try {
      tck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      tck = 100;
    }
  }
  return tck;
}

function requestOf(i: number): SubmitRequest {
  return {
    Pk_total: 1,
    Pk_number: 1,
    Registered_Delivery: 1,
    Msg_level: 0,
    Service_Id: 'BENCH',
    Fee_UserType: 2,
    Fee_terminal_Id: '',
    TP_pId: 0,
    TP_udhi: 0,
    Msg_Fmt: 8,
    Msg_src: SP,
    FeeType: '01',
    FeeCode: '0',
    ValId_Time: '',
    At_Time: '',
    Src_Id: '10690001',
    Dest_terminal_Id: [`138${String(i % 100_000_000).padStart(8, '0')}`],
    Msg_Content: CONTENT,
  };
}

const CONTENT = Buffer.from('压测短信：回环吞吐量基准 loopback benchmark message', 'utf16le').swap16();

async function run(version: CmppVersion, count: number, warmup: number): Promise<Figure[]> {
  const sim = await spawnSimulator(version);
  let reports = 0;
  let reportsWanted = 0;
  let reportsDone: (() => void) | undefined;
  const pool = new CmppAccountPool({
    host: '127.0.0.1',
    port: sim.port,
    version,
    spId: SP,
    secret: SECRET,
    window: 16,
    onDeliver: () => {
      // Synchronous "kept": DELIVER_RESP goes out in the same batch.
      if (++reports === reportsWanted) reportsDone?.();
    },
  });
  try {
    pool.start();
    await pool.whenReady();

    const pump = async (n: number, offset: number): Promise<number> => {
      let next = 0;
      let failed = 0;
      // Like the outbox pump: a bounded number of submits awaiting outcomes at any time.
      const worker = async () => {
        while (next < n) {
          const i = offset + next++;
          const o = await pool.submit(requestOf(i));
          if (!o.ok) failed++;
        }
      };
      await Promise.all(Array.from({ length: 512 }, worker));
      return failed;
    };
    const allReports = (total: number) =>
      new Promise<void>((ok) => {
        reportsWanted = total;
        if (reports >= total) ok();
        else reportsDone = ok;
      });

    await pump(warmup, 0);
    await allReports(warmup);

    const simCpu0 = processCpuMicros(sim.child.pid!);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const failed = await pump(count, warmup);
    await allReports(warmup + count);
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const simCpu = processCpuMicros(sim.child.pid!) - simCpu0;

    const rate = (count * 1000) / elapsed;
    const clientUs = (cpu.user + cpu.system) / count;
    const simUs = simCpu / count;
    const note = `${count} submits + ${count} reports in ${(elapsed / 1000).toFixed(2)} s${failed ? `, ${failed} FAILED` : ''}`;
    return [
      { name: `loopback submits, 1 connection, W=16 (${version})`, value: rate, unit: 'submits/s', ...atLeast(rate, 20_000), note },
      { name: `client CPU per submit incl. its report (${version})`, value: clientUs, unit: 'µs', ...atMost(clientUs, 50) },
      { name: `simulator CPU per submit incl. its report (${version})`, value: simUs, unit: 'µs', ...atMost(simUs, 50) },
    ];
  } finally {
    await pool.stop({ timeoutMs: 2000, terminateTimeoutMs: 1000 });
    sim.child.kill('SIGTERM');
    await new Promise((r) => (sim.child.exitCode !== null ? r(undefined) : sim.child.once('exit', r)));
  }
}

export async function benchLoopback(): Promise<Figure[]> {
  const count = Number(process.env.LOOPBACK_COUNT ?? 100_000);
  const order = (process.env.LOOPBACK_ORDER ?? '3.0,2.0').split(',') as CmppVersion[];
  const figures: Figure[] = [];
  for (const v of order) figures.push(...(await run(v, count, Number(process.env.LOOPBACK_WARMUP ?? 20_000))));
  return figures;
}

// Standalone: tsx test/bench/loopback.ts
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchLoopback()) printFigure(f);
}
