// Delivery-log export: one row per segment (a message not yet claimed gives one row
// with the segment columns empty), oldest first, filtered by every filter the log view offers
// (campaign or direct sends, account, state set, Stat, number, Msg_Id, time range; the store's
// LogFilter), to CSV (UTF-8 with BOM, CRLF) or XLSX (streaming; a new sheet, header repeated, past
// 1,048,576 rows).
//
// Constant memory and no stall: the store's exportReader reads the rows in a worker thread, a few
// batches ahead (SQLite runs on the other core); this thread formats them as bytes
// (log-export-rows.ts) in pages of at most `pageBudgetMs`, hands each page to the file or the
// XLSX deflate stream, waits for them when they are full (backpressure) and yields to the event
// loop between pages. Rows reflect each message's state when its batch was read; a message
// changing state meanwhile is still exported exactly once (the cursor is on (created_at, id),
// which never change).
//
// Columns: English keys, headers in Chinese (default: operators live in Excel in Chinese) or
// English. Decisions:
//   - Msg_Id in both forms (decimal uint64 and the 22-digit MMDDHHMMSS+ISMG+sequence) as TEXT: in
//     XLSX as text cells with the Text format; in CSV with a leading TAB, the usual way to keep
//     Excel from reading a 20-digit value as a number (rounded to 15 digits, shown as 1.6E+19).
//   - The segment is two numeric columns (Pk_number, Pk_total): "1/2" in a CSV opens in Excel as
//     the date 2 January.
//   - Times: XLSX date-time cells; CSV "YYYY-MM-DD HH:mm:ss"; in the machine's zone unless
//     `utcOffsetMinutes` says otherwise. Done_time is the gateway's YYMMDDHHMM, shown as
//     "20YY-MM-DD HH:MM" (gateway time, not converted).
//   - Every text cell from the database passes formula-guard.ts (a campaign named "=1+1", a
//     reason, a Stat), in CSV and XLSX alike.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DeliveryLog, ExportRecord, LogFilter } from '../../store/delivery-log.js';
import { StoreError } from '../../store/errors.js';
import { ByteChunks } from '../../formats/byte-chunks.js';
import { checkFormat, CsvSink, exportPaths, writeAtomically, XlsxSink, type ExportFormat, type TableSink } from '../../formats/export-file.js';
import { cancelled, IoError, isAbort } from '../../formats/io-errors.js';
import { dateTimeText, doneTimeText } from '../../../shared/time-format.js';
import { csvId, csvRowWriter, csvText, xlsxRowWriter } from './log-export-rows.js';
import { XLSX_MAX_ROWS } from '../../formats/xlsx-writer.js';

export type ExportLang = 'zh-CN' | 'en';

/** text: free text (neutralised, quoted as needed); id: text that must stay text in Excel. */
type Kind = 'text' | 'id' | 'int' | 'time' | 'flag';

interface LogColumn {
  key: string;
  en: string;
  zh: string;
  kind: Kind;
  width: number;
  get: (r: ExportRecord) => string | number | boolean | null;
}

export const LOG_COLUMNS: readonly LogColumn[] = [
  { key: 'campaign_id', en: 'Campaign ID', zh: '活动ID', kind: 'int', width: 9, get: (r) => r.campaignId },
  { key: 'campaign', en: 'Campaign', zh: '活动', kind: 'text', width: 18, get: (r) => r.campaignName },
  { key: 'account', en: 'Account', zh: '账号', kind: 'text', width: 12, get: (r) => r.accountName },
  { key: 'number', en: 'Number', zh: '手机号', kind: 'id', width: 14, get: (r) => r.number },
  { key: 'state', en: 'State', zh: '消息状态', kind: 'text', width: 11, get: (r) => r.messageState },
  { key: 'segment_state', en: 'Segment state', zh: '分段状态', kind: 'text', width: 11, get: (r) => r.segmentState },
  { key: 'stat', en: 'Stat', zh: 'Stat(状态报告)', kind: 'text', width: 10, get: (r) => r.stat },
  { key: 'result', en: 'Result', zh: 'Result(提交应答)', kind: 'int', width: 8, get: (r) => r.result },
  { key: 'reason', en: 'Reason', zh: '原因', kind: 'text', width: 28, get: (r) => r.reason },
  { key: 'msg_id', en: 'Msg_Id', zh: 'Msg_Id', kind: 'id', width: 22, get: (r) => r.msgId },
  { key: 'msg_id_22', en: 'Msg_Id (22 digits)', zh: 'Msg_Id(22位)', kind: 'id', width: 24, get: (r) => r.msgId22 },
  { key: 'pk_number', en: 'Pk_number', zh: '分段序号', kind: 'int', width: 8, get: (r) => r.pkNumber },
  { key: 'pk_total', en: 'Pk_total', zh: '分段总数', kind: 'int', width: 8, get: (r) => r.pkTotal },
  { key: 'created_at', en: 'Created', zh: '创建时间', kind: 'time', width: 19, get: (r) => r.createdAt },
  { key: 'submit_at', en: 'Submitted', zh: '提交时间', kind: 'time', width: 19, get: (r) => r.submitAt },
  { key: 'response_at', en: 'Response', zh: '应答时间', kind: 'time', width: 19, get: (r) => r.responseAt },
  { key: 'report_at', en: 'Report received', zh: '报告时间', kind: 'time', width: 19, get: (r) => r.reportAt },
  { key: 'done_time', en: 'Done_time', zh: '完成时间(Done_time)', kind: 'text', width: 16, get: (r) => doneTimeText(r.doneTime) },
  { key: 'src_id', en: 'Src_Id', zh: 'Src_Id(源号码)', kind: 'id', width: 16, get: (r) => r.srcId },
  { key: 'service_id', en: 'Service_Id', zh: 'Service_Id(业务代码)', kind: 'text', width: 12, get: (r) => r.serviceId },
  { key: 'fee_type', en: 'FeeType', zh: 'FeeType(资费类别)', kind: 'id', width: 8, get: (r) => r.feeType },
  { key: 'fee_code', en: 'FeeCode', zh: 'FeeCode(资费代码)', kind: 'id', width: 8, get: (r) => r.feeCode },
  { key: 'billed_count', en: 'Billed SMS', zh: '计费条数', kind: 'int', width: 8, get: (r) => r.billedCount },
  { key: 'in_doubt', en: 'In doubt', zh: '待确认(in_doubt)', kind: 'flag', width: 8, get: (r) => r.inDoubt },
  { key: 'possible_duplicate', en: 'Possible duplicate', zh: '可能重复', kind: 'flag', width: 8, get: (r) => r.possibleDuplicate },
  { key: 'send_count', en: 'Sends', zh: '发送次数', kind: 'int', width: 6, get: (r) => r.sendCount },
  { key: 'message_id', en: 'Message ID', zh: '消息ID', kind: 'int', width: 10, get: (r) => r.messageId },
];

export interface LogExportProgress {
  rows: number;
  messages: number;
  /** XLSX sheets started so far. */
  sheets: number;
}

export interface LogExportOptions {
  format: ExportFormat;
  out: string;
  filter?: LogFilter;
  /** Header language. Default zh-CN. */
  lang?: ExportLang;
  signal?: AbortSignal;
  onProgress?: (p: LogExportProgress) => void;
  /** Zone for times: 'local' (default) or minutes east of UTC (480 = China Standard Time). */
  utcOffsetMinutes?: number | 'local';
  /** XLSX rows per sheet, header included. Default 1,048,576 (Excel's limit). */
  sheetRowLimit?: number;
  /**
   * Longest time to format one page (the main-thread stall it causes; a GC pause may add to it).
   * Default 10 ms, a fifth of the 50 ms budget: the rest is for the loaded machine's scheduler.
   */
  pageBudgetMs?: number;
}

export interface LogExportResult {
  file: string;
  format: ExportFormat;
  rows: number;
  messages: number;
  sheets: number;
  /** The longest page (read + format), the stall the export caused. */
  longestPageMs: number;
}

export function checkLang(lang: unknown): ExportLang {
  if (lang !== 'zh-CN' && lang !== 'en') throw new IoError('invalid-input', `language must be zh-CN or en, got ${JSON.stringify(lang)}`);
  return lang;
}

export async function exportDeliveryLog(log: DeliveryLog, opts: LogExportOptions): Promise<LogExportResult> {
  const format = checkFormat(opts.format);
  const lang = checkLang(opts.lang ?? 'zh-CN');
  const tz = opts.utcOffsetMinutes ?? 'local';
  if (tz !== 'local' && (!Number.isInteger(tz) || tz < -14 * 60 || tz > 14 * 60)) throw new IoError('invalid-input', `UTC offset must be -840..840 minutes, got ${tz}`);
  const budget = opts.pageBudgetMs ?? 10;
  const filter = opts.filter ?? {};
  const yes = lang === 'zh-CN' ? '是' : 'yes';
  const no = lang === 'zh-CN' ? '否' : 'no';
  const header = LOG_COLUMNS.map((c) => (lang === 'zh-CN' ? c.zh : c.en));
  const paths = await exportPaths(opts.out);
  if (opts.signal?.aborted) throw cancelled('the export');

  let rows = 0;
  let messages = 0;
  let longest = 0;
  let lastMessage = -1;
  try {
    const reader = log.exportReader(filter);
    try {
      return await writeAtomically(
        paths,
        (temp): TableSink =>
          format === 'csv'
            ? new CsvSink(temp, () => '')
            : new XlsxSink(temp, opts.sheetRowLimit ?? XLSX_MAX_ROWS, tz === 'local' ? {} : { utcOffsetMinutes: tz }),
        async (s) => {
          await s.begin(header, LOG_COLUMNS.map((c) => ({ width: c.width })), lang === 'zh-CN' ? '发送记录' : 'Delivery log');
          const out = new ByteChunks();
          const xlsx = s instanceof XlsxSink ? s : null;
          const csvRow = csvRowWriter(yes, no, tz);
          const xlsxRow = xlsx ? xlsxRowWriter(yes, no, xlsx.xlsx) : null;
          for (;;) {
            await reader.ready();
            if (opts.signal?.aborted) throw cancelled('the export');
            if (xlsx && xlsx.room <= 0) await xlsx.nextSheet();
            // A page: rows until the budget is spent (checked every 32 rows), the sheet is full or
            // the reader has no more rows buffered.
            const t0 = performance.now();
            const deadline = t0 + budget;
            const room = xlsx ? xlsx.room : Infinity;
            let row = xlsx ? xlsx.sheetRows : 0;
            let n = 0;
            const step = reader.step((r: ExportRecord) => {
              if (xlsxRow) xlsxRow(r, ++row, out);
              else csvRow(r, out);
              if (r.messageId !== lastMessage) {
                messages++;
                lastMessage = r.messageId;
              }
              return ++n < room && ((n & 31) !== 0 || performance.now() < deadline);
            });
            longest = Math.max(longest, performance.now() - t0);
            if (n > 0) {
              await (xlsx ? xlsx.appendRows(out.take(), n) : (s as CsvSink).writeUtf8(out.take()));
              rows += n;
              opts.onProgress?.({ rows, messages, sheets: sheetsOf(s) });
            }
            if (step === 'ended') break;
            if (opts.signal?.aborted) throw cancelled('the export');
            if (step === 'stopped') await yieldToEventLoop();
          }
          return { file: paths.out, format, rows, messages, sheets: sheetsOf(s), longestPageMs: longest };
        },
      );
    } finally {
      await reader.close();
    }
  } catch (e) {
    if (isAbort(e)) throw cancelled('the export');
    if (e instanceof StoreError && e.code === 'invalid-input') throw new IoError('invalid-input', e.message);
    throw e;
  }
}

/** The same line through the columns' getters: the reference the hand-written line is tested against. */
export function csvLineByColumns(r: ExportRecord, yes: string, no: string, tz: number | 'local'): string {
  return `${LOG_COLUMNS.map((c) => {
    const v = c.get(r);
    if (v === null) return '';
    switch (c.kind) {
      case 'int':
        return String(v);
      case 'flag':
        return v ? yes : no;
      case 'time':
        return dateTimeText(v as number, tz);
      case 'id':
        return csvId(v as string);
      default:
        return csvText(v as string);
    }
  }).join(',')}\r\n`;
}

function sheetsOf(s: TableSink): number {
  return s instanceof XlsxSink ? s.sheetCount : 1;
}
