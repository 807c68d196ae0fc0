// The support log as the CLI writes it (the real CLI commands, the real store, the simulator over
// TCP): <db folder>/logs/cli.log holds the database opening, the lease, login results with their
// reasons, campaign starts and ends, and never message text at the default level.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../../electron/cli/account.js';
import { runCampaignCommand } from '../../../electron/cli/campaign.js';
import { runQueryCommand } from '../../../electron/cli/query.js';
import { IsmgSimulator } from '../../../electron/simulator/index.js';
import { runCli } from '../fixtures/cli.js';
import { SECRET, SP_ID, tempDir } from '../fixtures/engine.js';

const tmp = tempDir('cmpp-support-log-');
const db = tmp.file('desk.db');
let sim: IsmgSimulator;
const TEXT = '周末特惠全场八折';

beforeAll(async () => {
  sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0' }], reports: { delayMs: { min: 0, max: 10 } } });
  for (const [name, secret] of [['good', SECRET], ['bad', 'wrong1']] as const) {
    const add = await runCli(runAccountCommand, [
      'add', '--db', db, '--name', name, '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'S',
      '--version', '3.0', '--service-id', 'LOG', '--src-id', '10690', '--signature', '【测试】',
    ], { S: secret });
    expect(add.code).toBe(0);
  }
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

interface Entry {
  level: string;
  event: string;
  fields: Record<string, unknown>;
}
function entries(): Entry[] {
  return readFileSync(join(tmp.dir, 'logs', 'cli.log'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^\S+ (\w+)\s+\[\d+\] (\S+)(?: (\{.*\}))?$/.exec(l);
      if (!m) throw new Error(`not a log line: ${l}`);
      return { level: m[1]!, event: m[2]!, fields: m[3] ? (JSON.parse(m[3]) as Record<string, unknown>) : {} };
    });
}

describe('support log written by the CLI', () => {
  it('logs the database, the lease, logins and the campaign from start to end, without its text', async () => {
    const created = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'good', '--to', '13800138000,13800138001', '--text', TEXT]);
    expect(created.code).toBe(0);
    const run = await runCli(runCampaignCommand, ['start', '--db', db, '--id', created.out[0]!, '--wait']);
    expect(run.code).toBe(0);
    const got = entries();
    const events = got.map((e) => e.event);
    for (const e of ['database-open', 'lease-acquired', 'login-ok', 'campaign-start', 'campaign-end', 'lease-released', 'database-closed']) expect(events).toContain(e);
    expect(events.indexOf('campaign-start')).toBeLessThan(events.indexOf('campaign-end'));
    expect(got.find((e) => e.event === 'campaign-end')!.fields).toMatchObject({ campaignId: Number(created.out[0]), state: 'completed' });
    expect(got.find((e) => e.event === 'login-ok')!.fields).toMatchObject({ account: 'good' });
    const file = readFileSync(join(tmp.dir, 'logs', 'cli.log'), 'utf8');
    expect(file).not.toContain(TEXT);
    expect(file).not.toContain(SECRET);
  }, 60_000);

  it('logs a refused login with the gateway Status and its reason', async () => {
    const q = await runCli(runQueryCommand, ['--db', db, '--account', 'bad']);
    expect(q.code).not.toBe(0);
    const refused = entries().filter((e) => e.event === 'login-refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.fields).toMatchObject({ account: 'bad', status: 3 });
    expect(String(refused[0]!.fields.reason)).not.toBe('');
    expect(readFileSync(join(tmp.dir, 'logs', 'cli.log'), 'utf8')).not.toContain('wrong1');
  }, 30_000);
});
