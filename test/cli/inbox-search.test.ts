// MO routing by Src_Id extension and inbox search through the CLI, with MOs from the real
// simulator: a campaign created with --src-ext gets the MOs sent to Src_Id + that extension
// (`inbox --campaign ID`), and `inbox --search T` finds MOs by a part of the number or the text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaignCommand } from '../../electron/cli/campaign.js';
import { runInboxCommand } from '../../electron/cli/inbox.js';
import { json, openMoDesk, SRC, type MoDesk } from './mo-desk.js';

let d: MoDesk;
let campaign: number;
let other: number;
const ids: Record<string, number> = {};
type Listed = { campaignId: number | null; messages: { id: number; number: string; campaignId: number | null }[] };
const search = async (...argv: string[]) => json<Listed>(await d.cli(runInboxCommand, ...argv, '--json')).messages.map((m) => m.id);

beforeAll(async () => {
  d = await openMoDesk();
  const create = (ext: string) => d.cli(runCampaignCommand, 'create', '--account', 'gw', '--to', '13800000301,13800000302', '--text', '周末活动,回复报名参加', '--src-ext', ext, '--json');
  campaign = json<{ id: number }>(await create('66')).id;
  other = json<{ id: number }>(await create('67')).id;
  ids.signup = await d.mo('13800000301', '我要报名', { to: `${SRC}66` });
  ids.bare = await d.mo('13800000302', '报名', { to: SRC });
  ids.hello = await d.mo('13800000303', 'Hello 100%', { to: `${SRC}66` });
  ids.otherCampaign = await d.mo('13800000304', '报名', { to: `${SRC}67` });
}, 60_000);
afterAll(() => d?.close());

describe('MO routing by extension', () => {
  it('links MOs sent to Src_Id + the campaign\'s extension to that campaign, and lists them by campaign', async () => {
    expect(d.ws.inbox.get(ids.signup!).campaignId).toBe(campaign);
    expect(d.ws.inbox.get(ids.bare!).campaignId).toBeNull();
    expect(await search('--campaign', String(campaign))).toEqual([ids.hello, ids.signup]);
    expect(await search('--campaign', String(other))).toEqual([ids.otherCampaign]);
    const text = (await d.cli(runInboxCommand, '--campaign', String(campaign))).out.join('\n');
    expect(text).toMatch(new RegExp(`^messages answering campaign ${campaign}:`));
    expect(text).toMatch(new RegExp(`13800000301\\s+-> ${SRC}66\\s+我要报名\\s+\\[unhandled, campaign ${campaign}\\]`));
  });
});

describe('inbox --search', () => {
  it('finds MOs by a part of the text or the number, a whole number as typed, within a campaign', async () => {
    expect(await search('--search', '报名')).toEqual([ids.otherCampaign, ids.bare, ids.signup]);
    expect(await search('--search', '报名', '--campaign', String(campaign))).toEqual([ids.signup]);
    expect(await search('--search', '+86 138 0000 0301')).toEqual([ids.signup]);
    expect(await search('--search', '0030')).toEqual([ids.otherCampaign, ids.hello, ids.bare, ids.signup]);
    expect(await search('--search', 'hello')).toEqual([ids.hello]);
    // LIKE's wildcards are taken as typed.
    expect(await search('--search', '100%')).toEqual([ids.hello]);
    expect(await search('--search', '_')).toEqual([]);
    expect(await search('--search', '报名', '--unhandled', '--limit', '1')).toEqual([ids.otherCampaign]);
  });

  it('refuses bad filters with one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--campaign', '999'], /campaign 999 does not exist/],
      [['--campaign', 'promo'], /--campaign needs a campaign id/],
      [['--search', ' '], /--search needs a term/],
      [['--search', 'x'.repeat(101)], /1 to 100 characters/],
      [['--search', '报名', '--number', '13800000301'], /--number shows one conversation/],
      [['--search', '报名', '--mark-handled', '1'], /cannot be combined/],
    ];
    for (const [argv, msg] of cases) {
      const r = await d.cli(runInboxCommand, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toHaveLength(1);
      expect(r.err[0]).toMatch(msg);
    }
  });
});
