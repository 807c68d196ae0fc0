// Loopback benchmark of the built-in ISMG: a pipelined raw client pushes SUBMITs (each with a
// status report, each report acknowledged) and the simulator's own CPU time is measured in its
// own process. Targets: >= 20,000 submits/s, <= 50 µs simulator CPU per submit.
import { fork } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { authenticatorSource } from '../../electron/cmpp/wire/auth.js';
import { encodePdu } from '../../electron/cmpp/wire/codec.js';
import { FrameReader } from '../../electron/cmpp/wire/frame-reader.js';
import { cmppTimestamp } from '../../electron/cmpp/wire/timestamp.js';
import { atLeast, atMost, type Figure } from './report.js';

const CONNECTIONS = 4;
const IN_FLIGHT = 16; // per connection: the spec window (docs/protocol.md "Timers and flow control")
const MEASURE_MS = 3000;

interface Sample {
  cpu: NodeJS.CpuUsage;
  stats: { submits: number; reportsSent: number; reportsAcked: number };
}

export async function benchSimulator(): Promise<Figure[]> {
  const child = fork(join(import.meta.dirname, 'simulator-child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: ((m: unknown) => void)[] = [];
  child.on('message', (m) => messages.shift()?.(m));
  const ask = <T>(msg?: string) =>
    new Promise<T>((resolve) => {
      messages.push(resolve as (m: unknown) => void);
      if (msg) child.send(msg);
    });
  const { port } = await ask<{ port: number }>();
  const conns = await Promise.all(Array.from({ length: CONNECTIONS }, () => pump(port)));
  await new Promise((r) => setTimeout(r, 700)); // warm-up
  const a = await ask<Sample>('sample');
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const b = await ask<Sample>('sample');
  const seconds = (performance.now() - t0) / 1000;
  for (const c of conns) c.destroy();
  child.send('stop');
  await new Promise((r) => child.once('exit', r));

  const submits = b.stats.submits - a.stats.submits;
  const reports = b.stats.reportsSent - a.stats.reportsSent;
  const cpuUs = b.cpu.user + b.cpu.system - (a.cpu.user + a.cpu.system);
  const rate = submits / seconds;
  const perSubmit = cpuUs / submits;
  return [
    { name: 'simulator SUBMITs through loopback (3.0, report per submit, acked)', value: rate, unit: 'submits/s', ...atLeast(rate, 20_000) },
    { name: 'simulator CPU per SUBMIT incl. its report and DELIVER_RESP', value: perSubmit, unit: 'µs', ...atMost(perSubmit, 50) },
    { name: 'simulator reports sent', value: reports / seconds, unit: 'reports/s', note: `${CONNECTIONS} connections x ${IN_FLIGHT} in flight` },
  ];
}

/** One connection that keeps IN_FLIGHT SUBMITs outstanding and acknowledges every DELIVER. */
async function pump(port: number): Promise<net.Socket> {
  const sock = net.connect({ host: '127.0.0.1', port });
  await new Promise((r) => sock.once('connect', r));
  sock.setNoDelay(true);
  const ts = cmppTimestamp(new Date());
  sock.write(encodePdu({ Command_Id: 'CMPP_CONNECT', Sequence_Id: 1, Source_Addr: '900001', AuthenticatorSource: authenticatorSource('900001', '888888', ts), Version: 0x30, Timestamp: ts }, '3.0'));
  const content = Buffer.from('benchmark message');
  const template = encodePdu(
    {
      Command_Id: 'CMPP_SUBMIT', Sequence_Id: 0, Msg_Id: 0n, Pk_total: 1, Pk_number: 1, Registered_Delivery: 1, Msg_level: 1,
      Service_Id: 'BENCH', Fee_UserType: 2, Fee_terminal_Id: '', TP_pId: 0, TP_udhi: 0, Msg_Fmt: 0, Msg_src: '900001', FeeType: '01',
      FeeCode: '0', ValId_Time: '', At_Time: '', Src_Id: '900001', DestUsr_tl: 1, Dest_terminal_Id: ['13800000000'],
      Msg_Length: content.length, Msg_Content: content,
    },
    '3.0',
  );
  let seq = 1;
  const submit = (out: Buffer[]) => {
    const f = Buffer.from(template);
    f.writeUInt32BE(++seq >>> 0, 8);
    out.push(f);
  };
  const reader = new FrameReader();
  sock.on('error', () => {});
  sock.on('data', (chunk: Buffer) => {
    const out: Buffer[] = [];
    for (const f of reader.push(chunk)) {
      const id = f.readUInt32BE(4);
      if (id === 0x80000001) for (let i = 0; i < IN_FLIGHT; i++) submit(out);
      else if (id === 0x80000004) submit(out);
      else if (id === 0x00000005) {
        // DELIVER_RESP 3.0: header + the DELIVER's Msg_Id + Result(4).
        const r = Buffer.alloc(24);
        r.writeUInt32BE(24, 0);
        r.writeUInt32BE(0x80000005, 4);
        f.copy(r, 8, 8, 20);
        out.push(r);
      }
    }
    if (out.length) sock.write(Buffer.concat(out));
  });
  return sock;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchSimulator()) printFigure(f);
}
