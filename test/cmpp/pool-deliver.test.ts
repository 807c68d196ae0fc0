// DELIVER_RESP only after the application has kept the DELIVER: a rejected or unacknowledged
// DELIVER comes again (on a new connection too) and the application recognises the duplicate.
import { afterEach, describe, expect, it } from 'vitest';
import type { Deliver } from '../../electron/cmpp/wire/pdu.js';
import { VERSIONS, type CmppVersion } from '../../electron/cmpp/wire/version.js';
import type { IsmgSimulator } from '../../electron/simulator/index.js';
import { CmppAccountPool, poolConfig, recordEvents, request, SP, startSim, type Received } from './client-harness.js';
import { until } from '../support/until.js';

let pool: CmppAccountPool | undefined;
let sim: IsmgSimulator | undefined;

afterEach(async () => {
  await pool?.stop({ timeoutMs: 300, terminateTimeoutMs: 300 });
  await sim?.stop();
  pool = undefined;
  sim = undefined;
});

describe.each(VERSIONS)('DELIVER handling, CMPP %s', (version: CmppVersion) => {
  it('an MO whose handler rejects is not acknowledged, comes again, and is kept once', async () => {
    sim = await startSim(version, { deliverResendMs: 100 });
    const seen: Received[] = [];
    const stored = new Set<bigint>();
    let failNext = true;
    pool = new CmppAccountPool(
      poolConfig(sim, version, {
        onDeliver: async (deliver, info) => {
          seen.push({ deliver, info });
          await new Promise((r) => setImmediate(r)); // the store commits asynchronously
          if (failNext) {
            failNext = false;
            throw new Error('disk full');
          }
          stored.add(deliver.Msg_Id); // a Set: a duplicate is not a second message
        },
      }),
    );
    const ev = recordEvents(pool);
    pool.start();
    await pool.whenReady();
    await sim.sendMo({ from: '13912345678', to: '10690001', text: 'hello' });
    await until('the MO acknowledged', () => sim!.stats.mosAcked === 1);
    expect(seen.length).toBe(2);
    expect(seen[1]!.deliver.Msg_Id).toBe(seen[0]!.deliver.Msg_Id);
    expect(stored.size).toBe(1);
    expect(seen[0]!.info).toMatchObject({ account: SP, slot: 0 });
    expect(seen[0]!.info.report).toBeUndefined();
    expect(Buffer.from(seen[0]!.deliver.Msg_Content).toString('latin1')).toBe('hello');
    expect(ev.logs.find((l) => l.code === 'deliver-not-acked')!.message).toMatch(/disk full/);
    expect(pool.counters.deliversNotAcked).toBe(1);
    expect(pool.counters.deliversAcked).toBe(1);
    // Exactly one DELIVER_RESP went out, after the handler resolved.
    expect(sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_DELIVER_RESP').length).toBe(1);
  });

  it('a DELIVER kept but not acknowledged before the connection died comes again on the new connection; the application sees a duplicate', async () => {
    sim = await startSim(version, { deliverResendMs: 5000 });
    const seen: Received[] = [];
    const stored = new Set<bigint>();
    let duplicates = 0;
    let release: (() => void) | undefined;
    pool = new CmppAccountPool(
      poolConfig(sim, version, {
        onDeliver: (deliver: Deliver, info) => {
          seen.push({ deliver, info });
          if (stored.has(deliver.Msg_Id)) {
            duplicates++;
            return;
          }
          stored.add(deliver.Msg_Id);
          if (seen.length === 1) return new Promise<void>((r) => (release = r)); // slow commit
        },
      }),
    );
    pool.start();
    await pool.whenReady();
    await sim.sendMo({ from: '13912345678', to: '10690001', text: 'once only' });
    await until('the first delivery', () => release !== undefined);
    sim.faults.killConnections();
    await until('the drop', () => pool!.state === 'connecting' || pool!.connections()[0]!.connectionId !== seen[0]!.info.connectionId);
    release!(); // committed, but its connection is gone: no DELIVER_RESP possible
    await until('the DELIVER again on the next connection', () => seen.length === 2);
    expect(seen[1]!.info.connectionId).not.toBe(seen[0]!.info.connectionId);
    expect(seen[1]!.deliver.Msg_Id).toBe(seen[0]!.deliver.Msg_Id);
    expect(duplicates).toBe(1);
    expect(stored.size).toBe(1);
    await until('acknowledged at last', () => sim!.stats.mosAcked === 1);
    expect(pool.counters.deliversNotAcked).toBe(1);
  });

  it('status reports carry the decoded report, whichever form (60 / 71 bytes) the gateway sends', async () => {
    sim = await startSim(version, { reports: { delayMs: 0, form: version === '2.0' ? 71 : 60 } });
    const seen: Received[] = [];
    pool = new CmppAccountPool(poolConfig(sim, version, { onDeliver: (deliver, info) => void seen.push({ deliver, info }) }));
    pool.start();
    await pool.whenReady();
    const o = await pool.submit(request(5, ['13800000005']));
    await until('the report', () => seen.length === 1);
    // docs/protocol.md "Message bodies": decide the form by Msg_Length, not by version.
    expect(seen[0]!.info.report).toMatchObject({ Msg_Id: o.ok ? o.msgId : 0n, Stat: 'DELIVRD', Dest_terminal_Id: '13800000005' });
    expect(seen[0]!.info.reportError).toBeUndefined();
  });
});
