// `export` through the real CLI: filters (campaign, state set, dates, number) on a seeded database,
// CSV and XLSX out, and bad input as a one-line error with a non-zero exit and no file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDateFlag, runExportCommand } from '../../electron/cli/export.js';
import type { CliError } from '../../electron/cli/errors.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { accountInput, decemberMsgId } from '../store/helpers.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cmpp-cli-export-'));
const db = join(dir, 'desk.db');
let campaignId = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  // A Chinese desktop's locale (the CLI's default language comes from it): Chinese headers.
  const env = { ...process.env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // Seeded as the CLI opens it: LocalKeyCipher with its key beside the database.
  const store = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
  const accountId = store.accounts.create(accountInput()).id;
  campaignId = store.campaigns.create({ name: '双十二', accountId, text: 'x' }).id;
  const day = (d: number, h = 10) => new Date(2026, 11, d, h).getTime(); // local time, as --from/--to read dates
  ['13800000001', '13800000002', '13800000003'].forEach((n, i) => {
    for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 1 }, [{ number: n }], { now: day(10 + i) }));
  });
  const claimed = store.outbox.claim({ accountId, campaignId, limit: 2, reportExpected: true });
  claimed.forEach((m, i) => {
    store.outbox.markSent([{ segmentIds: [m.segments[0]!.segmentId], sequenceId: i + 1, connection: 'c0' }]);
    const msgId = decemberMsgId(100 + i);
    store.outbox.recordResponses([{ segmentIds: [m.segments[0]!.segmentId], msgId, result: 0 }]);
    store.reports.record({ accountId, deliverMsgId: msgId, msgId, stat: i === 0 ? 'DELIVRD' : 'MK:0005', submitTime: '', doneTime: '', destTerminalId: m.number, smscSequence: 1 });
  });
  store.close();
});

describe('export CLI', () => {
  it('exports the filtered log to CSV and XLSX', async () => {
    const csv = join(dir, 'log.csv');
    const r = cli('export', '--db', db, '--format', 'csv', '--out', csv, '--campaign', String(campaignId), '--state', 'delivered,failed', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ file: csv, format: 'csv', rows: 2, messages: 2, sheets: 1 });
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\ufeff任务ID,任务,账号,手机号,消息状态')).toBe(true);
    expect(text).toContain(`,${decemberMsgId(100).toString()},`); // plain RFC 4180: no TAB before the digits
    expect(text).toContain('MK:0005');

    const xlsx = join(dir, 'log.xlsx');
    const x = cli('export', '--db', db, '--out', xlsx, '--from', '2026-12-11', '--to', '2026-12-12', '--lang', 'en');
    expect(x).toMatchObject({ code: 0, stdout: `exported 2 row(s) (2 message(s)) to ${xlsx}\n` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const numbers = wb.worksheets[0]!.getSheetValues().slice(2).map((v) => (v as unknown[])[4]);
    expect(numbers).toEqual(['13800000002', '13800000003']);

    const one = cli('export', '--db', db, '--out', join(dir, 'one.csv'), '--number', '+86 138 0000 0003', '--json');
    expect(JSON.parse(one.stdout)).toMatchObject({ rows: 1 });
  });

  it('bad input: one line, non-zero exit, no file', async () => {
    const run = (...args: string[]) => runExportCommand(['--db', db, ...args]).then(() => null, (e: unknown) => e as CliError);
    const out = join(dir, 'bad.csv');
    expect(await run('--out', out, '--state', 'delivered,partial')).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^--state takes a comma list of queued, .*; got 'partial'$/) });
    expect(await run('--out', out, '--from', '2026-13-01')).toMatchObject({ exitCode: 2, message: "--from '2026-13-01' is not a calendar date" });
    expect(await run('--out', out, '--from', 'yesterday')).toMatchObject({ exitCode: 2 });
    expect(await run('--out', out, '--from', '2026-12-12', '--to', '2026-12-11')).toMatchObject({ exitCode: 2, message: '--from must be before --to' });
    expect(await run('--out', out, '--number', '12345')).toMatchObject({ exitCode: 2, message: "--number '12345' is not a valid mobile number (wrong-length)" });
    expect(await run('--out', out, '--campaign', 'abc')).toMatchObject({ exitCode: 2 });
    expect(await run('--out', out, '--campaign', '999')).toMatchObject({ exitCode: 1, message: 'campaign 999 does not exist' });
    expect(await run('--out', join(dir, 'no/such/dir.csv'))).toMatchObject({ exitCode: 1, message: expect.stringMatching(/^the folder .* does not exist$/) });
    expect(await run('--format', 'pdf', '--out', out)).toMatchObject({ exitCode: 2 });
    expect(existsSync(out)).toBe(false);
    const p = cli('export', '--db', db, '--out', out, '--state', 'nope');
    expect(p.code).toBe(2);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reads dates as local days (--to inclusive) or ISO date-times', () => {
    expect(parseDateFlag('from', '2026-12-11', false)).toBe(new Date(2026, 11, 11).getTime());
    expect(parseDateFlag('to', '2026-12-11', true)).toBe(new Date(2026, 11, 12).getTime());
    expect(parseDateFlag('from', '2026-12-11T08:00:00+08:00', false)).toBe(Date.UTC(2026, 11, 11, 0, 0, 0));
    expect(parseDateFlag('to', '2026-12-11 08:30', true)).toBe(new Date(2026, 11, 11, 8, 30).getTime());
  });
});
