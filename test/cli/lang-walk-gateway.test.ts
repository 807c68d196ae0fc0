// The language walk (see lang-walk.test.ts) over the commands that talk to a gateway: the simulator's
// own lines, `query`, `send` and `reconcile` against the real simulator on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runQueryCommand } from '../../electron/cli/query.js';
import { runReconcileCommand } from '../../electron/cli/reconcile.js';
import { runSendCommand } from '../../electron/cli/send.js';
import { runSimulatorCommand } from '../../electron/cli/simulator.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { runCli } from '../services/fixtures/cli.js';
import { SECRET, SP_ID, tempDir } from '../services/fixtures/engine.js';
import { walk } from './lang-words.js';

const tmp = tempDir('cmpp-cli-lang-gw-');
const db = tmp.file('gw.db');
const env = { GW: SECRET, XDG_CONFIG_HOME: tmp.file('config') };
let sim: IsmgSimulator;
beforeAll(async () => {
  sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0' }], reports: { delayMs: { min: 0, max: 5 }, statMix: { DELIVRD: 1 } } });
  const add = await runCli(runAccountCommand, ['add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'GW', '--version', '3.0', '--service-id', 'ONE', '--src-id', '106901'], env);
  expect(add.code, add.err.join('\n')).toBe(0);
});
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

/** The simulator command, stopped as soon as it listens (as Ctrl+C would). */
const simulatorOnce: Parameters<typeof runCli>[0] = (argv, io) => {
  const stop = new AbortController();
  return runSimulatorCommand(argv, { ...io, signal: stop.signal, onStarted: () => stop.abort() });
};

describe('gateway commands speak the operator language', () => {
  it('simulator: its start and stop lines and a bad flag', async () => {
    const { zh } = await walk('simulator', simulatorOnce, ['--port', '0', '--sp-id', SP_ID, '--secret', 'x', '--version', '2.0'], []);
    expect(zh.out[0]).toMatch(/^CMPP 模拟器正在监听 127\.0\.0\.1:\d+（SP_Id 900001，CMPP 2\.0）$/);
    await walk('simulator (bad version)', simulatorOnce, ['--port', '0', '--version', '4.0'], ['4.0'], { code: 2 });
    const base = ['--port', '0', '--sp-id', SP_ID, '--secret', 'x'];
    await walk('simulator (bad SP_Id)', simulatorOnce, ['--port', '0', '--sp-id', '1234567', '--secret', 'x'], ['1234567'], { code: 2 });
    await walk('simulator (bad report delay)', simulatorOnce, [...base, '--report-delay-ms', '9-1'], ['9-1'], { code: 2 });
    await walk('simulator (bad report form)', simulatorOnce, [...base, '--report-form', '80'], ['80', 'version'], { code: 2 });
    await walk('simulator (bad stat-for)', simulatorOnce, [...base, '--stat-for', 'UNDELIV'], ['UNDELIV'], { code: 2 });
    await walk('simulator (bad Stat)', simulatorOnce, [...base, '--stat-mix', 'TOOLONGSTAT=1'], ['TOOLONGSTAT=1', 'TOOLONGSTAT', 'MK:0012'], { code: 2 });
    await walk('simulator (no weight)', simulatorOnce, [...base, '--stat-mix', 'DELIVRD=0'], ['DELIVRD=0'], { code: 2 });
    await walk('simulator (bad rate)', simulatorOnce, [...base, '--rate', '0'], [], { code: 2 });
    await walk('simulator (bad share)', simulatorOnce, [...base, '--never-rate', '2'], [], { code: 2 });
    await walk('simulator (unreadable TLS file)', simulatorOnce, [...base, '--tls-key', tmp.file('none.key'), '--tls-cert', tmp.file('none.crt')], [], { code: 2 });
    await walk('simulator (port in use)', simulatorOnce, ['--port', String(sim.port), '--sp-id', SP_ID, '--secret', 'x'], [], { code: 1 });
  });

  it('query: the counters with their meanings, and an unknown account', async () => {
    await walk('query', runQueryCommand, ['--db', db, '--account', 'gw'], ['gw', 'MT_TLMsg', 'MT_Tlusr', 'MT_Scs', 'MT_WT', 'MT_FL', 'MO_Scs', 'MO_WT', 'MO_FL'], { env });
    await walk('query (no account)', runQueryCommand, ['--db', db, '--account', 'nobody'], ['nobody'], { code: 2, env });
  });

  it('send: each number with its state and Msg_Id, and an invalid number', async () => {
    const { zh } = await walk('send', runSendCommand, ['--db', db, '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'GW', '--version', '3.0', '--service-id', 'ONE', '--src-id', '106901', '--to', '13800138000', '--text', '【测试】你好', '--wait-reports'], ['gw', '【测试】你好'], { env });
    expect(zh.out[0]).toMatch(/^13800138000 {2}已送达 {2}Msg_Id \d+ {2}DELIVRD$/);
    await walk('send (invalid number)', runSendCommand, ['--db', db, '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'GW', '--version', '3.0', '--service-id', 'ONE', '--src-id', '106901', '--to', '12345', '--text', 'x'], ['12345', 'wrong-length', 'not-mobile', 'x'], { code: 2, env });
  });

  it('reconcile: the day beside the gateway with the meanings, and a bad date', async () => {
    const { zh } = await walk('reconcile', runReconcileCommand, ['--db', db, '--account', 'gw'], ['gw', 'MT_TLMsg', 'MT_Tlusr', 'MT_Scs', 'MT_WT', 'MT_FL', 'MO_Scs', 'MO_WT', 'MO_FL'], { env });
    expect(zh.out.join('\n').split('\n')[0]).toMatch(/^gw（账号 1）\d{4}-\d{2}-\d{2} 与网关对账：与网关一致$/);
    await walk('reconcile (bad date)', runReconcileCommand, ['--db', db, '--account', 'gw', '--date', '2026-02-30'], ['gw', '2026-02-30', 'YYYY', 'MM', 'DD', 'YYYYMMDD'], { code: 2, env });
  });
});
