// `campaign create | start --wait | status --json | pause | resume | cancel` against the simulator,
// with --db, and one-line errors for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { Store } from '../../electron/store/store.js';
import { MessageStates } from '../../shared/message-state.js';
import { runCli } from '../services/fixtures/cli.js';
import { SECRET, SP_ID, mobileNumbers, tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-campaign-');
const db = tmp.file('c.db');
let sim: IsmgSimulator;

beforeAll(async () => {
  sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '2.0' }], reports: { delayMs: { min: 0, max: 20 }, statMix: { DELIVRD: 0.9, UNDELIV: 0.1 } } });
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'S',
    '--version', '2.0', '--service-id', 'CLI', '--src-id', '10690', '--signature', '【测试】', '--rate', '2000',
  ], { S: SECRET });
  expect(add.code).toBe(0);
  const store = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
  const g = store.contacts.createGroup('vip');
  const gen = store.contacts.addMembers(g.id, mobileNumbers(120).map((number) => ({ number })));
  while (!gen.next().done);
  store.close();
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

const cli = (...argv: string[]) => runCli(runCampaignCommand, argv);

describe('campaign command', () => {
  it('creates (prints the id), starts with --wait to the end, and reports every state plus total', async () => {
    const created = await cli('create', '--db', db, '--account', 'gw', '--group', 'vip', '--text', '周末特惠，全场八折');
    expect(created.code).toBe(0);
    expect(created.out).toEqual(['1']);

    const before = await cli('status', '--db', db, '--id', '1', '--json');
    const b = JSON.parse(before.out[0]!) as Record<string, number>;
    expect(Object.keys(b)).toEqual([...MessageStates, 'total']);
    expect(b).toMatchObject({ queued: 120, total: 120 });

    const run = await cli('start', '--db', db, '--id', '1', '--wait');
    expect(run.code).toBe(0);
    expect(run.out).toEqual(['campaign 1 completed']);
    expect(run.err[run.err.length - 1]).toMatch(/^campaign 1: (delivered \d+, failed \d+|delivered 120) \(total 120\)$/);

    const after = JSON.parse((await cli('status', '--db', db, '--id', '1', '--json')).out[0]!) as Record<string, number>;
    expect(after.delivered! + after.failed!).toBe(120);
    expect(after.total).toBe(120);
    const text = await cli('status', '--db', db, '--id', '1');
    expect(text.out[0]).toBe('campaign 1 "' + text.out[0]!.split('"')[1] + '" completed');
    expect(text.out.some((l) => /^total\s+120$/.test(l))).toBe(true);
  }, 60_000);

  it('sends without report waiting (--no-report) and start returns once everything is answered', async () => {
    const created = await cli('create', '--db', db, '--account', 'gw', '--to', '13900000001,13900000002', '--text', 'no report', '--no-report', '--json');
    const info = JSON.parse(created.out.join('\n')) as { id: number; queued: number };
    expect(info.queued).toBe(2);
    const run = await cli('start', '--db', db, '--id', String(info.id));
    expect(run.code).toBe(0);
    const s = JSON.parse((await cli('status', '--db', db, '--id', String(info.id), '--json')).out[0]!) as Record<string, number>;
    expect(s.submitted).toBe(2);
  }, 30_000);

  it('pauses, resumes and cancels', async () => {
    const id = (await cli('create', '--db', db, '--account', 'gw', '--to', '13700000001', '--text', 'x')).out[0]!;
    expect((await cli('pause', '--db', db, '--id', id)).err[0]).toMatch(/cannot go from draft to paused/);
    const cancel = await cli('cancel', '--db', db, '--id', id);
    expect(cancel.out).toEqual([`campaign ${id} cancelled: 1 queued messages cancelled`]);
    const s = JSON.parse((await cli('status', '--db', db, '--id', id, '--json')).out[0]!) as Record<string, number>;
    expect(s).toMatchObject({ cancelled: 1, queued: 0, total: 1 });
  });

  it('reports invalid numbers per number on stderr and refuses bad input with one line and exit 2', async () => {
    const mixed = await cli('create', '--db', db, '--account', 'gw', '--to', '13600000001,12345,abc', '--text', 'x');
    expect(mixed.code).toBe(0);
    expect(mixed.err).toEqual([
      'warning: number "12345" (line 1) is invalid (wrong-length); not enqueued',
      'warning: number "abc" (line 1) is invalid (not-digits); not enqueued',
    ]);
    const cases: [string[], RegExp][] = [
      [['create', '--db', db, '--account', 'gw', '--to', '13600000001', '--text', 'x', '--fee-code', '12.5'], /FeeCode must be 1 to 6 digits/],
      [['create', '--db', db, '--account', 'nobody', '--to', '13600000001', '--text', 'x'], /no account named or numbered 'nobody'/],
      [['create', '--db', db, '--account', 'gw', '--text', 'x'], /recipients are required/],
      [['create', '--db', db, '--account', 'gw', '--group', 'nope', '--text', 'x'], /no contact group named 'nope'/],
      [['create', '--db', db, '--account', 'gw', '--to', 'abc', '--text', 'x'], /nothing to send, .* not a valid mobile number \[invalid-number\]/],
      [['status', '--db', db, '--id', '999'], /campaign 999 does not exist/],
      [['status', '--db', db], /--id is required/],
      [['start', '--db', db, '--id', 'x1'], /--id must be a whole number/],
    ];
    const count = () => {
      const s = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
      try {
        return s.db.prepare('SELECT count(*) FROM campaigns').pluck().get() as number;
      } finally {
        s.close();
      }
    };
    const n = count();
    for (const [argv, msg] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(msg);
    }
    expect(count()).toBe(n);
  });
});
