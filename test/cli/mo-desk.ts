// A desk for the MO tests of the CLI: the real simulator on 127.0.0.1 (port 0), a gateway account
// added through `account add`, and the app's side (a workspace opened as the CLI opens it, with its
// account pool logged in) receiving the simulator's MOs over TCP; the CLI commands then run against
// the same database file, as an operator's terminal beside the running app would.
import { runAccountCommand } from '../../electron/cli/account.js';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import type { Workspace } from '../../electron/services/workspace.js';
import { IsmgSimulator, type MoRequest } from '../../electron/simulator/index.js';
import { runCli, type CliRun } from '../services/fixtures/cli.js';
import { fastPool, SECRET, SP_ID, tempDir, until } from '../services/fixtures/engine.js';

export const SRC = '1069001';

export interface MoDesk {
  db: string;
  sim: IsmgSimulator;
  /** The app's workspace (the one receiving MOs). */
  ws: Workspace;
  accountId: number;
  /** Sends an MO from the simulator and waits until the app stored it; returns its id. */
  mo(from: string, text: string, more?: Partial<MoRequest>): Promise<number>;
  /** Resolves once every MO stored so far had its auto-reply decision. */
  decided(): Promise<void>;
  /** Runs a CLI command function with `--db` added. */
  cli(run: Parameters<typeof runCli>[0], ...argv: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

export async function openMoDesk(version: '2.0' | '3.0' = '3.0'): Promise<MoDesk> {
  const tmp = tempDir('cmpp-mo-desk-');
  const db = tmp.file('desk.db');
  const sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version }], reports: { delayMs: { min: 0, max: 10 }, statMix: { DELIVRD: 1 } } });
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'S',
    '--version', version, '--service-id', 'SVC', '--src-id', SRC, '--signature', '【测试】',
  ], { S: SECRET });
  if (add.code !== 0) throw new Error(`account add failed: ${add.err.join('\n')}`);
  const ws = openCliWorkspace(parseArgs(['--db', db], { values: ['db'] }), { actor: 'app', autoPump: true, pool: fastPool, pump: { leaseTtlMs: 3000, refreshMs: 50 } });
  const accountId = ws.store.accounts.findByName('gw')!.id;
  await ws.pool(accountId).whenReady();
  return {
    db,
    sim,
    ws,
    accountId,
    async mo(from, text, more = {}) {
      const before = ws.inbox.recent(1)[0]?.id ?? 0;
      await sim.sendMo({ from, to: SRC, text, ...more });
      await until(() => (ws.inbox.recent(1)[0]?.id ?? 0) > before, 20_000, 10, `the MO '${text}' from ${from}`);
      return ws.inbox.recent(1)[0]!.id;
    },
    async decided() {
      const stored = ws.inbox.recent(10_000).length;
      await until(() => ws.autoReply.considered >= stored, 20_000, 10, 'the auto-reply decisions');
    },
    cli: (run, ...argv) => runCli(run, [...argv, '--db', db]),
    async close() {
      await ws.close();
      await sim.stop();
      tmp.cleanup();
    },
  };
}

/** The JSON a `--json` command printed. */
export function json<T = Record<string, unknown>>(r: CliRun): T {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err.join('\n')}`);
  return JSON.parse(r.out.join('\n')) as T;
}
