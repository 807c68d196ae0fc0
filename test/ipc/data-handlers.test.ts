// The data channels through the same wrapped invoker ipcMain uses, over a real Workspace (SQLite
// in a temp dir) and the ISMG simulator on 127.0.0.1: argument validation rejects bad input before
// any handler runs, secrets never come back, errors keep their codes, the connection test explains
// what went wrong, long jobs report progress and can be cancelled.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { Workspace } from '../../electron/services/workspace.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import type { AccountSettingsArgs } from '../../shared/ipc/contract/accounts.js';
import type { JobProgress } from '../../shared/ipc/contract/jobs.js';
import { ACCOUNTS_INVOKE } from '../../shared/ipc/channels/accounts.js';
import { CONTACTS_INVOKE } from '../../shared/ipc/channels/contacts.js';
import { JOBS_INVOKE } from '../../shared/ipc/channels/jobs.js';
import { LOG_INVOKE } from '../../shared/ipc/channels/log.js';
import { SETTINGS_INVOKE } from '../../shared/ipc/channels/settings.js';
import type { Envelope } from '../../shared/ipc/envelope.js';
import { msgIdTo22 } from '../../shared/msg-id.js';
import { TestDialogs } from '../ui/data-harness.js';
import { until } from '../support/until.js';

const dir = mkdtempSync(join(tmpdir(), 'cmpp-data-ipc-'));
let ws: Workspace;
let sim: IsmgSimulator;
const dialogs = new TestDialogs();
const progress: JobProgress[] = [];
let invoke: (channel: string, ...args: unknown[]) => Promise<Envelope<unknown>>;

const settings = (over: Partial<AccountSettingsArgs> = {}): AccountSettingsArgs => ({
  name: 'gw',
  host: '127.0.0.1',
  port: sim.port,
  version: '3.0',
  spId: '900001',
  serviceId: 'SVC',
  srcId: '10690001',
  connections: 1,
  window: 16,
  rate: 100,
  destsPerSubmit: 1,
  activeTestIntervalMs: 180_000,
  responseTimeoutMs: 60_000,
  maxSends: 3,
  tls: false,
  strictAuthenticator: false,
  signature: '【测试】',
  signaturePosition: 'prefix',
  gatewayAppends: '',
  feeType: '01',
  feeCode: '0',
  feeUserType: 2,
  feeTerminalId: '',
  registeredDelivery: 1,
  maxSegments: 10,
  useGbk: false,
  reportWaitMs: 48 * 3_600_000,
  ...over,
});

async function ok<T>(channel: string, ...args: unknown[]): Promise<T> {
  const r = await invoke(channel, ...args);
  if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.message}`);
  return r.value as T;
}

async function fails(channel: string, args: unknown, code: string | RegExp): Promise<string> {
  const r = await invoke(channel, args);
  expect(r.ok, `${channel} ${JSON.stringify(args)}`).toBe(false);
  if (r.ok) return '';
  expect(r.code).toMatch(code);
  return r.message;
}

beforeAll(async () => {
  sim = await IsmgSimulator.start({
    host: '127.0.0.1',
    port: 0,
    accounts: [{ spId: '900001', secret: '888888', version: '3.0' }],
    reports: { delayMs: { min: 0, max: 10 }, statMix: { DELIVRD: 0.5, UNDELIV: 0.5 } },
    record: false,
  });
  ws = Workspace.open({
    dbPath: join(dir, 'desk.db'),
    cipher: new PlaintextCipher(),
    actor: 'test',
    autoPump: true,
    pump: { refreshMs: 50, leaseTtlMs: 3000 },
    pool: { backoff: { initialMs: 50, maxMs: 300, resetAfterMs: 1000 } },
  });
  const events = { setReady() {}, emit: (_c: string, p: JobProgress) => progress.push(p) } as unknown as EventBatcher;
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: 't', platform: 'linux', versions: { electron: '-', chrome: '-', node: '-' } },
    events,
    workspace: ws,
    dialogs,
  });
  const wrapped = createInvoker(table, () => true);
  invoke = (channel, ...args) => wrapped(null, channel, args);
});

afterAll(async () => {
  await ws?.close();
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('argument validation (before any handler runs)', () => {
  const bad: [string, unknown][] = [
    ['log.open', { filter: { states: ['partial'] } }],
    ['log.open', { filter: { campaignId: 0 } }],
    ['log.open', { filter: { stat: '' } }],
    ['log.open', { filter: { msgId: 'x'.repeat(41) } }],
    ['log.open', { filter: { from: -1 } }],
    ['log.open', { filter: { colour: 'red' } }],
    ['log.open', { filter: {}, firstPage: 501 }],
    ['log.open', { states: ['failed'] }],
    ['log.open', 'everything'],
    ['log.page', { viewId: 1, offset: -1, limit: 10 }],
    ['log.page', { viewId: 1, offset: 0, limit: 501 }],
    ['log.page', { viewId: 1.5, offset: 0, limit: 10 }],
    ['log.detail', { messageId: '1' }],
    ['log.export', { viewId: 1, format: 'pdf', lang: 'zh-CN', jobKey: 'k' }],
    ['log.export', { viewId: 1, format: 'csv', lang: 'zh-CN', jobKey: 'bad key!' }],
    ['log.export', { viewId: 1, format: 'csv', lang: 'fr', jobKey: 'k' }],
    ['contacts.createGroup', { name: '' }],
    ['contacts.createGroup', { name: 'x'.repeat(101) }],
    ['contacts.members', { groupId: 1, limit: 0 }],
    ['contacts.members', { groupId: 1, limit: 501 }],
    ['contacts.import', { fileId: 1, sha256: 'abc', jobKey: 'k' }],
    ['contacts.previewImport', { fileId: 1, jobKey: '', groupId: 1 }],
    ['contacts.export', { groupId: 1, format: 'csv', lang: 'zh-CN' }],
    ['accounts.create', { settings: {}, secret: 'x' }],
    ['accounts.remove', { id: -3 }],
    ['jobs.cancel', 42],
    ['rules.update', { quietHours: { start: '25:00', end: '08:00' } }],
    ['rules.update', { frequencyCap: { max: 0, windowMs: 3_600_000 } }],
    ['rules.update', { sensitiveWords: [''] }],
    ['rules.update', { optOutKeywords: 'TD' }],
  ];
  for (const [channel, args] of bad) {
    it(`${channel} rejects ${JSON.stringify(args).slice(0, 60)}`, async () => {
      await fails(channel, args, 'invalid-args');
    });
  }

  it('account settings: every field is checked (ASCII fields, ranges, enums, unknown fields)', async () => {
    const cases: Partial<Record<keyof AccountSettingsArgs, unknown>>[] = [
      { spId: '1234567' },
      { spId: '中文' },
      { srcId: '1'.repeat(22) },
      { port: 70000 },
      { version: '2.1' },
      { destsPerSubmit: 100 },
      { feeType: '06' },
      { feeCode: '1a' },
      { feeUserType: 4 },
      { registeredDelivery: 3 },
      { signaturePosition: 'middle' },
      { reportWaitMs: 1000 },
      { tls: 'yes' },
    ];
    for (const c of cases) await fails('accounts.create', { settings: { ...settings(), ...c }, secret: 'x' }, 'invalid-args');
    await fails('accounts.create', { settings: { ...settings(), extra: 1 }, secret: 'x' }, 'invalid-args');
    await fails('accounts.create', { settings: settings(), secret: '' }, 'invalid-args');
  });

  it('every data channel is in the handler table', async () => {
    for (const channel of [...LOG_INVOKE, ...CONTACTS_INVOKE, ...ACCOUNTS_INVOKE, ...SETTINGS_INVOKE, ...JOBS_INVOKE]) {
      const r = await invoke(channel, Symbol('not json') as unknown);
      // A symbol never passes a validator: either invalid-args, or (no-argument channels) invalid-args too.
      expect(r.ok, channel).toBe(false);
      if (!r.ok) expect(r.code, channel).toBe('invalid-args');
    }
  });
});

describe('accounts and the connection test', () => {
  it('creates, lists and updates an account; the secret never comes back', async () => {
    const created = await ok<Record<string, unknown>>('accounts.create', { settings: settings({ name: 'main' }), secret: '888888' });
    expect(created).toMatchObject({ name: 'main', secretSet: true, spId: '900001' });
    expect(JSON.stringify(created)).not.toContain('888888');
    const list = await ok<Record<string, unknown>[]>('accounts.list');
    expect(JSON.stringify(list)).not.toContain('888888');
    const updated = await ok<Record<string, unknown>>('accounts.update', { id: created.id, settings: settings({ name: 'main', rate: 50 }) });
    expect(updated.rate).toBe(50);
    // No secret in the update: the stored one is kept.
    expect(ws.store.accounts.getSecret(created.id as number)).toBe('888888');
    await ok('accounts.update', { id: created.id, settings: settings({ name: 'main', rate: 50 }), secret: 'newsecret' });
    expect(ws.store.accounts.getSecret(created.id as number)).toBe('newsecret');
    await ok('accounts.update', { id: created.id, settings: settings({ name: 'main', rate: 50 }), secret: '888888' });
    // The store's own rules still apply (a duplicate name is a conflict, in the store's words).
    const msg = await fails('accounts.create', { settings: settings({ name: 'main' }), secret: 'x' }, 'conflict');
    expect(msg).toMatch(/already exists/);
    // 3.0 has no FeeType 04.
    await fails('accounts.create', { settings: settings({ name: 'other', feeType: '04' }), secret: 'x' }, 'invalid-input');
    const audit = ws.store.db.prepare("SELECT details FROM audit_log WHERE action LIKE 'account.%'").pluck().all() as string[];
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit.join()).not.toContain('888888');
  });

  it('logs in with the stored secret, and explains a wrong one as Status 3', async () => {
    const [a] = await ok<{ id: number; name: string }[]>('accounts.list');
    const { id, ...rest } = (await ok<Record<string, unknown>[]>('accounts.list'))[0]!;
    const s = Object.fromEntries(Object.entries(rest).filter(([k]) => !['secretSet', 'createdAt', 'updatedAt'].includes(k))) as AccountSettingsArgs;
    const good = await ok<Record<string, unknown>>('accounts.test', { id, settings: s });
    expect(good).toMatchObject({ ok: true, code: 'ok', status: 0 });
    const wrong = await ok<Record<string, unknown>>('accounts.test', { id: a!.id, settings: s, secret: 'wrong' });
    expect(wrong).toMatchObject({ ok: false, code: 'login-status', status: 3 });
    const unsaved = await ok<Record<string, unknown>>('accounts.test', { settings: settings({ spId: '999999' }), secret: '888888' });
    expect(unsaved).toMatchObject({ ok: false, code: 'login-status' });
    await fails('accounts.test', { settings: settings() }, 'invalid-args');
  });

  it('tells a refused port, a silent gateway and the allow-list symptom apart', async () => {
    const closed: Server = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await ok<Record<string, unknown>>('accounts.test', { settings: settings({ port }), secret: '888888' });
    expect(refused).toMatchObject({ ok: false, code: 'network' });

    // Accepts TCP, never answers CONNECT.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const r = await ok<Record<string, unknown>>('accounts.test', { settings: settings({ port: (silent.address() as { port: number }).port }), secret: '888888', timeoutMs: 2000 });
      expect(r.ok).toBe(false);
      expect(['login-timeout', 'timeout']).toContain(r.code);
    } finally {
      silent.close();
    }

    sim.faults.closeAfterLogin(true);
    try {
      const r = await ok<Record<string, unknown>>('accounts.test', { settings: settings(), secret: '888888' });
      expect(r).toMatchObject({ ok: false, code: 'closed-after-login' });
    } finally {
      sim.faults.closeAfterLogin(false);
    }
  });
});

describe('the delivery log over the engine', () => {
  it('opens, counts, pages, finds by a 22-digit Msg_Id, details every segment; bad filters explain themselves', async () => {
    const account = ws.store.accounts.findByName('main')!;
    const group = ws.store.contacts.createGroup('log-test');
    for (const _ of ws.store.contacts.addMembers(group.id, Array.from({ length: 12 }, (_, i) => ({ number: `1380013${String(i).padStart(4, '0')}` }))));
    const { campaign } = await ws.campaigns.create({ accountId: account.id, name: '=1+1 促销', text: '【测试】您好', groupIds: [group.id] });
    await ws.campaigns.start(campaign.id);
    await ws.campaigns.waitUntilSettled(campaign.id, { intervalMs: 50 });

    const opened = await ok<{ viewId: number; page: { rows: unknown[]; offset: number } }>('log.open', { filter: { campaignId: campaign.id }, firstPage: 10 });
    expect(opened.page).toMatchObject({ offset: 0 });
    expect(opened.page.rows).toHaveLength(10);
    const { viewId } = opened;
    expect(await ok('log.count', { viewId })).toEqual({ total: 12 });
    // Replacing a view closes the old one.
    const page = await ok<{ rows: { id: number; campaignName: string; accountName: string; state: string }[]; total: number }>('log.page', { viewId, offset: 5, limit: 5 });
    expect(page.rows).toHaveLength(5);
    expect(page.rows[0]).toMatchObject({ campaignName: '=1+1 促销', accountName: 'main' });
    // Replacing a view closes the old one.
    const replaced = await ok<{ viewId: number; page: null }>('log.open', { filter: {}, replaces: viewId });
    expect(replaced.page).toBeNull();
    await fails('log.count', { viewId }, 'view-expired');

    const seg = ws.store.db.prepare('SELECT message_id, msg_id FROM segments WHERE msg_id IS NOT NULL LIMIT 1').safeIntegers(true).get() as { message_id: bigint; msg_id: bigint };
    const msgId = BigInt.asUintN(64, seg.msg_id);
    const byId = await ok<{ viewId: number }>('log.open', { filter: { msgId: ` ${msgIdTo22(msgId)} ` } });
    const found = await ok<{ rows: { id: number }[] }>('log.page', { viewId: byId.viewId, offset: 0, limit: 10 });
    expect(found.rows.map((r) => r.id)).toEqual([Number(seg.message_id)]);
    const detail = await ok<{ segments: { msgId: { decimal: string; digits22: string; hex: string }; stat: string }[]; text: string }>('log.detail', { messageId: Number(seg.message_id) });
    expect(detail.segments[0]!.msgId).toEqual({ decimal: msgId.toString(), digits22: msgIdTo22(msgId), hex: msgId.toString(16).padStart(16, '0') });
    expect(['DELIVRD', 'UNDELIV']).toContain(detail.segments[0]!.stat);
    expect(detail.text).toBe('【测试】您好');

    expect(await fails('log.open', { filter: { msgId: '12345678901234567890123' } }, 'invalid-msg-id')).toMatch(/not a Msg_Id/);
    await fails('log.open', { filter: { number: 'abc' } }, /invalid/);
    await fails('log.page', { viewId: 99_999, offset: 0, limit: 1 }, 'view-expired');
    await fails('log.detail', { messageId: 99_999 }, 'not-found');
  });

  it('exports CSV to the dialog path with progress; a cancelled dialog exports nothing; the view\'s Stat filter applies', async () => {
    const { viewId } = await ok<{ viewId: number }>('log.open', { filter: {} });
    await ok('log.count', { viewId });
    dialogs.nextSave = null;
    expect(await ok('log.export', { viewId, format: 'csv', lang: 'en', jobKey: 'none' })).toBeNull();
    const out = join(dir, 'log.csv');
    dialogs.nextSave = out;
    progress.length = 0;
    const done = await ok<{ file: string; rows: number; messages: number }>('log.export', { viewId, format: 'csv', lang: 'en', jobKey: 'log1' });
    expect(done).toMatchObject({ file: out, rows: 12, messages: 12 });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain("'=1+1 促销");
    expect(progress.filter((p) => p.jobKey === 'log1').at(-1)).toMatchObject({ phase: 'done', kind: 'log-export' });
    const stat = await ok<{ viewId: number }>('log.open', { filter: { stat: 'UNDELIV' } });
    const { total: matching } = await ok<{ total: number }>('log.count', { viewId: stat.viewId });
    expect(matching).toBeGreaterThan(0);
    dialogs.nextSave = join(dir, 'undeliv.csv');
    const undeliv = await ok<{ messages: number }>('log.export', { viewId: stat.viewId, format: 'csv', lang: 'en', jobKey: 'log2' });
    expect(undeliv.messages).toBe(matching);
    expect(readFileSync(join(dir, 'undeliv.csv'), 'utf8')).not.toContain('DELIVRD');
  });
});

describe('contacts', () => {
  it('previews a file with per-row errors and imports it into a new group; cancelling a job works', async () => {
    const file = join(dir, 'contacts.csv');
    writeFileSync(file, '\ufeff手机号,姓名,城市\r\n13800138000,张三,北京\r\n12345,李四,上海\r\n+86 138-0013-8000,张三二,北京\r\n13900139000,王五,广州\r\n');
    dialogs.nextOpen = null;
    expect(await ok('contacts.pickImportFile')).toBeNull();
    dialogs.nextOpen = file;
    const picked = await ok<{ fileId: number; name: string }>('contacts.pickImportFile');
    expect(picked.name).toBe('contacts.csv');
    const preview = await ok<{ sha256: string; counts: Record<string, number>; issues: { line: number; problem: string }[] }>('contacts.previewImport', {
      fileId: picked.fileId,
      jobKey: 'p1',
    });
    expect(preview.counts).toMatchObject({ rows: 4, valid: 2, invalidNumber: 1, duplicateInFile: 1 });
    expect(preview.issues.map((i) => [i.line, i.problem])).toEqual([
      [3, 'invalid-number'],
      [4, 'duplicate-in-file'],
    ]);
    const done = await ok<{ group: { id: number; name: string; size: number }; added: number }>('contacts.import', {
      fileId: picked.fileId,
      sha256: preview.sha256,
      newGroupName: '导入测试',
      jobKey: 'i1',
    });
    expect(done).toMatchObject({ added: 2, group: { name: '导入测试', size: 2 } });
    const members = await ok<{ members: { number: string; name: string; fields: Record<string, string> }[]; nextAfterId: number | null }>('contacts.members', { groupId: done.group.id, limit: 1 });
    expect(members.members[0]).toMatchObject({ number: '13800138000', name: '张三', fields: { 城市: '北京' } });
    expect(members.nextAfterId).not.toBeNull();
    expect(await ok('contacts.findMember', { groupId: done.group.id, number: '+8613900139000' })).toMatchObject({ name: '王五' });
    await fails('contacts.import', { fileId: 424242, sha256: preview.sha256, newGroupName: 'x', jobKey: 'i2' }, 'file-expired');
    await fails('contacts.import', { fileId: picked.fileId, sha256: preview.sha256, jobKey: 'i3' }, 'invalid-args');

    // A big export, cancelled through jobs.cancel while it runs: no file is left.
    for (const _ of ws.store.contacts.addMembers(done.group.id, Array.from({ length: 60_000 }, (_, i) => ({ number: String(15000000000 + i) }))));
    const out = join(dir, 'big.csv');
    dialogs.nextSave = out;
    progress.length = 0;
    const pending = invoke('contacts.export', { groupId: done.group.id, format: 'csv', lang: 'zh-CN', jobKey: 'e1' });
    // Cancel once the export has written its first page (an event, not a guess at its speed).
    await until('the export to start', () => progress.some((p) => p.jobKey === 'e1' && p.phase === 'running'), 20_000);
    expect(await ok('jobs.cancel', 'e1')).toBe(true);
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('cancelled');
    // No file left: neither the export nor a temporary file beside it.
    expect(readdirSync(dir).filter((n) => n.startsWith('big.csv'))).toEqual([]);
    expect(await ok('jobs.cancel', 'e1')).toBe(false);
  });
});

describe('groups and accounts housekeeping', () => {
  it('renames and deletes a group with progress; removes a member; refuses to delete an account in use', async () => {
    const g = await ok<{ id: number; name: string; size: number; importing: boolean }>('contacts.createGroup', { name: '  临时组 ' });
    expect(g).toMatchObject({ name: '临时组', size: 0, importing: false });
    await fails('contacts.createGroup', { name: '临时组' }, 'conflict');
    expect(await ok('contacts.renameGroup', { groupId: g.id, name: '临时组2' })).toMatchObject({ name: '临时组2' });
    for (const _ of ws.store.contacts.addMembers(g.id, Array.from({ length: 25_000 }, (_, i) => ({ number: String(13600000000 + i) }))));
    expect(await ok('contacts.removeMember', { groupId: g.id, number: '+86 13600000000' })).toBe(true);
    expect(await ok('contacts.removeMember', { groupId: g.id, number: '13600000000' })).toBe(false);
    progress.length = 0;
    expect(await ok('contacts.deleteGroup', { groupId: g.id, jobKey: 'del1' })).toBeNull();
    expect(ws.store.contacts.findGroup('临时组2')).toBeNull();
    const mine = progress.filter((p) => p.jobKey === 'del1');
    expect(mine.at(-1)).toMatchObject({ kind: 'group-delete', phase: 'done', processed: 24_999 });
    await fails('contacts.members', { groupId: g.id, limit: 10 }, 'not-found');

    const spare = await ok<{ id: number }>('accounts.create', { settings: settings({ name: 'spare' }), secret: 'x' });
    expect(await ok('accounts.remove', { id: spare.id })).toBeNull();
    const main = ws.store.accounts.findByName('main')!;
    expect(await fails('accounts.remove', { id: main.id }, 'conflict')).toMatch(/cannot be deleted/);
  });
});

describe('sending rules', () => {
  it('reads and writes the workspace settings; the store refuses what it cannot keep', async () => {
    const before = await ok<Record<string, unknown>>('rules.get');
    expect(before.optOutKeywords).toContain('退订');
    const after = await ok<Record<string, unknown>>('rules.update', { quietHours: { start: '21:00', end: '08:00' }, frequencyCap: { max: 3, windowMs: 86_400_000 }, sensitiveWords: ['赌博'] });
    expect(after).toMatchObject({ quietHours: { start: '21:00', end: '08:00' }, frequencyCap: { max: 3, windowMs: 86_400_000 }, sensitiveWords: ['赌博'] });
    expect(ws.settings.quietHours).toEqual({ start: '21:00', end: '08:00' });
    await fails('rules.update', { optOutKeywords: [] }, 'invalid-input');
    await fails('rules.update', { quietHours: { start: '08:00', end: '08:00' } }, 'invalid-input');
    expect((await ok<Record<string, unknown>>('rules.update', { quietHours: null })).quietHours).toBeNull();
  });
});
