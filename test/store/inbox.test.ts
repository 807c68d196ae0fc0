import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoSegmentInput } from '../../electron/store/inbox.js';
import type { Store } from '../../electron/store/store.js';
import { accountInput, decemberMsgId, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
let accountId: number;
beforeAll(() => {
  store = openTestStore(tmp.file('inbox.db'));
  accountId = store.accounts.create(accountInput()).id;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

let n = 1;
function seg(over: Partial<MoSegmentInput> = {}): MoSegmentInput {
  return {
    accountId,
    deliverMsgId: decemberMsgId(n++, 40),
    srcTerminalId: '8613412340000',
    destId: '10690000177',
    serviceId: 'test',
    tpPid: 0,
    tpUdhi: 0,
    msgFmt: 8,
    content: Buffer.from('退订', 'utf16le').swap16(),
    linkId: 'LINK-1',
    receivedAt: 1000 + n,
    ...over,
  };
}

describe('MO inbox', () => {
  it('stores a single MO, recognises its resent DELIVER, and threads it by number', () => {
    const input = seg();
    const s = store.inbox.recordSegment(input);
    expect(s.duplicate).toBe(false);
    expect(store.inbox.recordSegment(input)).toEqual({ segmentId: s.segmentId, duplicate: true });
    const raw = store.inbox.segment(s.segmentId);
    expect(raw).toMatchObject({ number: '13412340000', srcTerminalId: '8613412340000', linkId: 'LINK-1', concat: null, moMessageId: null });
    expect(raw.deliverMsgId).toBe(input.deliverMsgId);
    const acc = store.accounts.get(accountId);
    const c = store.campaigns.create({ name: 'ext', accountId, text: 'x', srcIdExt: '77' });
    expect(store.campaigns.findBySrcExt(accountId, input.destId.slice(acc.srcId.length))?.id).toBe(c.id);
    const m = store.inbox.saveMessage(
      { ...input, text: '退订', complete: true, segmentTotal: 1, segmentReceived: 1, campaignId: c.id, optEvent: 'opt_out' },
      [s.segmentId],
    );
    expect(m).toMatchObject({ number: '13412340000', text: '退订', campaignId: c.id, handled: false, optEvent: 'opt_out', linkId: 'LINK-1' });
    expect(() => store.inbox.saveMessage({ ...input, text: 'x', complete: true, segmentTotal: 1, segmentReceived: 1 }, [s.segmentId])).toThrow(
      /already assembled/,
    );
    expect(store.inbox.threads()).toEqual([{ number: '13412340000', lastMessageId: m.id, lastAt: input.receivedAt, total: 1, unhandled: 1 }]);
  });

  it('keeps parts of a long MO across a restart and assembles them once', () => {
    const path = tmp.file('restart.db');
    let s = (() => {
      const st = openTestStore(path);
      st.accounts.create(accountInput());
      return st;
    })();
    const acc = s.accounts.list()[0]!.id;
    const parts = [3, 1].map((index) =>
      s.inbox.recordSegment(seg({ accountId: acc, srcTerminalId: '13500000001', concat: { ref: 0x1234, total: 3, index }, content: Buffer.from([5, 0, 3, 0x34, 3, index, 0, 0x41]) })),
    );
    s.close();
    s = openTestStore(path); // restart
    const pending = s.inbox.pendingParts(acc, '8613500000001', '10690000177', 0x1234, 3);
    expect(pending.map((p) => p.concat!.index)).toEqual([1, 3]);
    const last = s.inbox.recordSegment(seg({ accountId: acc, srcTerminalId: '13500000001', concat: { ref: 0x1234, total: 3, index: 2 }, content: Buffer.from([5, 0, 3, 0x34, 3, 2, 0, 0x42]) }));
    const all = s.inbox.pendingParts(acc, '13500000001', '10690000177', 0x1234, 3);
    expect(all).toHaveLength(3);
    const m = s.inbox.saveMessage(
      { accountId: acc, srcTerminalId: '13500000001', destId: '10690000177', serviceId: 'test', msgFmt: 8, text: 'ABA', content: Buffer.from([0, 0x41, 0, 0x42, 0, 0x41]), complete: true, segmentTotal: 3, segmentReceived: 3 },
      all.map((p) => p.id),
    );
    expect(s.inbox.pendingParts(acc, '13500000001', '10690000177', 0x1234, 3)).toEqual([]);
    expect(s.inbox.partsOf(m.id).map((p) => p.id)).toEqual([parts[1]!.segmentId, last.segmentId, parts[0]!.segmentId]);
    s.close();
  });

  it('finds incomplete sets to time out, saved as partial messages', () => {
    const a = store.inbox.recordSegment(seg({ srcTerminalId: '13600000001', concat: { ref: 7, total: 2, index: 1 }, receivedAt: 10 }));
    const stale = store.inbox.staleParts(100);
    expect(stale.map((p) => p.id)).toContain(a.segmentId);
    const m = store.inbox.saveMessage(
      { accountId, srcTerminalId: '13600000001', destId: '10690000177', serviceId: 'test', msgFmt: 8, text: null, content: Buffer.alloc(0), complete: false, segmentTotal: 2, segmentReceived: 1, receivedAt: 10 },
      [a.segmentId],
    );
    expect(m).toMatchObject({ complete: false, text: null, segmentReceived: 1 });
    expect(store.inbox.staleParts(100).map((p) => p.id)).not.toContain(a.segmentId);
  });

  it('marks handled, keeps thread counters, lists conversations newest first', () => {
    const mk = (at: number) => {
      const s = store.inbox.recordSegment(seg({ srcTerminalId: '13900000001', receivedAt: at }));
      return store.inbox.saveMessage({ ...seg({ srcTerminalId: '13900000001' }), text: `m${at}`, complete: true, segmentTotal: 1, segmentReceived: 1, receivedAt: at }, [s.segmentId]);
    };
    const m1 = mk(5000);
    const m2 = mk(6000);
    expect(store.inbox.conversation('13900000001').map((m) => m.text)).toEqual(['m6000', 'm5000']);
    expect(store.inbox.markHandled([m1.id, m2.id])).toBe(2);
    expect(store.inbox.markHandled([m1.id])).toBe(0);
    expect(store.inbox.threads().find((t) => t.number === '13900000001')).toMatchObject({ total: 2, unhandled: 0, lastMessageId: m2.id });
    store.inbox.markHandled([m1.id], false);
    expect(store.inbox.unhandled().map((m) => m.id)).toContain(m1.id);
    expect(store.inbox.threads()[0]!.number).toBe('13900000001');
  });

  it('refuses bad MO fields clearly', () => {
    expect(() => store.inbox.recordSegment(seg({ srcTerminalId: '' }))).toThrow(/MO sender is empty/);
    expect(() => store.inbox.recordSegment(seg({ concat: { ref: 1, total: 2, index: 3 } }))).toThrow(/concatenation index/);
    expect(() => store.inbox.recordSegment(seg({ msgFmt: 300 }))).toThrow(/Msg_Fmt/);
  });
});

describe('opt-out list', () => {
  it('adds once (the first entry is the proof), checks, lists and removes on opt-in', () => {
    expect(store.optOuts.add('+8613800138000', 'mo', { keyword: '退订', now: 1 })).toBe(true);
    expect(store.optOuts.add('13800138000', 'manual', { now: 2 })).toBe(false);
    expect(store.optOuts.has('8613800138000')).toBe(true);
    expect(store.optOuts.get('13800138000')).toEqual({ number: '13800138000', source: 'mo', keyword: '退订', moMessageId: null, createdAt: 1 });
    store.optOuts.add('13800138001', 'import');
    expect(store.optOuts.list('', 1).map((o) => o.number)).toEqual(['13800138000']);
    expect(store.optOuts.list('13800138000').map((o) => o.number)).toEqual(['13800138001']);
    expect(store.optOuts.count()).toBe(2);
    expect(store.optOuts.remove('13800138000')).toBe(true);
    expect(store.optOuts.has('13800138000')).toBe(false);
    expect(() => store.optOuts.add('1', 'web' as never)).toThrow(/opt-out source/);
  });
});

describe('audit log', () => {
  it('appends who did what with which campaign/template, and keeps it append-only', () => {
    const id = store.audit.append({ actor: 'op1', action: 'campaign.start', campaignId: 5, templateId: 2, details: { name: 'sale', recipients: 1000 }, at: 77 });
    store.audit.append({ actor: 'mo', action: 'optout.add', number: '13800138000', details: { keyword: 'TD' }, at: 78 });
    expect(store.audit.forCampaign(5)).toEqual([
      { id, at: 77, actor: 'op1', action: 'campaign.start', accountId: null, campaignId: 5, templateId: 2, number: null, details: { name: 'sale', recipients: 1000 } },
    ]);
    expect(store.audit.forNumber('13800138000').map((e) => e.action)).toEqual(['optout.add']);
    expect(store.audit.recent(1)[0]!.action).toBe('optout.add');
    expect(() => store.audit.append({ actor: 'x', action: 'account.update', details: { secret: '888888' } })).toThrow(/must not contain secrets/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});

describe('leases', () => {
  it('lets one holder pump at a time, renews, expires and releases', () => {
    expect(store.leases.acquire('pump', 'app-1', 1000, 0)).toBe(true);
    expect(store.leases.acquire('pump', 'cli-2', 1000, 500)).toBe(false);
    expect(store.leases.acquire('pump', 'app-1', 1000, 900)).toBe(true); // renew
    expect(store.leases.get('pump')).toEqual({ name: 'pump', holder: 'app-1', acquiredAt: 0, expiresAt: 1900 });
    expect(store.leases.acquire('pump', 'cli-2', 1000, 1899)).toBe(false);
    expect(store.leases.acquire('pump', 'cli-2', 1000, 1900)).toBe(true); // expired: taken over
    expect(store.leases.release('pump', 'app-1')).toBe(false);
    expect(store.leases.release('pump', 'cli-2')).toBe(true);
    expect(store.leases.get('pump')).toBeNull();
  });

  it('is exclusive across two connections to the same file', () => {
    const path = tmp.file('lease.db');
    const a = openTestStore(path);
    const b = openTestStore(path);
    expect(a.leases.acquire('pump', 'A', 60_000)).toBe(true);
    expect(b.leases.acquire('pump', 'B', 60_000)).toBe(false);
    a.close();
    b.close();
  });
});
