// Login against the simulator over real loopback TCP and TLS: Status codes, AuthenticatorISMG per
// version, CONNECT_RESP layout, tolerance of the client's clock, login faults.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorIsmg, authenticatorSource } from '../../electron/cmpp/wire/auth.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { RawClient } from './raw-client.js';

const ACCOUNTS = [
  { spId: '900001', secret: '888888', version: '2.0' as const },
  { spId: '900003', secret: 's3cret', version: '3.0' as const },
  { spId: '900004', secret: 'x', version: '3.0' as const, acceptOlder: false },
];

let sim: IsmgSimulator;
const clients: RawClient[] = [];
async function client(): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sim = await IsmgSimulator.start({ port: 0, accounts: ACCOUNTS });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  sim.faults.wrongAuthenticator(false);
  sim.faults.closeAfterLogin(false);
});
afterAll(async () => {
  await sim.stop();
});

describe('login', () => {
  it('binds 127.0.0.1 by default', () => {
    expect(sim.host).toBe('127.0.0.1');
    expect(sim.port).toBeGreaterThan(0);
  });

  it.each([0x20, 0x21, 0x00, 0x01])('a 2.0 account accepts Version 0x%s with a 30-byte CONNECT_RESP and a correct AuthenticatorISMG', async (v) => {
    const c = await client();
    const ts = 1021080510;
    const resp = await c.login('900001', '888888', v, { timestamp: ts });
    expect(resp.Status).toBe(0);
    expect(c.log.at(-1)!.frame.length).toBe(30);
    const src = authenticatorSource('900001', '888888', ts);
    expect(resp.AuthenticatorISMG).toEqual(authenticatorIsmg(0, '2.0', src, '888888'));
    expect(resp.Version).toBe(v === 0x21 ? 0x21 : 0x20);
    await expect.poll(() => sim.connections('900001')).toBe(1);
  });

  it('matches the reference vector for CONNECT_RESP 2.x (docs/protocol.md "Test vectors")', async () => {
    const c = await client();
    c.layout = '2.0';
    c.sendRaw(Buffer.from('000000270000000100000017393030303031' + '90d00c1d517abd0b4f65f6bcf8535d16' + '21' + '3cdc73be', 'hex'));
    const r = await c.nextRaw(() => true);
    expect(r.frame.toString('hex')).toBe('0000001e8000000100000017006c0b846e25bab6daa4ed1c466e0f4bd821');
  });

  it('a 3.0 account answers Version 0x30 with a 33-byte CONNECT_RESP (4-byte Status in the hash)', async () => {
    const c = await client();
    const resp = await c.login('900003', 's3cret', 0x30);
    expect(resp.Status).toBe(0);
    expect(c.log.at(-1)!.frame.length).toBe(33);
    expect(resp.Version).toBe(0x30);
    const sent = sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_CONNECT').at(-1)!.pdu;
    if (sent.Command_Id !== 'CMPP_CONNECT') throw new Error('unreachable');
    expect(resp.AuthenticatorISMG).toEqual(authenticatorIsmg(0, '3.0', sent.AuthenticatorSource, 's3cret'));
  });

  it('a 3.0 account also takes a 2.x client, in the 2.x layout, unless acceptOlder is false', async () => {
    const c = await client();
    const resp = await c.login('900003', 's3cret', 0x21);
    expect(resp.Status).toBe(0);
    expect(c.log.at(-1)!.frame.length).toBe(30);
    const d = await client();
    const refused = await d.login('900004', 'x', 0x20);
    expect(refused.Status).toBe(5);
  });

  it('Status 2 for an unknown SP_Id, then closes', async () => {
    const c = await client();
    const resp = await c.login('123456', '888888', 0x20);
    expect(resp.Status).toBe(2);
    await c.closed;
    // The refusal was the last word: nothing after the CONNECT_RESP, and no session was counted.
    expect(c.log.map((r) => r.pdu?.Command_Id)).toEqual(['CMPP_CONNECT_RESP']);
    expect(sim.connections('123456')).toBe(0);
  });

  it('Status 3 for a wrong secret, in the layout the client asked for', async () => {
    for (const [spId, v, len] of [['900001', 0x20, 30], ['900003', 0x30, 33]] as const) {
      const c = await client();
      const resp = await c.login(spId, 'wrong', v);
      expect(resp.Status).toBe(3);
      expect(c.log.at(-1)!.frame.length).toBe(len);
      await c.closed;
    }
  });

  it('Status 4 for Version 0x30 to a 2.0-only account, answered in the 3.0 layout with Version 0x20', async () => {
    const c = await client();
    const resp = await c.login('900001', '888888', 0x30);
    expect(resp.Status).toBe(4);
    expect(c.log.at(-1)!.frame.length).toBe(33);
    expect(resp.Version).toBe(0x20);
    await c.closed;
  });

  it('does not reject a client whose clock is months off', async () => {
    const c = await client();
    const resp = await c.login('900001', '888888', 0x20, { timestamp: 101000001 });
    expect(resp.Status).toBe(0);
  });

  it('records each login as an event', async () => {
    const logins: unknown[] = [];
    const on = (e: unknown) => logins.push(e);
    sim.on('login', on);
    const c = await client();
    await c.login('900001', 'bad', 0x20);
    sim.off('login', on);
    expect(logins).toEqual([expect.objectContaining({ spId: '900001', status: 3 })]);
  });

  it('fault: wrong AuthenticatorISMG', async () => {
    sim.faults.wrongAuthenticator(true);
    const c = await client();
    const ts = 1021080510;
    const resp = await c.login('900001', '888888', 0x20, { timestamp: ts });
    expect(resp.Status).toBe(0);
    expect(resp.AuthenticatorISMG).not.toEqual(authenticatorIsmg(0, '2.0', authenticatorSource('900001', '888888', ts), '888888'));
  });

  it('fault: accepts the login then closes at once', async () => {
    sim.faults.closeAfterLogin(true);
    const c = await client();
    const resp = await c.login('900001', '888888', 0x20);
    expect(resp.Status).toBe(0);
    await c.closed;
    expect(sim.connections('900001')).toBe(0);
  });

  it('closes a connection whose first PDU is not CONNECT', async () => {
    const c = await client();
    c.send({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: 1 });
    await c.closed;
  });
});

describe('TLS login', () => {
  let dir: string;
  let tlsSim: IsmgSimulator;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    tlsSim = await IsmgSimulator.start({
      port: 0,
      accounts: ACCOUNTS,
      tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    });
  });
  afterAll(async () => {
    await tlsSim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in over TLS with the test certificate as the trusted CA', async () => {
    const c = await RawClient.connect(tlsSim.port, { tls: { ca: readFileSync(join(dir, 'cert.pem')), servername: 'localhost' } });
    clients.push(c);
    const resp = await c.login('900003', 's3cret', 0x30);
    expect(resp.Status).toBe(0);
    expect(tlsSim.connections('900003')).toBe(1);
  });
});
