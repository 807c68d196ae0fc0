// Real parts for the inbox tests: the ISMG simulator on 127.0.0.1 port 0, a real SQLite file in a
// temp dir, a real account pool whose DELIVERs go to the InboxService (as the deliver router does).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CmppAccountPool, type DeliverInfo } from '../../electron/cmpp/session/client.js';
import type { Deliver } from '../../electron/cmpp/wire/pdu.js';
import { InboxService, type InboxSettings } from '../../electron/services/inbox/inbox.js';
import { IsmgSimulator, type SimulatorOptions } from '../../electron/simulator/index.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';

export const SP = '900001';
export const SECRET = '888888';
export const SRC_ID = '106900001';

export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-inbox-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function settings(over: Partial<InboxSettings> = {}): InboxSettings {
  return {
    optOutKeywords: ['退订', 'TD', 'T', 'N', 'R', 'STOP'],
    optInKeywords: ['订阅', 'START'],
    optOutConfirmation: '',
    optInConfirmation: '',
    moReassemblyTimeoutMs: 3600_000,
    ...over,
  };
}

export async function startSim(version: '2.0' | '3.0', opts: Partial<SimulatorOptions> = {}): Promise<IsmgSimulator> {
  return IsmgSimulator.start({ port: 0, accounts: [{ spId: SP, secret: SECRET, version }], reports: { delayMs: 0 }, ...opts });
}

export function openStore(path: string): Store {
  return Store.open({ path, cipher: new PlaintextCipher() });
}

export function createAccount(store: Store, sim: IsmgSimulator, version: '2.0' | '3.0'): number {
  return store.accounts.create({ name: `gw-${version}`, host: '127.0.0.1', port: sim.port, version, spId: SP, secret: SECRET, serviceId: 'SVC', srcId: SRC_ID }).id;
}

/** An account pool wired like the workspace's deliver router: MOs to inbox.acceptMo before DELIVER_RESP. */
export function inboxPool(
  sim: IsmgSimulator,
  version: '2.0' | '3.0',
  onMo: (d: Deliver, info: DeliverInfo) => void,
): CmppAccountPool {
  const pool = new CmppAccountPool({
    host: '127.0.0.1',
    port: sim.port,
    version,
    spId: SP,
    secret: SECRET,
    requestTimeoutMs: 2000,
    loginTimeoutMs: 5000,
    backoff: { initialMs: 20, maxMs: 200 },
    onDeliver: (d, info) => {
      if (d.Registered_Delivery === 0) onMo(d, info);
    },
  });
  pool.start();
  return pool;
}

export function inboxService(store: Store, over: Partial<ConstructorParameters<typeof InboxService>[0]> = {}): InboxService {
  return new InboxService({ store, settings: settings(), ...over });
}

/** A DELIVER as the codec hands it over, for tests that call acceptMo directly. */
export function deliver(over: Partial<Deliver> & Pick<Deliver, 'Msg_Id' | 'Msg_Content'>): Deliver {
  return {
    Command_Id: 'CMPP_DELIVER',
    Sequence_Id: 1,
    Dest_Id: SRC_ID,
    Service_Id: 'SVC',
    TP_pid: 0,
    TP_udhi: 0,
    Msg_Fmt: 8,
    Src_terminal_Id: '13800138000',
    Src_terminal_type: 0,
    Registered_Delivery: 0,
    Msg_Length: over.Msg_Content.length,
    LinkID: '',
    ...over,
  };
}

export const ucs2 = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

/** December Msg_Id (above 2^63), as docs/protocol.md "Msg_Id" lays it out. */
export function decMsgId(seq: number): bigint {
  return (12n << 60n) | (24n << 55n) | (23n << 50n) | (59n << 44n) | (7n << 38n) | (79101n << 16n) | BigInt(seq & 0xffff);
}
