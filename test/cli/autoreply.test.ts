// Keyword auto-replies through the CLI (`autoreply add|list|delete|on|off`), answering MOs that
// come from the real simulator over TCP: off by default; exact, prefix and pattern rules, per
// account and Src_Id extension; the reply carries the MO's Src_Id (Dest_Id), Service_Id and LinkID
// like a reply by hand and is logged; quiet hours and the daily cap skip (audited, the MO left for
// the operator); opt-out MOs are never auto-replied; unsafe patterns are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAutoreplyCommand } from '../../electron/cli/autoreply.js';
import { runInboxCommand } from '../../electron/cli/inbox.js';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { until } from '../services/fixtures/engine.js';
import { json, openMoDesk, SRC, type MoDesk } from './mo-desk.js';

let d: MoDesk;
beforeAll(async () => {
  d = await openMoDesk('3.0');
}, 30_000);
afterAll(() => d?.close());

const ucs2 = (b: Buffer) => Buffer.from(b).swap16().toString('utf16le');
const submitsTo = (n: string) =>
  d.sim.received.map((r) => r.pdu).filter((p): p is Submit => p.Command_Id === 'CMPP_SUBMIT' && p.Dest_terminal_Id.includes(n));
const auto = (...argv: string[]) => d.cli(runAutoreplyCommand, ...argv);
const audit = (n: string, action: string) => d.ws.store.audit.forNumber(n).filter((e) => e.action === action);
/** China Standard Time HH:MM, `minutes` from now. */
const cst = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(11, 16);

describe('autoreply', () => {
  it('is off by default: a matching MO is not answered until it is switched on', async () => {
    const added = await auto('add', '--match', 'exact', '--keyword', '价格', '--reply', '标准版每月10元,回复1办理', '--json');
    const rule = json<{ id: number; matchKind: string; accountId: null; srcExt: null }>(added);
    expect(rule).toMatchObject({ matchKind: 'exact', accountId: null, srcExt: null });
    expect(json<{ config: { enabled: boolean } }>(await auto('list', '--json')).config.enabled).toBe(false);
    const first = await d.mo('13800000201', '价格');
    await d.decided();
    expect(d.ws.store.audit.forNumber('13800000201').map((e) => e.action)).toEqual([]);

    const on = await auto('on', '--quiet-hours', 'none');
    expect(on.out.join('\n')).toBe('auto-replies ON, no quiet hours, at most 3 per number per day');
    const second = await d.mo('13800000201', ' 价格！', { linkId: 'LINK-77', serviceId: 'SVC9' });
    await until(() => submitsTo('13800000201').length > 0, 20_000, 20, 'the auto-reply');
    expect(d.ws.inbox.get(first).handled).toBe(false);
    const sent = audit('13800000201', 'autoreply.sent');
    expect(sent).toMatchObject([{ actor: 'auto-reply', details: { moMessageId: second, ruleId: rule.id } }]);
    const [submit] = submitsTo('13800000201');
    expect(submit).toMatchObject({ Src_Id: SRC, Service_Id: 'SVC9', LinkID: 'LINK-77' });
    expect(ucs2(submit!.Msg_Content)).toContain('标准版每月10元,回复1办理');
    // Logged like any reply: in the delivery log, the MO handled and left out of the unhandled list.
    const messageId = (sent[0]!.details as { messageId: number }).messageId;
    expect(d.ws.store.deliveryLog.detail(messageId).message.number).toBe('13800000201');
    await until(() => d.ws.inbox.get(second).handled, 10_000, 20, 'the MO handled');
    const unhandled = json<{ messages: { id: number }[] }>(await d.cli(runInboxCommand, '--unhandled', '--json')).messages.map((m) => m.id);
    expect(unhandled).toContain(first);
    expect(unhandled).not.toContain(second);
  }, 60_000);

  it('prefix and pattern rules answer per Src_Id extension; the reply goes out from the MO\'s Dest_Id', async () => {
    expect((await auto('add', '--match', 'prefix', '--keyword', '查询', '--reply', '订单查询请登录APP', '--account', 'gw', '--src-ext', '88')).code).toBe(0);
    expect((await auto('add', '--match', 'pattern', '--keyword', '^优惠(券|码)$', '--reply', '优惠码:VIP2026')).code).toBe(0);
    await d.mo('13800000202', '查询 订单123', { to: `${SRC}88` });
    await until(() => submitsTo('13800000202').length === 1, 20_000, 20, 'the prefix auto-reply');
    expect(submitsTo('13800000202')[0]).toMatchObject({ Src_Id: `${SRC}88` });
    // The same words to the bare Src_Id match no rule (the prefix rule is for extension 88 only).
    const bare = await d.mo('13800000203', '查询 订单123');
    await d.decided();
    await d.mo('13800000203', '优惠码');
    await until(() => submitsTo('13800000203').length === 1, 20_000, 20, 'the pattern auto-reply');
    expect(ucs2(submitsTo('13800000203')[0]!.Msg_Content)).toContain('优惠码:VIP2026');
    expect(d.ws.inbox.get(bare).handled).toBe(false);

    const listed = (await auto('list')).out.join('\n');
    expect(listed).toMatch(/^auto-replies ON/);
    expect(listed).toMatch(/prefix\s+查询\s+订单查询请登录APP\s+gw, extension 88/);
    expect(listed).toMatch(/pattern\s+\^优惠\(券\|码\)\$/);
  }, 60_000);

  it('never auto-replies an opt-out, and skips (audited, left unhandled) past the daily cap and in quiet hours', async () => {
    expect((await auto('add', '--match', 'exact', '--keyword', 'TD', '--reply', '不应发出')).code).toBe(0);
    const td = await d.mo('13800000204', 'TD');
    expect(d.ws.inbox.get(td)).toMatchObject({ handled: true, optEvent: 'opt_out' });

    expect((await auto('on', '--daily-cap', '1')).code).toBe(0);
    const again = await d.mo('13800000201', '价格');
    await until(() => audit('13800000201', 'autoreply.skipped').length === 1, 20_000, 20, 'the daily-cap skip');
    expect(audit('13800000201', 'autoreply.skipped')[0]!.details).toMatchObject({ reason: 'daily-cap', moMessageId: again });
    expect(d.ws.inbox.get(again).handled).toBe(false);

    expect((await auto('on', '--quiet-hours', `${cst(-60)}-${cst(60)}`, '--daily-cap', '3')).code).toBe(0);
    const quiet = await d.mo('13800000205', '价格');
    await until(() => audit('13800000205', 'autoreply.skipped').length === 1, 20_000, 20, 'the quiet-hours skip');
    expect(audit('13800000205', 'autoreply.skipped')[0]!.details).toMatchObject({ reason: 'quiet-hours', moMessageId: quiet });
    expect(submitsTo('13800000205')).toEqual([]);
    expect(submitsTo('13800000204')).toEqual([]);
    expect(d.ws.inbox.get(quiet).handled).toBe(false);
  }, 60_000);

  it('refuses unsafe patterns and bad input with one line and exit 2; delete and off work', async () => {
    const cases: [string[], RegExp][] = [
      [['add', '--match', 'pattern', '--keyword', '(a+)+$', '--reply', 'x'], /repeated group may not hold a quantifier/],
      [['add', '--match', 'pattern', '--keyword', '(\\w+\\s?)*$', '--reply', 'x'], /repeated group/],
      [['add', '--match', 'pattern', '--keyword', '(a)\\1', '--reply', 'x'], /backreferences/],
      [['add', '--match', 'pattern', '--keyword', 'a*b*c*d', '--reply', 'x'], /at most 2 unbounded repeats/],
      [['add', '--match', 'pattern', '--keyword', '([', '--reply', 'x'], /not a valid pattern/],
      [['add', '--match', 'pattern', '--keyword', 'x'.repeat(101), '--reply', 'x'], /longer than 100/],
      [['add', '--match', 'fuzzy', '--keyword', 'a', '--reply', 'x'], /--match must be exact, prefix, pattern/],
      [['add', '--match', 'exact', '--keyword', '。！', '--reply', 'x'], /empty once spaces and punctuation/],
      [['add', '--match', 'exact', '--keyword', 'a', '--reply', 'x', '--src-ext', '8a'], /extension is digits/],
      [['add', '--match', 'exact', '--keyword', 'a', '--reply', 'x', '--account', 'nope'], /no account named 'nope'/],
      [['on', '--quiet-hours', '25:00-07:00'], /quiet hours/],
      [['on', '--daily-cap', '0'], /--daily-cap must be between 1 and 100/],
      [['delete', '--id', '999'], /auto-reply rule 999 does not exist/],
      [['delete', '--id', '1', '--keyword', 'x'], /--keyword does not belong to autoreply delete/],
      [['frobnicate'], /unknown autoreply command 'frobnicate'/],
    ];
    const before = d.ws.autoReply.rules().length;
    for (const [argv, msg] of cases) {
      const r = await auto(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toHaveLength(1);
      expect(r.err[0], argv.join(' ')).toMatch(msg);
    }
    expect(d.ws.autoReply.rules()).toHaveLength(before);
    const first = d.ws.autoReply.rules()[0]!.id;
    expect((await auto('delete', '--id', String(first))).out).toEqual([`auto-reply rule ${first} deleted`]);
    expect(d.ws.autoReply.rules().map((r) => r.id)).not.toContain(first);
    expect((await auto('off')).out.join('\n')).toMatch(/^auto-replies OFF/);
  }, 60_000);
});
