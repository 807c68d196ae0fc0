// The real CLI as its own process: `--help` on every command and subcommand of its command table,
// output into a reader that closes early (`| head`) ending quietly with exit 0, and human output in
// one time format (local time with its offset) with accounts by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../electron/cli.js';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import { deliver, decMsgId, SRC_ID, ucs2 } from '../services/inbox-harness.js';
import { runCli } from '../services/fixtures/cli.js';
import { bundleCli, spawnCli } from '../services/fixtures/cli-process.js';
import { tempDir } from '../services/fixtures/engine.js';

const tmp = tempDir('cmpp-cli-entry-');
const db = tmp.file('e.db');
let bundle: string;

beforeAll(async () => {
  bundle = await bundleCli(tmp.file('cli.cjs'));
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', '7890', '--sp-id', '900001', '--secret', 'x',
    '--version', '2.0', '--service-id', 'CLI', '--src-id', '10690', '--signature', '【测试】',
  ]);
  expect(add.code).toBe(0);
  for (let i = 0; i < 3; i++) {
    const c = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--to', '13800138000', '--text', `第${i}批`]);
    expect(c.code).toBe(0);
  }
  const scheduled = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--to', '13800138000', '--text', '预约', '--schedule', '2031-03-01T09:30:00+08:00']);
  expect(scheduled.code).toBe(0);
  const ws = openCliWorkspace(parseArgs(['--db', db], { values: ['db'] }));
  try {
    ws.inbox.acceptMo(1, deliver({ Msg_Id: decMsgId(1), Src_terminal_Id: '13800000001', Dest_Id: SRC_ID, Msg_Content: ucs2('你好') }), { receivedAt: Date.UTC(2026, 11, 6, 4, 5, 6) });
  } finally {
    await ws.close();
  }
}, 60_000);
afterAll(() => tmp.cleanup());

describe('the CLI entry point', () => {
  it('prints the usage and exits 0 for --help (and -h) on every command and subcommand it knows', async () => {
    const lines: string[][] = [];
    for (const [name, command] of Object.entries(commands)) {
      lines.push([name, '--help'], [name, '-h']);
      for (const sub of command.subcommands) lines.push([name, sub, '--help']);
    }
    expect(lines.length).toBeGreaterThan(20);
    for (const argv of lines) {
      const p = spawnCli(bundle, argv);
      const code = await p.exit;
      const out = p.out.join('');
      expect({ argv, code, err: p.err.join('') }).toEqual({ argv, code: 0, err: '' });
      expect(out, argv.join(' ')).toMatch(/^usage:/);
      expect(out, argv.join(' ')).toContain(argv[0]);
      if (argv.length === 3) expect(out, argv.join(' ')).toContain(argv[1]);
    }
  }, 120_000);

  it('ends quietly with exit 0 when the reader of its output closes before the end', async () => {
    // Read end closed before anything is written: every write of `campaign list` meets a closed pipe.
    const list = spawnCli(bundle, ['campaign', 'list', '--db', db]);
    list.child.stdout!.destroy();
    expect(await list.exit).toBe(0);
    expect(list.err.join('')).toBe('');

    // Read end closed after the first chunk of a long output (`| head -1`).
    const hex = '0000000c0000000800000001'.repeat(3000);
    const decode = spawnCli(bundle, ['pdu', 'decode', hex, '--version', '2.0']);
    decode.child.stdout!.once('data', () => decode.child.stdout!.destroy());
    expect(await decode.exit).toBe(0);
    expect(decode.err.join('')).toBe('');
  }, 60_000);

  it('prints times as local time with the offset, one format in every command, and accounts by name; --json stays neutral', async () => {
    const shanghai = { TZ: 'Asia/Shanghai' };
    const run = async (argv: string[], env = shanghai) => {
      const p = spawnCli(bundle, [...argv, '--db', db], env);
      expect(await p.exit).toBe(0);
      return p.out.join('').trimEnd().split('\n');
    };
    const stamp = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d/g;
    const list = await run(['campaign', 'list']);
    expect(list[0]).toMatch(/^id\s+name\s+state\s+account\s+total\s+created\s+scheduled$/);
    expect(list).toHaveLength(5);
    for (const row of list.slice(1)) {
      expect(row.split(/\s{2,}/)[3]).toBe('gw');
      expect(row.match(stamp)![0]).toMatch(/\+08:00$/);
    }
    expect(list.filter((row) => row.match(stamp)?.[1] === '2031-03-01 09:30:00 +08:00')).toHaveLength(1);
    const json = JSON.parse((await run(['campaign', 'list', '--json'])).join('\n')) as { accountId: number; createdAt: number; scheduleAt: number | null }[];
    expect(json.filter((c) => c.scheduleAt === Date.parse('2031-03-01T01:30:00Z'))).toHaveLength(1);
    expect(json.every((c) => c.accountId === 1)).toBe(true);
    expect(typeof json[0]!.createdAt).toBe('number');

    // The inbox uses the same format (12:05:06 in Shanghai is 04:05:06 UTC), and follows the zone.
    expect((await run(['inbox'])).join('\n')).toContain('13800000001  2026-12-06 12:05:06 +08:00');
    expect((await run(['inbox', '--number', '13800000001'], { TZ: 'America/New_York' })).join('\n')).toContain('2026-12-05 23:05:06 -05:00');
  }, 60_000);
});
