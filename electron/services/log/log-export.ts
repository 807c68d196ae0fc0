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
// Columns: English keys; headers, states, Stat meanings and reasons in Chinese (default: operators
// live in Excel in Chinese) or English, or codes for scripts (log-export-texts.ts). The text
// column is the message as rendered for its recipient (merge fields filled; the account's
// signature and gateway footer, added when it is sent, are not part of it). Decisions:
//   - Msg_Id in both forms (decimal uint64 and the 22-digit MMDDHHMMSS+ISMG+sequence) as TEXT: in
//     XLSX as text cells with the Text format. The CSV is plain RFC 4180 by default (scripts read
//     each digit string exactly); `protectLongNumbers` adds a leading TAB to long digit strings,
//     the usual way to keep Excel from reading a 20-digit value as a number (rounded to 15
//     digits, shown as 1.6E+19), at the cost of a TAB that scripts must strip.
//   - The segment is two numeric columns (Pk_number, Pk_total): "1/2" in a CSV opens in Excel as
//     the date 2 January.
//   - Times: XLSX date-time cells; CSV "YYYY-MM-DD HH:mm:ss"; in the machine's zone unless
//     `utcOffsetMinutes` says otherwise. Done_time is the gateway's YYMMDDHHMM, shown as
//     "20YY-MM-DD HH:MM" (gateway time, not converted).
//   - Every text cell from the database passes formula-guard.ts (a campaign named "=1+1", a
//     reason, a Stat, a message text), in CSV and XLSX alike, in every form and with or without
//     protectLongNumbers: the guard only touches cells starting with = + - @ TAB CR, which a
//     digit string never does, so it never changes a Msg_Id, FeeType or FeeCode.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DeliveryLog, ExportRecord, LogFilter } from '../../store/log/delivery-log.js';
import { StoreError } from '../../store/errors.js';
import { isLogError } from '../../store/log/filter.js';
import { ByteChunks } from '../../formats/byte-chunks.js';
import { checkFormat, CsvSink, exportPaths, writeAtomically, XlsxSink, type ExportFormat, type TableSink } from '../../formats/export-file.js';
import { cancelled, IoError, isAbort } from '../../formats/io-errors.js';
import { dateTimeText, doneTimeText } from '../../../shared/time-format.js';
import { csvId, csvRowWriter, csvText, xlsxRowWriter } from './log-export-rows.js';
import { XLSX_MAX_ROWS } from '../../formats/xlsx-writer.js';
import { checkForm, exportTexts, type ExportForm, type ExportTexts } from './log-export-texts.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

export type ExportLang = 'zh-CN' | 'en';

/** text: free text (neutralised, quoted as needed); id: text that must stay text in Excel. */
type Kind = 'text' | 'id' | 'int' | 'time' | 'flag';

interface LogColumn {
  key: string;
  kind: Kind;
  width: number;
  get: (r: ExportRecord, x: ExportTexts) => string | number | boolean | null;
}

export const LOG_COLUMNS: readonly LogColumn[] = [
  { key: 'campaign_id', kind: 'int', width: 9, get: (r) => r.campaignId },
  { key: 'campaign', kind: 'text', width: 18, get: (r) => r.campaignName },
  { key: 'account', kind: 'text', width: 12, get: (r) => r.accountName },
  { key: 'number', kind: 'id', width: 14, get: (r) => r.number },
  { key: 'state', kind: 'text', width: 11, get: (r, x) => x.state(r.messageState) },
  { key: 'segment_state', kind: 'text', width: 11, get: (r, x) => r.segmentState && x.state(r.segmentState) },
  { key: 'stat', kind: 'text', width: 10, get: (r) => r.stat },
  { key: 'stat_meaning', kind: 'text', width: 16, get: (r, x) => r.stat && x.statMeaning(r.stat) },
  { key: 'result', kind: 'int', width: 8, get: (r) => r.result },
  { key: 'reason', kind: 'text', width: 28, get: (r, x) => r.reason && x.reason(r.reason) },
  { key: 'text', kind: 'text', width: 40, get: (r) => r.text },
  { key: 'msg_id', kind: 'id', width: 22, get: (r) => r.msgId },
  { key: 'msg_id_22', kind: 'id', width: 24, get: (r) => r.msgId22 },
  { key: 'pk_number', kind: 'int', width: 8, get: (r) => r.pkNumber },
  { key: 'pk_total', kind: 'int', width: 8, get: (r) => r.pkTotal },
  { key: 'created_at', kind: 'time', width: 19, get: (r) => r.createdAt },
  { key: 'submit_at', kind: 'time', width: 19, get: (r) => r.submitAt },
  { key: 'response_at', kind: 'time', width: 19, get: (r) => r.responseAt },
  { key: 'report_at', kind: 'time', width: 19, get: (r) => r.reportAt },
  { key: 'done_time', kind: 'text', width: 16, get: (r) => doneTimeText(r.doneTime) },
  { key: 'src_id', kind: 'id', width: 16, get: (r) => r.srcId },
  { key: 'service_id', kind: 'text', width: 12, get: (r) => r.serviceId },
  { key: 'fee_type', kind: 'id', width: 8, get: (r) => r.feeType },
  { key: 'fee_code', kind: 'id', width: 8, get: (r) => r.feeCode },
  { key: 'billed_count', kind: 'int', width: 8, get: (r) => r.billedCount },
  { key: 'in_doubt', kind: 'flag', width: 8, get: (r) => r.inDoubt },
  { key: 'possible_duplicate', kind: 'flag', width: 8, get: (r) => r.possibleDuplicate },
  { key: 'send_count', kind: 'int', width: 6, get: (r) => r.sendCount },
  { key: 'message_id', kind: 'int', width: 10, get: (r) => r.messageId },
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
  /** Language of headers, states, Stat meanings and reasons (readable form). Default zh-CN. */
  lang?: ExportLang;
  /** readable (default) or machine: codes for scripts (log-export-texts.ts). */
  form?: ExportForm;
  /**
   * CSV only: write long digit strings (Msg_Id, numbers, Src_Id, fees; see csvId) with a leading
   * TAB so Excel keeps them as text. Off by default: the file is then plain RFC 4180 and scripts
   * read every value exactly. XLSX always keeps them as text cells.
   */
  protectLongNumbers?: boolean;
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

/** The header row of a form and language (the keys, in machine form). */
export function logExportHeader(form: ExportForm, lang: ExportLang): string[] {
  return exportTexts(LOG_COLUMNS.map((c) => c.key), form, lang).header;
}

export function checkLang(lang: unknown): ExportLang {
  if (lang !== 'zh-CN' && lang !== 'en') {
    throw new IoError('invalid-input', `language must be zh-CN or en, got ${JSON.stringify(lang)}`, detail('not-in-set', 'lang', { allowed: 'zh-CN / en', value: shownValue(lang) }));
  }
  return lang;
}

export async function exportDeliveryLog(log: DeliveryLog, opts: LogExportOptions): Promise<LogExportResult> {
  const format = checkFormat(opts.format);
  const lang = checkLang(opts.lang ?? 'zh-CN');
  const tz = opts.utcOffsetMinutes ?? 'local';
  if (tz !== 'local' && (!Number.isInteger(tz) || tz < -14 * 60 || tz > 14 * 60)) {
    throw new IoError('invalid-input', `UTC offset must be -840..840 minutes, got ${tz}`, detail('out-of-range', 'utcOffsetMinutes', { min: -840, max: 840, value: shownValue(tz) }));
  }
  const budget = opts.pageBudgetMs ?? 10;
  const filter = opts.filter ?? {};
  const texts = exportTexts(LOG_COLUMNS.map((c) => c.key), checkForm(opts.form ?? 'readable'), lang);
  const protect = opts.protectLongNumbers === true;
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
          await s.begin(texts.header, LOG_COLUMNS.map((c) => ({ width: c.width })), texts.sheet);
          const out = new ByteChunks();
          const xlsx = s instanceof XlsxSink ? s : null;
          const csvRow = csvRowWriter(texts, tz, protect);
          const xlsxRow = xlsx ? xlsxRowWriter(texts, xlsx.xlsx) : null;
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
    // A refused filter (the view's own rules: filter.ts) or page size: the caller's input.
    if ((e instanceof StoreError && e.code === 'invalid-input') || isLogError(e)) throw new IoError('invalid-input', e.message, e.detail);
    throw e;
  }
}

/** The same line through the columns' getters: the reference the hand-written line is tested against. */
export function csvLineByColumns(r: ExportRecord, x: ExportTexts, tz: number | 'local', protect: boolean): string {
  return `${LOG_COLUMNS.map((c) => {
    const v = c.get(r, x);
    if (v === null) return '';
    switch (c.kind) {
      case 'int':
        return String(v);
      case 'flag':
        return v ? x.yes : x.no;
      case 'time':
        return dateTimeText(v as number, tz);
      case 'id':
        return csvId(v as string, protect);
      default:
        return csvText(v as string);
    }
  }).join(',')}\r\n`;
}

function sheetsOf(s: TableSink): number {
  return s instanceof XlsxSink ? s.sheetCount : 1;
}
