// The live-operations handlers over a REAL engine: the demo gateway (simulator on 127.0.0.1, port
// 0, a real SQLite file in a temp dir) behind the same wrapped invoker ipcMain uses. Bad arguments
// are rejected before any service runs; the composer sends a campaign that completes with reports;
// the inbox replies to an MO; the mode switches to the real database and back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { validityToCmppTime } from '../../electron/ipc/handlers/composer.js';
import { LiveSession, readMode } from '../../electron/services/demo/desk-session.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { DEMO_GROUP_SIZE, demoNumbers } from '../../electron/services/demo/demo-gateway.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import type { EventChannel } from '../../shared/ipc/channels.js';
import type { Envelope } from '../../shared/ipc/envelope.js';
import type { CampaignRow } from '../../shared/ipc/contract/campaigns.js';
import type { SendResult } from '../../shared/ipc/contract/composer.js';
import { until } from '../support/until.js';

const info = { name: 'CMPP Desk', version: '0.0.0-test', platform: 'linux', versions: { electron: '-', chrome: '-', node: process.versions.node } };

describe('live handlers: argument validation', () => {
  const table = createHandlerTable({ info, events: { setReady() {} } });
  const invoke = createInvoker(table, () => true);
  const call = (channel: string, ...args: unknown[]) => invoke({}, channel, args);
  const bad: [string, unknown][] = [
    ['mode.set', 'both'],
    ['monitor.connect', 0],
    ['monitor.connect', '1'],
    ['demo.setBehaviour', { undeliveredPercent: 101 }],
    ['demo.setBehaviour', { reportDelayMinMs: -1 }],
    ['demo.setBehaviour', { moEverySecond: 5 }],
    ['demo.sendMo', { from: '1390000100a', text: 'hi' }],
    ['demo.sendMo', { from: '13900001001', text: '' }],
    ['composer.preview', { accountId: 1, text: 'x', groupIds: [], numbers: '', extra: 1 }],
    ['composer.plan', { accountId: 1, text: 'x'.repeat(5001), groupIds: [], numbers: '' }],
    ['composer.plan', { accountId: 1, text: 'x', groupIds: Array.from({ length: 101 }, (_, i) => i + 1), numbers: '' }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true, feeCode: '1a' }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true, feeType: '06' }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true, feeUserType: 4 }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true, serviceId: '服务' }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true, srcIdExt: '12x' }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true, validityHours: 73 }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true, registeredDelivery: 3 }],
    ['composer.send', { jobId: 'j', accountId: 1, text: 'x', groupIds: [], numbers: '' }],
    ['composer.send', { jobId: '', accountId: 1, text: 'x', groupIds: [], numbers: '', start: true }],
    ['composer.testSend', { accountId: 1, number: '', text: 'x' }],
    ['composer.cancelSend', 42],
    ['campaigns.detail', 1.5],
    ['campaigns.resendInDoubt', { messageIds: Array.from({ length: 10_001 }, (_, i) => i + 1) }],
    ['campaigns.dropInDoubt', { messageIds: [0] }],
    ['inbox.reply', { moId: 1, text: '' }],
    ['inbox.reply', { moId: 1, text: 'x'.repeat(1001) }],
    ['inbox.markHandled', { ids: [1], handled: 'yes' }],
    ['inbox.threads', { limit: 0 }],
    ['inbox.conversation', {}],
  ];
  it.each(bad.map(([c, a]) => [c, JSON.stringify(a).slice(0, 60), a] as const))('%s rejects %s', async (channel, _label, arg) => {
    const r = await call(channel, arg);
    expect(r).toMatchObject({ ok: false, code: 'invalid-args' });
  });

  it('without an engine every live channel says so with a code, never crashes', async () => {
    expect(await call('monitor.snapshot')).toMatchObject({ ok: false, code: 'no-workspace' });
    expect(await call('campaigns.list')).toMatchObject({ ok: false, code: 'no-workspace' });
    expect(await call('mode.get')).toMatchObject({ ok: false, code: 'no-workspace' });
  });

  it('validity hours become a relative SMPP time (docs/protocol.md "Message bodies")', () => {
    expect(validityToCmppTime(undefined)).toBe('');
    expect(validityToCmppTime(0)).toBe('');
    expect(validityToCmppTime(2)).toBe('000000020000000R');
    expect(validityToCmppTime(48)).toBe('000002000000000R');
    expect(validityToCmppTime(72)).toHaveLength(16);
  });
});

describe('live handlers over the demo gateway', () => {
  let dir = '';
  let session: LiveSession;
  const emitted: [EventChannel, unknown][] = [];
  const sending: boolean[] = [];
  let call: <T>(channel: string, arg?: unknown) => Promise<T>;
  let raw: (channel: string, arg?: unknown) => Promise<Envelope<unknown>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cmpp-live-'));
    const cipher = LocalKeyCipher.besideDatabase(join(dir, 'cmpp-desk.db'));
    session = await LiveSession.open({
      dataDir: dir,
      cipher,
      secrets: 'key-file',
      events: { emit: (c, p) => void emitted.push([c, p]) },
      workspace: { autoPump: true, pump: { refreshMs: 50, leaseTtlMs: 3000 }, pool: { backoff: { initialMs: 50, maxMs: 300, resetAfterMs: 1000 } } },
      demo: { behaviour: { reportDelayMs: { min: 0, max: 50 }, undeliveredShare: 0.1, expiredShare: 0.1, moEverySeconds: 0 } },
      campaignFlushMs: 50,
      onSendingChange: (on) => sending.push(on),
    });
    const table = createHandlerTable({
      info,
      events: { setReady() {} },
      get workspace() {
        return session.workspace;
      },
      live: session,
    });
    const invoke = createInvoker(table, () => true, { onInternalError: (c, e) => console.error(c, e) });
    raw = (channel, arg) => invoke({}, channel, arg === undefined ? [] : [arg]);
    call = async <T,>(channel: string, arg?: unknown) => {
      const r = await raw(channel, arg);
      if (!r.ok) throw new Error(`${channel}: ${r.code}: ${r.message}`);
      return r.value as T;
    };
  }, 30_000);

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('first run: the demo account, its 50-number group, a template and MO traffic are there', async () => {
    const mode = await call<{ mode: string; demo: { port: number; spId: string } }>('mode.get');
    expect(mode.mode).toBe('demo');
    expect(mode.demo.spId).toBe('900001');
    expect(mode.demo.port).toBeGreaterThan(0);
    const ctx = await call<{ accounts: { id: number; name: string }[]; groups: { size: number }[]; templates: { fields: string[] }[] }>('composer.context');
    expect(ctx.accounts).toHaveLength(1);
    expect(ctx.groups[0]!.size).toBe(DEMO_GROUP_SIZE);
    expect(ctx.templates[0]!.fields).toEqual(['姓名', '城市', '积分']);
    // The start MOs (a question, a long MO, an opt-out) arrive once the account logs in.
    const threads = await until('three MO threads', async () => {
      const t = await call<{ number: string; optedOut: boolean }[]>('inbox.threads');
      return t.length >= 3 ? t : undefined;
    });
    expect(threads.some((t) => t.optedOut)).toBe(true);
    const events = await call<{ event: string }[]>('inbox.optEvents');
    expect(events.map((e) => e.event)).toContain('opt_out');
    const snap = await until('the demo account ready', async () => {
      const s = await call<{ accounts: { linkState: string }[] }>('monitor.snapshot');
      return s.accounts[0]?.linkState === 'ready' ? s : undefined;
    });
    expect(snap.accounts).toHaveLength(1);
  });

  it('plans and sends a template campaign to the group; reports arrive and the campaign completes', async () => {
    const ctx = await call<{ accounts: { id: number }[]; groups: { id: number }[]; templates: { id: number }[] }>('composer.context');
    const accountId = ctx.accounts[0]!.id;
    const groupId = ctx.groups[0]!.id;
    const templateId = ctx.templates[0]!.id;
    const preview = await call<{ sample: { number: string }; text: string; plan: { segments: unknown[] } }>('composer.preview', { accountId, templateId, groupIds: [groupId], numbers: '' });
    expect(preview.sample.number).toBe(demoNumbers()[0]);
    expect(preview.text).not.toContain('{');
    expect(preview.plan.segments.length).toBeGreaterThan(0);

    const plan = await call<{ recipients: number; toSend: number; skipped: number; estimated: boolean; invalidCount: number; duplicates: number }>('composer.plan', {
      accountId,
      templateId,
      groupIds: [groupId],
      numbers: `${demoNumbers()[0]}\n12345\n+86 139 0000 1001`,
    });
    expect(plan.recipients).toBe(DEMO_GROUP_SIZE);
    expect(plan.invalidCount).toBe(1);
    expect(plan.duplicates).toBeGreaterThanOrEqual(1);
    expect(plan.toSend + plan.skipped).toBe(DEMO_GROUP_SIZE);

    const sent = await call<SendResult>('composer.send', { jobId: 'job-1', accountId, templateId, groupIds: [groupId], numbers: '', start: true, name: '测试群发' });
    expect(sent.queued + sent.skipped).toBe(DEMO_GROUP_SIZE);
    expect(sent.started).toBe(true);
    const phases = emitted.filter(([c]) => c === 'live.enqueue').map(([, p]) => (p as { phase: string }).phase);
    expect(phases[0]).toBe('validate');
    expect(phases.at(-1)).toBe('done');

    const done = await until('the campaign completed', async () => {
      const list = await call<CampaignRow[]>('campaigns.list');
      const c = list.find((x) => x.id === sent.campaignId);
      return c?.state === 'completed' ? c : undefined;
    }, 30_000);
    expect(done.counts.delivered + done.counts.failed + done.counts.skipped).toBe(DEMO_GROUP_SIZE);
    const detail = await call<{ stats: { stat: string; count: number }[] }>('campaigns.detail', sent.campaignId);
    expect(detail.stats.reduce((n, s) => n + s.count, 0)).toBe(done.counts.delivered + done.counts.failed + done.counts.unknown);
    // Pushed live: campaign rows, reports and per-second counters.
    await until('a completed live.campaign event', () =>
      emitted.some(([c, p]) => c === 'live.campaign' && (p as CampaignRow).id === sent.campaignId && (p as CampaignRow).state === 'completed'),
    );
    // The feed batches reports every 400 ms: the last batch may follow the completion.
    await until('every report pushed', () => emitted.filter(([c]) => c === 'live.reports').length >= sent.queued);
    await until('counters with the reports', () =>
      emitted.some(([c, p]) => c === 'live.counters' && (p as { totals: { delivered: number; failed: number } }).totals.delivered + (p as { totals: { failed: number } }).totals.failed >= sent.queued),
    );
  }, 60_000);

  it('an MO arrives, the operator replies inline and the reply gets its report', async () => {
    await call('demo.sendMo', { from: '13900001010', text: '请问积分怎么兑换？' });
    const mo = await until('the MO', async () => {
      const c = await call<{ mos: { id: number; text: string }[] }>('inbox.conversation', { number: '13900001010' });
      return c.mos.find((m) => m.text === '请问积分怎么兑换？');
    });
    const reply = await call<{ messageId: number; state: string }>('inbox.reply', { moId: mo.id, text: '【CMPP演示】您好，积分可在会员中心兑换。' });
    expect(['queued', 'submitting', 'submitted', 'delivered', 'failed']).toContain(reply.state);
    const sent = await until('the reply reported', async () => {
      const c = await call<{ mos: { id: number; handled: boolean }[]; sent: { messageId: number; state: string }[] }>('inbox.conversation', { number: '13900001010' });
      const s = c.sent.find((x) => x.messageId === reply.messageId);
      return s && ['delivered', 'failed'].includes(s.state) ? c : undefined;
    });
    expect(sent.mos.find((m) => m.id === mo.id)?.handled).toBe(true);
  }, 30_000);

  it('the batch plan names every skip: a missing merge field, a new opt-out (the cached walk notices)', async () => {
    const ctx = await call<{ accounts: { id: number }[]; groups: { id: number }[] }>('composer.context');
    const args = { accountId: ctx.accounts[0]!.id, groupIds: [ctx.groups[0]!.id], numbers: '' };
    const missing = await call<{ toSend: number; skippedByReason: Record<string, number> }>('composer.plan', { ...args, text: '【CMPP演示】{生日}快乐' });
    expect(missing.skippedByReason['merge-field']).toBe(DEMO_GROUP_SIZE - (missing.skippedByReason['opt-out'] ?? 0));
    expect(missing.toSend).toBe(0);
    // Sending that text is refused at creation by the service the CLI uses too, naming the field and the known names.
    const refused = await raw('composer.send', { jobId: 'j-missing-field', ...args, text: '【CMPP演示】{生日}快乐', start: false });
    expect(refused).toMatchObject({ ok: false, code: 'invalid-input', message: expect.stringMatching(/merge field \{生日\} has no value for any recipient; the recipients have \{number\}, \{name\}, .*\{城市\}/) });
    const before = await call<{ toSend: number; skippedByReason: Record<string, number> }>('composer.plan', { ...args, text: '【CMPP演示】周末快乐' });
    await call('demo.sendMo', { from: demoNumbers()[33], text: 'TD' });
    await until('the opt-out', () => session.workspace!.store.optOuts.has(demoNumbers()[33]!));
    const after = await call<{ toSend: number; skippedByReason: Record<string, number> }>('composer.plan', { ...args, text: '【CMPP演示】周末快乐' });
    expect(after.skippedByReason['opt-out']).toBe((before.skippedByReason['opt-out'] ?? 0) + 1);
    expect(after.toSend).toBe(before.toSend - 1);
  }, 30_000);

  it('the demo behaviour changes at run time, validated', async () => {
    const s = await call<{ behaviour: { undeliveredShare: number; moEverySeconds: number; reportDelayMs: { min: number } } }>('demo.setBehaviour', {
      undeliveredPercent: 30,
      moEverySeconds: 600,
      reportDelayMinMs: 10,
    });
    expect(s.behaviour).toMatchObject({ undeliveredShare: 0.3, moEverySeconds: 600, reportDelayMs: { min: 10 } });
    expect(await raw('demo.setBehaviour', { undeliveredPercent: 80, expiredPercent: 30 })).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(await raw('demo.setBehaviour', { reportDelayMinMs: 500, reportDelayMaxMs: 100 })).toMatchObject({ ok: false, code: 'invalid-input' });
  });

  it('cancelling a send while it is queued keeps nothing', async () => {
    const ctx = await call<{ accounts: { id: number }[]; groups: { id: number }[] }>('composer.context');
    const job = 'job-cancel';
    const pending = raw('composer.send', { jobId: job, accountId: ctx.accounts[0]!.id, text: '【CMPP演示】测试取消', groupIds: [ctx.groups[0]!.id], numbers: '', start: true });
    expect(await call('composer.cancelSend', job)).toBe(true);
    expect(await pending).toMatchObject({ ok: false, code: 'cancelled' });
    expect(await call('composer.cancelSend', job)).toBe(false);
    const list = await call<CampaignRow[]>('campaigns.list');
    expect(list.some((c) => c.text === '【CMPP演示】测试取消')).toBe(false);
  });

  it('a draft is started, paused, resumed and cancelled; a test send goes to one number', async () => {
    const ctx = await call<{ accounts: { id: number }[] }>('composer.context');
    const accountId = ctx.accounts[0]!.id;
    const numbers = demoNumbers().slice(40, 45).join('\n');
    const draft = await call<SendResult>('composer.send', { jobId: 'job-draft', accountId, text: '【CMPP演示】草稿测试', groupIds: [], numbers, start: false, scheduleAt: Date.now() + 3600_000 });
    expect(draft.started).toBe(false);
    const row = (await call<CampaignRow[]>('campaigns.list')).find((c) => c.id === draft.campaignId)!;
    expect(row).toMatchObject({ state: 'draft', counts: { queued: 5, total: 5 } });
    // Scheduled an hour ahead: started, it waits (nothing is sent), so pause/resume/cancel are deterministic.
    expect(await call<CampaignRow>('campaigns.start', draft.campaignId)).toMatchObject({ state: 'running' });
    await until('the power-save blocker asked for', () => sending.at(-1) === true);
    expect(await call<CampaignRow>('campaigns.pause', draft.campaignId)).toMatchObject({ state: 'paused' });
    expect(await raw('campaigns.pause', draft.campaignId)).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(await call<CampaignRow>('campaigns.resume', draft.campaignId)).toMatchObject({ state: 'running' });
    const cancelled = await call<CampaignRow>('campaigns.cancel', draft.campaignId);
    expect(cancelled).toMatchObject({ state: 'cancelled', counts: { cancelled: 5, queued: 0 } });
    await until('the power-save blocker released', () => sending.at(-1) === false);
    expect(await raw('campaigns.resume', draft.campaignId)).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(await call('campaigns.resendInDoubt', { messageIds: [] })).toBe(0);

    const test = await call<{ messageId: number; state: string }>('composer.testSend', { accountId, number: '+86 139 0000 1049', text: '【CMPP演示】测试短信' });
    expect(test.state).toBe('queued');
    const log = session.workspace!.store.deliveryLog.detail(test.messageId).message;
    expect(log).toMatchObject({ number: '13900001049', campaignId: null });
    expect(await raw('composer.testSend', { accountId, number: '12345', text: 'x' })).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(await raw('composer.send', { jobId: 'j2', accountId: 999, text: 'x', groupIds: [], numbers: '13900001001', start: true })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await raw('composer.send', { jobId: 'j3', accountId, text: 'x', templateId: 1, groupIds: [], numbers: '13900001001', start: true })).toMatchObject({ ok: false, code: 'invalid-input' });
  }, 30_000);

  it('switches to the real database (empty) and back to the demo; the choice is remembered', async () => {
    const real = await call<{ mode: string; demo: unknown }>('mode.set', 'real');
    expect(real).toMatchObject({ mode: 'real', demo: null });
    expect(readMode(dir)).toBe('real');
    expect(await call('campaigns.list')).toEqual([]);
    expect((await call<{ accounts: unknown[] }>('monitor.snapshot')).accounts).toEqual([]);
    const back = await call<{ mode: string }>('mode.set', 'demo');
    expect(back.mode).toBe('demo');
    expect(readMode(dir)).toBe('demo');
    // The demo data is still there (seeded once), pointing at the new simulator port.
    expect((await call<CampaignRow[]>('campaigns.list')).length).toBeGreaterThan(0);
    expect(emitted.filter(([c]) => c === 'live.mode').length).toBe(2);
  }, 30_000);
});
