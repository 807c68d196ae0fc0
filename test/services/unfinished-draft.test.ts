// A campaign whose creation stopped half-way (its messages written in part, its creation lease held)
// is never used: it is not listed and cannot be started; the next command to open the database
// removes it with its messages once its creator is gone, and leaves it alone while the creator runs.
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createLease } from '../../electron/services/campaigns/unfinished-drafts.js';
import { CampaignInputError } from '../../electron/services/campaigns/campaigns.js';
import { until } from '../support/until.js';
import { type Engine, mobileNumbers, startEngine } from './fixtures/engine.js';

describe('a campaign whose creation did not finish', () => {
  let e: Engine | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  function halfCreated(holder: string): number {
    const { ws } = e!;
    const c = ws.store.campaigns.create({ name: 'half', accountId: e!.account.id, text: 'half' });
    ws.store.leases.acquire(createLease(c.id), holder, 3_600_000);
    const numbers = mobileNumbers(3000).map((number) => ({ number }));
    const gen = ws.store.outbox.enqueue({ accountId: e!.account.id, campaignId: c.id, segmentCount: 1 }, numbers, { chunkSize: 1000 });
    // Validation steps, then one written chunk of three: the creator stops there.
    for (let step = gen.next(); !step.done && step.value.written < 1000; step = gen.next());
    expect(ws.store.campaigns.counts(c.id).total).toBe(1000);
    return c.id;
  }

  it('is hidden and refused while its creator runs, and removed at the next open once the creator is gone', async () => {
    e = await startEngine({ account: { signature: '【店】' } });
    const live = halfCreated(`${hostname()}|${process.pid}|creator`);
    const done = await e.ws.campaigns.create({ accountId: e.account.id, name: 'whole', text: 'whole', numbers: mobileNumbers(5) });
    expect(e.ws.campaigns.list().map((c) => c.name)).toEqual(['whole']);
    await expect(e.ws.campaigns.start(live)).rejects.toThrow(CampaignInputError);
    // Another command opens the database while the creator is alive: the draft stays.
    await e.ws.close();
    let ws = e.reopen();
    await new Promise((ok) => setImmediate(ok));
    expect(ws.store.campaigns.counts(live).total).toBe(1000);
    // The creator died (a pid that does not run on this host): the next open removes the draft.
    ws.store.leases.takeOver(createLease(live), `${hostname()}|${process.pid}|creator`, `${hostname()}|999999999|dead`, 3_600_000);
    await ws.close();
    ws = e.reopen();
    await until('the unfinished draft removed', () => ws.store.campaigns.list('draft').every((c) => c.id !== live), 10_000);
    expect(ws.db.prepare('SELECT count(*) FROM messages WHERE campaign_id = ?').pluck().get(live)).toBe(0);
    expect(ws.store.leases.get(createLease(live))).toBeNull();
    // The finished campaign is untouched.
    expect(ws.campaigns.status(done.campaign.id).total).toBe(5);
  }, 30_000);

  it('a group with a half-written import is not used by a campaign, and is rolled back at the next open', async () => {
    e = await startEngine({ account: { signature: '【店】' } });
    let ws = e.ws;
    const g = ws.store.contacts.createGroup('half-imported');
    for (const _ of ws.store.contacts.addMembers(g.id, [{ number: '13800000000' }]));
    // What an import leaves when it is killed or its rollback cannot write: its journal lease and
    // the chunks it had committed.
    const stamp = 1_700_000_000_123;
    const after = ws.store.contacts.maxContactId();
    const holder = JSON.stringify({ host: hostname().slice(0, 60), pid: 2 ** 22 + 12345, token: 'dead', after, at: stamp, created: false });
    ws.store.leases.acquire(`contacts-import:${g.id}`, holder, 120_000);
    ws.store.contacts.insertImported(g.id, [{ number: '13800000001' }, { number: '13800000002' }], stamp);
    await expect(ws.campaigns.create({ accountId: e.account.id, text: 'x', groupIds: [g.id] })).rejects.toThrow(/import that has not finished/);
    await ws.close();
    ws = e.reopen();
    await until('the import rolled back', () => ws.store.leases.get(`contacts-import:${g.id}`) === null, 10_000);
    expect(ws.store.contacts.getGroup(g.id).size).toBe(1);
    expect((await ws.campaigns.create({ accountId: e.account.id, text: 'x', groupIds: [g.id] })).queued).toBe(1);
  }, 30_000);
});
