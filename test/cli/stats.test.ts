// `stats` over a real SQLite file the store wrote on two known days: the human table in Chinese (the
// default in a Chinese locale) and English, numbers aligned; --json language-neutral; --by account,
// campaign and reason; --recount; bad input exits 2 in one line in the operator's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatsCommand } from '../../electron/cli/stats.js';
import type { StatisticsResult } from '../../shared/statistics.js';
import { reasons } from '../../shared/reasons.js';
import { decemberMsgId } from '../store/helpers.js';
import { runCli } from '../services/fixtures/cli.js';
import { tempDir } from '../services/fixtures/engine.js';
import { withStore } from './with-store.js';

const tmp = tempDir('cmpp-stats-cli-');
const db = tmp.file('desk.db');
// 2026-12-06 09:00 and 2026-12-07 09:00 at UTC+8.
const day1 = Date.UTC(2026, 11, 6, 1, 0, 0);
const day2 = day1 + 86_400_000;

const stats = (...args: string[]) => runCli(runStatsCommand, ['--db', db, ...args], { LANG: 'zh_CN.UTF-8' });

beforeAll(() => {
  withStore(db, (s) => {
    const accountId = s.accounts.create({ name: 'gw1', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: '888888', serviceId: 'test', srcId: '1069' }).id;
    const c = s.campaigns.create({ name: '双十二', accountId, text: '【店】您好' });
    const nums = Array.from({ length: 1200 }, (_, i) => ({ number: String(13800000000 + i), skipReason: i >= 1195 ? reasons.optOut() : null }));
    for (const _ of s.outbox.enqueue({ accountId, campaignId: c.id, segmentCount: 1 }, nums, { now: day1 }));
    let seq = 0;
    for (const when of [day1, day2]) {
      const claimed = s.outbox.claim({ accountId, campaignId: c.id, limit: 597, reportExpected: true, now: when });
      s.outbox.markHandedOver(claimed.flatMap((m) => m.segments.map((x) => x.segmentId)), when);
      claimed.forEach((m, i) => {
        const msgId = decemberMsgId(++seq);
        s.outbox.recordResponses([{ segmentIds: [m.segments[0]!.segmentId], msgId, result: i % 100 === 99 ? 13 : 0, at: when + 1 }]);
        if (i % 100 === 99) return;
        s.reports.record({
          accountId, deliverMsgId: BigInt(seq), msgId, stat: i % 10 === 9 ? 'UNDELIV' : 'DELIVRD', submitTime: '2612060900',
          doneTime: '2612060901', destTerminalId: m.number, smscSequence: seq, receivedAt: when + 2,
        });
      });
    }
  });
});

afterAll(() => tmp.cleanup());

describe('stats CLI', () => {
  it('prints a table per day in Chinese by default, numbers right-aligned, and the reasons with their meanings', async () => {
    const r = await stats('--from', '2026-12-06', '--to', '2026-12-07');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toContain('统计：2026-12-06 至 2026-12-07（北京时间），全部账号与任务');
    const lines = text.split('\n');
    const head = lines[1]!;
    expect(head).toMatch(/日期\s+已提交\s+计费条数\s+成功\s+失败\s+网关拒绝/);
    const day6 = lines.find((l) => l.startsWith('2026-12-06'))!;
    const total = lines.find((l) => l.startsWith('合计'))!;
    // 597 handed over a day: 5 refused (Result 13), 54 UNDELIV, 538 delivered.
    expect(day6.split(/\s+/).slice(1, 6)).toEqual(['597', '592', '538', '54', '5']);
    expect(total.split(/\s+/).slice(1, 6)).toEqual(['1,194', '1,184', '1,076', '108', '10']);
    // Right-aligned: every number of a column ends where its header ends (Chinese counted as 2 cells).
    const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    const end = (line: string, token: string, from = 0) => width(line.slice(0, line.indexOf(token, from) + token.length));
    expect(end(day6, '597')).toBe(end(head, '已提交'));
    expect(end(total, '1,194')).toBe(end(head, '已提交'));
    expect(text).toContain('未送达的原因');
    expect(text).toMatch(/失败\s+状态报告 Stat UNDELIV\s+108\s+\S+/);
    expect(text).toMatch(/失败\s+SUBMIT_RESP Result 13\s+10\s+\S+/);
    expect(text).toMatch(/已跳过\s+opt-out\s+5\s+已退订/);
  });

  it('speaks English with --lang en, by campaign and by account', async () => {
    const r = await stats('--lang', 'en', '--from', '2026-12-06', '--days', '2', '--by', 'campaign');
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toContain('Statistics 2026-12-06 to 2026-12-07 (China Standard Time), all accounts and campaigns');
    expect(text).toMatch(/^1 双十二\s+1,194\s+1,184\s+1,076/m);
    expect(text).toContain('Why messages were not delivered');
    expect(text).toMatch(/skipped\s+opt-out\s+5\s+opted out/);
    const byAccount = await stats('--lang', 'en', '--from', '2026-12-06', '--to', '2026-12-07', '--by', 'account', '--account', 'gw1');
    expect(byAccount.out.join('\n')).toMatch(/^1 gw1\s+1,194/m);
  });

  it('gives the same figures as language-neutral JSON', async () => {
    const zh = await stats('--from', '2026-12-06', '--to', '2026-12-07', '--json');
    const en = await stats('--from', '2026-12-06', '--to', '2026-12-07', '--json', '--lang', 'en');
    expect(zh.out).toEqual(en.out);
    const r = JSON.parse(zh.out.join('\n')) as StatisticsResult;
    expect(r).toMatchObject({ fromDay: 20261206, toDay: 20261207, by: 'day', accountId: null, campaignId: null });
    expect(r.totals).toMatchObject({ messages: 1200, submitted: 1194, delivered: 1076, failed: 108, refused: 10, skipped: 5, queued: 1 });
    expect(r.groups.map((g) => g.key)).toEqual(['2026-12-06', '2026-12-07']);
    expect(r.reasons).toContainEqual({ outcome: 'failed', kind: 'stat', code: 'UNDELIV', messages: 108, segments: 108 });
    expect(r.reasons).toContainEqual({ outcome: 'failed', kind: 'result', code: '13', messages: 10, segments: 10 });
    const direct = JSON.parse((await stats('--from', '2026-12-06', '--to', '2026-12-07', '--json', '--campaign', 'direct')).out.join('\n')) as StatisticsResult;
    expect(direct.totals.messages).toBe(0);
  });

  it('--recount finds nothing wrong in a database the store kept', async () => {
    expect((await stats('--recount', '--lang', 'en')).out).toEqual(['statistics rebuilt from the rows: all were right']);
    expect((await stats('--recount')).out).toEqual(['已按明细重建统计：原有统计全部正确']);
  });

  it('refuses bad input in one line, in the operator\'s language, exit 2; --help exits 0', async () => {
    const cases: [string[], RegExp][] = [
      [['--from', '2026-02-30'], /--from 应为日历日期 YYYY-MM-DD，收到 “2026-02-30”/],
      [['--from', '2026-12-07', '--to', '2026-12-06'], /--from 不能晚于 --to/],
      [['--from', '2026-12-01', '--to', '2026-12-06', '--days', '3'], /只能给出其中两个/],
      [['--by', 'week'], /--by 应为 day, account, campaign, reason 之一/],
      [['--campaign', 'x'], /--campaign 应为群发任务编号或 direct/],
      [['--days', '0'], /--days/],
      [['--account', 'nobody'], /nobody/],
    ];
    for (const [args, want] of cases) {
      const r = await stats(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(want);
    }
    const en = await stats('--lang', 'en', '--by', 'week');
    expect(en.err[0]).toMatch(/--by must be one of day, account, campaign, reason, got 'week'/);
    const help = await stats('--help');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/^usage: stats/);
  });
});
