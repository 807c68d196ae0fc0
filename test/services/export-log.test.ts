// Delivery-log export: rows right (one per segment, every column), December Msg_Ids exact in both
// forms, formula neutralisation, UTF-8 BOM and CRLF, filters, XLSX cell types and sheet rollover,
// cancellation and bad input leaving no file behind.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msgIdTo22 } from '../../shared/msg-id.js';
import { CsvReader } from '../../electron/formats/csv.js';
import { msgId22, msgIdDecimal } from '../../electron/store/log/export-record.js';
import { everyLogQuery } from '../../electron/store/log/queries.js';
import { IoError } from '../../electron/formats/io-errors.js';
import type { LogFilter } from '../../electron/store/log/delivery-log.js';
import { ByteChunks } from '../../electron/formats/byte-chunks.js';
import { csvLineByColumns, LOG_COLUMNS, logExportHeader } from '../../electron/services/log/log-export.js';
import { EXPORT_FORMS, exportTexts } from '../../electron/services/log/log-export-texts.js';
import { csvRowWriter, msgIdWriter } from '../../electron/services/log/log-export-rows.js';
import { accountInput, decemberMsgId, openTestStore } from '../store/helpers.js';
import { ioFixture } from './import-export-helpers.js';

const fx = ioFixture('export-log');
const { store, io } = fx;
let campaignId: number;
let otherCampaign: number;
const T0 = Date.UTC(2026, 10, 20, 2, 0, 0); // 2026-11-20 10:00:00 China time
const ids = new Map<string, bigint>();
let directMsgId: bigint;

function parseCsv(path: string): { bom: boolean; crlf: boolean; rows: string[][] } {
  const buf = readFileSync(path);
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const text = buf.toString('utf8').replace(/^\ufeff/, '');
  const r = new CsvReader(',');
  const rows = [...r.push(text), ...r.end()].map((x) => x.fields);
  const crlf = !/[^\r]\n/.test(text.replace(/"[^"]*"/g, ''));
  return { bom, crlf, rows };
}

const col = (key: string) => LOG_COLUMNS.findIndex((c) => c.key === key);

beforeAll(() => {
  const accountId = store.accounts.create(accountInput({ name: 'gw-long', srcId: '10690000123456' })).id;
  // A campaign name an attacker controls (e.g. typed by another operator): must not run as a formula.
  campaignId = store.campaigns.create({ name: '=HYPERLINK("http://evil","点我")', accountId, text: 'x', srcIdExt: '77', feeType: '02', feeCode: '5' }).id;
  otherCampaign = store.campaigns.create({ name: '双十一', accountId, text: 'y' }).id;
  // Four messages of two segments a minute apart, a queued one, a skipped one, one in the other campaign.
  const numbers = ['13800000001', '13800000002', '13800000003', '13800000004'];
  numbers.forEach((n, i) => {
    for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 2 }, [{ number: n }], { now: T0 + i * 60_000 }));
  });
  for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 2 }, [{ number: '13800000005' }], { now: T0 + 4 * 60_000 }));
  for (const _ of store.outbox.enqueue({ accountId, campaignId, segmentCount: 1 }, [{ number: '13800000006', skipReason: '@opted out' }], { now: T0 + 5 * 60_000 }));
  for (const _ of store.outbox.enqueue({ accountId, campaignId: otherCampaign, segmentCount: 1 }, [{ number: '13800000007' }], { now: T0 + 6 * 60_000 }));
  const claimed = store.outbox.claim({ accountId, campaignId, limit: 4, reportExpected: true, now: T0 + 10 * 60_000 });
  let seq = 0;
  for (const m of claimed) {
    const n = Number(m.number.slice(-1));
    store.outbox.markSent(m.segments.map((s) => ({ segmentIds: [s.segmentId], sequenceId: ++seq, connection: 'c0', at: T0 + 11 * 60_000 })));
    if (n === 4) {
      // On the wire when the app died: in doubt.
      store.outbox.markInDoubt(m.segments.map((s) => s.segmentId), 'connection lost before SUBMIT_RESP', T0 + 12 * 60_000);
      continue;
    }
    store.outbox.recordResponses(
      m.segments.map((s) => ({ segmentIds: [s.segmentId], msgId: decemberMsgId(n * 10 + s.pkNumber), result: n === 3 ? 13 : 0, at: T0 + 12 * 60_000 })),
    );
    if (n === 3) continue; // Result 13: failed at submit
    for (const s of m.segments) {
      const msgId = decemberMsgId(n * 10 + s.pkNumber);
      ids.set(`${m.number}/${s.pkNumber}`, msgId);
      const stat = n === 2 && s.pkNumber === 2 ? 'UNDELIV' : 'DELIVRD';
      store.reports.record({ accountId, deliverMsgId: msgId, msgId, stat, submitTime: '2611201011', doneTime: '2611201013', destTerminalId: m.number, smscSequence: 1, receivedAt: T0 + 13 * 60_000 });
    }
  }
  // A direct send (no campaign), failed with a 3.0 Stat family code.
  for (const _ of store.outbox.enqueue({ accountId, campaignId: null, segmentCount: 1 }, [{ number: '13800000009', text: 'reply' }], { now: T0 + 7 * 60_000 }));
  const [direct] = store.outbox.claim({ accountId, campaignId: null, limit: 1, reportExpected: true, now: T0 + 10 * 60_000 });
  store.outbox.markSent(direct!.segments.map((s) => ({ segmentIds: [s.segmentId], sequenceId: 99, connection: 'c0', at: T0 + 11 * 60_000 })));
  directMsgId = decemberMsgId(99);
  store.outbox.recordResponses([{ segmentIds: [direct!.segments[0]!.segmentId], msgId: directMsgId, result: 0, at: T0 + 12 * 60_000 }]);
  store.reports.record({ accountId, deliverMsgId: directMsgId, msgId: directMsgId, stat: 'MK:0012', submitTime: '2611201011', doneTime: '2611201013', destTerminalId: '13800000009', smscSequence: 2, receivedAt: T0 + 13 * 60_000 });
});
afterAll(() => fx.cleanup());

describe('delivery-log export: CSV', () => {
  it('writes a UTF-8 BOM, CRLF, the Chinese header and one row per segment with every column right, in Chinese, plain RFC 4180', async () => {
    const out = fx.file('log.csv');
    const progress: number[] = [];
    const r = await io.exportDeliveryLog({ format: 'csv', out, filter: { campaignId }, utcOffsetMinutes: 480, onProgress: (p) => progress.push(p.rows) });
    // 3 sent messages x 2 segments + in-doubt x 2 + queued (no segments) + skipped = 10 rows.
    expect(r).toMatchObject({ file: out, format: 'csv', rows: 10, messages: 6, sheets: 1 });
    expect(progress.at(-1)).toBe(10);
    const { bom, crlf, rows } = parseCsv(out);
    expect(bom).toBe(true);
    expect(crlf).toBe(true);
    expect(rows[0]).toEqual(logExportHeader('readable', 'zh-CN'));
    expect(rows[0]!.slice(0, 11)).toEqual(['任务ID', '任务', '账号', '手机号', '消息状态', '分段状态', 'Stat(状态报告)', 'Stat含义', 'Result(提交应答)', '原因', '短信内容']);
    expect(rows).toHaveLength(11);
    const row = (number: string, pk: string) => rows.find((x) => x[col('number')] === number && x[col('pk_number')] === pk)!;
    const first = row('13800000001', '1');
    const id = ids.get('13800000001/1')!;
    expect(id > 2n ** 63n).toBe(true);
    expect(Object.fromEntries(LOG_COLUMNS.map((c, i) => [c.key, first[i]]))).toEqual({
      campaign_id: String(campaignId),
      campaign: `'=HYPERLINK("http://evil","点我")`,
      account: 'gw-long',
      number: '13800000001',
      state: '已送达',
      segment_state: '已送达',
      stat: 'DELIVRD',
      stat_meaning: '成功送达',
      result: '0',
      reason: '',
      text: 'x',
      msg_id: id.toString(),
      msg_id_22: msgIdTo22(id),
      pk_number: '1',
      pk_total: '2',
      created_at: '2026-11-20 10:00:00',
      submit_at: '2026-11-20 10:11:00',
      response_at: '2026-11-20 10:12:00',
      report_at: '2026-11-20 10:13:00',
      done_time: '2026-11-20 10:13',
      src_id: '1069000012345677',
      service_id: 'test',
      fee_type: '02',
      fee_code: '5',
      billed_count: '2',
      in_doubt: '否',
      possible_duplicate: '否',
      send_count: '1',
      message_id: first[col('message_id')],
    });
    // The December id printed exactly: 22 digits = MMDDHHMMSS + ISMG + sequence.
    expect(first[col('msg_id_22')]).toBe('1224235907007910100011');
    expect(row('13800000002', '2')).toEqual(expect.arrayContaining(['失败', 'UNDELIV', '无法送达', '状态报告 Stat UNDELIV']));
    expect(row('13800000003', '1')[col('reason')]).toBe('网关拒收：SUBMIT_RESP Result 13（Dest_terminal_Id 错误）');
    expect(row('13800000003', '1')[col('result')]).toBe('13');
    expect(row('13800000004', '1')[col('in_doubt')]).toBe('是');
    const queued = rows.find((x) => x[col('number')] === '13800000005')!;
    expect([queued[col('state')], queued[col('pk_number')], queued[col('msg_id')]]).toEqual(['排队中', '', '']);
    // A reason starting with @ is neutralised too.
    expect(rows.find((x) => x[col('number')] === '13800000006')![col('reason')]).toBe("'@opted out");
  });

  it('filters by state set, number, time range and campaign', async () => {
    const rowsOf = async (filter: object, name: string) => {
      await io.exportDeliveryLog({ format: 'csv', out: fx.file(name), filter, lang: 'en', form: 'machine' });
      return parseCsv(fx.file(name)).rows.slice(1);
    };
    const failed = await rowsOf({ campaignId, states: ['failed', 'skipped'] }, 'f1.csv');
    expect(failed.map((r) => [r[col('number')], r[col('state')]])).toEqual([
      ['13800000002', 'failed'],
      ['13800000002', 'failed'],
      ['13800000003', 'failed'],
      ['13800000003', 'failed'],
      ['13800000006', 'skipped'],
    ]);
    expect((await rowsOf({ number: '+86 138 0000 0007' }, 'f2.csv')).map((r) => r[col('campaign')])).toEqual(['双十一']);
    const window = await rowsOf({ from: T0 + 60_000, to: T0 + 3 * 60_000 }, 'f3.csv');
    expect([...new Set(window.map((r) => r[col('number')]))]).toEqual(['13800000002', '13800000003']);
    expect(await rowsOf({ campaignId: otherCampaign, states: ['delivered'] }, 'f4.csv')).toEqual([]);
    expect(parseCsv(fx.file('f4.csv')).rows[0]).toEqual(LOG_COLUMNS.map((c) => c.key));
  });

  it('honours the log view\'s Stat, Msg_Id and direct-send filters, with the view\'s meaning', async () => {
    const rowsOf = async (filter: LogFilter, name: string) => {
      await io.exportDeliveryLog({ format: 'csv', out: fx.file(name), filter, lang: 'en', form: 'machine' });
      return parseCsv(fx.file(name)).rows.slice(1);
    };
    const numbers = (rows: string[][]) => rows.map((r) => `${r[col('number')]}/${r[col('pk_number')]}`);
    // The message's Stat (case and blanks ignored): every segment of the matching message.
    expect(numbers(await rowsOf({ stat: ' undeliv ' }, 's1.csv'))).toEqual(['13800000002/1', '13800000002/2']);
    // A 3.0 family by its prefix.
    expect(numbers(await rowsOf({ stat: 'mk:' }, 's2.csv'))).toEqual(['13800000009/1']);
    expect(await rowsOf({ stat: 'MK:0013' }, 's3.csv')).toEqual([]);
    // Direct sends only: the message without a campaign.
    const direct = await rowsOf({ directOnly: true }, 'd1.csv');
    expect(numbers(direct)).toEqual(['13800000009/1']);
    expect(direct[0]![col('campaign_id')]).toBe('');
    expect(await rowsOf({ directOnly: true, states: ['delivered'] }, 'd2.csv')).toEqual([]);
    // A Msg_Id in any of its forms finds the message (all its segments), on any account.
    const id = ids.get('13800000001/2')!;
    for (const form of [id.toString(), ` ${msgIdTo22(id)} `, id.toString(16).padStart(16, '0')]) {
      expect(numbers(await rowsOf({ msgId: form }, 'm1.csv'))).toEqual(['13800000001/1', '13800000001/2']);
    }
    expect(numbers(await rowsOf({ msgId: directMsgId.toString(), stat: 'MK:' }, 'm2.csv'))).toEqual(['13800000009/1']);
    expect(await rowsOf({ msgId: id.toString(), campaignId: otherCampaign }, 'm3.csv')).toEqual([]);
    // The XLSX honours them too.
    const r = await io.exportDeliveryLog({ format: 'xlsx', out: fx.file('s.xlsx'), filter: { stat: 'UNDELIV' } });
    expect(r).toMatchObject({ rows: 2, messages: 1 });
  });

  it('refuses what the view refuses: a bad Stat or Msg_Id, a campaign with direct sends', async () => {
    const refused = (filter: LogFilter) => io.exportDeliveryLog({ format: 'csv', out: fx.file('refused.csv'), filter }).catch((e: unknown) => e as IoError);
    expect(await refused({ stat: 'TOOLONGSTAT' })).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/not a Stat value/) });
    expect(await refused({ msgId: '12345678901234567890123' })).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/not a Msg_Id/) });
    expect(await refused({ campaignId, directOnly: true })).toMatchObject({ code: 'invalid-input', message: 'choose either one campaign or direct sends, not both' });
    expect(readdirSync(fx.file('.'))).not.toContain('refused.csv');
  });
});

describe('delivery-log export: XLSX', () => {
  it('writes text Msg_Ids, date-time cells, numbers and neutralised text that Excel readers load back', async () => {
    const out = fx.file('log.xlsx');
    const r = await io.exportDeliveryLog({ format: 'xlsx', out, filter: { campaignId }, lang: 'en', utcOffsetMinutes: 480 });
    expect(r).toMatchObject({ rows: 10, sheets: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Delivery log');
    expect(ws.rowCount).toBe(11);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(logExportHeader('readable', 'en'));
    const first = ws.getRow(2);
    const cell = (key: string) => first.getCell(col(key) + 1).value;
    const id = ids.get('13800000001/1')!;
    expect(cell('msg_id')).toBe(id.toString());
    expect(cell('msg_id_22')).toBe(msgIdTo22(id));
    expect(cell('campaign')).toBe(`'=HYPERLINK("http://evil","点我")`);
    expect(cell('result')).toBe(0);
    expect(cell('pk_total')).toBe(2);
    expect(cell('fee_type')).toBe('02');
    // 10:00 China time as Excel's wall clock (exceljs reads it as a UTC-based Date).
    expect((cell('created_at') as Date).toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(cell('in_doubt')).toBe('no');
    expect(first.getCell(col('msg_id') + 1).numFmt).toBe('@'); // stays text when edited

    // Every cell of every row says what the CSV says (the two hand-written row builders agree).
    await io.exportDeliveryLog({ format: 'csv', out: fx.file('same-as-xlsx.csv'), filter: { campaignId }, lang: 'en', utcOffsetMinutes: 480 });
    const csvRows = parseCsv(fx.file('same-as-xlsx.csv')).rows.slice(1);
    const pad = (n: number) => String(n).padStart(2, '0');
    const asText = (v: unknown): string =>
      v === null || v === undefined
        ? ''
        : v instanceof Date
          ? `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`
          : String(v);
    const xlsxRows = csvRows.map((_, i) => LOG_COLUMNS.map((__, c) => asText(ws.getRow(i + 2).getCell(c + 1).value)));
    expect(xlsxRows).toEqual(csvRows);
  });

  it('the hand-written CSV line matches the columns\' getters for every row', () => {
    const records = store.log.exportScanner({}).next(1000);
    expect(records.length).toBeGreaterThan(10);
    const keys = LOG_COLUMNS.map((c) => c.key);
    for (const [tz, form, lang, protect] of [[480, 'readable', 'zh-CN', false], ['local', 'machine', 'en', true], [480, 'readable', 'en', true]] as const) {
      const texts = exportTexts(keys, form, lang);
      const write = csvRowWriter(texts, tz, protect);
      const out = new ByteChunks();
      for (const r of records) {
        write(r, out);
        expect(Buffer.concat(out.take()).toString('utf8')).toBe(csvLineByColumns(r, texts, tz, protect));
      }
    }
    expect(EXPORT_FORMS).toEqual(['readable', 'machine']);
  });

  it('starts a new sheet, header repeated, when a sheet reaches the row limit', async () => {
    const out = fx.file('rollover.xlsx');
    const r = await io.exportDeliveryLog({ format: 'xlsx', out, filter: { campaignId }, sheetRowLimit: 4, lang: 'en', pageBudgetMs: 0.01 });
    expect(r).toMatchObject({ rows: 10, sheets: 4 }); // 3 data rows per sheet: 3 + 3 + 3 + 1
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['Delivery log', 4],
      ['Delivery log (2)', 4],
      ['Delivery log (3)', 4],
      ['Delivery log (4)', 2],
    ]);
    for (const w of wb.worksheets) expect(w.getRow(1).getCell(1).value).toBe('Campaign ID');
    const numbers = wb.worksheets.flatMap((w) => w.getSheetValues().slice(2).map((v) => (v as unknown[])[col('number') + 1]));
    await io.exportDeliveryLog({ format: 'csv', out: fx.file('same.csv'), filter: { campaignId } });
    const { rows } = parseCsv(fx.file('same.csv'));
    expect(numbers).toEqual(rows.slice(1).map((x) => x[col('number')]));
  });
});

describe('the store\'s export scanner', () => {
  it('returns the rows and order of exportPage for every filter shape, whatever the step size', () => {
    const filters = [{}, { campaignId }, { states: ['failed', 'skipped', 'in_doubt'] as const }, { number: '13800000002' }, { from: T0 + 60_000, to: T0 + 5 * 60_000 }, { campaignId, states: ['delivered'] as const, accountId: 1 }];
    for (const filter of filters) {
      const expected: unknown[] = [];
      let cursor;
      for (;;) {
        const page = store.log.exportPage({ ...filter, states: filter.states ? [...filter.states] : undefined }, 3, cursor);
        expected.push(...page.rows.map(({ msgId, ...r }) => ({ ...r, msgId: msgId === null ? null : msgId.toString(), msgId22: msgId === null ? null : msgIdTo22(msgId) })));
        if (!page.next) break;
        cursor = page.next;
      }
      for (const step of [1, 2, 1000]) {
        const scanner = store.log.exportScanner({ ...filter, states: filter.states ? [...filter.states] : undefined });
        const got: unknown[] = [];
        for (let page = scanner.next(step); page.length > 0; page = scanner.next(step)) got.push(...page.map(({ accountId: _, msgIdHigh: __, msgIdLow: ___, ...r }) => r));
        expect(got).toEqual(expected);
      }
    }
  });

  it('reads the same rows in a worker thread, whatever the batches', async () => {
    const filters = [{}, { campaignId }, { states: ['failed', 'skipped', 'in_doubt'] as const }, { number: '13800000002' }, { from: T0 + 60_000, to: T0 + 5 * 60_000 }];
    for (const filter of filters) {
      const expected = store.log.exportScanner({ ...filter, states: filter.states ? [...filter.states] : undefined }).next(100_000);
      const reader = store.log.exportReader({ ...filter, states: filter.states ? [...filter.states] : undefined });
      try {
        expect(reader.threaded).toBe(true);
        const got: unknown[] = [];
        // Stop after every second row: a step may end anywhere, even inside a message.
        let k = 0;
        for (;;) {
          await reader.ready();
          const step = reader.step((r) => {
            got.push({ ...r, msgId: r.msgId, msgId22: r.msgId22 });
            return ++k % 2 !== 0;
          });
          if (step === 'ended') break;
        }
        expect(got).toEqual(expected);
        expect(reader.threaded).toBe(true);
      } finally {
        await reader.close();
      }
    }
  });

  it('reads on the calling thread when the worker cannot open the database (the file was removed)', async () => {
    const other = openTestStore(fx.file('gone.db'));
    try {
      const accountId = other.accounts.create(accountInput()).id;
      for (const _ of other.outbox.enqueue({ accountId, campaignId: null, segmentCount: 1 }, ['13800000001', '13800000002', '13800000003'].map((number) => ({ number, text: 't' }))));
      rmSync(fx.file('gone.db')); // the open connection keeps reading it; a new one cannot open it
      const reader = other.log.exportReader({});
      try {
        await reader.ready();
        const numbers: string[] = [];
        while (reader.step((r) => numbers.push(r.number) > 0) !== 'ended') await reader.ready();
        expect(numbers).toEqual(['13800000001', '13800000002', '13800000003']);
        expect(reader.threaded).toBe(false);
      } finally {
        await reader.close();
      }
    } finally {
      other.close();
    }
  });

  it('prints any Msg_Id exactly from the two 32-bit halves SQLite returns', () => {
    const halves = store.db.prepare('SELECT @v >> 32 AS high, @v & 4294967295 AS low');
    // One writer for every id: its caches (digits of the high half) must never print a stale value.
    const writer = msgIdWriter();
    const edge = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, decemberMsgId(65535, 63)];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...edge), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 20n }).map((d) => decemberMsgId(1) + d)), (id) => {
        const { high, low } = halves.get({ v: BigInt.asIntN(64, id) }) as { high: number; low: number };
        expect(msgIdDecimal(high, low)).toBe(id.toString());
        expect(msgId22(high, low)).toBe(msgIdTo22(id));
        const out = new ByteChunks();
        writer.decimal(out, high, low);
        out.byte(0x20);
        writer.digits22(out, high, low);
        expect(Buffer.concat(out.take()).toString()).toBe(`${id.toString()} ${msgIdTo22(id)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every shape in index order: SQLite never sorts (except a number\'s few rows)', () => {
    const shapes: LogFilter[] = [
      {},
      { campaignId },
      { states: ['failed'] },
      { campaignId, states: ['failed'], from: 1, to: 2, accountId: 1 },
      { directOnly: true, stat: 'MK:' },
      { stat: 'UNDELIV', from: 1 },
    ];
    for (const filter of shapes) {
      for (const { query: q } of everyLogQuery(store.log.plan(filter).parts).filter((q) => q.kind === 'scan')) {
        const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(q.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
        // A Stat other than DELIVRD without a campaign reads its own index (electron/store/log/filter.ts).
        expect(plan).toMatch(/SEARCH m USING INDEX messages_by_(state|campaign|failure_stat)/);
        expect(plan).toMatch(/SEARCH s USING INDEX sqlite_autoindex_segments_1 \(message_id=\?\)/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});

describe('delivery-log export: bad input and cancellation leave no file', () => {
  const leftovers = () => readdirSync(fx.file('.')).filter((n) => n.endsWith('.partial'));

  it('refuses an unknown state, a missing folder and a bad format', async () => {
    const bad = await io.exportDeliveryLog({ format: 'csv', out: fx.file('bad.csv'), filter: { states: ['partial' as never] } }).catch((e: unknown) => e as IoError);
    expect(bad).toMatchObject({ code: 'invalid-input', message: 'unknown message state "partial"' });
    expect(readdirSync(fx.file('.'))).not.toContain('bad.csv');
    await expect(io.exportDeliveryLog({ format: 'csv', out: fx.file('nope/x.csv') })).rejects.toMatchObject({ code: 'not-found' });
    await expect(io.exportDeliveryLog({ format: 'pdf' as never, out: fx.file('x.pdf') })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(io.exportDeliveryLog({ format: 'csv', out: fx.file('.') })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/is a folder, not a file$/) });
    expect(leftovers()).toEqual([]);
  });

  it('a cancelled export removes its partial file and leaves an existing file untouched', async () => {
    const out = fx.file('cancel.xlsx');
    fx.write('cancel.xlsx', 'previous export');
    const controller = new AbortController();
    const e = await io
      .exportDeliveryLog({ format: 'xlsx', out, filter: {}, signal: controller.signal, pageBudgetMs: 0.001, onProgress: () => controller.abort() })
      .catch((x: unknown) => x as IoError);
    expect(e).toMatchObject({ code: 'cancelled', message: 'the export was cancelled' });
    expect(readFileSync(out, 'utf8')).toBe('previous export');
    expect(leftovers()).toEqual([]);
  });

  it('close() cancels a running export', async () => {
    const { ImportExportService } = await import('../../electron/services/import-export.js');
    const other = new ImportExportService(store);
    const job = other.exportDeliveryLog({ format: 'csv', out: fx.file('closing.csv'), pageBudgetMs: 0.001 }).catch((x: unknown) => x as IoError);
    await other.close();
    expect(await job).toMatchObject({ code: 'cancelled' });
    expect(readdirSync(fx.file('.'))).not.toContain('closing.csv');
    await expect(other.exportDeliveryLog({ format: 'csv', out: fx.file('after.csv') })).rejects.toMatchObject({ code: 'cancelled' });
    expect(leftovers()).toEqual([]);
  });
});
