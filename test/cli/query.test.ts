// Gateway statistics via CMPP_QUERY (docs/protocol.md "Message bodies"): the service over a real pool and simulator returns
// the simulator's counters, totals and per Service_Id, JSON-safe with the eight names; the CLI
// prints them (and --json), and refuses bad input with a one-line error and a non-zero exit.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CmppAccountPool } from '../../electron/cmpp/session/client.js';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import { runQueryCommand } from '../../electron/cli/query.js';
import { GatewayStats, GatewayStatsError, QUERY_COUNTERS } from '../../electron/services/sending/gateway-stats.js';
import { statisticsDay } from '../../shared/statistics.js';
import type { IsmgSimulator } from '../../electron/simulator/index.js';
import { inboxPool, SP, startSim, tempDir } from '../services/inbox-harness.js';
import { until } from '../support/until.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = tempDir();
let sim: IsmgSimulator;
let pool: CmppAccountPool;

function submit(serviceId: string, to: string) {
  return pool.submit({
    Pk_total: 1, Pk_number: 1, Registered_Delivery: 1, Msg_level: 0, Service_Id: serviceId, Fee_UserType: 2, Fee_terminal_Id: '',
    TP_pId: 0, TP_udhi: 0, Msg_Fmt: 0, Msg_src: SP, FeeType: '01', FeeCode: '0', ValId_Time: '', At_Time: '', Src_Id: '106900001',
    Dest_terminal_Id: [to], Msg_Content: Buffer.from('hello'),
  });
}

beforeAll(async () => {
  sim = await startSim('3.0', { accounts: [{ spId: SP, secret: '888888', version: '3.0', serviceIds: ['SVC', 'OTHER'] }] });
  pool = inboxPool(sim, '3.0', () => {});
  await pool.whenReady();
  // 3 to SVC, 2 to OTHER, 1 refused (Result 7: unknown Service_Id); 2 MOs for SVC.
  const outcomes = await Promise.all([
    submit('SVC', '13800000001'), submit('SVC', '13800000002'), submit('SVC', '13800000003'),
    submit('OTHER', '13800000004'), submit('OTHER', '13800000005'), submit('BAD', '13800000006'),
  ]);
  expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true, true, false]);
  await sim.sendMo({ from: '13900000001', to: '106900001', text: 'hi', serviceId: 'SVC' });
  await sim.sendMo({ from: '13900000002', to: '106900001', text: 'TD', serviceId: 'SVC' });
  await until('reports and MOs', () => sim.stats.reportsAcked === 5 && sim.stats.mosAcked === 2);
});

afterAll(async () => {
  await pool?.stop({ timeoutMs: 1000, terminateTimeoutMs: 500 });
  await sim?.stop();
  tmp.cleanup();
});

describe('GatewayStats', () => {
  const stats = () => new GatewayStats({ pool: () => pool, timeoutMs: 10_000 });

  it('returns the day totals with the eight counters named as in the spec', async () => {
    const r = await stats().query(1);
    expect(r).toMatchObject({ accountId: 1, date: String(statisticsDay(Date.now())), scope: 'total', serviceId: '' });
    expect(Object.keys(r.counters)).toEqual([...QUERY_COUNTERS]);
    expect(r.counters).toEqual({ MT_TLMsg: 6, MT_Tlusr: 6, MT_Scs: 5, MT_WT: 0, MT_FL: 1, MO_Scs: 2, MO_WT: 0, MO_FL: 0 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('returns one Service_Id row, and an overview of several', async () => {
    const svc = await stats().query(1, { serviceId: 'SVC' });
    expect(svc).toMatchObject({ scope: 'service', serviceId: 'SVC' });
    expect(svc.counters).toEqual({ MT_TLMsg: 3, MT_Tlusr: 3, MT_Scs: 3, MT_WT: 0, MT_FL: 0, MO_Scs: 2, MO_WT: 0, MO_FL: 0 });
    const o = await stats().overview(1, { serviceIds: ['OTHER', 'BAD', 'OTHER'] });
    expect(o.total.counters.MT_TLMsg).toBe(6);
    expect(o.services.map((s) => [s.serviceId, s.counters.MT_Scs, s.counters.MT_FL])).toEqual([['OTHER', 2, 0], ['BAD', 0, 1]]);
    // Another day: zeros, not an error.
    const old = await stats().query(1, { date: '20200101' });
    expect(Object.values(old.counters).every((n) => n === 0)).toBe(true);
  });

  it('refuses bad input before touching the gateway, and times out on an unreachable one', async () => {
    let asked = 0;
    const s = new GatewayStats({ pool: () => ((asked++, pool)), timeoutMs: 300 });
    await expect(s.query(1, { date: '20261301' })).rejects.toThrow(/not a calendar day/);
    await expect(s.query(1, { date: '2026-11-01' })).rejects.toThrow(/YYYYMMDD/);
    await expect(s.query(1, { serviceId: 'WAY_TOO_LONG_ID' })).rejects.toThrow(/Service_Id must be 1 to 10/);
    await expect(s.query(0)).rejects.toBeInstanceOf(GatewayStatsError);
    expect(asked).toBe(0);
    const never = new GatewayStats({ pool: () => ({ whenReady: () => new Promise<void>(() => {}), query: () => new Promise(() => {}) }), timeoutMs: 200 });
    await expect(never.query(1)).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('query CLI', () => {
  let dbPath: string;
  let accountId: number;

  beforeAll(async () => {
    dbPath = tmp.file('cli.db');
    const ws = openCliWorkspace(parseArgs(['--db', dbPath], { values: ['db'] }));
    accountId = ws.store.accounts.create({ name: 'gw-query', host: '127.0.0.1', port: sim.port, version: '3.0', spId: SP, secret: '888888', serviceId: 'SVC', srcId: '106900001' }).id;
    await ws.close();
  });

  it('prints the counters as JSON and as a table, by account id or name', async () => {
    const lines: string[] = [];
    expect(await runQueryCommand(['--db', dbPath, '--account', String(accountId), '--json'], { out: (l) => lines.push(l) })).toBe(0);
    const r = JSON.parse(lines.join('\n'));
    expect(r).toMatchObject({ accountId, scope: 'total', counters: { MT_TLMsg: 6, MT_Scs: 5, MO_Scs: 2 } });
    lines.length = 0;
    expect(await runQueryCommand(['--db', dbPath, '--account', 'gw-query', '--service-id', 'OTHER'], { out: (l) => lines.push(l) })).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/Service_Id OTHER/);
    expect(text).toMatch(/MT_Scs\s+2\b/);
    expect(text).toMatch(/MT_TLMsg\s+2\b/);
  });

  it('fails with one line and a non-zero exit for bad input', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'query', ...args], { cwd: root, encoding: 'utf8' });
    const bad = cli('--db', dbPath, '--account', String(accountId), '--date', '20261350');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: --date: date 20261350 is not a calendar day/);
    const missing = cli('--db', dbPath, '--account', 'nope');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no account named 'nope'/);
    const noAccount = cli('--db', dbPath);
    expect(noAccount.status).toBe(2);
    expect(noAccount.stderr).toMatch(/--account is required/);
  });
});
