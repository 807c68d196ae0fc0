// Login against the simulator over real TCP / TLS: success, each refusal Status the simulator can
// produce, AuthenticatorISMG strict and lenient, the IP allow-list symptom, and no reconnect loop
// after a configuration error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CmppConfigError } from '../../electron/cmpp/session/account-config.js';
import { CmppAccountError } from '../../electron/cmpp/session/pool.js';
import { VERSIONS, type CmppVersion } from '../../electron/cmpp/wire/version.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { CmppAccountPool, poolConfig, recordEvents, request, SECRET, SP, startSim } from './client-harness.js';
import { until } from '../support/until.js';

const pools: CmppAccountPool[] = [];
const sims: IsmgSimulator[] = [];

function track<T extends CmppAccountPool | IsmgSimulator>(x: T): T {
  if (x instanceof CmppAccountPool) pools.push(x);
  else sims.push(x as IsmgSimulator);
  return x;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop({ timeoutMs: 200, terminateTimeoutMs: 200 })));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

const connects = (sim: IsmgSimulator) => sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_CONNECT').length;

describe.each(VERSIONS)('login, CMPP %s', (version: CmppVersion) => {
  it('logs in, reports connecting -> logging-in -> ready, and submits', async () => {
    const sim = track(await startSim(version));
    const pool = track(new CmppAccountPool(poolConfig(sim, version)));
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    expect(pool.state).toBe('ready');
    expect(ev.states.map((s) => s.state)).toEqual(['connecting', 'logging-in', 'ready']);
    expect(sim.connections(SP)).toBe(1);
    const out = await pool.submit(request(1));
    expect(out.ok).toBe(true);
    const connect = sim.received.find((r) => r.pdu.Command_Id === 'CMPP_CONNECT')!.pdu;
    expect(connect.Command_Id === 'CMPP_CONNECT' && connect.Version).toBe(version === '2.0' ? 0x20 : 0x30);
    expect(ev.logs.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('Status 3 (wrong secret): fails with the reason, exactly one CONNECT, no reconnect loop', async () => {
    const sim = track(await startSim(version));
    const pool = track(new CmppAccountPool(poolConfig(sim, version, { secret: 'wrong!', connections: 3 })));
    const ev = recordEvents(pool);
    pool.start();
    const err = await pool.whenReady().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmppAccountError);
    expect((err as CmppAccountError).message).toMatch(/Status 3 \(authentication error\).*shared secret/);
    expect((err as CmppAccountError).info?.status).toBe(3);
    expect(pool.state).toBe('failed');
    // A reconnect is only ever scheduled through a 'backing-off' state (pool.ts): none means none.
    expect(ev.states.filter((s) => s.state === 'backing-off')).toEqual([]);
    expect(connects(sim)).toBe(1);
    expect(ev.states.some((s) => s.state === 'failed' && s.status === 3)).toBe(true);
    const late = await pool.submit(request(1));
    expect(late).toMatchObject({ ok: false, code: 'login-failed', written: false, inDoubt: false });
  });

  it('Status 2 (unknown SP_Id): fails, one CONNECT', async () => {
    const sim = track(await startSim(version));
    const pool = track(new CmppAccountPool(poolConfig(sim, version, { spId: '123456' })));
    const ev = recordEvents(pool);
    const queued = pool.submit(request(1)); // queued before start: handed back on failure
    pool.start();
    await expect(pool.whenReady()).rejects.toThrow(/Status 2 \(illegal source address/);
    expect(pool.state).toBe('failed');
    expect(ev.states.filter((s) => s.state === 'backing-off')).toEqual([]);
    expect(connects(sim)).toBe(1);
    expect(await queued).toMatchObject({ ok: false, code: 'login-failed', written: false });
  });

  it('wrong AuthenticatorISMG: a warning by default, a refusal (one CONNECT) when strict', async () => {
    const sim = track(await startSim(version));
    sim.faults.wrongAuthenticator(true);
    const lenient = track(new CmppAccountPool(poolConfig(sim, version)));
    const ev = recordEvents(lenient);
    lenient.start();
    await lenient.whenReady();
    expect(ev.logs.some((l) => l.level === 'warn' && l.code === 'authenticator')).toBe(true);
    expect((await lenient.submit(request(1))).ok).toBe(true);
    await lenient.stop();

    sim.clearReceived();
    const strict = track(new CmppAccountPool(poolConfig(sim, version, { strictAuthenticator: true })));
    const strictEv = recordEvents(strict);
    strict.start();
    await expect(strict.whenReady()).rejects.toThrow(/AuthenticatorISMG.*does not match/);
    expect(strict.state).toBe('failed');
    expect(strictEv.states.filter((s) => s.state === 'backing-off')).toEqual([]);
    expect(connects(sim)).toBe(1);
  });

  it('a gateway that closes right after login is reported as the IP allow-list symptom, with back-off', async () => {
    const sim = track(await startSim(version));
    sim.faults.closeAfterLogin(true);
    const pool = track(new CmppAccountPool(poolConfig(sim, version, { backoff: { initialMs: 30, maxMs: 1000, jitter: 0 } })));
    const ev = recordEvents(pool);
    pool.start();
    await until('three back-offs', () => ev.states.filter((s) => s.state === 'backing-off').length >= 3);
    const offs = ev.states.filter((s) => s.state === 'backing-off');
    for (const s of offs) {
      expect(s.code === 'closed-after-login' || s.code === 'closed-during-login').toBe(true);
      expect(s.reason).toMatch(/allow-list/);
    }
    // Exponential: 30, 60, 120 ms.
    expect(offs.slice(0, 3).map((s) => s.retryInMs)).toEqual([30, 60, 120]);
    sim.faults.closeAfterLogin(false);
    await pool.whenReady();
  });
});

describe('login refusals that depend on the version pair', () => {
  it('Status 4 (version too high): a 3.0 client on a 2.0-only account stops with the hint', async () => {
    const sim = track(await startSim('2.0'));
    const pool = track(new CmppAccountPool(poolConfig(sim, '3.0')));
    const ev = recordEvents(pool);
    pool.start();
    await expect(pool.whenReady()).rejects.toThrow(/Status 4 \(version too high\).*version to 2\.0/);
    expect(pool.state).toBe('failed');
    expect(ev.states.filter((s) => s.state === 'backing-off')).toEqual([]);
    expect(connects(sim)).toBe(1);
  });

  it('Status 5 (other) is retried with back-off, not a configuration error', async () => {
    const sim = track(
      await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP, secret: SECRET, version: '3.0', acceptOlder: false }] }),
    );
    const pool = track(new CmppAccountPool(poolConfig(sim, '2.0', { backoff: { initialMs: 20, maxMs: 40 } })));
    const ev = recordEvents(pool);
    pool.start();
    await until('three CONNECTs', () => connects(sim) >= 3);
    const off = ev.states.find((s) => s.state === 'backing-off')!;
    expect(off.status).toBe(5);
    expect(off.reason).toMatch(/Status 5 \(other error/);
    expect(pool.state).toBe('connecting');
  });

  it('sends Version 0x21 when configured, on the 2.0 layout', async () => {
    const sim = track(await startSim('2.0'));
    const pool = track(new CmppAccountPool(poolConfig(sim, '2.0', { versionByte: 0x21 })));
    pool.start();
    await pool.whenReady();
    const c = sim.received.find((r) => r.pdu.Command_Id === 'CMPP_CONNECT')!.pdu;
    expect(c.Command_Id === 'CMPP_CONNECT' && c.Version).toBe(0x21);
    expect(() => new CmppAccountPool(poolConfig(sim, '2.0', { versionByte: 0x30 }))).toThrow(CmppConfigError);
  });

  it('a refused TCP connection backs off and retries with the network reason', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const pool = track(
      new CmppAccountPool({ host: '127.0.0.1', port, version: '3.0', spId: SP, secret: SECRET, onDeliver: () => {}, backoff: { initialMs: 10, maxMs: 20 } }),
    );
    const ev = recordEvents(pool);
    pool.start();
    await until('back-offs', () => ev.states.filter((s) => s.state === 'backing-off').length >= 2);
    expect(ev.states.find((s) => s.state === 'backing-off')).toMatchObject({ code: 'network' });
    expect(ev.states.find((s) => s.state === 'backing-off')!.reason).toMatch(/cannot connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('rejects unusable settings with a typed error naming the field', () => {
    const base = { host: '127.0.0.1', port: 7890, version: '3.0' as const, spId: SP, secret: SECRET, onDeliver: () => {} };
    expect(() => new CmppAccountPool({ ...base, spId: '1234567' })).toThrow(/spId/);
    expect(() => new CmppAccountPool({ ...base, window: 0 })).toThrow(CmppConfigError);
    expect(() => new CmppAccountPool({ ...base, rate: -1 })).toThrow(/rate/);
    expect(() => new CmppAccountPool({ ...base, onDeliver: undefined as never })).toThrow(/onDeliver/);
  });
});

describe('TLS', () => {
  let dir: string;
  let key: Buffer;
  let cert: Buffer;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cmpp-client-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], {
      stdio: 'ignore',
    });
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(VERSIONS)('logs in over TLS trusting the self-signed certificate (CMPP %s)', async (version) => {
    const sim = track(await startSim(version, { tls: { key, cert } }));
    const pool = track(new CmppAccountPool(poolConfig(sim, version, { tls: { ca: cert, servername: 'localhost' } })));
    pool.start();
    await pool.whenReady();
    expect((await pool.submit(request(7))).ok).toBe(true);
  });

  it('an untrusted certificate is a TLS failure, retried with back-off', async () => {
    const sim = track(await startSim('3.0', { tls: { key, cert } }));
    const pool = track(new CmppAccountPool(poolConfig(sim, '3.0', { tls: true })));
    const ev = recordEvents(pool);
    pool.start();
    await until('back-off', () => ev.states.some((s) => s.state === 'backing-off'));
    const off = ev.states.find((s) => s.state === 'backing-off')!;
    expect(off.code).toBe('network');
    expect(off.reason).toMatch(/TLS handshake failed.*certificate/i);
  });
});
