// The pump under the operator's hand: pause / resume / cancel, quiet hours, CMPP_CANCEL of scheduled
// sends, one pump per database (lease), charged in-doubt messages waiting for the operator, and
// one-off sends through the same outbox.
import { afterEach, describe, expect, it } from 'vitest';
import type { Submit } from '../../electron/cmpp/wire/pdu.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Workspace } from '../../electron/services/workspace.js';
import { type Engine, mobileNumbers, startEngine, until } from './fixtures/engine.js';
import { sqlState } from '../../electron/store/state-codes.js';

/** Resolves once the pump has run `n` more rounds to their end (each fills every lane it may). */
async function pumpRounds(e: Engine, n: number): Promise<void> {
  const from = e.ws.pump.completedRounds;
  await until(() => e.ws.pump.completedRounds >= from + n, 10_000, 5, `${n} pump rounds`);
}

const submits = (e: Engine) => e.sim.received.filter((r) => r.pdu.Command_Id === 'CMPP_SUBMIT').map((r) => r.pdu as Submit);

describe('the pump', () => {
  let e: Engine | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it('pauses (nothing more goes out), resumes, and completes', async () => {
    e = await startEngine({ account: { rate: 200, signature: '【店】' } });
    const { ws } = e;
    const r = await ws.campaigns.create({ accountId: e.account.id, text: 'pause me', numbers: mobileNumbers(600) });
    await ws.campaigns.start(r.campaign.id);
    await until(() => submits(e!).length >= 50, 20_000, 10, '50 submits');
    ws.campaigns.pause(r.campaign.id);
    // What was handed over finishes; then nothing more.
    await until(() => ws.campaigns.status(r.campaign.id).submitting === 0, 10_000, 10, 'in-flight to finish');
    const atPause = submits(e).length;
    // Two more rounds of the pump, each filling every lane as far as it may: had it claimed any of
    // the paused campaign's work, that work would have left the queue (checked below).
    await pumpRounds(e, 2);
    expect(submits(e).length).toBe(atPause);
    const paused = ws.campaigns.status(r.campaign.id);
    expect(paused.queued).toBe(600 - atPause);
    expect(ws.campaigns.get(r.campaign.id).state).toBe('paused');

    ws.campaigns.resume(r.campaign.id);
    const counts = await ws.campaigns.waitUntilSettled(r.campaign.id, { intervalMs: 50 });
    expect(counts.delivered).toBe(600);
    expect(submits(e).length).toBe(600);
  }, 60_000);

  it('cancels queued messages and withdraws scheduled ones from the gateway with CMPP_CANCEL', async () => {
    // Reports far in the future stand for a gateway holding messages until their At_Time.
    e = await startEngine({ sim: { reports: { delayMs: 60_000 } }, account: { rate: 400, signature: '【店】' } });
    const { ws } = e;
    const r = await ws.campaigns.create({ accountId: e.account.id, text: 'later', numbers: mobileNumbers(300), atTime: '991231235959032+' });
    await ws.campaigns.start(r.campaign.id);
    await until(() => ws.campaigns.status(r.campaign.id).submitted >= 100, 20_000, 10, '100 submitted');
    const res = await ws.campaigns.cancel(r.campaign.id);
    await until(() => ws.campaigns.status(r.campaign.id).submitting === 0, 10_000, 10, 'in-flight to finish');
    // Whatever was answered after the cancel sweep is still withdrawable: cancel it too.
    const counts = ws.campaigns.status(r.campaign.id);
    expect(res.campaign.state).toBe('cancelled');
    expect(res.cancelled).toBeGreaterThan(0);
    expect(res.withdrawn).toBeGreaterThanOrEqual(100);
    expect(res.withdrawFailed).toBe(0);
    const cancels = e.sim.received.filter((x) => x.pdu.Command_Id === 'CMPP_CANCEL');
    expect(cancels.length).toBe(res.withdrawn);
    expect(counts.cancelled).toBe(res.cancelled + res.withdrawn);
    expect(counts.cancelled + counts.submitted).toBe(300);
    const m = ws.db.prepare(`SELECT reason FROM messages WHERE campaign_id = ? AND state = ${sqlState('cancelled')} AND submitted_after IS NOT NULL LIMIT 1`).pluck().get(r.campaign.id);
    expect(m).toBe('withdrawn by CMPP_CANCEL (campaign cancelled)');
  }, 60_000);

  it('holds sends during quiet hours and sends when they end', async () => {
    // The engine's clock (running at the wall clock's pace) stands at 23:00 China time (UTC+8),
    // inside quiet hours 22:00-07:00; the test moves it to 07:00 instead of waiting.
    let offset = Date.UTC(2026, 0, 1, 15, 0) - Date.now();
    e = await startEngine({ account: { signature: '【店】' }, ws: { now: () => Date.now() + offset } });
    const { ws } = e;
    ws.settings.update({ quietHours: { start: '22:00', end: '07:00' } });
    const r = await ws.campaigns.create({ accountId: e.account.id, text: 'quiet', numbers: mobileNumbers(20) });
    await ws.campaigns.start(r.campaign.id);
    await pumpRounds(e, 2);
    expect(ws.pump.heldUntil()).toBe(Date.UTC(2026, 0, 1, 23, 0));
    expect(submits(e).length).toBe(0);
    expect(ws.campaigns.status(r.campaign.id).queued).toBe(20);
    offset += 8 * 3600_000;
    const counts = await ws.campaigns.waitUntilSettled(r.campaign.id, { intervalMs: 50 });
    expect(counts.delivered).toBe(20);
    expect(ws.pump.heldUntil()).toBeNull();
  }, 30_000);

  it('lets only one pump per database send (lease), and a second takes over when the first closes', async () => {
    e = await startEngine({ account: { signature: '【店】' } });
    const first = e.ws;
    const second = Workspace.open({ dbPath: e.dbPath, cipher: new PlaintextCipher(), pump: { leaseTtlMs: 3000, refreshMs: 50 }, actor: 'second' });
    try {
      expect(await first.pump.start()).toBe(true);
      expect(await second.pump.start()).toBe(false);
      expect(second.pump.status).toBe('waiting');
      const r = await second.campaigns.create({ accountId: e.account.id, text: 'one pump', numbers: mobileNumbers(50) });
      const started = await second.campaigns.start(r.campaign.id);
      expect(started.pumping).toBe(false);
      // The first process's pump sends it.
      await first.campaigns.waitUntilSettled(r.campaign.id, { intervalMs: 50 });
      expect(submits(e).length).toBe(50);
      expect(second.existingPool(e.account.id)).toBeUndefined();
      await first.close();
      await until(() => second.pump.holdsLease, 5000, 20, 'the second pump to take the lease');
      const r2 = await second.campaigns.create({ accountId: e.account.id, text: 'second pump', numbers: mobileNumbers(10, 13900000000) });
      await second.campaigns.start(r2.campaign.id);
      expect((await second.campaigns.waitUntilSettled(r2.campaign.id, { intervalMs: 50 })).delivered).toBe(10);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('leaves charged in-doubt messages to the operator (resend or drop) and resends free ones itself', async () => {
    e = await startEngine({ account: { signature: '【店】', responseTimeoutMs: 200, maxSends: 1, window: 4 } });
    const { ws, sim } = e;
    sim.faults.dropResponses(1);
    const charged = await ws.campaigns.create({ accountId: e.account.id, text: 'paid', numbers: mobileNumbers(3), feeType: '02', feeCode: '10' });
    await ws.campaigns.start(charged.campaign.id);
    const counts = await ws.campaigns.waitUntilSettled(charged.campaign.id, { intervalMs: 50 });
    expect(counts.in_doubt).toBe(3);
    expect(ws.campaigns.get(charged.campaign.id).state).toBe('completed');
    const waiting = ws.store.outbox.inDoubt();
    expect(waiting.map((m) => m.charged)).toEqual([true, true, true]);

    sim.faults.dropResponses(0);
    const [a, b, c] = waiting.map((m) => m.messageId);
    expect(ws.campaigns.resendInDoubt([a!, b!])).toBe(2);
    expect(ws.campaigns.dropInDoubt([c!])).toBe(1);
    const after = await ws.campaigns.waitUntilSettled(charged.campaign.id, { intervalMs: 50 });
    expect(after).toMatchObject({ delivered: 2, unknown: 1, in_doubt: 0 });
    const flags = ws.db.prepare('SELECT id, possible_duplicate FROM messages WHERE id IN (?, ?)').all(a, b) as { possible_duplicate: number }[];
    expect(flags.every((f) => f.possible_duplicate === 1)).toBe(true);

    // Free messages: the pump resends them by itself (flagged).
    sim.faults.dropResponses(1);
    const free = await ws.campaigns.create({ accountId: e.account.id, text: 'free', numbers: mobileNumbers(2, 13900000000) });
    await ws.campaigns.start(free.campaign.id);
    await until(() => submits(e!).filter((p) => p.Dest_terminal_Id[0]!.startsWith('1390')).length >= 4, 10_000, 20, 'free resends');
    sim.faults.dropResponses(0);
    const freeCounts = await ws.campaigns.waitUntilSettled(free.campaign.id, { intervalMs: 50 });
    expect(freeCounts.delivered).toBe(2);
    const dup = ws.db.prepare('SELECT count(*) FROM messages WHERE campaign_id = ? AND possible_duplicate = 1').pluck().get(free.campaign.id);
    expect(dup).toBe(2);
  }, 60_000);

  it('sends one message (a reply) with its own Src_Id, Service_Id and LinkID through the outbox', async () => {
    e = await startEngine();
    const { ws } = e;
    const r = await ws.campaigns.sendOne({ accountId: e.account.id, to: '+86 138 0013 8000', text: '您好，已收到', srcId: '1069000123', serviceId: 'REPLY', linkId: 'LINK-123' });
    expect(r.state).toBe('queued');
    await until(() => ws.store.deliveryLog.detail(r.messageId).message.state === 'delivered', 10_000, 20, 'the reply delivered');
    const p = submits(e)[0]!;
    expect(p).toMatchObject({ Src_Id: '1069000123', Service_Id: 'REPLY', LinkID: 'LINK-123', Dest_terminal_Id: ['13800138000'] });
    // An opted-out number gets no reply (stored as skipped), except the opt-out confirmation itself.
    ws.store.optOuts.add('13800138001', 'mo');
    expect((await ws.campaigns.sendOne({ accountId: e.account.id, to: '13800138001', text: 'x' })).state).toBe('skipped');
    expect((await ws.campaigns.sendOne({ accountId: e.account.id, to: '13800138001', text: '退订成功', confirmation: 'opt_out' })).state).toBe('queued');
    await expect(ws.campaigns.sendOne({ accountId: e.account.id, to: '12345', text: 'x' })).rejects.toThrow('number "12345" is invalid (wrong-length)');
  }, 30_000);
});
