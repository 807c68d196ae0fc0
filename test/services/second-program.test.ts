// Two programs, one database: while another process holds write transactions of 50-500 ms on the
// file, the whole time, the real CLI runs `campaign start --wait` over 3,000 messages against the
// simulator in this process. Every message goes out exactly once (counted at the simulator), none
// is left `submitting`, and --wait returns with exit 0.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Workspace } from '../../electron/services/workspace.js';
import { LOCK_HOLDER } from '../store/fixtures/second-program.js';
import { bundleCli, spawnCli } from './fixtures/cli-process.js';
import { SECRET, SP_ID, tempDir } from './fixtures/engine.js';
import { sqlState } from '../../electron/store/state-codes.js';

const HOLDER = LOCK_HOLDER;
const MESSAGES = 3000;

describe('a second program writing to the database throughout a campaign', () => {
  const tmp = tempDir('cmpp-second-');
  const dbPath = tmp.file('shared.db');
  let sim: IsmgSimulator;
  let bundle = '';
  let campaignId = 0;

  beforeAll(async () => {
    bundle = await bundleCli(tmp.file('cli.cjs'));
    sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0' }], reports: { delayMs: { min: 0, max: 50 } } });
    const ws = Workspace.open({ dbPath, cipher: LocalKeyCipher.besideDatabase(dbPath), actor: 'test' });
    try {
      const account = ws.store.accounts.create({
        name: 'gw', host: '127.0.0.1', port: sim.port, version: '3.0', spId: SP_ID, secret: SECRET, serviceId: 'TWO',
        srcId: '1069000', connections: 2, window: 64, signature: '【测试】',
      });
      const group = ws.store.contacts.createGroup('shared');
      const gen = ws.store.contacts.addMembers(group.id, Array.from({ length: MESSAGES }, (_, i) => ({ number: String(13700000000 + i) })));
      while (!gen.next().done);
      const r = await ws.campaigns.create({ accountId: account.id, name: 'two programs', text: 'two programs 两个程序', groupIds: [group.id] });
      expect(r.queued).toBe(MESSAGES);
      campaignId = r.campaign.id;
    } finally {
      await ws.close();
    }
  }, 60_000);

  afterAll(async () => {
    await sim?.stop();
    tmp.cleanup();
  });

  it('sends every message exactly once, leaves nothing submitting, and --wait returns', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000);
    console.log(`second-program test: lock holder seed ${seed}`);
    const holder = spawn(process.execPath, [HOLDER, dbPath, 'loop', '50', '500', String(seed)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const holderExit = new Promise<number | null>((ok) => holder.once('exit', (c) => ok(c)));
    let holds = 0;
    await new Promise<void>((ok) => holder.stdout!.on('data', () => ok()));
    const cli = spawnCli(bundle, ['campaign', 'start', '--id', String(campaignId), '--wait', '--db', dbPath]);
    const code = await Promise.race([cli.exit, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 240_000))]);
    holder.stdin!.end();
    await holderExit;
    if (code !== 0) {
      cli.child.kill('SIGKILL');
      throw new Error(`campaign start --wait ended with ${String(code)}:\n${cli.err.join('').slice(-3000)}`);
    }
    expect(cli.out.join('')).toContain(`campaign ${campaignId} completed`);

    const perNumber = new Map<string, number>();
    for (const r of sim.received) {
      if (r.pdu.Command_Id !== 'CMPP_SUBMIT') continue;
      for (const d of (r.pdu as Submit).Dest_terminal_Id) perNumber.set(d, (perNumber.get(d) ?? 0) + 1);
    }
    expect(perNumber.size).toBe(MESSAGES);
    expect([...perNumber.values()].filter((n) => n !== 1)).toEqual([]);

    const ws = Workspace.open({ dbPath, cipher: LocalKeyCipher.besideDatabase(dbPath), actor: 'test' });
    try {
      holds = ws.db.prepare('SELECT count(*) FROM second_program').pluck().get() as number;
      const counts = ws.campaigns.status(campaignId);
      expect(counts.submitting).toBe(0);
      expect(counts.delivered).toBe(MESSAGES);
      expect(ws.db.prepare(`SELECT count(*) FROM segments WHERE state = ${sqlState('submitting')}`).pluck().get()).toBe(0);
    } finally {
      await ws.close();
    }
    // The other program really held the file throughout (dozens of transactions, not one).
    expect(holds).toBeGreaterThan(10);
    console.log(`second-program test: ${holds} write transactions by the other program during the campaign`);
  }, 300_000);
});
