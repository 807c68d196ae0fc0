// Shared pieces of the SP-client integration tests: a simulator on an ephemeral port, pools with
// small timer values, request builders and a tiny in-memory application.
import type { AccountConnectionConfig } from '../../electron/cmpp/session/account-config.js';
import type { DeliverInfo, SubmitRequest } from '../../electron/cmpp/session/outcomes.js';
import type { Deliver } from '../../electron/cmpp/wire/pdu.js';
import { CmppAccountPool, type ConnectionStateEvent, type LogEvent } from '../../electron/cmpp/session/pool.js';
import type { CmppVersion } from '../../electron/cmpp/wire/version.js';
import { IsmgSimulator, type SimulatorOptions } from '../../electron/simulator/index.js';

export const SP = '900001';
export const SECRET = '888888';

export async function startSim(version: CmppVersion, opts: Partial<SimulatorOptions> = {}): Promise<IsmgSimulator> {
  return IsmgSimulator.start({
    port: 0,
    accounts: [{ spId: SP, secret: SECRET, version }],
    reports: { delayMs: { min: 0, max: 20 } },
    ...opts,
  });
}

/** Small timers: fast back-off, quick timeouts; every test may override. */
export function poolConfig(sim: IsmgSimulator, version: CmppVersion, over: Partial<AccountConnectionConfig> = {}): AccountConnectionConfig {
  return {
    host: sim.host,
    port: sim.port,
    version,
    spId: SP,
    secret: SECRET,
    requestTimeoutMs: 2000,
    loginTimeoutMs: 3000,
    backoff: { initialMs: 20, maxMs: 200 },
    onDeliver: () => {},
    ...over,
  };
}

export function request(i: number, dests: string[] = [`1380000${String(i % 10000).padStart(4, '0')}`], over: Partial<SubmitRequest> = {}): SubmitRequest {
  const text = Buffer.from(`test message ${i}`, 'latin1');
  return {
    Pk_total: 1,
    Pk_number: 1,
    Registered_Delivery: 1,
    Msg_level: 0,
    Service_Id: 'TEST',
    Fee_UserType: 2,
    Fee_terminal_Id: '',
    TP_pId: 0,
    TP_udhi: 0,
    Msg_Fmt: 0,
    Msg_src: SP,
    FeeType: '01',
    FeeCode: '0',
    ValId_Time: '',
    At_Time: '',
    Src_Id: '10690001',
    Dest_terminal_Id: dests,
    Msg_Content: text,
    ...over,
  };
}

/** Collects the pool's events for assertions. */
export function recordEvents(pool: CmppAccountPool): { states: ConnectionStateEvent[]; logs: LogEvent[] } {
  const states: ConnectionStateEvent[] = [];
  const logs: LogEvent[] = [];
  pool.on('state', (e) => states.push(e));
  pool.on('log', (e) => logs.push(e));
  return { states, logs };
}

export interface Received {
  deliver: Deliver;
  info: DeliverInfo;
}

export { CmppAccountPool };
