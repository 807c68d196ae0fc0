// `export` through the real CLI in the operator's language and for scripts: the text each
// recipient was sent (merge fields filled), headers, states, Stat meanings and reasons in Chinese
// (the default) or English, the machine form's codes, and long digit strings exact in a plain CSV
// unless --excel asks for Excel's protection.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_COLUMNS } from '../../electron/services/log/log-export.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { reasons } from '../../shared/reasons.js';
import { accountInput, decemberMsgId } from '../store/helpers.js';
import { readLogCsv } from './log-csv.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cmpp-cli-export-lang-'));
const db = join(dir, 'desk.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  // A Chinese desktop's locale: the CLI's default language comes from it.
  const env = { ...process.env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CSV's bytes and its rows, keyed by column key. */

const msgIds = { alice: decemberMsgId(301), bob: decemberMsgId(302) };

beforeAll(() => {
  const store = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
  const accountId = store.accounts.create(accountInput({ name: 'gw1', srcId: '10690000123456' })).id;
  const campaignId = store.campaigns.create({ name: '会员日', accountId, text: '【某某】{姓名}您好', feeType: '02', feeCode: '000500' }).id;
  // Each recipient's text as the campaign rendered it (merge fields filled); one fails at submit.
  const recipients = [
    { number: '13800000001', text: '【某某】张三您好' },
    { number: '13800000002', text: '【某某】李四您好' },
    { number: '13800000003', text: '【某某】王五您好' },
  ];
  for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 1 }, recipients, { now: Date.UTC(2026, 11, 10, 2) }));
  const claimed = store.outbox.claim({ accountId, campaignId, limit: 3, reportExpected: true });
  claimed.forEach((m, i) => store.outbox.markSent([{ segmentIds: [m.segments[0]!.segmentId], sequenceId: i + 1, connection: 'c0' }]));
  const [a, b, c] = claimed;
  store.outbox.recordResponses([
    { segmentIds: [a!.segments[0]!.segmentId], msgId: msgIds.alice, result: 0 },
    { segmentIds: [b!.segments[0]!.segmentId], msgId: msgIds.bob, result: 0 },
    { segmentIds: [c!.segments[0]!.segmentId], msgId: decemberMsgId(303), result: 13 },
  ]);
  const report = (msgId: bigint, stat: string, number: string) =>
    store.reports.record({ accountId, deliverMsgId: msgId, msgId, stat, submitTime: '', doneTime: '', destTerminalId: number, smscSequence: 1 });
  report(msgIds.alice, 'DELIVRD', a!.number);
  report(msgIds.bob, 'UNDELIV', b!.number);
  store.close();
});

describe('export CLI: language, machine form, exact digits', () => {
  it('writes Chinese by default on a Chinese locale: headers, states, Stat meanings, reasons and each recipient\'s text; digits plain', () => {
    const out = join(dir, 'zh.csv');
    expect(cli('export', '--db', db, '--out', out)).toMatchObject({ code: 0, stderr: '' });
    const { raw, header, rows } = readLogCsv(out);
    expect(header.slice(0, 11)).toEqual(['任务ID', '任务', '账号', '手机号', '消息状态', '分段状态', 'Stat(状态报告)', 'Stat含义', 'Result(提交应答)', '原因', '短信内容']);
    const by = (n: string) => rows.find((r) => r.number === n)!;
    expect(by('13800000001')).toMatchObject({ state: '已送达', stat: 'DELIVRD', stat_meaning: '成功送达', text: '【某某】张三您好', msg_id: msgIds.alice.toString(), in_doubt: '否' });
    expect(by('13800000002')).toMatchObject({ state: '失败', stat: 'UNDELIV', stat_meaning: '无法送达', reason: '状态报告 Stat UNDELIV', text: '【某某】李四您好' });
    expect(by('13800000003')).toMatchObject({ state: '失败', result: '13', reason: '网关拒收：SUBMIT_RESP Result 13（Dest_terminal_Id 错误）', text: '【某某】王五您好' });
    // Plain RFC 4180: the long digit strings are exactly the values, no TAB or quote before them.
    expect(by('13800000001')).toMatchObject({ src_id: '10690000123456', fee_type: '02', fee_code: '000500' });
    expect(raw).not.toContain('\t');
    expect(raw).toContain(`,${msgIds.alice},`);
    // No English word in the Chinese file besides protocol terms and codes.
    const words = new Set(raw.match(/[A-Za-z][A-Za-z_]+/g));
    for (const w of ['delivered', 'failed', 'undeliverable', 'status', 'report', 'yes', 'no']) expect(words.has(w), w).toBe(false);
  });

  it('--lang en writes the same in English', () => {
    const out = join(dir, 'en.csv');
    expect(cli('export', '--db', db, '--out', out, '--lang', 'en')).toMatchObject({ code: 0 });
    const { header, rows } = readLogCsv(out);
    expect(header.slice(4, 11)).toEqual(['State', 'Segment state', 'Stat', 'Stat meaning', 'Result', 'Reason', 'Text']);
    expect(rows.find((r) => r.number === '13800000002')).toMatchObject({ state: 'Failed', stat_meaning: 'undeliverable', reason: 'Status report Stat UNDELIV' });
    expect(rows.find((r) => r.number === '13800000001')).toMatchObject({ state: 'Delivered', in_doubt: 'no' });
  });

  it('--form machine writes codes: keys, states, the Stat class, reasons as stored, 1/0', () => {
    const out = join(dir, 'machine.csv');
    expect(cli('export', '--db', db, '--out', out, '--form', 'machine')).toMatchObject({ code: 0 });
    const { header, rows } = readLogCsv(out);
    expect(header).toEqual(LOG_COLUMNS.map((c) => c.key));
    expect(rows.find((r) => r.number === '13800000002')).toMatchObject({ state: 'failed', stat: 'UNDELIV', stat_meaning: 'failed', reason: reasons.reportStat('UNDELIV') });
    expect(rows.find((r) => r.number === '13800000003')).toMatchObject({ reason: reasons.submitResult(13), text: '【某某】王五您好' });
    expect(rows.find((r) => r.number === '13800000001')).toMatchObject({ state: 'delivered', stat_meaning: 'delivered', in_doubt: '0' });
  });

  it('--excel protects long digit strings with a TAB; the XLSX keeps them as text cells', async () => {
    const out = join(dir, 'excel.csv');
    expect(cli('export', '--db', db, '--out', out, '--excel')).toMatchObject({ code: 0 });
    // An 11-digit number is exact in Excel as a number; longer ones and leading zeros are not.
    const row = readLogCsv(out).rows.find((r) => r.number === '13800000001')!;
    expect(row).toMatchObject({ msg_id: `\t${msgIds.alice}`, src_id: '\t10690000123456', fee_type: '\t02', fee_code: '\t000500' });

    const xlsx = join(dir, 'log.xlsx');
    expect(cli('export', '--db', db, '--out', xlsx)).toMatchObject({ code: 0 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('发送记录');
    const cell = (row: number, key: string) => ws.getRow(row).getCell(LOG_COLUMNS.findIndex((c) => c.key === key) + 1);
    const first = [2, 3, 4].find((r) => cell(r, 'number').value === '13800000001')!;
    expect(cell(first, 'msg_id').value).toBe(msgIds.alice.toString());
    expect(cell(first, 'fee_code').value).toBe('000500');
    expect(cell(first, 'fee_code').numFmt).toBe('@');
    expect(cell(first, 'text').value).toBe('【某某】张三您好');
    expect(cell(first, 'state').value).toBe('已送达');

    const bad = cli('export', '--db', db, '--out', join(dir, 'x.xlsx'), '--excel');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--excel 只用于 CSV');
    expect(cli('export', '--db', db, '--out', join(dir, 'y.csv'), '--form', 'pretty')).toMatchObject({ code: 2, stderr: expect.stringContaining("--form 应为 readable, machine 之一，收到 “pretty”") });
  });
});
