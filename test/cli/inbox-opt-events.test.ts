// Opt-out and opt-in MOs (退订, TD, 订阅, ...) from the real simulator are handled by themselves: the
// number goes on the opt-out list or comes off it, the MO leaves the unhandled list (audited as
// handled by the inbox, not by a person), and `inbox` shows the event beside the MO.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInboxCommand } from '../../electron/cli/inbox.js';
import { json, openMoDesk, type MoDesk } from './mo-desk.js';

let d: MoDesk;
beforeAll(async () => {
  d = await openMoDesk();
}, 30_000);
afterAll(() => d?.close());

type Listed = { messages: { id: number; number: string; handled: boolean; optEvent: string | null }[] };

describe('opt-out and opt-in MOs', () => {
  it('leave the unhandled list by themselves, with the event shown; a question stays for the operator', async () => {
    const out = await d.mo('13800000101', '退订');
    const td = await d.mo('13800000102', 'td');
    const question = await d.mo('13800000103', '怎么退订?');
    expect(d.ws.store.optOuts.has('13800000101')).toBe(true);
    expect(d.ws.store.optOuts.has('13800000102')).toBe(true);

    const unhandled = json<Listed>(await d.cli(runInboxCommand, '--unhandled', '--json')).messages.map((m) => m.id);
    expect(unhandled).toEqual([question]);
    expect(unhandled).not.toContain(out);
    expect(unhandled).not.toContain(td);

    const conv = await d.cli(runInboxCommand, '--number', '13800000101');
    expect(conv.out.join('\n')).toMatch(/退订\s+\[opted out\]/);
    const handledBy = d.ws.store.audit.forNumber('13800000101').filter((e) => e.action === 'inbox.handled');
    expect(handledBy).toMatchObject([{ actor: 'mo', details: { ids: [out], reason: 'opt_out' } }]);
    const threads = json<{ threads: { number: string; unhandled: number }[] }>(await d.cli(runInboxCommand, '--json')).threads;
    expect(threads.find((t) => t.number === '13800000101')).toMatchObject({ unhandled: 0 });
  }, 60_000);

  it('an opt-in takes the number off the list and is handled too', async () => {
    const back = await d.mo('13800000101', '订阅');
    expect(d.ws.store.optOuts.has('13800000101')).toBe(false);
    expect(d.ws.inbox.get(back)).toMatchObject({ handled: true, optEvent: 'opt_in' });
    const conv = await d.cli(runInboxCommand, '--number', '13800000101');
    expect(conv.out.join('\n')).toMatch(/订阅\s+\[opted in\]/);
  }, 30_000);
});
