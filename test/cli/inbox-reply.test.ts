// `inbox reply --message ID --text T` against the simulator: the reply goes out through the inbox
// service the UI uses, with Src_Id = the MO's Dest_Id, its Service_Id and LinkID (CMPP 3.0), and the
// MO is marked handled; bad input is one line and exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import { runInboxCommand } from '../../electron/cli/inbox.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { runCli } from '../services/fixtures/cli.js';
import { SECRET, SP_ID } from '../services/fixtures/engine.js';
import { decMsgId, deliver, SRC_ID, tempDir, ucs2 } from '../services/inbox-harness.js';

const tmp = tempDir();
let db: string;
let sim: IsmgSimulator;
let moId: number;

beforeAll(async () => {
  db = tmp.file('reply.db');
  sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0' }], reports: { delayMs: { min: 0, max: 10 }, statMix: { DELIVRD: 1 } } });
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'S',
    '--version', '3.0', '--service-id', 'SVC', '--src-id', SRC_ID,
  ], { S: SECRET });
  expect(add.code).toBe(0);
  const ws = openCliWorkspace(parseArgs(['--db', db], { values: ['db'] }));
  try {
    ws.inbox.acceptMo(1, deliver({ Msg_Id: decMsgId(1), Src_terminal_Id: '13800000021', Dest_Id: `${SRC_ID}77`, Service_Id: 'SVC2', LinkID: 'LINK-0123456789', Msg_Content: ucs2('怎么参加?') }));
    moId = ws.inbox.unhandled(10)[0]!.id;
  } finally {
    await ws.close();
  }
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

const inbox = (...argv: string[]) => runCli((a, io) => runInboxCommand(a, io), [...argv, '--db', db]);

describe('inbox reply', () => {
  it('sends the reply with the MO\'s LinkID, Service_Id and Src_Id, and marks the MO handled', async () => {
    const r = await inbox('reply', '--message', String(moId), '--text', '您好,回复1即可参加', '--json');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.join('\n'))).toMatchObject({ ok: true, number: '13800000021', state: expect.stringMatching(/^(submitted|delivered)$/) });
    const submits = sim.received.map((x) => x.pdu).filter((p): p is Submit => p.Command_Id === 'CMPP_SUBMIT');
    expect(submits).toHaveLength(1);
    expect(submits[0]).toMatchObject({ Src_Id: `${SRC_ID}77`, Service_Id: 'SVC2', LinkID: 'LINK-0123456789', Dest_terminal_Id: ['13800000021'] });
    const left = JSON.parse((await inbox('--unhandled', '--json')).out.join('\n')) as { messages: unknown[] };
    expect(left.messages).toEqual([]);
  }, 60_000);

  it('refuses bad input with one line and exit 2, sending nothing', async () => {
    const before = sim.received.length;
    const cases: [string[], RegExp][] = [
      [['reply', '--text', 'x'], /--message ID/],
      [['reply', '--message', String(moId)], /--text is required/],
      [['reply', '--message', '999', '--text', 'x'], /999/],
      [['--text', 'x'], /--text belongs to inbox reply/],
    ];
    for (const [argv, msg] of cases) {
      const r = await inbox(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(msg);
    }
    expect(sim.received.length).toBe(before);
  });
});
