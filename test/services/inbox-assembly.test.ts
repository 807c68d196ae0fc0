// acceptMo edge cases, driven with DELIVERs as the codec hands them over (real SQLite, no
// network): sets timing out into visible partial messages, a part repeated after its set was
// assembled, a reused reference, undecodable formats, an empty sender, contradicting Pk fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFeed, type FeedBatch } from '../../electron/services/inbox/live-feed.js';
import type { InboxService } from '../../electron/services/inbox/inbox.js';
import { buildConcatUdh } from '../../electron/sms/index.js';
import type { Store } from '../../electron/store/store.js';
import { decMsgId, deliver, inboxService, openStore, settings, SRC_ID, tempDir, ucs2 } from './inbox-harness.js';
import { until } from '../support/until.js';

const tmp = tempDir();
let store: Store;
let inbox: InboxService;
let feed: LiveFeed;
let accountId: number;
let seq = 1;
const T0 = 1_765_000_000_000;
const HOUR = 3600_000;

beforeAll(() => {
  store = openStore(tmp.file('assembly.db'));
  accountId = store.accounts.create({ name: 'gw', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'SVC', srcId: SRC_ID }).id;
  feed = new LiveFeed({ intervalMs: 100 });
  inbox = inboxService(store, { feed, settings: settings({ moReassemblyTimeoutMs: HOUR }) });
});
afterAll(async () => {
  await inbox.stop();
  feed.close();
  store.close();
  tmp.cleanup();
});

/** One part of a long UCS2 MO with an 8-bit reference. */
function part(from: string, ref: number, total: number, index: number, text: string, over: Record<string, unknown> = {}) {
  return deliver({
    Msg_Id: decMsgId(seq++),
    Src_terminal_Id: from,
    TP_udhi: 1,
    Msg_Content: Buffer.concat([Buffer.from(buildConcatUdh(ref, total, index)), ucs2(text)]),
    ...over,
  });
}

describe('InboxService.acceptMo', () => {
  it('turns an incomplete set into a visible partial message after the timeout, with the parts it has', () => {
    const from = '13800000001';
    expect(inbox.acceptMo(accountId, part(from, 9, 3, 1, '第一段'), { receivedAt: T0 }).messages).toEqual([]);
    expect(inbox.acceptMo(accountId, part(from, 9, 3, 3, '第三段'), { receivedAt: T0 + 1000 }).messages).toEqual([]);
    expect(inbox.sweep(T0 + HOUR - 1)).toEqual([]); // not yet
    const [m] = inbox.sweep(T0 + HOUR);
    expect(m).toMatchObject({ number: from, complete: false, segmentTotal: 3, segmentReceived: 2, text: '第一段第三段', optEvent: null });
    expect(store.inbox.conversation(from)).toHaveLength(1);
    // A part arriving after the set closed starts a new (partial) set; it is never lost.
    inbox.acceptMo(accountId, part(from, 9, 3, 2, '第二段'), { receivedAt: T0 + HOUR + 5 });
    expect(inbox.sweep(T0 + 3 * HOUR).map((x) => x.text)).toEqual(['第二段']);
  });

  it('links a part repeated as a fresh DELIVER after its set was assembled, instead of a bogus partial', () => {
    const from = '13800000002';
    inbox.acceptMo(accountId, part(from, 200, 2, 2, 'world'), { receivedAt: T0 });
    const r = inbox.acceptMo(accountId, part(from, 200, 2, 1, 'hello '), { receivedAt: T0 + 10 });
    expect(r.messages.map((m) => m.text)).toEqual(['hello world']);
    const late = inbox.acceptMo(accountId, part(from, 200, 2, 1, 'hello '), { receivedAt: T0 + 20 });
    expect(late).toMatchObject({ duplicate: true, messages: [] });
    expect(store.inbox.partsOf(r.messages[0]!.id)).toHaveLength(3);
    expect(inbox.sweep(T0 + 10 * HOUR).filter((m) => m.number === from)).toEqual([]);
    expect(store.inbox.conversation(from)).toHaveLength(1);
  });

  it('closes the old set as partial when the sender reuses a reference with different content', () => {
    const from = '13800000003';
    inbox.acceptMo(accountId, part(from, 5, 2, 1, 'old-1 '), { receivedAt: T0 });
    const r = inbox.acceptMo(accountId, part(from, 5, 2, 1, 'new-1 '), { receivedAt: T0 + 50 });
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ complete: false, text: 'old-1 ', segmentReceived: 1 });
    const done = inbox.acceptMo(accountId, part(from, 5, 2, 2, 'new-2'), { receivedAt: T0 + 60 });
    expect(done.messages.map((m) => [m.text, m.complete])).toEqual([['new-1 new-2', true]]);
  });

  it('reads the UDH, not Pk_total/Pk_number; keeps undecodable formats as bytes; stores an empty sender', () => {
    // TP_udhi 0x40 with ASCII content and a 16-bit reference.
    const a = deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: '13800000004', TP_udhi: 0x40, Msg_Fmt: 0, Msg_Content: Buffer.concat([Buffer.from(buildConcatUdh(0x1234, 2, 2, 16)), Buffer.from(' there')]) });
    const b = deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: '13800000004', TP_udhi: 0x40, Msg_Fmt: 0, Msg_Content: Buffer.concat([Buffer.from(buildConcatUdh(0x1234, 2, 1, 16)), Buffer.from('hi')]) });
    inbox.acceptMo(accountId, a, { receivedAt: T0 });
    expect(inbox.acceptMo(accountId, b, { receivedAt: T0 + 1 }).messages.map((m) => m.text)).toEqual(['hi there']);

    const bin = inbox.acceptMo(accountId, deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: '13800000005', Msg_Fmt: 4, Msg_Content: Buffer.from([0xde, 0xad, 0xbe, 0xef]) }));
    expect(bin.messages[0]).toMatchObject({ text: null, msgFmt: 4 });
    expect(bin.messages[0]!.content.toString('hex')).toBe('deadbeef');

    const anon = inbox.acceptMo(accountId, deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: '', Msg_Content: ucs2('?') }));
    expect(anon.messages[0]).toMatchObject({ number: '(none)', text: '?' });

    // TP_udhi set but the UDHL runs past the content: a single message, bytes kept, never refused.
    const bad = inbox.acceptMo(accountId, deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: '13800000006', TP_udhi: 1, Msg_Fmt: 8, Msg_Content: Buffer.from([0x20, 0x00, 0x41]) }));
    expect(bad.messages).toHaveLength(1);
    expect(bad.messages[0]!.content.toString('hex')).toBe('200041');
  });

  it('publishes every stored MO to the live feed in batches, and exposes JSON-safe views', async () => {
    const got: FeedBatch[] = [];
    const off = feed.subscribe((b) => {
      got.push(b);
    });
    for (let i = 0; i < 5; i++) inbox.acceptMo(accountId, deliver({ Msg_Id: decMsgId(seq++), Src_terminal_Id: '13800000007', Msg_Content: ucs2(`消息${i}`) }));
    await until('feed', () => got.reduce((n, b) => n + b.mos.length, 0) === 5);
    expect(got).toHaveLength(1);
    expect(got[0]!.mos.map((m) => m.text)).toEqual(['消息0', '消息1', '消息2', '消息3', '消息4']);
    off();
    const views = inbox.conversation('8613800000007');
    expect(views).toHaveLength(5);
    expect(JSON.parse(JSON.stringify(views[0]))).toEqual(views[0]);
    expect(views[0]!.contentHex).toBe(ucs2('消息4').toString('hex'));
    expect(inbox.markHandled(views.map((v) => v.id))).toBe(5);
    expect(inbox.unhandled(10_000).some((v) => v.number === '13800000007')).toBe(false);
    expect(store.audit.recent(1)[0]).toMatchObject({ action: 'inbox.handled', details: { changed: 5 } });
    expect(() => inbox.markHandled([0])).toThrow(/positive whole numbers/);
    expect(() => inbox.get(999_999)).toThrow(/does not exist/);
    expect(() => inbox.threads(0)).toThrow(/limit/);
  });

  it('leaves the database as it was when a DELIVER cannot be kept (the gateway resends it)', () => {
    const before = (store.db.prepare('SELECT count(*) AS n FROM mo_segments').get() as { n: number }).n;
    expect(() => inbox.acceptMo(999, deliver({ Msg_Id: decMsgId(seq++), Msg_Content: ucs2('x') }))).toThrow();
    expect((store.db.prepare('SELECT count(*) AS n FROM mo_segments').get() as { n: number }).n).toBe(before);
  });
});
