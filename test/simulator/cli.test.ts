// The `simulator` CLI command: flag parsing, the printed address, a clean stop on SIGTERM / abort.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs, runSimulatorCommand } from '../../electron/cli/simulator.js';
import type { IsmgSimulator } from '../../electron/simulator/index.js';
import { RawClient } from './raw-client.js';

async function run(argv: string[], untilStarted?: (sim: IsmgSimulator) => Promise<void>) {
  const out: string[] = [];
  const err: string[] = [];
  const abort = new AbortController();
  const code = await runSimulatorCommand(argv, {
    signal: abort.signal,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    onStarted: (sim) => {
      void (untilStarted ? untilStarted(sim) : Promise.resolve()).finally(() => abort.abort());
    },
  });
  return { code, out, err };
}

describe('simulator command', () => {
  it('prints the address it listens on, serves logins, and stops cleanly with exit 0', async () => {
    let status = -1;
    const r = await run(['--port', '0', '--sp-id', '900001', '--secret', '888888', '--version', '2.0'], async (sim) => {
      const c = await RawClient.connect(sim.port);
      status = (await c.login('900001', '888888', 0x20)).Status;
      c.close();
    });
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^CMPP simulator listening on 127\.0\.0\.1:\d+ \(SP_Id 900001, CMPP 2\.0\)$/);
    expect(status).toBe(0);
    expect(r.err).toEqual([]);
  });

  it('defaults to CMPP 3.0 on 127.0.0.1', () => {
    const { options } = parseSimulatorArgs(['--sp-id', '900001', '--secret', 's']);
    expect(options).toMatchObject({ host: '127.0.0.1', port: 7890, accounts: [{ spId: '900001', secret: 's', version: '3.0' }], record: false });
    expect(options.rateLimit).toBeUndefined();
  });

  it('parses the behaviour flags', () => {
    const { options, mo } = parseSimulatorArgs([
      '--sp-id', '900001', '--secret', 's', '--report-delay-ms', '100-2000', '--stat-mix', 'DELIVRD=0.9,UNDELIV=0.05,MK:0012=0.05',
      '--stat-for', '13800000002=UNDELIV,13800000003=MK:0012',
      '--report-form', '60', '--rate', '50', '--window', '8', '--mo-every-ms', '500', '--mo-to', '9000011', '--host', '0.0.0.0',
      '--duplicate-rate', '0.1', '--never-rate=0.01', '--resend-ms', '200', '--active-test-ms', '1000', '--ismg-code', '79101',
    ]);
    expect(options).toMatchObject({
      host: '0.0.0.0',
      rateLimit: 50,
      window: 8,
      deliverResendMs: 200,
      activeTestIntervalMs: 1000,
      ismgCode: 79101,
      reports: { delayMs: { min: 100, max: 2000 }, statMix: { DELIVRD: 0.9, UNDELIV: 0.05, 'MK:0012': 0.05 }, statByNumber: { '13800000002': 'UNDELIV', '13800000003': 'MK:0012' }, form: 60, duplicateRate: 0.1, neverRate: 0.01 },
    });
    expect(mo).toMatchObject({ everyMs: 500, to: '9000011', from: '13800138000', spId: '900001' });
  });

  it.each([
    [['--secret', 's'], /--sp-id is required/],
    [['--sp-id', '900001'], /--secret is required/],
    [['--sp-id', '900001', '--secret', 's', '--version', '2.1'], /--version must be 2.0 or 3.0/],
    [['--sp-id', '900001', '--secret', 's', '--port', '70000'], /--port must be between/],
    [['--sp-id', '900001', '--secret', 's', '--rate', 'fast'], /--rate must be a number/],
    [['--sp-id', '900001', '--secret', 's', '--bogus'], /unknown option --bogus/],
    [['--sp-id', '1234567', '--secret', 's'], /--sp-id must be 1-6/],
    [['--sp-id', '900001', '--secret', 's', '--stat-mix', 'DELIVERED=1'], /1-7 printable/],
    [['--sp-id', '900001', '--secret', 's', '--report-delay-ms', '5-1'], /--report-delay-ms/],
    [['--sp-id', '900001', '--secret', 's', '--stat-for', 'UNDELIV'], /--stat-for: expected NUMBER=STAT/],
    [['--sp-id', '900001', '--secret', 's', '--stat-for', '13800000002=DELIVERED'], /1-7 printable/],
    [['--sp-id', '900001', '--secret', 's', '--mo-text', 'hi'], /--mo-text needs --mo-every-ms/],
    [['--sp-id', '900001', '--secret', 's', '--tls-key', 'k.pem'], /go together/],
  ])('bad flags %j: one line on stderr, exit 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(r.out).toEqual([]);
  });

  it('exits 1 when the port is taken', async () => {
    let second: Awaited<ReturnType<typeof run>> | undefined;
    await run(['--port', '0', '--sp-id', '900001', '--secret', 's'], async (sim) => {
      second = await run(['--port', String(sim.port), '--sp-id', '900001', '--secret', 's']);
    });
    expect(second!.code).toBe(1);
    expect(second!.err[0]).toMatch(/cannot start/);
  });

  it('runs as a process until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/run-cli.ts'), '--port', '0', '--sp-id', '900001', '--secret', '888888'], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const m = /^CMPP simulator listening on 127\.0\.0\.1:(\d+) \(SP_Id 900001, CMPP 3\.0\)$/.exec(line);
    expect(m).not.toBeNull();
    const c = await RawClient.connect(Number(m![1]));
    expect((await c.login('900001', '888888', 0x30)).Status).toBe(0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    c.close();
  });
});
