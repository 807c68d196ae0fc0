// The inbox CLI over a real database: conversations, one number's messages, unhandled ones, marking
// handled, --json output, and one-line errors with a non-zero exit for bad input.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../electron/cli/args.js';
import { openCliWorkspace } from '../../electron/cli/context.js';
import { runInboxCommand } from '../../electron/cli/inbox.js';
import { buildConcatUdh } from '../../electron/sms/index.js';
import { decMsgId, deliver, SRC_ID, tempDir, ucs2 } from '../services/inbox-harness.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = tempDir();
let dbPath: string;

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runInboxCommand(['--db', dbPath, ...args], { out: (l) => lines.push(l) });
  return { code, out: lines.join('\n') };
}

beforeAll(async () => {
  dbPath = tmp.file('inbox-cli.db');
  const ws = openCliWorkspace(parseArgs(['--db', dbPath], { values: ['db'] }));
  try {
    const acc = ws.store.accounts.create({ name: 'gw', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'SVC', srcId: SRC_ID }).id;
    const c = ws.store.campaigns.create({ name: 'promo', accountId: acc, text: '【测试】促销', srcIdExt: '88' });
    const t0 = Date.now() - 60_000;
    let seq = 1;
    const mo = (from: string, text: string, at: number, to = SRC_ID) =>
      ws.inbox.acceptMo(acc, deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: from, Dest_Id: to, Msg_Content: ucs2(text) }), { receivedAt: at });
    mo('13800000001', '你好', t0);
    mo('13800000001', '请问\n在吗', t0 + 1000);
    mo('8613800000002', 'TD', t0 + 2000, `${SRC_ID}88`);
    // A long MO with one part missing (still pending: not shown until it completes or times out).
    ws.inbox.acceptMo(acc, deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: '13800000003', TP_udhi: 1, Msg_Content: Buffer.concat([Buffer.from(buildConcatUdh(1, 2, 1)), ucs2('半条')]) }), { receivedAt: t0 + 3000 });
    expect(ws.store.optOuts.has('13800000002')).toBe(true);
    expect(c.id).toBeGreaterThan(0);
  } finally {
    await ws.close();
  }
});

afterAll(() => tmp.cleanup());

describe('inbox CLI', () => {
  it('lists conversations, newest first, as text and JSON', async () => {
    const text = await run();
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0]).toBe('conversations:');
    expect(lines[1]).toMatch(/^13800000002 .* 1 message, 0 unhandled\s+last: TD$/);
    expect(lines[2]).toMatch(/^13800000001 .* 2 messages, 2 unhandled\s+last: 请问 在吗$/);
    const json = JSON.parse((await run('--json')).out);
    expect(json.threads.map((t: { number: string }) => t.number)).toEqual(['13800000002', '13800000001']);
  });

  it('shows one number (86/+86 accepted) with flags for opt-outs and campaigns', async () => {
    const r = await run('--number', '+86 138 0000 0002');
    expect(r.out).toMatch(/conversation with 13800000002:/);
    expect(r.out).toMatch(/TD\s+\[opted out, campaign \d+\]/);
    const json = JSON.parse((await run('--number', '13800000001', '--json')).out);
    expect(json.number).toBe('13800000001');
    expect(json.messages.map((m: { text: string }) => m.text)).toEqual(['请问\n在吗', '你好']);
    expect(json.messages[0]).toMatchObject({ destId: SRC_ID, complete: true, handled: false, optEvent: null, contentHex: expect.any(String) });
  });

  it('marks messages handled and lists what is left unhandled', async () => {
    const all = JSON.parse((await run('--number', '13800000001', '--json')).out).messages as { id: number }[];
    const marked = await run('--mark-handled', all.map((m) => m.id).join(','), '--json');
    expect(JSON.parse(marked.out)).toEqual({ ids: all.map((m) => m.id), handled: true, changed: 2 });
    const left = JSON.parse((await run('--unhandled', '--json')).out).messages as { number: string }[];
    // The TD was handled by itself (an opt-out leaves nothing to do): nothing is left.
    expect(left.map((m) => m.number)).toEqual([]);
    expect((await run('--unhandled', '--number', '13800000001')).out).toMatch(/\(no messages\)/);
    expect((await run('--mark-unhandled', String(all[0]!.id))).out).toBe('1 of 1 message marked unhandled');
  });

  it('refuses bad input with one line and a non-zero exit, changing nothing', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'inbox', '--db', dbPath, ...args], { cwd: root, encoding: 'utf8' });
    const bad = cli('--number', 'abc');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: --number: 'abc' is not a phone number/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const ids = cli('--mark-handled', '1,x');
    expect(ids.status).toBe(2);
    expect(ids.stderr).toMatch(/--mark-handled needs comma-separated MO ids/);
    const missing = cli('--mark-handled', '1,999999');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/MO message 999999 does not exist/);
    const flag = cli('--bogus');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/unknown option --bogus/);
  });
});
