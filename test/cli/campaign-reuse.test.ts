// `campaign clone` (a new draft with the same text, fees, options and rules, to all recipients or
// only those that failed / were not delivered; resend to the failed numbers) and `campaign delete`
// (drafts and finished campaigns, delivery-log rows kept or deleted; running or paused refused;
// audited) through the CLI against the simulator, with real SQLite files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountCommand } from '../../electron/cli/account.js';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { runExportCommand } from '../../electron/cli/export.js';
import { IsmgSimulator } from '../../electron/simulator/index.js';
import type { Store } from '../../electron/store/store.js';
import { withStore as withDb } from './with-store.js';
import { runCli } from '../services/fixtures/cli.js';
import { SECRET, SP_ID, mobileNumbers, tempDir } from '../services/fixtures/engine.js';
import { readFileSync } from 'node:fs';
import { stateNameSql } from '../../electron/store/state-codes.js';
import { EVERY_REPORT } from '../../electron/store/folded-reports.js';

const tmp = tempDir('cmpp-cli-reuse-');
const db = tmp.file('r.db');
let sim: IsmgSimulator;

const withStore = <T>(fn: (s: Store) => T): T => withDb(db, fn);

const cli = (...argv: string[]) => runCli(runCampaignCommand, [...argv, '--db', db]);
const numbersIn = (campaignId: number, states?: string[]) =>
  withStore((s) =>
    (s.db.prepare(`SELECT CAST(number AS TEXT) AS number, ${stateNameSql('state')} AS state FROM messages WHERE campaign_id = ? ORDER BY number`).all(campaignId) as { number: string; state: string }[])
      .filter((m) => !states || states.includes(m.state))
      .map((m) => m.number),
  );

/** A campaign sent to the end; each of delivered, failed and unknown is (all but surely) among its outcomes. */
let sent: number;

beforeAll(async () => {
  // Three outcomes in equal parts over 60 numbers: the chance that one is missing is about 1e-10.
  sim = await IsmgSimulator.start({ port: 0, accounts: [{ spId: SP_ID, secret: SECRET, version: '2.0' }], reports: { delayMs: { min: 0, max: 20 }, statMix: { DELIVRD: 1, UNDELIV: 1, UNKNOWN: 1 } } });
  const add = await runCli(runAccountCommand, [
    'add', '--db', db, '--name', 'gw', '--host', '127.0.0.1', '--port', String(sim.port), '--sp-id', SP_ID, '--secret-env', 'S',
    '--version', '2.0', '--service-id', 'CLI', '--src-id', '10690', '--rate', '2000',
  ], { S: SECRET });
  expect(add.code).toBe(0);
  const created = await cli('create', '--account', 'gw', '--to', mobileNumbers(60, 13500000000).join(','), '--text', '【测试】周末特惠 {number}',
    '--name', '周末特惠', '--fee-type', '02', '--fee-code', '5', '--service-id', 'PROMO', '--src-ext', '88', '--valid-time', '000001000000000R');
  expect(created.code).toBe(0);
  sent = Number(created.out[0]);
  const run = await cli('start', '--id', String(sent), '--wait');
  expect(run.out).toEqual([`campaign ${sent} completed`]);
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

describe('campaign clone', () => {
  it('resends to the failed numbers: a new draft with the same text, fees and options, and only the failed recipients', async () => {
    const failed = numbersIn(sent, ['failed']);
    expect(failed.length).toBeGreaterThan(0);
    const r = await cli('clone', '--id', String(sent), '--only', 'failed');
    expect(r.code).toBe(0);
    const id = Number(/^campaign (\d+) "周末特惠 \(resend to failed\)" created as a draft from campaign \d+: (\d+) recipients/.exec(r.out[0]!)![1]);
    expect(r.out[0]).toContain(`: ${failed.length} recipients (${failed.length} to send, 0 skipped); start it with: campaign start --id ${id}`);
    expect(numbersIn(id)).toEqual(failed);
    withStore((s) => {
      const [a, b] = [s.campaigns.get(sent), s.campaigns.get(id)];
      expect(b).toMatchObject({ state: 'draft', text: a.text, feeType: '02', feeCode: '5', serviceId: 'PROMO', srcIdExt: '88', validTime: a.validTime, registeredDelivery: 1, commercial: true });
      // Each recipient gets the very text it was given before (merge fields as rendered then).
      const texts = s.db.prepare('SELECT CAST(number AS TEXT) AS number, text FROM messages WHERE campaign_id = ?').all(id) as { number: string; text: string }[];
      for (const m of texts) expect(m.text).toBe(`【测试】周末特惠 ${m.number}`);
      expect(s.audit.forCampaign(id).map((e) => e.action)).toEqual(['campaign.create', 'campaign.clone']);
    });
    // And it sends like any campaign.
    const run = await cli('start', '--id', String(id), '--wait');
    expect(run.out).toEqual([`campaign ${id} completed`]);
  }, 60_000);

  it('copies all recipients, or those not delivered (failed and unknown), under today\'s sending rules', async () => {
    const notDelivered = numbersIn(sent, ['failed', 'unknown']);
    expect(numbersIn(sent, ['unknown']).length).toBeGreaterThan(0);
    // One of them has opted out since: the copy skips it, visibly.
    const quitter = notDelivered[0]!;
    withStore((s) => s.optOuts.add(quitter, 'manual'));
    const nd = await cli('clone', '--id', String(sent), '--only', 'not-delivered', '--name', '补发', '--json');
    expect(nd.code).toBe(0);
    const info = JSON.parse(nd.out.join('\n')) as { id: number; name: string; state: string; recipients: number; queued: number; skipped: number; skippedByReason: Record<string, number> };
    expect(info).toMatchObject({ name: '补发', state: 'draft', recipients: notDelivered.length, queued: notDelivered.length - 1, skipped: 1, skippedByReason: { 'opt-out': 1 } });
    expect(nd.err).toEqual(['warning: 1 message skipped (opt-out)']);
    expect(numbersIn(info.id)).toEqual(notDelivered);

    const all = await cli('clone', '--id', String(sent), '--json');
    expect(JSON.parse(all.out.join('\n'))).toMatchObject({ recipients: 60, queued: 59, only: 'all' });
  });

  it('refuses a copy with nobody to send to, and bad options, with one line', async () => {
    const none = await cli('clone', '--id', String(sent + 1000));
    expect(none).toMatchObject({ code: 2, err: [expect.stringMatching(/campaign \d+ does not exist/)] });
    const bad = await cli('clone', '--id', String(sent), '--only', 'delivered');
    expect(bad).toMatchObject({ code: 2, err: ["error: --only must be failed or not-delivered, got 'delivered'"] });
    const draft = Number((await cli('create', '--account', 'gw', '--to', '13700000001', '--text', '【测试】你好')).out[0]);
    const nobody = await cli('clone', '--id', String(draft), '--only', 'failed');
    expect(nobody).toMatchObject({ code: 2, err: [`error: campaign ${draft} has no failed messages: there is nobody to send the copy to`] });
  });
});

describe('campaign delete', () => {
  it('refuses a running or paused campaign and asks what becomes of the log rows', async () => {
    const id = Number((await cli('create', '--account', 'gw', '--to', '13700000002', '--text', '【测试】暂停')).out[0]);
    withStore((s) => s.campaigns.setState(id, 'running'));
    expect(await cli('delete', '--id', String(id), '--keep-log')).toMatchObject({
      code: 2,
      err: [`error: campaign ${id} is running: only a draft or a finished campaign can be deleted; cancel it first (campaign cancel --id ${id})`],
    });
    withStore((s) => s.campaigns.setState(id, 'paused'));
    expect((await cli('delete', '--id', String(id), '--delete-log')).err[0]).toMatch(/is paused: only a draft or a finished campaign can be deleted/);
    for (const flags of [[], ['--keep-log', '--delete-log']]) {
      expect(await cli('delete', '--id', String(id), ...flags)).toMatchObject({ code: 2, err: ['error: say what becomes of the delivery-log rows: --keep-log or --delete-log'] });
    }
    expect(withStore((s) => s.campaigns.get(id).deletedAt)).toBeNull();
  });

  it('deletes a draft keeping its log rows: they end cancelled and stay in the delivery log under its name', async () => {
    const id = Number((await cli('create', '--account', 'gw', '--to', '13700000003,13700000004', '--text', '【测试】草稿', '--name', '草稿任务')).out[0]);
    const r = await cli('delete', '--id', String(id), '--keep-log');
    expect(r).toMatchObject({ code: 0, out: [`campaign ${id} "草稿任务" deleted; its 2 delivery-log rows are kept (still found in the delivery log under this campaign)`] });
    expect((await cli('list')).out.some((l) => l.includes('草稿任务'))).toBe(false);
    expect(JSON.parse((await cli('status', '--id', String(id), '--json')).out[0]!)).toMatchObject({ cancelled: 2, queued: 0, total: 2 });
    const out = tmp.file('kept.csv');
    const exp = await runCli(runExportCommand, ['--db', db, '--format', 'csv', '--out', out, '--campaign', String(id)]);
    expect(exp.code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain('草稿任务');
    expect(csv).toContain('13700000004');
    withStore((s) => expect(s.audit.forCampaign(id).map((e) => e.action)).toEqual(['campaign.create', 'campaign.cancel', 'campaign.cancelled', 'campaign.delete']));
    expect((await cli('delete', '--id', String(id), '--keep-log')).err).toEqual([`error: campaign ${id} has already been deleted`]);
  });

  it('deletes a finished campaign with its log rows: messages, segments and their reports go, the counters and other campaigns stay right', async () => {
    const before = withStore((s) => ({
      reports: s.db.prepare(`SELECT count(*) FROM ${EVERY_REPORT}`).pluck().get() as number,
      unmatched: s.db.prepare('SELECT count(*) FROM status_reports WHERE segment_id IS NULL').pluck().get() as number,
      own: s.db.prepare(`SELECT count(*) FROM ${EVERY_REPORT} r JOIN segments g ON g.id = r.segment_id JOIN messages m ON m.id = g.message_id WHERE m.campaign_id = ?`).pluck().get(sent) as number,
      others: s.db.prepare('SELECT count(*) FROM messages WHERE campaign_id IS NOT ? ').pluck().get(sent) as number,
    }));
    expect(before.own).toBeGreaterThanOrEqual(60);
    const r = await cli('delete', '--id', String(sent), '--delete-log', '--json');
    expect(JSON.parse(r.out[0]!)).toEqual({ id: sent, name: '周末特惠', deleted: true, log: 'delete', messages: 60 });
    withStore((s) => {
      expect(s.db.prepare('SELECT count(*) FROM messages WHERE campaign_id = ?').pluck().get(sent)).toBe(0);
      expect(s.db.prepare('SELECT count(*) FROM campaigns WHERE id = ?').pluck().get(sent)).toBe(0);
      expect(s.db.prepare('SELECT count(*) FROM campaign_counts WHERE campaign_id = ?').pluck().get(sent)).toBe(0);
      expect(s.db.prepare(`SELECT count(*) FROM ${EVERY_REPORT}`).pluck().get()).toBe(before.reports - before.own);
      // No report of the deleted rows is left behind looking like one that matched nothing.
      expect(s.db.prepare('SELECT count(*) FROM status_reports WHERE segment_id IS NULL').pluck().get()).toBe(before.unmatched);
      expect(s.db.prepare('SELECT count(*) FROM messages WHERE campaign_id IS NOT ?').pluck().get(sent)).toBe(before.others);
      // The copies made from it keep their own rows and counters.
      for (const c of s.campaigns.list()) {
        const n = s.db.prepare('SELECT count(*) FROM messages WHERE campaign_id = ?').pluck().get(c.id) as number;
        expect(s.campaigns.counts(c.id).total, `campaign ${c.id}`).toBe(n);
      }
      const audit = s.audit.forCampaign(sent).at(-1)!;
      expect(audit).toMatchObject({ action: 'campaign.delete', details: { name: '周末特惠', state: 'completed', log: 'delete', messages: 60 } });
    });
    expect((await cli('status', '--id', String(sent))).err).toEqual([`error: campaign ${sent} does not exist`]);
  });
});

describe('names in the operator\'s language', () => {
  it('names the copy and a campaign without --name in the operator\'s language', async () => {
    const created = await cli('create', '--account', 'gw', '--to', '13911112222', '--text', '【测试】你好', '--lang', 'zh-CN');
    expect(created.code).toBe(0);
    expect(withStore((s) => s.campaigns.get(Number(created.out[0])).name)).toMatch(/^群发任务 \d{4}-\d\d-\d\d \d\d:\d\d$/);
    const zh = await cli('clone', '--id', created.out[0]!, '--lang', 'zh-CN');
    expect(zh.code).toBe(0);
    expect(zh.out[0]).toMatch(/^已从任务 \d+ 复制出草稿任务 \d+「群发任务 [-\d: ]+（副本）」/);
  });
});
