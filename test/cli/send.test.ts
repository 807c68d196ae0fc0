// `send`: a one-shot send through the outbox over one connection; exit 0 only when every SUBMIT was
// accepted and, with --wait-reports, every report arrived.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSendCommand } from '../../electron/cli/send.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import { Store } from '../../electron/store/store.js';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { runCli } from '../services/fixtures/cli.js';
import { SECRET, SP_ID, tempDir } from '../services/fixtures/engine.js';
import { stateNameSql } from '../../electron/store/state-codes.js';

const tmp = tempDir('cmpp-cli-send-');
let sim: IsmgSimulator;
/** Where `send` without --db finds "the app's database" in these tests: a per-user directory of their own. */
const home = { XDG_CONFIG_HOME: tmp.file('config') };
const appDb = () => join(tmp.file('config'), 'CMPP Desk', 'cmpp-desk.db');

beforeAll(async () => {
  sim = await IsmgSimulator.start({
    port: 0,
    accounts: [{ spId: SP_ID, secret: SECRET, version: '3.0', srcIdPrefix: '10690' }],
    reports: { delayMs: { min: 0, max: 20 } },
  });
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

const args = (extra: string[] = []) => [
  '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'GW', '--version', '3.0',
  '--service-id', 'ONE', '--src-id', '106901', ...extra,
];

describe('send command', () => {
  it('sends to each number, waits for the reports and exits 0 (JSON), in the app\'s database, naming the account it created', async () => {
    const r = await runCli(runSendCommand, args(['--to', '13800138000,+8613800138001', '--text', '一次性发送测试', '--wait-reports', '--json']), { GW: SECRET, ...home });
    expect(r.err).toEqual([`note: created account 'send ${SP_ID}@127.0.0.1:${sim.port}' (later sends use it too; see Settings or account list)`]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out.join('\n')) as { ok: boolean; messages: { number: string; state: string; stat: string; msgIds: string[]; reportsArrived: number }[] };
    expect(res.ok).toBe(true);
    expect(res.messages.map((m) => [m.number, m.state, m.stat, m.reportsArrived])).toEqual([
      ['13800138000', 'delivered', 'DELIVRD', 1],
      ['13800138001', 'delivered', 'DELIVRD', 1],
    ]);
    for (const m of res.messages) expect(m.msgIds[0]).toMatch(/^\d+$/);
    const sent = sim.received.filter((x) => x.pdu.Command_Id === 'CMPP_SUBMIT').map((x) => x.pdu as Submit);
    expect(sent.map((p) => p.Dest_terminal_Id)).toEqual([['13800138000'], ['13800138001']]);
    expect(sent[0]).toMatchObject({ Src_Id: '106901', Service_Id: 'ONE', Registered_Delivery: 1, Msg_Fmt: 8 });
  }, 30_000);

  it('keeps the record in --db when given', async () => {
    const db = tmp.file('send.db');
    const r = await runCli(runSendCommand, args(['--to', '13900000001', '--text', 'hello', '--db', db]), { GW: SECRET });
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^13900000001 {2}(submitted {2}Msg_Id \d+|delivered {2}Msg_Id \d+ {2}DELIVRD)$/);
    expect(existsSync(db)).toBe(true);
    const s = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    try {
      expect(s.accounts.list().map((a) => a.name)).toEqual([`send ${SP_ID}@127.0.0.1:${sim.port}`]);
      expect(s.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(1);
    } finally {
      s.close();
    }
  }, 30_000);

  it('with --db shared with other work, touches only its own message: no lease, no recovery, no other account', async () => {
    const db = tmp.file('shared-send.db');
    const s = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    let other: number;
    try {
      // Another account that cannot log in (nothing listens on its port), with a running campaign
      // whose messages a dead pump left on the wire, and queued ones behind them.
      const acc = s.accounts.create({ name: 'other', host: '127.0.0.1', port: 1, version: '3.0', spId: '900009', secret: 'x', serviceId: 'O', srcId: '1069009' });
      other = s.campaigns.create({ name: 'other', accountId: acc.id, text: 'other' }).id;
      for (const _ of s.outbox.enqueue({ accountId: acc.id, campaignId: other, segmentCount: 1 }, [{ number: '13900000100' }, { number: '13900000101' }]));
      s.campaigns.setState(other, 'running');
      const claimed = s.outbox.claim({ accountId: acc.id, campaignId: other, limit: 1, reportExpected: true });
      s.outbox.markHandedOver(claimed.flatMap((m) => m.segments.map((x) => x.segmentId)));
    } finally {
      s.close();
    }
    const r = await runCli(runSendCommand, args(['--to', '13900000004', '--text', 'only mine', '--db', db]), { GW: SECRET });
    expect(r.err).toEqual([`note: created account 'send ${SP_ID}@127.0.0.1:${sim.port}' (later sends use it too; see Settings or account list)`]);
    expect(r.code).toBe(0);
    const after = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    try {
      expect(after.leases.get('pump')).toBeNull();
      // The other campaign is as it was: one message still on the wire (no recovery ran), one queued.
      expect(after.campaigns.counts(other)).toMatchObject({ submitting: 1, queued: 1, in_doubt: 0 });
      expect(after.campaigns.get(other).state).toBe('running');
    } finally {
      after.close();
    }
    const sent = sim.received.filter((x) => x.pdu.Command_Id === 'CMPP_SUBMIT').map((x) => (x.pdu as Submit).Dest_terminal_Id[0]);
    expect(sent.filter((n) => n!.startsWith('139000001'))).toEqual([]);
  }, 30_000);

  it('exits 1 when the gateway refuses the SUBMIT, and 1 when the login fails', async () => {
    const refused = await runCli(runSendCommand, args(['--to', '13900000002', '--text', 'x']).map((v) => (v === '106901' ? '999' : v)), { GW: SECRET, ...home });
    expect(refused.code).toBe(1);
    expect(refused.out[0]).toMatch(/^13900000002 {2}failed .*Result 10/);
    const badLogin = await runCli(runSendCommand, args(['--to', '13900000003', '--text', 'x', '--timeout-ms', '5000']), { GW: 'wrong', ...home });
    expect(badLogin.code).toBe(1);
    expect(badLogin.err.join('\n')).toMatch(/error: .*(authentication|Status 3)/i);
  }, 30_000);

  it('without --db keeps the log in the app\'s database and respects its opt-out list; an operator\'s matching account is used, by name', async () => {
    const db = appDb();
    const s = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    try {
      s.accounts.create({ name: '主账号', host: '127.0.0.1', port: sim.port, version: '3.0', spId: SP_ID, secret: SECRET, serviceId: 'ONE', srcId: '106901' });
      s.optOuts.add('13900000777', 'manual');
    } finally {
      s.close();
    }
    const before = sim.stats.submits;
    const r = await runCli(runSendCommand, args(['--to', '13900000777,13900000778', '--text', '【测试】你好', '--lang', 'zh-CN']), { GW: SECRET, ...home });
    expect(r.err[0]).toBe('提示：使用账号 “主账号”');
    expect(r.out[0]).toBe('13900000777  已跳过  (已退订)');
    expect(r.out[1]).toMatch(/^13900000778 {2}(已提交|已送达) {2}Msg_Id /);
    expect(sim.stats.submits).toBe(before + 1);
    const after = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
    try {
      const rows = after.db.prepare(`SELECT CAST(m.number AS TEXT) AS number, ${stateNameSql('m.state')} AS state, a.name FROM messages m JOIN accounts a ON a.id = m.account_id WHERE m.number LIKE '139000007%' ORDER BY m.number`).all();
      expect(rows).toEqual([
        { number: '13900000777', state: 'skipped', name: '主账号' },
        { number: '13900000778', state: expect.stringMatching(/^(submitted|delivered)$/), name: '主账号' },
      ]);
    } finally {
      after.close();
    }
  }, 30_000);

  it('refuses invalid numbers and missing flags before sending anything (exit 2)', async () => {
    const before = sim.stats.submits;
    for (const [argv, msg] of [
      [args(['--to', '13800138000,12345', '--text', 'x']), /invalid number: "12345" \(wrong-length\); nothing sent/],
      [args(['--text', 'x']), /--to is required/],
      [args(['--to', '13800138000']), /--text is required/],
      [args(['--to', '13800138000', '--text', 'x']).filter((v) => v !== '--secret-env' && v !== 'GW'), /a secret is required/],
    ] as const) {
      const r = await runCli(runSendCommand, [...argv], { GW: SECRET, ...home });
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(msg);
    }
    expect(sim.stats.submits).toBe(before);
  });
});
