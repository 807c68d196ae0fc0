// The real CLI as its own process: `--help` on every command and subcommand of its command table,
// and output into a reader that closes early (`| head`) ending quietly with exit 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../electron/cli.js';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
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
});
