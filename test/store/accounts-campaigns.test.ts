import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../electron/store/store.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
beforeAll(() => {
  store = openTestStore(tmp.file('ac.db'));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('accounts', () => {
  it('fills documented defaults: one destination per SUBMIT, W 16, C/T/N 180 s/60 s/3, reports on, free and SP-charged', () => {
    const a = store.accounts.create(accountInput({ name: 'defaults', version: '2.0' }));
    expect(a).toMatchObject({
      destsPerSubmit: 1,
      window: 16,
      connections: 1,
      activeTestIntervalMs: 180_000,
      responseTimeoutMs: 60_000,
      maxSends: 3,
      registeredDelivery: 1,
      feeType: '01',
      feeCode: '0',
      feeUserType: 2,
      strictAuthenticator: false,
      tls: false,
      reportWaitMs: 48 * 3600_000,
      signaturePosition: 'prefix',
    });
    expect(store.accounts.create(accountInput({ name: 'defaults3', version: '3.0' })).destsPerSubmit).toBe(1);
  });

  it('keeps every setting it is given', () => {
    const a = store.accounts.create(
      accountInput({
        name: 'full',
        destsPerSubmit: 99,
        tls: true,
        strictAuthenticator: true,
        signature: '【测试】',
        signaturePosition: 'suffix',
        gatewayAppends: '回T退订',
        feeType: '02',
        feeCode: '10',
        feeUserType: 3,
        feeTerminalId: '13800138000',
        registeredDelivery: 0,
        maxSegments: 5,
        useGbk: true,
        rate: 50,
        connections: 4,
        window: 32,
      }),
    );
    expect(store.accounts.get(a.id)).toMatchObject({ destsPerSubmit: 99, tls: true, signature: '【测试】', gatewayAppends: '回T退订', useGbk: true, feeUserType: 3 });
  });

  it.each([
    [{ destsPerSubmit: 100 }, /destinations per SUBMIT must be an integer from 1 to 99/],
    [{ destsPerSubmit: 0 }, /destinations per SUBMIT/],
    [{ port: 70000 }, /port/],
    [{ spId: '9000011' }, /SP_Id is 7 characters long; at most 6/],
    [{ srcId: '1'.repeat(22) }, /Src_Id/],
    [{ serviceId: '服务' }, /printable ASCII/],
    [{ version: '2.1' as never }, /version must be/],
    [{ feeCode: '1.5' }, /FeeCode must be 1 to 6 digits/],
    [{ feeType: '04' }, /FeeType must be one of 01, 02, 03 for CMPP 3.0/],
    [{ feeUserType: 3 }, /Fee_terminal_Id must not be empty/],
    [{ registeredDelivery: 2 }, /Registered_Delivery/],
    [{ secret: '' }, /secret must not be empty/],
    [{ name: '' }, /account name must not be empty/],
  ])('refuses %o with a clear error', (over, msg) => {
    expect(() => store.accounts.create(accountInput({ name: `bad-${JSON.stringify(over)}`, ...over }))).toThrow(msg);
  });

  it('accepts FeeType 04/05 and Registered_Delivery 2 for 2.0', () => {
    const a = store.accounts.create(accountInput({ name: 'v2fees', version: '2.0', feeType: '05', registeredDelivery: 2 }));
    expect(a.feeType).toBe('05');
  });

  it('refuses a taken name, patches settings and lists by name', () => {
    store.accounts.create(accountInput({ name: 'taken' }));
    expect(() => store.accounts.create(accountInput({ name: 'taken' }))).toThrow(expect.objectContaining({ code: 'conflict' }));
    const b = store.accounts.create(accountInput({ name: 'patch-me' }));
    const p = store.accounts.patch(b.id, { rate: 20, host: 'gw.example' });
    expect(p).toMatchObject({ rate: 20, host: 'gw.example', name: 'patch-me' });
    expect(() => store.accounts.patch(b.id, { name: 'taken' })).toThrow(/already exists/);
    expect(() => store.accounts.patch(b.id, { window: 0 })).toThrow(/window/);
    const names = store.accounts.list().map((a) => a.name);
    expect(names).toEqual([...names].sort());
    expect(() => store.accounts.get(99999)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});

describe('campaigns', () => {
  it('takes fee defaults from the account and validates against its version', () => {
    const acc = store.accounts.create(accountInput({ name: 'camp', feeType: '02', feeCode: '5', serviceId: 'SVC' }));
    const c = store.campaigns.create({ name: 'c1', accountId: acc.id, text: '你好', createdBy: 'op' });
    expect(c).toMatchObject({ state: 'draft', feeType: '02', feeCode: '5', serviceId: 'SVC', registeredDelivery: 1, charged: true, srcIdExt: '' });
    expect(() => store.campaigns.create({ name: 'x', accountId: acc.id, text: 'a', srcIdExt: '12a' })).toThrow(/extension must be digits/);
    expect(() => store.campaigns.create({ name: 'x', accountId: acc.id, text: 'a', srcIdExt: '1'.repeat(13) })).toThrow(/longer than 21/);
    expect(() => store.campaigns.create({ name: 'x', accountId: acc.id, text: 'a', validTime: 'tomorrow' })).toThrow(/ValId_Time/);
    expect(() => store.campaigns.create({ name: 'x', accountId: acc.id, text: '' })).toThrow(/campaign text must not be empty/);
    expect(() => store.campaigns.create({ name: 'x', accountId: acc.id, text: 'a', templateId: 4242 })).toThrow(/template 4242 does not exist/);
    const t = store.templates.create('greet', '{name}您好');
    const ok = store.campaigns.create({
      name: 'c2',
      accountId: acc.id,
      text: t.text,
      templateId: t.id,
      srcIdExt: '01',
      feeCode: '0',
      validTime: '151105131555101+',
      atTime: '',
      scheduleAt: 1_800_000_000_000,
    });
    expect(ok).toMatchObject({ templateId: t.id, charged: false, validTime: '151105131555101+' });
    expect(store.campaigns.findBySrcExt(acc.id, '01')?.id).toBe(ok.id);
  });

  it('moves through the allowed states only', () => {
    const acc = store.accounts.create(accountInput({ name: 'states' }));
    const c = store.campaigns.create({ name: 's', accountId: acc.id, text: 'x' });
    expect(() => store.campaigns.setState(c.id, 'paused')).toThrow(/cannot go from draft to paused/);
    expect(store.campaigns.patchDraft(c.id, { text: '改过的', srcIdExt: '9' })).toMatchObject({ text: '改过的', srcIdExt: '9', state: 'draft' });
    expect(() => store.campaigns.patchDraft(c.id, { feeCode: 'abc' })).toThrow(/FeeCode/);
    const r = store.campaigns.setState(c.id, 'running', 1000);
    expect(r.startedAt).toBe(1000);
    expect(() => store.campaigns.patchDraft(c.id, { text: 'y' })).toThrow(/only a draft can be edited/);
    store.campaigns.setState(c.id, 'paused');
    store.campaigns.setState(c.id, 'running', 2000);
    expect(store.campaigns.get(c.id).startedAt).toBe(1000);
    const done = store.campaigns.setState(c.id, 'completed', 3000);
    expect(done.finishedAt).toBe(3000);
    store.campaigns.setState(c.id, 'running'); // reopened, e.g. to resend in-doubt messages
    store.campaigns.setState(c.id, 'cancelled');
    expect(() => store.campaigns.setState(c.id, 'running')).toThrow(/cannot go from cancelled/);
  });

  it('counts every state, zero included, plus total', () => {
    const acc = store.accounts.create(accountInput({ name: 'counts' }));
    const c = store.campaigns.create({ name: 'n', accountId: acc.id, text: 'x' });
    for (const _ of store.outbox.enqueue({ accountId: acc.id, campaignId: c.id, segmentCount: 1 }, [
      { number: '13800000001' },
      { number: '13800000002' },
      { number: '13800000003', skipReason: 'opted out' },
    ]));
    expect(store.campaigns.counts(c.id)).toEqual({
      queued: 2, submitting: 0, submitted: 0, delivered: 0, failed: 0, unknown: 0, in_doubt: 0, skipped: 1, cancelled: 0, total: 3,
    });
    // Counters are kept exactly; a recount from the rows agrees.
    store.outbox.recount(c.id);
    expect(store.campaigns.counts(c.id).total).toBe(3);
  });
});

describe('templates', () => {
  it('stores templates with merge fields, unique names', async () => {
    const { mergeFieldsOf } = await import('../../electron/store/templates.js');
    const t = store.templates.create('tpl', '{name}，您的验证码是{code}，{name}');
    expect(mergeFieldsOf(t.text)).toEqual(['name', 'code']);
    expect(() => store.templates.create('tpl', 'x')).toThrow(/already exists/);
    expect(store.templates.update(t.id, { text: 'new {x}' }).text).toBe('new {x}');
    store.templates.remove(t.id);
    expect(store.templates.findByName('tpl')).toBeNull();
  });
});
