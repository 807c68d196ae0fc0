// Hostile gateways against a scripted TCP peer on 127.0.0.1: a peer trickling one byte per second
// is declared dead (liveness counts complete PDUs only), and one SUBMIT is written at most maxSends
// times on one connection however often the application hands it over again. Time is virtual
// (fake timers and performance.now); the sockets are real.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodePdu } from '../../electron/cmpp/wire/codec.js';
import type { SubmitOutcome } from '../../electron/cmpp/session/outcomes.js';
import { CmppAccountPool, type LogEvent } from '../../electron/cmpp/session/pool.js';
import { ScriptedPeer } from './scripted-peer.js';
import { request, SECRET, SP } from './client-harness.js';
import { until } from '../support/until.js';

const VERSION = '3.0';
let pool: CmppAccountPool | undefined;
let peer: ScriptedPeer | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await pool?.stop({ timeoutMs: 50, terminateTimeoutMs: 50 });
  await peer?.stop();
  pool = undefined;
  peer = undefined;
});

/** Lets a few loopback round trips happen without moving the virtual clock. */
async function settleIo(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
}

/** A DELIVER the peer trickles byte by byte: it never completes within the test. */
const trickled = encodePdu(
  {
    Command_Id: 'CMPP_DELIVER',
    Sequence_Id: 7,
    Msg_Id: 1n,
    Dest_Id: '10690001',
    Service_Id: 'TEST',
    TP_pid: 0,
    TP_udhi: 0,
    Msg_Fmt: 0,
    Src_terminal_Id: '13800138000',
    Src_terminal_type: 0,
    Registered_Delivery: 0,
    Msg_Length: 140,
    Msg_Content: Buffer.alloc(140, 0x41),
    LinkID: '',
  } as never,
  VERSION,
);

async function startPool(over: Partial<ConstructorParameters<typeof CmppAccountPool>[0]> = {}): Promise<{ logs: LogEvent[] }> {
  peer = await ScriptedPeer.start({ version: VERSION, secret: SECRET });
  pool = new CmppAccountPool({
    host: '127.0.0.1',
    port: peer.port,
    version: VERSION,
    spId: SP,
    secret: SECRET,
    activeTestIntervalMs: 10_000,
    activeTestTimeoutMs: 5_000,
    activeTestMaxSends: 3,
    requestTimeoutMs: 5_000,
    maxSends: 3,
    backoff: { initialMs: 60_000, maxMs: 60_000 },
    onDeliver: () => {},
    ...over,
  });
  const logs: LogEvent[] = [];
  pool.on('log', (e) => logs.push(e));
  pool.start();
  await until('login', () => pool!.state === 'ready');
  return { logs };
}

describe('a gateway trickling one byte per second', () => {
  it('gets ACTIVE_TESTs by the interval and is declared dead when none is answered', async () => {
    fakeClock();
    const closes: string[] = [];
    await startPool();
    pool!.on('state', (e) => {
      if (e.code !== undefined) closes.push(`${e.code}: ${e.reason}`);
    });
    // C = 10 s, T = 5 s, N = 3: the first test at 10 s, dead by 10 + 3 x 5 = 25 s (+ a tick).
    for (let s = 0; s < 40 && closes.length === 0; s++) {
      peer!.write([trickled[s]!]);
      await settleIo();
      vi.advanceTimersByTime(1000);
      await settleIo();
    }
    expect(peer!.received('CMPP_ACTIVE_TEST').length).toBeGreaterThanOrEqual(1);
    expect(closes[0]).toMatch(/^dead-peer: .*ACTIVE_TEST/);
  });
});

describe('a gateway that never answers a SUBMIT', () => {
  it('gets that SUBMIT at most maxSends times on one connection, however often it is handed over', async () => {
    fakeClock();
    await startPool({ activeTestIntervalMs: 600_000, activeTestTimeoutMs: 600_000 });
    const req = request(1);
    const outcomes: SubmitOutcome[] = [];
    // The application hands the same message over again after each in-doubt outcome (as the pump
    // does for free messages), five times.
    for (let round = 0; round < 5; round++) {
      const p = pool!.submit(req).then((o) => outcomes.push(o));
      for (let s = 0; s < 20 && outcomes.length === round; s++) {
        await settleIo();
        vi.advanceTimersByTime(1000);
      }
      await settleIo();
      if (outcomes.length === round) break; // parked: not written again on this connection
      void p;
    }
    // The pool counts every SUBMIT it writes to a socket (each send of one counts its messages):
    // three writes, and the peer has exactly those.
    expect(pool!.counters.messages).toBe(3);
    await until('the three SUBMITs at the peer', () => peer!.received('CMPP_SUBMIT').length >= 3);
    expect(peer!.received('CMPP_SUBMIT').length).toBe(3);
    expect(outcomes[0]).toMatchObject({ ok: false, code: 'timeout', sends: 3 });
  });
});
