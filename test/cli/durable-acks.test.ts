// Acknowledge only what is on disk, proven on the real process: `campaign start --wait` runs under
// Debian's strace against a simulator in its own process (status reports and MOs arriving), and
// every DELIVER_RESP and every SUBMIT the CLI writes to the gateway's socket must come after a sync
// of the -wal file that began after the commit holding what it promises (the stored DELIVER, the
// segment's hand-over mark) and returned before the write. Commits are found in the WAL writes
// themselves: a DELIVER by its Msg_Id's 8 bytes in a page image (the column holds the same bits),
// a hand-over by the segment's row (its message's number, its Pk_number) in a page image with its
// send count raised.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { normaliseTerminal } from '../../electron/cmpp/session/report-matcher.js';
import { decodePdu } from '../../electron/cmpp/wire/codec.js';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { runCli } from '../services/fixtures/cli.js';
import { SECRET, SP_ID, mobileNumbers, tempDir } from '../services/fixtures/engine.js';
import { commitOf, readStraceLog, rowsOfPage, syncedBetween, type StraceLog } from './strace-log.js';

const root = resolve(import.meta.dirname, '../..');
const COUNT = 150;
const DELIVER_RESP = 0x80000005;
const SUBMIT = 0x00000004;

/** Why strace cannot watch a child here, or null when it can. */
function straceUnavailable(): string | null {
  if (process.platform !== 'linux') return `strace runs on Linux only (this is ${process.platform})`;
  const probe = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (probe.error) return `strace is not installed (${probe.error.message}); .ci/run installs it from Debian`;
  if (probe.status !== 0) return `strace cannot trace a child here (ptrace refused?): ${probe.stderr.trim()}`;
  return null;
}

const unavailable = straceUnavailable();
if (unavailable) console.log(`durable-acks: SKIPPED: ${unavailable}`);

const tmp = tempDir('cmpp-durable-acks-');
const db = tmp.file('d.db');
let sim: ChildProcess | undefined;
let simPort = 0;

function startSimulator(): Promise<number> {
  // Reports within 20 ms, and an MO every 15 ms (plain text: no opt-out confirmations).
  sim = spawn(process.execPath, [
    '--import', 'tsx', 'electron/cli.ts', 'simulator', '--port', '0', '--sp-id', SP_ID, '--secret', SECRET, '--version', '3.0',
    '--report-delay-ms', '0-20', '--mo-every-ms', '15', '--mo-text', 'hello from a handset',
  ], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let text = '';
    sim!.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on [^\s]+:(\d+)/.exec(text);
      if (m) ok(Number(m[1]));
    });
    sim!.once('exit', (code) => fail(new Error(`simulator exited (${code}): ${text}`)));
  });
}

function traceCli(out: string, argv: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('strace', [
    '-f', '--seccomp-bpf', '-yy', '-xx', '-s', '65536', '-o', out,
    '-e', 'trace=pwrite64,write,writev,sendto,sendmsg,fsync,fdatasync',
    process.execPath, '--import', 'tsx', 'electron/cli.ts', ...argv,
  ], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((ok) => child.once('exit', (code) => ok({ code, stderr })));
}

beforeAll(async () => {
  if (unavailable) return;
  simPort = await startSimulator();
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(simPort), '--sp-id', SP_ID, '--secret-env', 'S',
    '--version', '3.0', '--service-id', 'DUR', '--src-id', '10690', '--signature', '【测试】', '--window', '16', '--rate', '100000',
  ], { S: SECRET });
  expect(add.code).toBe(0);
  const store = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
  const g = store.contacts.createGroup('all');
  const gen = store.contacts.addMembers(g.id, mobileNumbers(COUNT).map((number) => ({ number })));
  while (!gen.next().done);
  store.close();
  const created = await runCli(runCampaignCommand, ['create', '--db', db, '--account', 'gw', '--group', 'all', '--text', '断电也不丢的回执']);
  expect(created.code).toBe(0);
}, 60_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    sim.kill('SIGTERM');
    await new Promise((r) => sim!.once('exit', r));
  }
  // KEEP_TRACE=1 keeps the strace log and the database for reading (the directory is printed).
  if (!process.env.KEEP_TRACE) tmp.cleanup();
  else console.log(`durable-acks: kept ${tmp.dir}`);
});

/**
 * Column positions of the segments table, as the migrated schema has them, and each message's
 * number by id: a segment's row names its message, whose number is the SUBMIT's destination.
 */
function segmentColumns(): { count: number; messageId: number; pkNumber: number; sendCount: number; numberOf: Map<number, string> } {
  const d = new Database(db, { readonly: true });
  try {
    const cols = (d.pragma('table_info(segments)') as { name: string }[]).map((c) => c.name);
    const numberOf = new Map((d.prepare('SELECT id, CAST(number AS TEXT) FROM messages').raw().all() as [number, string][]).map(([id, n]) => [id, n]));
    return { count: cols.length, messageId: cols.indexOf('message_id'), pkNumber: cols.indexOf('pk_number'), sendCount: cols.indexOf('send_count'), numberOf };
  } finally {
    d.close();
  }
}

/** The WAL write holding `bytes` first, before position `before`. */
function firstWriteWith(log: StraceLog, bytes: Buffer, before: number): number {
  return log.walWrites.findIndex((w) => w.at < before && w.data.length > 24 && w.data.includes(bytes));
}

describe.skipIf(unavailable !== null)('acknowledgements after the sync (strace on the real CLI)', () => {
  it('writes every DELIVER_RESP and every SUBMIT only after a sync of the -wal file that covers its commit', async () => {
    const out = tmp.file('strace.log');
    const run = await traceCli(out, ['campaign', 'start', '--db', db, '--id', '1', '--wait']);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);

    const wal = `${db}-wal`;
    const log = readStraceLog(out, wal, (fd) => fd.startsWith('TCP:[') && fd.endsWith(`->127.0.0.1:${simPort}]`));
    const problems: string[] = [];

    // DELIVER_RESP: the DELIVER it answers (reports and MOs alike) is found by its Msg_Id.
    const resps = log.frames.filter((f) => f.commandId === DELIVER_RESP);
    for (const r of resps) {
      const msgId = r.frame.subarray(12, 20);
      const page = firstWriteWith(log, msgId, r.at);
      const commit = page < 0 ? undefined : commitOf(log.walWrites, page);
      if (commit === undefined || commit > r.at) problems.push(`DELIVER_RESP ${msgId.toString('hex')} (line ${r.at}) before the commit storing its DELIVER`);
      else if (!syncedBetween(log.syncs, commit, r.at)) problems.push(`DELIVER_RESP ${msgId.toString('hex')} (line ${r.at}) without a sync after its commit (line ${commit})`);
    }

    // SUBMIT: its segment's row in a page image with send_count raised to this send's ordinal.
    const cols = segmentColumns();
    const pages = log.walWrites.map((w) => rowsOfPage(w.data, cols.count));
    const sends = new Map<string, Set<number>>();
    const submits = log.frames.filter((f) => f.commandId === SUBMIT);
    for (const s of submits) {
      const pdu = decodePdu(s.frame, '3.0') as Submit;
      for (const dest of pdu.Dest_terminal_Id) {
        const key = `${normaliseTerminal(dest)}/${pdu.Pk_number}`;
        const seen = sends.get(key) ?? new Set<number>();
        seen.add(pdu.Sequence_Id); // a resend of the same PDU by the pool is not a new hand-over
        sends.set(key, seen);
        const ordinal = seen.size;
        const page = pages.findIndex(
          (rows, i) =>
            log.walWrites[i]!.at < s.at &&
            rows.some((row) => `${normaliseTerminal(cols.numberOf.get(Number(row[cols.messageId])) ?? '')}/${Number(row[cols.pkNumber])}` === key && Number(row[cols.sendCount]) >= ordinal),
        );
        const commit = page < 0 ? undefined : commitOf(log.walWrites, page);
        if (commit === undefined || commit > s.at) problems.push(`SUBMIT to ${key} (line ${s.at}) before the commit of its hand-over`);
        else if (!syncedBetween(log.syncs, commit, s.at)) problems.push(`SUBMIT to ${key} (line ${s.at}) without a sync after its hand-over (line ${commit})`);
      }
    }

    console.log(
      `durable-acks: ${resps.length} DELIVER_RESPs, ${submits.length} SUBMITs, ${log.syncs.length} syncs of the -wal file, ` +
        `${log.walWrites.length} WAL writes; out of order: ${problems.filter((p) => p.startsWith('DELIVER_RESP')).length} DELIVER_RESPs, ` +
        `${problems.filter((p) => p.startsWith('SUBMIT')).length} SUBMITs`,
    );
    expect(problems.slice(0, 10)).toEqual([]);
    // Not vacuous: every message went out, and reports and MOs were answered.
    expect(submits.length).toBe(COUNT);
    expect(resps.length).toBeGreaterThan(COUNT);
  }, 240_000);
});
