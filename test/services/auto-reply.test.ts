// AutoReplyService over a real SQLite file with an injected clock: a reply that cannot be queued is
// logged and the decision resolves (never an uncaught error; the MO stays unhandled); quiet hours
// are China Standard Time and wrap past midnight; the daily cap restarts at midnight China time;
// config changes are validated and audited.
import { afterAll, describe, expect, it } from 'vitest';
import { AutoReplyService, chinaDayStart } from '../../electron/services/inbox/auto-reply.js';
import type { MoMessage } from '../../electron/store/inbox.js';
import { accountInput, openTestStore, tempDir } from '../store/helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** 2026-12-06 at hh:mm China Standard Time. */
const cst = (hh: number, mm = 0) => Date.UTC(2026, 11, 6, hh - 8, mm);

function setup(name: string, reply: (id: number) => Promise<{ messageId: number; state?: string }>) {
  const store = openTestStore(tmp.file(name));
  const acc = store.accounts.create(accountInput({ srcId: '1069' }));
  let now = cst(12);
  const errors: string[] = [];
  const svc = new AutoReplyService({ store, reply: (id) => reply(id), now: () => now, onError: (e, c) => errors.push(`${c}: ${(e as Error).message}`) });
  svc.addRule({ matchKind: 'exact', keyword: '价格', reply: '10元' }, 'test');
  svc.setConfig({ enabled: true, quietHours: { start: '22:00', end: '08:00' }, dailyCap: 1 }, 'test');
  let id = 0;
  const mo = (over: Partial<MoMessage> = {}): MoMessage => ({
    id: ++id, accountId: acc.id, number: '13800138000', srcTerminalId: '13800138000', destId: '1069', serviceId: '', linkId: '', msgFmt: 8,
    text: '价格', content: Buffer.alloc(0), complete: true, segmentTotal: 1, segmentReceived: 1, campaignId: null, receivedAt: now, handled: false, handledAt: null, optEvent: null, ...over,
  });
  return { store, svc, errors, mo, at: (t: number) => (now = t) };
}

describe('AutoReplyService', () => {
  it('logs a reply that cannot be queued and resolves; later decisions still run', async () => {
    let fail = true;
    const d = setup('fail.db', async () => {
      if (fail) throw new Error('the outbox is unavailable');
      return { messageId: 7, state: 'queued' };
    });
    expect(await d.svc.consider([d.mo()])).toEqual([{ kind: 'none' }]);
    expect(d.errors).toEqual(['auto-reply to MO 1: the outbox is unavailable']);
    fail = false;
    expect(await d.svc.consider([d.mo()])).toMatchObject([{ kind: 'sent', messageId: 7 }]);
    d.store.close();
  });

  it('skips in quiet hours across midnight (China time) and past the daily cap, which restarts at midnight', async () => {
    const d = setup('quiet.db', async () => ({ messageId: 1, state: 'queued' }));
    d.at(cst(23, 30));
    expect(await d.svc.consider([d.mo()])).toMatchObject([{ kind: 'skipped', reason: 'quiet-hours' }]);
    d.at(cst(7, 59));
    expect(await d.svc.consider([d.mo()])).toMatchObject([{ kind: 'skipped', reason: 'quiet-hours' }]);
    d.at(cst(8, 0));
    expect(await d.svc.consider([d.mo()])).toMatchObject([{ kind: 'sent' }]);
    d.at(cst(21, 59));
    expect(await d.svc.consider([d.mo()])).toMatchObject([{ kind: 'skipped', reason: 'daily-cap' }]);
    expect(chinaDayStart(cst(21, 59))).toBe(cst(0));
    d.at(cst(8, 0) + 86_400_000);
    expect(await d.svc.consider([d.mo()])).toMatchObject([{ kind: 'sent' }]);
    // Opt-out MOs, partial ones, handled ones and texts no rule matches are left alone.
    d.at(cst(12) + 2 * 86_400_000);
    const left = await d.svc.consider([d.mo({ optEvent: 'opt_out' }), d.mo({ complete: false }), d.mo({ handled: true }), d.mo({ text: '你好' }), d.mo({ text: null })]);
    expect(left.every((o) => o.kind === 'none')).toBe(true);
    expect(d.errors).toEqual([]);
    d.store.close();
  });

  it('validates and audits its config; off by default in a new database', () => {
    const store = openTestStore(tmp.file('config.db'));
    const svc = new AutoReplyService({ store, reply: async () => ({ messageId: 1 }), now: () => 5, onError: () => undefined });
    expect(svc.config()).toEqual({ enabled: false, quietHours: { start: '22:00', end: '08:00' }, dailyCap: 3 });
    expect(() => svc.setConfig({ dailyCap: 0 }, 'me')).toThrow(/daily cap must be a whole number from 1 to 100/);
    expect(() => svc.setConfig({ quietHours: { start: '09:00', end: '09:00' } }, 'me')).toThrow(/quiet hours start and end must differ/);
    expect(svc.config().dailyCap).toBe(3);
    svc.setConfig({ enabled: true, quietHours: null }, 'me');
    expect(store.audit.recent(5).map((e) => [e.actor, e.action])).toEqual([['me', 'autoreply.config']]);
    store.close();
  });
});
