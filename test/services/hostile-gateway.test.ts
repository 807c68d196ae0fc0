// Broken and hostile gateways seen from the CLI and the workspace log: every connection failure
// reason (framing error, dead peer, refused connection, login Status) reaches the operator, and a
// report with a garbage Stat is stored as a visible "invalid Stat" with its hex. Each gateway is a
// scripted TCP peer on 127.0.0.1 speaking just enough CMPP.
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { runSendCommand } from '../../electron/cli/send.js';
import type { WorkspaceLogEvent } from '../../electron/services/engine.js';
import type { SupportLog } from '../../electron/services/support/support-log.js';
import { statText } from '../../shared/i18n/code-text.js';
import { translate } from '../../renderer/src/i18n/index.js';
import { ScriptedPeer, type PeerScript } from '../cmpp/scripted-peer.js';
import { runCli } from './fixtures/cli.js';
import { until } from '../support/until.js';
import { SECRET, SP_ID, startEngine, tempDir, type Engine } from './fixtures/engine.js';

/** `send` without --db uses the app's database: here a per-user directory of this file's own, never the machine's. */
const config = tempDir('cmpp-hostile-config-');
const home = { XDG_CONFIG_HOME: config.dir };
afterAll(() => config.cleanup());

let peer: ScriptedPeer | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  await peer?.stop();
  engine = undefined;
  peer = undefined;
});

const sendArgs = (port: number, extra: string[]) => [
  '--host', '127.0.0.1', '--port', String(port), '--sp-id', SP_ID, '--secret-env', 'GW', '--version', '3.0',
  '--service-id', 'ONE', '--src-id', '106901', '--to', '13800138000', '--text', 'hostile gateway', ...extra,
];

async function send(script: Partial<PeerScript>, extra: string[] = []) {
  peer = await ScriptedPeer.start({ version: '3.0', secret: SECRET, ...script });
  return runCli(runSendCommand, sendArgs(peer.port, extra), { GW: SECRET, ...home });
}

describe('a status report with a garbage Stat', () => {
  it('is stored as "invalid Stat" with its hex, outcome unknown, and shown so', async () => {
    const r = await send({ answerSubmits: true, reportStat: Buffer.from([0xff, 0x3c, 0x78, 0x3e, 0, 0, 0]) }, ['--wait-reports', '--json', '--timeout-ms', '10000']);
    const res = JSON.parse(r.out.join('\n')) as { messages: { state: string; stat: string }[] };
    expect(res.messages[0]).toMatchObject({ state: 'unknown', stat: 'invalid Stat 0xff3c783e' });
    expect(statText(res.messages[0]!.stat, (k, p) => translate('en', k, p))).toBe('invalid Stat (bytes 0xff3c783e): outcome unknown');
    expect(statText(res.messages[0]!.stat, (k, p) => translate('zh-CN', k, p))).toContain('无效的Stat');
  }, 20_000);
});

describe('every connection failure reason reaches the CLI', () => {
  it('a framing error', async () => {
    // A length field of 7: no CMPP frame is shorter than its 12-byte header.
    const r = await send({ afterLogin: Buffer.from([0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0]) }, ['--wait-reports', '--timeout-ms', '1500']);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/unframeable data from the gateway/);
  }, 20_000);

  it('a refused connection', async () => {
    const server = net.createServer();
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((res) => server.close(() => res()));
    const r = await runCli(runSendCommand, sendArgs(port, ['--timeout-ms', '1500']), { GW: SECRET, ...home });
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/cannot connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(r.err.join('\n')).toMatch(/timed out after 1500 ms .*ECONNREFUSED/);
  }, 20_000);

  it('a refused connection, in Chinese: the Monitor words, not the English of main', async () => {
    const server = net.createServer();
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((res) => server.close(() => res()));
    const r = await runCli(runSendCommand, ['--lang', 'zh-CN', ...sendArgs(port, ['--timeout-ms', '1500'])], { GW: SECRET, ...home });
    expect(r.code).toBe(1);
    const lines = r.err.join('\n');
    expect(lines).toContain(translate('zh-CN', 'monitor.close.network'));
    expect(lines).not.toMatch(/cannot connect|reconnecting|ECONNREFUSED/);
  }, 20_000);

  it('a login refused with a Status', async () => {
    const r = await send({ loginStatus: 3 }, ['--timeout-ms', '5000']);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/login refused by the gateway: Status 3/);
  }, 20_000);
});

describe('campaign start --wait', () => {
  it('prints the reason a connection failed while it waits', async () => {
    peer = await ScriptedPeer.start({
      version: '3.0', secret: SECRET, answerSubmits: true, reportStat: Buffer.from('DELIVRD'),
      afterLogin: Buffer.from([0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0]), afterLoginOnce: true,
    });
    const tmp = tempDir('cmpp-hostile-campaign-');
    const db = tmp.file('c.db');
    try {
      const add = await runCli(runAccountCommand, [
        'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(peer.port), '--sp-id', SP_ID, '--secret-env', 'S',
        '--version', '3.0', '--service-id', 'CLI', '--src-id', '10690', '--signature', '【测试】',
      ], { S: SECRET });
      expect(add.code).toBe(0);
      const created = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--to', '13800138000', '--text', 'hostile']);
      expect(created.code, created.err.join('\n')).toBe(0);
      const run = await runCli(runCampaignCommand, ['start', '--db', db, '--id', created.out[0]!, '--wait']);
      // It says what it waits for as that changes: the dropped connection with its reason, then the new login.
      const said = run.err.join('\n');
      expect(said).toMatch(/connection to 127\.0\.0\.1:\d+ lost \(account gw\): unframeable data from the gateway: Total_Length 7 .*; reconnecting in \d+ s\nconnecting to 127\.0\.0\.1:\d+ \(account gw\)\nlogged in to/);
      expect(run.out).toEqual([`campaign ${created.out[0]} completed`]);
    } finally {
      tmp.cleanup();
    }
  }, 30_000);
});

describe('a gateway that answers link tests but never a SUBMIT', () => {
  it('gets one message at most maxSends times on one connection, although the pump hands it over again', async () => {
    peer = await ScriptedPeer.start({ version: '3.0', secret: SECRET, answerActiveTests: true });
    engine = await startEngine({
      account: { port: peer.port, responseTimeoutMs: 1000, maxSends: 3, signature: '【测试】' },
      ws: { pool: { requestTimeoutMs: 100, activeTestIntervalMs: 60_000 } },
    });
    const { ws } = engine;
    const r = await ws.campaigns.sendOne({ accountId: engine.account.id, to: '13800138000', text: 'never answered' });
    // The pump resends a free message in doubt at once; the pool never writes it again on the
    // connection that already ignored it 3 times: it replaces that connection and sends it there.
    await until('the in-doubt resend', () => ws.store.deliveryLog.detail(r.messageId).message.possibleDuplicate === true, 15_000);
    const submitsOn = (i: number) => peer!.connections[i]!.received.filter((p) => p.Command_Id === 'CMPP_SUBMIT').length;
    await until('the resend on a new connection', () => peer!.connections.length >= 2 && submitsOn(1) >= 1, 15_000);
    expect(submitsOn(0)).toBe(3);
    for (let i = 0; i < peer.connections.length; i++) expect(submitsOn(i)).toBeLessThanOrEqual(3);
  }, 30_000);
});

describe('a dead peer', () => {
  it('is logged by the workspace with its reason (what the UI, the CLI and the log show)', async () => {
    peer = await ScriptedPeer.start({ version: '3.0', secret: SECRET });
    // The support log as the file gets it (level, event, fields).
    const file: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
    const entry = (level: string) => (event: string, fields?: Record<string, unknown>) => void file.push({ level, event, ...(fields ? { fields } : {}) });
    const log: SupportLog = { error: entry('error'), warn: entry('warn'), info: entry('info'), debug: entry('debug') };
    engine = await startEngine({
      account: { port: peer.port },
      ws: { log, pool: { activeTestIntervalMs: 100, activeTestTimeoutMs: 100, activeTestMaxSends: 2, backoff: { initialMs: 10_000, maxMs: 10_000 } } },
    });
    const logs: WorkspaceLogEvent[] = [];
    engine.ws.on('log', (e) => logs.push(e));
    engine.ws.pool(engine.account.id);
    await until('a connection-failed log', () => logs.some((l) => l.code === 'connection-failed'), 10_000);
    const l = logs.find((x) => x.code === 'connection-failed')!;
    expect(l).toMatchObject({ level: 'warn', accountId: engine.account.id });
    expect(l.message).toMatch(/gw1, connection \d+: dead-peer: (the gateway answered none of 2 ACTIVE_TESTs|nothing received from the gateway)/);
    const logged = file.find((x) => x.event === 'connection-failed');
    expect(logged).toMatchObject({ level: 'warn', fields: { message: l.message, accountId: engine.account.id } });
  }, 20_000);
});
