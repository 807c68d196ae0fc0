// Campaign creation: bad input refused with a clear error and nothing written; typed numbers
// validated per number; sending rules (opt-out, frequency cap, signature, sensitive words, merge
// fields) store each blocked message as skipped with its reason and count it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignInputError } from '../../electron/services/campaigns/campaigns.js';
import { StoreError } from '../../electron/store/errors.js';
import { type Engine, startEngine } from './fixtures/engine.js';
import { stateNameSql } from '../../electron/store/state-codes.js';

describe('campaign creation', () => {
  let e: Engine;
  const campaignsCount = () => e.ws.db.prepare('SELECT count(*) FROM campaigns').pluck().get() as number;
  const messagesCount = () => e.ws.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;

  beforeAll(async () => {
    e = await startEngine({ account: { signature: '【公司】' } });
  }, 30_000);
  afterAll(async () => {
    await e?.close();
  });

  it('reports invalid typed numbers per number, warns about other carriers, removes duplicates', async () => {
    const r = await e.ws.campaigns.create({
      accountId: e.account.id,
      text: 'hello',
      numbers: '13800138000, +86 138-0013-8001\n8613800138000\nabc123\n1380013800\n+44 7700 900123\n13000000001',
    });
    expect(r.queued).toBe(3);
    expect(r.invalid).toEqual([
      { input: 'abc123', problem: 'not-digits', line: 3 },
      { input: '1380013800', problem: 'wrong-length', line: 4 },
      { input: '+44 7700 900123', problem: 'foreign', line: 5 },
    ]);
    expect(r.duplicates).toBe(1);
    expect(r.notChinaMobile).toEqual(['13000000001']);
    const numbers = e.ws.db.prepare('SELECT CAST(number AS TEXT) FROM messages WHERE campaign_id = ? ORDER BY number').pluck().all(r.campaign.id);
    expect(numbers).toEqual(['13000000001', '13800138000', '13800138001']);
    expect(r.campaign.registeredDelivery).toBe(1);
  });

  it('refuses a campaign whose numbers are all invalid, writing nothing', async () => {
    const before = [campaignsCount(), messagesCount()];
    await expect(e.ws.campaigns.create({ accountId: e.account.id, text: 'hi', numbers: 'x1, 123' })).rejects.toThrow(/nothing to send, so no campaign was created: all 2 recipients would be skipped: 2 not a valid mobile number \[invalid-number\]/);
    expect([campaignsCount(), messagesCount()]).toEqual(before);
  });

  it('refuses a bad FeeCode, FeeType or Src_Id extension with a clear error, writing nothing', async () => {
    const before = [campaignsCount(), messagesCount()];
    for (const [patch, msg] of [
      [{ feeCode: 'abc' }, /FeeCode must be 1 to 6 digits/],
      [{ feeCode: '1234567' }, /FeeCode must be 1 to 6 digits/],
      [{ feeCode: '' }, /FeeCode must be 1 to 6 digits/],
      [{ feeType: '9' }, /FeeType must be one of 01, 02, 03 for CMPP 3.0, got "9"/],
      [{ feeType: '04' }, /FeeType must be one of 01, 02, 03 for CMPP 3.0/],
      [{ srcIdExt: '12a' }, /Src_Id extension must be digits/],
      [{ srcIdExt: '123456789012345678' }, /longer than 21 characters/],
      [{ atTime: 'tomorrow' }, /At_Time must be empty or a 16-character SMPP time/],
    ] as const) {
      const err = await e.ws.campaigns.create({ accountId: e.account.id, text: 'hi', numbers: '13800138000', ...patch }).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(CampaignInputError);
      expect((err as Error).message).toMatch(msg);
    }
    await expect(e.ws.campaigns.create({ accountId: 999, text: 'hi', numbers: '13800138000' })).rejects.toThrow('account 999 does not exist');
    await expect(e.ws.campaigns.create({ accountId: e.account.id, text: '', numbers: '13800138000' })).rejects.toThrow(/needs a text/);
    await expect(e.ws.campaigns.create({ accountId: e.account.id, text: 'x'.repeat(3000), numbers: '13800138000' })).rejects.toThrow(/text cannot be sent: .*segments, more than the account's maximum of 10/);
    expect([campaignsCount(), messagesCount()]).toEqual(before);
  });

  it('refuses more than 99 destinations per SUBMIT as an account setting (docs/protocol.md "Group sends")', () => {
    const err = (() => {
      try {
        e.ws.store.accounts.create({ name: 'big', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 's', serviceId: 'x', srcId: '1069', destsPerSubmit: 101 });
      } catch (x) {
        return x;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toBe('destinations per SUBMIT must be an integer from 1 to 99, got 101');
    expect(e.ws.store.accounts.findByName('big')).toBeNull();
  });

  it('stores opted-out, capped, unsigned and sensitive messages as skipped with their reasons', async () => {
    const ws = e.ws;
    ws.store.optOuts.add('13900000001', 'manual');
    ws.settings.update({ frequencyCap: { max: 1, windowMs: 86_400_000 }, sensitiveWords: ['赌博'] });
    try {
      // An earlier message to ...02 today: the cap of 1 per 24 h skips the next one.
      await ws.campaigns.create({ accountId: e.account.id, text: 'first', numbers: '13900000002' });
      const r = await ws.campaigns.create({ accountId: e.account.id, text: 'second', numbers: '13900000001,13900000002,13900000003' });
      expect(r.queued).toBe(1);
      expect(r.skipped).toBe(2);
      expect(r.skippedByReason).toEqual({ 'opt-out': 1, 'frequency-cap': 1 });
      const reasons = Object.fromEntries(
        (ws.db.prepare(`SELECT CAST(number AS TEXT) AS number, ${stateNameSql('state')} AS state, reason FROM messages WHERE campaign_id = ?`).all(r.campaign.id) as { number: string; state: string; reason: string | null }[]).map(
          (m) => [m.number, `${m.state}: ${m.reason ?? ''}`],
        ),
      );
      expect(reasons['13900000001']).toBe('skipped: opted out');
      expect(reasons['13900000002']).toMatch(/^skipped: frequency cap: 1 messages to this number within 24 h \(max 1\)$/);
      expect(reasons['13900000003']).toBe('queued: ');
      expect(ws.campaigns.status(r.campaign.id)).toMatchObject({ queued: 1, skipped: 2, total: 3 });

      // Nothing left to send: refused, nothing written.
      await expect(ws.campaigns.create({ accountId: e.account.id, text: '网上赌博优惠', numbers: '13900000004,13900000005' })).rejects.toMatchObject({
        code: 'nothing-to-send',
        message: expect.stringMatching(/2 a sensitive word in the text \[sensitive-word\]/),
      });
    } finally {
      ws.settings.update({ frequencyCap: null, sensitiveWords: [] });
    }
  });

  it('skips commercial messages without a 【签名】 when neither the text nor the account carries one', async () => {
    const ws = e.ws;
    const plain = ws.store.accounts.create({ name: 'nosig', host: '127.0.0.1', port: e.sim.port, version: '3.0', spId: '900001', secret: '888888', serviceId: 'x', srcId: '1069' });
    const r = await ws.campaigns.create({ accountId: plain.id, text: '促销活动', numbers: '13700000001,13700000003', commercial: true }).catch((x: unknown) => x);
    expect(r).toMatchObject({ code: 'nothing-to-send', message: expect.stringMatching(/2 no 【签名】 signature \[signature\]/) });
    const signed = await ws.campaigns.create({ accountId: plain.id, text: '【某店】促销活动', numbers: '13700000001' });
    expect(signed.queued).toBe(1);
    const notCommercial = await ws.campaigns.create({ accountId: plain.id, text: '您的验证码是 1234', numbers: '13700000002', commercial: false });
    expect(notCommercial.queued).toBe(1);
  });

  it('renders merge fields per recipient and skips recipients missing one', async () => {
    const ws = e.ws;
    const g = ws.store.contacts.createGroup('merge');
    const gen = ws.store.contacts.addMembers(g.id, [
      { number: '13600000001', name: '张三', fields: { city: '北京' } },
      { number: '13600000002', name: '李四', fields: {} },
      { number: '13600000003', name: '王五', fields: { city: '上海'.repeat(40) } },
    ]);
    while (!gen.next().done);
    const t = ws.store.templates.create('greet', '{name}您好，{city}门店本周开业。');
    const r = await ws.campaigns.create({ accountId: e.account.id, templateId: t.id, groupIds: [g.id] });
    expect(r.plan).toBeNull();
    expect(r.queued).toBe(2);
    expect(r.skippedByReason).toEqual({ 'merge-field': 1 });
    const rows = ws.db.prepare(`SELECT CAST(number AS TEXT) AS number, ${stateNameSql('state')} AS state, text, segment_count, reason FROM messages WHERE campaign_id = ? ORDER BY number`).all(r.campaign.id) as {
      number: string;
      state: string;
      text: string | null;
      segment_count: number;
      reason: string | null;
    }[];
    expect(rows[0]).toMatchObject({ number: '13600000001', state: 'queued', text: '张三您好，北京门店本周开业。', segment_count: 1 });
    expect(rows[1]).toMatchObject({ number: '13600000002', state: 'skipped', reason: 'merge field {city} has no value for this recipient' });
    expect(rows[2]!.segment_count).toBe(2);
    expect(r.campaign.templateId).toBe(t.id);
  });

  it('sends once per number when group rows differ only in how the number is written', async () => {
    const ws = e.ws;
    const member = (number: string) => ({ number, fields: { city: '北京' } });
    const make = (name: string, numbers: string[]) => {
      const g = ws.store.contacts.createGroup(name);
      const gen = ws.store.contacts.addMembers(g.id, numbers.map(member));
      while (!gen.next().done);
      return g.id;
    };
    // Stored as written (only spaces and +86 are removed by the store): dashes are normalised by
    // the campaign, so rows 2, 4 and 5 repeat a number in the first case.
    const one = make('forms', ['13500000001', '135-0000-0001', '13500000002', '135-0000-0003', '1350000-0003', '13500000004']);
    const other = make('forms 2', ['13500000004', '135-0000-0005']);
    const queued = (id: number) => ws.db.prepare('SELECT CAST(number AS TEXT) FROM messages WHERE campaign_id = ? ORDER BY number').pluck().all(id);
    // One group, no merge fields (numbers read alone, in number order) and with merge fields.
    for (const text of ['【公司】您好', '【公司】{city}您好']) {
      const r = await ws.campaigns.create({ accountId: e.account.id, text, groupIds: [one] });
      expect(r.duplicates).toBe(2);
      expect(queued(r.campaign.id)).toEqual(['13500000001', '13500000002', '13500000003', '13500000004']);
    }
    // Two groups: duplicates across them as well.
    const r = await ws.campaigns.create({ accountId: e.account.id, text: '【公司】您好', groupIds: [one, other] });
    expect(r.duplicates).toBe(3);
    expect(queued(r.campaign.id)).toEqual(['13500000001', '13500000002', '13500000003', '13500000004', '13500000005']);
  });

  it('keeps the campaign a draft until started and refuses illegal transitions clearly', async () => {
    const r = await e.ws.campaigns.create({ accountId: e.account.id, text: 'x', numbers: '13800000009' });
    expect(e.ws.campaigns.get(r.campaign.id).state).toBe('draft');
    expect(() => e.ws.campaigns.pause(r.campaign.id)).toThrow(`campaign ${r.campaign.id} cannot go from draft to paused`);
    expect(() => e.ws.campaigns.resume(r.campaign.id)).toThrow(/only a paused campaign can be resumed/);
  });
});
