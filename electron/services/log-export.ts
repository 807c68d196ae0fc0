// Delivery-log export (issue 4 §4): one row per segment (a message not yet claimed gives one row
// with the segment columns empty), oldest first, filtered by campaign, state set, time range and
// number, to CSV (UTF-8 with BOM, CRLF) or XLSX (streaming; a new sheet, header repeated, past
// 1,048,576 rows).
//
// Constant memory and no stall: pages come from the store's exportPage with a keyset cursor, the
// page size adapts so reading and formatting a page stays near `pageBudgetMs`, every write waits
// for the disk (backpressure), and the loop yields to the event loop between pages. Rows reflect
// each message's state when its page was read; a message changing state meanwhile is still
// exported exactly once (the cursor is on (created_at, id), which never change).
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
import type { DeliveryLog, ExportRecord, LogFilter } from '../store/delivery-log.js';
import { StoreError } from '../store/errors.js';
import { checkFormat, CsvSink, exportPaths, writeAtomically, XlsxSink, type ExportFormat, type TableSink } from './export-file.js';
import { neutraliseCell } from './formula-guard.js';
import { cancelled, IoError, isAbort } from './io-errors.js';
import { inlineCell, STYLE_TEXT, XLSX_MAX_ROWS, type XlsxStreamWriter } from './xlsx-writer.js';

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

const doneTime = (raw: string | null): string | null => {
  if (raw === null || raw === '') return null;
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(raw);
  return m ? `20${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : raw;
};

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
  { key: 'done_time', en: 'Done_time', zh: '完成时间(Done_time)', kind: 'text', width: 16, get: (r) => doneTime(r.doneTime) },
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
  /** Target time to read and format one page (the main-process stall it causes). Default 20 ms. */
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
  if (lang !== 'zh-CN' && lang !== 'en') throw new IoError('invalid_input', `language must be zh-CN or en, got ${JSON.stringify(lang)}`);
  return lang;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "YYYY-MM-DD HH:mm:ss" in the machine's zone or at a fixed offset. */
export function timeText(ms: number, utcOffsetMinutes: number | 'local'): string {
  if (utcOffsetMinutes === 'local') {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export async function exportDeliveryLog(log: DeliveryLog, opts: LogExportOptions): Promise<LogExportResult> {
  const format = checkFormat(opts.format);
  const lang = checkLang(opts.lang ?? 'zh-CN');
  const tz = opts.utcOffsetMinutes ?? 'local';
  if (tz !== 'local' && (!Number.isInteger(tz) || tz < -14 * 60 || tz > 14 * 60)) throw new IoError('invalid_input', `UTC offset must be -840..840 minutes, got ${tz}`);
  const budget = opts.pageBudgetMs ?? 20;
  const filter = opts.filter ?? {};
  const yes = lang === 'zh-CN' ? '是' : 'yes';
  const no = lang === 'zh-CN' ? '否' : 'no';
  const header = LOG_COLUMNS.map((c) => (lang === 'zh-CN' ? c.zh : c.en));
  const paths = await exportPaths(opts.out);
  if (opts.signal?.aborted) throw cancelled('the export');

  const rowOf = xlsxRowMaker(yes, no);
  const lineOf = csvLineMaker(yes, no, tz);
  let rows = 0;
  let messages = 0;
  let longest = 0;
  let pageSize = 200;
  try {
    const scanner = log.exportScanner(filter);
    return await writeAtomically(
      paths,
      (temp): TableSink =>
        format === 'csv'
          ? new CsvSink(temp, () => '')
          : new XlsxSink(temp, opts.sheetRowLimit ?? XLSX_MAX_ROWS, tz === 'local' ? {} : { utcOffsetMinutes: tz }),
      async (s) => {
        await s.begin(header, LOG_COLUMNS.map((c) => ({ width: c.width })), lang === 'zh-CN' ? '发送记录' : 'Delivery log');
        for (;;) {
          if (opts.signal?.aborted) throw cancelled('the export');
          const t0 = performance.now();
          const page = scanner.next(pageSize);
          if (page.length === 0) break;
          // CSV lines are built here (one string per page); XLSX cells go to the writer.
          const pending = s instanceof CsvSink ? s.writeUtf8(linesOf(page, lineOf)) : (s as XlsxSink).writeBuilt(page, rowOf);
          const took = performance.now() - t0;
          await pending;
          longest = Math.max(longest, took);
          rows += page.length;
          messages += countMessages(page);
          opts.onProgress?.({ rows, messages, sheets: sheetsOf(s) });
          if (opts.signal?.aborted) throw cancelled('the export');
          // Aim the next page at the budget: grow gently, shrink at once.
          const scaled = Math.round((pageSize * budget) / Math.max(took, 0.5));
          pageSize = Math.max(20, Math.min(MAX_PAGE, scaled > pageSize ? Math.min(scaled, pageSize * 2) : scaled));
          await yieldToEventLoop();
        }
        return { file: paths.out, format, rows, messages, sheets: sheetsOf(s), longestPageMs: longest };
      },
    );
  } catch (e) {
    if (isAbort(e)) throw cancelled('the export');
    if (e instanceof StoreError && e.code === 'invalid_input') throw new IoError('invalid_input', e.message);
    throw e;
  }
}

/**
 * The page's CSV lines, UTF-8 encoded every 32K characters (below V8's large-object size even as
 * two-byte text), so the strings die young: a page of them kept as strings survives into the old
 * generation, and V8 then spent 40% of an export collecting them (measured).
 */
function linesOf(page: readonly ExportRecord[], lineOf: (r: ExportRecord) => string): Buffer[] {
  const parts: Buffer[] = [];
  let text = '';
  for (const r of page) {
    text += lineOf(r);
    if (text.length >= 32_768) {
      parts.push(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  if (text) parts.push(Buffer.from(text, 'utf8'));
  return parts;
}

/**
 * One XLSX row per record, written out by hand in LOG_COLUMNS order (A..AA). Repeated values
 * (campaign, account, states, Stat, reason, Done_time, Src_Id, Service_Id, fees, flags) go through the
 * shared-string table: a third less XML to build and compress. Digit strings get the Text format.
 */
function xlsxRowMaker(yes: string, no: string): (r: ExportRecord, n: number, w: XlsxStreamWriter) => string {
  const num = (col: string, n: number, v: number | null) => (v === null ? '' : `<c r="${col}${n}"><v>${v}</v></c>`);
  const text = (col: string, n: number, v: string | null, w: XlsxStreamWriter, shared: boolean) => {
    if (v === null || v === '') return '';
    const t = neutraliseCell(v);
    const c0 = t.charCodeAt(0);
    const style = c0 >= 0x30 && c0 <= 0x39 ? STYLE_TEXT : 0;
    return shared ? w.sharedCell(`${col}${n}`, t, style) : inlineCell(`${col}${n}`, t, style);
  };
  const time = (col: string, n: number, v: number | null, w: XlsxStreamWriter) => (v === null ? '' : w.timeCell(`${col}${n}`, v));
  return (r, n, w) =>
    `<row r="${n}">${num('A', n, r.campaignId)}${text('B', n, r.campaignName, w, true)}${text('C', n, r.accountName, w, true)}` +
    `${text('D', n, r.number, w, false)}${w.sharedCell(`E${n}`, r.messageState)}${r.segmentState === null ? '' : w.sharedCell(`F${n}`, r.segmentState)}` +
    `${text('G', n, r.stat, w, true)}${num('H', n, r.result)}${text('I', n, r.reason, w, true)}${r.msgId === null ? '' : `<c r="J${n}" s="${STYLE_TEXT}" t="inlineStr"><is><t>${r.msgId}</t></is></c>`}` +
    `${r.msgId22 === null ? '' : `<c r="K${n}" s="${STYLE_TEXT}" t="inlineStr"><is><t>${r.msgId22}</t></is></c>`}${num('L', n, r.pkNumber)}${num('M', n, r.pkTotal)}${time('N', n, r.createdAt, w)}` +
    `${time('O', n, r.submitAt, w)}${time('P', n, r.responseAt, w)}${time('Q', n, r.reportAt, w)}` +
    `${text('R', n, doneTime(r.doneTime), w, true)}${text('S', n, r.srcId, w, true)}${text('T', n, r.serviceId, w, true)}` +
    `${text('U', n, r.feeType, w, true)}${text('V', n, r.feeCode, w, true)}${num('W', n, r.billedCount)}` +
    `${w.sharedCell(`X${n}`, r.inDoubt ? yes : no)}${w.sharedCell(`Y${n}`, r.possibleDuplicate ? yes : no)}${num('Z', n, r.sendCount)}` +
    `${num('AA', n, r.messageId)}</row>`;
}

const MAX_PAGE = 1000;

/** A free-text CSV field: formula guard, then RFC 4180 quoting. */
function csvText(v: string | null): string {
  if (v === null || v === '') return '';
  const s = neutraliseCell(v);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x2c || c === 0x0a || c === 0x0d) return `"${s.replaceAll('"', '""')}"`;
  }
  const last = s.charCodeAt(s.length - 1);
  return s.charCodeAt(0) === 0x20 || last === 0x20 || last === 0x09 ? `"${s}"` : s;
}

/** A digit string Excel would alter (rounded past 15 digits, a leading zero dropped) keeps a TAB. */
function csvId(v: string | null): string {
  if (v === null || v === '') return '';
  const c0 = v.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39 && (v.length > 11 || c0 === 0x30)) {
    let digits = true;
    for (let i = 1; i < v.length && digits; i++) {
      const c = v.charCodeAt(i);
      digits = c >= 0x30 && c <= 0x39;
    }
    if (digits) return `\t${v}`;
  }
  return csvText(v);
}

const int = (v: number | null) => (v === null ? '' : String(v));

/**
 * One CSV line per record, written out by hand in LOG_COLUMNS order (a 1,000,000-row export spends
 * most of its time here; a test checks it against the columns' own getters). States are enum
 * values and need no quoting; times are cached per second per column (rows of a log are close).
 */
export function csvLineMaker(yes: string, no: string, tz: number | 'local'): (r: ExportRecord) => string {
  const time = () => {
    let lastSecond = NaN;
    let lastText = '';
    return (v: number | null): string => {
      if (v === null) return '';
      const second = Math.floor(v / 1000);
      if (second !== lastSecond) {
        lastSecond = second;
        lastText = timeText(v, tz);
      }
      return lastText;
    };
  };
  // Columns that repeat from row to row (campaign, Stat, Src_Id, ...) keep their last result. The
  // Msg_Id forms are digits by construction (the scanner prints them): TAB-prefixed as they are.
  const repeat = (f: (v: string | null) => string) => {
    let lastIn: string | null | undefined;
    let lastOut = '';
    return (v: string | null): string => {
      if (v !== lastIn) {
        lastIn = v;
        lastOut = f(v);
      }
      return lastOut;
    };
  };
  const created = time();
  const submitted = time();
  const responded = time();
  const reported = time();
  const [campaign, account, stat, reason, service] = [1, 2, 3, 4, 5].map(() => repeat(csvText));
  const [src, feeType, feeCode] = [1, 2, 3].map(() => repeat(csvId));
  const done = repeat((v) => csvText(doneTime(v)));
  let lastCampaign: number | null | undefined;
  let lastCampaignText = '';
  const campaignId = (v: number | null) => {
    if (v !== lastCampaign) {
      lastCampaign = v;
      lastCampaignText = int(v);
    }
    return lastCampaignText;
  };
  return (r) =>
    `${campaignId(r.campaignId)},${campaign!(r.campaignName)},${account!(r.accountName)},${csvId(r.number)},${r.messageState},` +
    `${r.segmentState ?? ''},${stat!(r.stat)},${int(r.result)},${reason!(r.reason)},${r.msgId === null ? '' : `\t${r.msgId}`},${r.msgId22 === null ? '' : `\t${r.msgId22}`},` +
    `${int(r.pkNumber)},${r.pkTotal},${created(r.createdAt)},${submitted(r.submitAt)},${responded(r.responseAt)},` +
    `${reported(r.reportAt)},${done(r.doneTime)},${src!(r.srcId)},${service!(r.serviceId)},${feeType!(r.feeType)},` +
    `${feeCode!(r.feeCode)},${r.billedCount},${r.inDoubt ? yes : no},${r.possibleDuplicate ? yes : no},${int(r.sendCount)},${r.messageId}\r\n`;
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
        return timeText(v as number, tz);
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

/** Messages in a page: rows of one message are adjacent. */
function countMessages(rows: readonly ExportRecord[]): number {
  let n = 0;
  let last = -1;
  for (const r of rows) {
    if (r.messageId !== last) {
      n++;
      last = r.messageId;
    }
  }
  return n;
}
