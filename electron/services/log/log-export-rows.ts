// The delivery-log export's two row writers (CSV line, XLSX <row>), writing bytes straight into a
// ByteChunks: a 1,000,000-row export spends most of its JS time here (see byte-chunks.ts for why
// bytes and not strings). Columns in LOG_COLUMNS order (log-export.ts); a test checks every row
// against the columns' own getters (CSV) and the XLSX against the CSV, cell by cell.
//
// Repeated values (campaign, account, states, Stat, reason, text, Done_time, Src_Id, fees, flags) are
// formatted once per distinct value and column and copied afterwards (CellCache); times once per
// second and column; Msg_Ids are printed from their two 32-bit halves without a string.
import type { ExportRecord } from '../../store/log/delivery-log.js';
import type { MessageState } from '../../../shared/message-state.js';
import { ByteChunks, Digits, utf8 } from '../../formats/byte-chunks.js';
import { neutraliseCell } from '../../formats/formula-guard.js';
import { columnLetters, escapeText, STYLE_TEXT, STYLE_TIME, type XlsxStreamWriter } from '../../formats/xlsx-writer.js';
import { dateTimeText, doneTimeText } from '../../../shared/time-format.js';
import type { ExportTexts } from './log-export-texts.js';

/** A free-text CSV field: formula guard, then RFC 4180 quoting. */
export function csvText(v: string | null): string {
  if (v === null || v === '') return '';
  const s = neutraliseCell(v);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x2c || c === 0x0a || c === 0x0d) return `"${s.replaceAll('"', '""')}"`;
  }
  const last = s.charCodeAt(s.length - 1);
  return s.charCodeAt(0) === 0x20 || last === 0x20 || last === 0x09 ? `"${s}"` : s;
}

/**
 * A value that must stay exact (Msg_Id, number, Src_Id, FeeType, FeeCode). With `protect`, a digit
 * string Excel would alter (rounded past 15 digits, a leading zero dropped) gets a leading TAB;
 * without, it is written as it is (plain RFC 4180).
 */
export function csvId(v: string | null, protect: boolean): string {
  if (v === null || v === '') return '';
  const c0 = v.charCodeAt(0);
  if (!protect) return csvText(v);
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

// ---- Msg_Id digits (the same as msgIdDecimal / msgId22 in the store, without a string) --------

/** Writes a Msg_Id's two text forms from its 32-bit halves (per export: it keeps caches). */
export interface MsgIdWriter {
  /** Unsigned decimal. */
  decimal(out: ByteChunks, high: number, low: number): void;
  /** docs/protocol.md "Msg_Id": MMDDHHMMSS + ISMG code (7 digits) + sequence (5 digits). */
  digits22(out: ByteChunks, high: number, low: number): void;
}

/**
 * Consecutive rows' Msg_Ids share their high half (time and most of the ISMG code), so the digits
 * that depend on it alone are printed once and copied while it lasts.
 */
export function msgIdWriter(): MsgIdWriter {
  let lastA = -1;
  let aDigits: Buffer = Buffer.alloc(0);
  let lastTime = -1;
  let timeDigits: Buffer = Buffer.alloc(0);
  return {
    decimal(out, high, low) {
      // high * 2^32 + low, with 2^32 = 42949 * 10^5 + 67296: a * 10^5 + b, b < 10^5.
      const hi = high >>> 0;
      let b = hi * 67296 + (low >>> 0);
      const a = hi * 42949 + Math.floor(b / 100_000);
      b %= 100_000;
      if (a === 0) return out.uint(b);
      if (a !== lastA) {
        lastA = a;
        aDigits = utf8(String(a));
      }
      out.bytes(aDigits);
      out.padded(b, 5);
    },
    digits22(out, high, low) {
      const hi = high >>> 0;
      const lo = low >>> 0;
      const time = hi >>> 6;
      if (time !== lastTime) {
        lastTime = time;
        const two = (v: number) => (v < 10 ? `0${v}` : String(v));
        timeDigits = utf8(two(hi >>> 28) + two((hi >>> 23) & 31) + two((hi >>> 18) & 31) + two((hi >>> 12) & 63) + two((hi >>> 6) & 63));
      }
      out.bytes(timeDigits);
      out.padded((hi & 63) * 65536 + (lo >>> 16), 7);
      out.padded(lo & 0xffff, 5);
    },
  };
}

// ---- caches ------------------------------------------------------------------------------------

/** Distinct values cached per column; a column with more (a unique reason per row) is formatted per row past it. */
const CACHE_LIMIT = 256;

/** A column's formatted bytes per value: the last value checked first (rows of a log repeat), then a map. */
class CellCache<T> {
  private lastIn: string | null | undefined = undefined;
  private lastOut: T | undefined;
  private readonly map = new Map<string | null, T>();

  constructor(private readonly make: (v: string | null) => T) {}

  get(v: string | null): T {
    if (v === this.lastIn) return this.lastOut!;
    let out = this.map.get(v);
    if (out === undefined) {
      out = this.make(v);
      if (this.map.size < CACHE_LIMIT) this.map.set(v, out);
    }
    this.lastIn = v;
    this.lastOut = out;
    return out;
  }
}

/** A time column: its text (bytes) for the last second seen. */
class SecondCache {
  private last = NaN;
  private bytes: Buffer = Buffer.alloc(0);

  constructor(private readonly make: (second: number, ms: number) => string) {}

  get(second: number, ms: number): Buffer {
    if (second !== this.last) {
      this.last = second;
      this.bytes = utf8(this.make(second, ms));
    }
    return this.bytes;
  }
}

// ---- CSV ---------------------------------------------------------------------------------------

const COMMA = 0x2c;
const TAB = 0x09;
const CRLF = utf8('\r\n');

export type CsvRowWriter = (r: ExportRecord, out: ByteChunks) => void;

/**
 * The CSV line of a record (UTF-8, CRLF), in LOG_COLUMNS order. Cached cells carry their comma.
 * `protect`: long digit strings keep a leading TAB for Excel (csvId).
 */
export function csvRowWriter(x: ExportTexts, tz: number | 'local', protect: boolean): CsvRowWriter {
  const cell = (f: (v: string | null) => string) => new CellCache((v) => utf8(`${f(v)},`));
  const id = (v: string | null) => csvId(v, protect);
  const campaign = cell(csvText);
  const account = cell(csvText);
  const state = cell((v) => (v === null ? '' : csvText(x.state(v as MessageState))));
  const segmentState = state;
  const stat = cell(csvText);
  const statMeaning = cell((v) => (v === null ? '' : csvText(x.statMeaning(v))));
  const reason = cell((v) => (v === null ? '' : csvText(x.reason(v))));
  const text = cell(csvText);
  const done = cell((v) => csvText(doneTimeText(v)));
  const src = cell(id);
  const service = cell(csvText);
  const feeType = cell(id);
  const feeCode = cell(id);
  const flags = [utf8(`${x.no},`), utf8(`${x.yes},`)] as const;
  const timeCol = () => new SecondCache((_, ms) => `${dateTimeText(ms, tz)},`);
  const created = timeCol();
  const submitted = timeCol();
  const responded = timeCol();
  const reported = timeCol();
  const msgId = msgIdWriter();
  const NO_TIME = utf8(',');
  const time = (c: SecondCache, v: number | null, out: ByteChunks) => out.bytes(v === null ? NO_TIME : c.get(Math.floor(v / 1000), v));
  const int = (v: number | null, out: ByteChunks) => {
    if (v !== null) out.int(v);
    out.byte(COMMA);
  };
  const NO_MSG_ID = utf8(',,');
  return (r, out) => {
    int(r.campaignId, out);
    out.bytes(campaign.get(r.campaignName));
    out.bytes(account.get(r.accountName));
    out.text(csvId(r.number, protect));
    out.byte(COMMA);
    out.bytes(state.get(r.messageState));
    out.bytes(segmentState.get(r.segmentState));
    out.bytes(stat.get(r.stat));
    out.bytes(statMeaning.get(r.stat));
    int(r.result, out);
    out.bytes(reason.get(r.reason));
    out.bytes(text.get(r.text));
    if (r.msgIdHigh !== null) {
      // TAB when protecting: Excel keeps the 20 and 22 digits as text (see log-export.ts).
      if (protect) out.byte(TAB);
      msgId.decimal(out, r.msgIdHigh, r.msgIdLow!);
      out.byte(COMMA);
      if (protect) out.byte(TAB);
      msgId.digits22(out, r.msgIdHigh, r.msgIdLow!);
      out.byte(COMMA);
    } else out.bytes(NO_MSG_ID);
    int(r.pkNumber, out);
    int(r.pkTotal, out);
    time(created, r.createdAt, out);
    time(submitted, r.submitAt, out);
    time(responded, r.responseAt, out);
    time(reported, r.reportAt, out);
    out.bytes(done.get(r.doneTime));
    out.bytes(src.get(r.srcId));
    out.bytes(service.get(r.serviceId));
    out.bytes(feeType.get(r.feeType));
    out.bytes(feeCode.get(r.feeCode));
    int(r.billedCount, out);
    out.bytes(flags[r.inDoubt ? 1 : 0]);
    out.bytes(flags[r.possibleDuplicate ? 1 : 0]);
    int(r.sendCount, out);
    out.int(r.messageId);
    out.bytes(CRLF);
  };
}

// ---- XLSX --------------------------------------------------------------------------------------

export type XlsxRowWriter = (r: ExportRecord, row: number, out: ByteChunks) => void;

/** What follows a cell's reference (`"` closing it included), and whether it uses the shared-string table. */
interface CellTail {
  bytes: Buffer;
  shared: boolean;
}

const NO_CELL: CellTail = { bytes: Buffer.alloc(0), shared: false };

/**
 * The <row> of a record, numbered `row`, in LOG_COLUMNS order (A..AC). Repeated text goes through
 * the writer's shared-string table (a third less XML to build and compress); digit strings get
 * the Text format; every text from the database passes the formula guard.
 */
export function xlsxRowWriter(x: ExportTexts, w: XlsxStreamWriter): XlsxRowWriter {
  // `<c r="B` per column; the row number and the cell's tail follow.
  const open = Array.from({ length: 29 }, (_, i) => utf8(`<c r="${columnLetters(i)}`));
  const rowDigits = new Digits();
  /** A text cell's tail: shared when the table has room, else inline; `guard`: neutralise, and Text format for digits. */
  const textTail = (v: string | null, guard: boolean, shared: boolean): CellTail => {
    if (v === null || v === '') return NO_CELL;
    const t = guard ? neutraliseCell(v) : v;
    const c0 = t.charCodeAt(0);
    const style = guard && c0 >= 0x30 && c0 <= 0x39 ? ` s="${STYLE_TEXT}"` : '';
    const i = shared ? w.sharedIndex(t) : -1;
    if (i >= 0) return { bytes: utf8(`"${style} t="s"><v>${i}</v></c>`), shared: true };
    const last = t.charCodeAt(t.length - 1);
    const space = c0 <= 0x20 || last <= 0x20 ? ' xml:space="preserve"' : '';
    return { bytes: utf8(`"${style} t="inlineStr"><is><t${space}>${escapeText(t)}</t></is></c>`), shared: false };
  };
  const sharedCol = (guard: boolean, f: (v: string | null) => string | null = (v) => v) => new CellCache((v) => textTail(f(v), guard, true));
  const campaign = sharedCol(true);
  const account = sharedCol(true);
  const state = sharedCol(false, (v) => v && x.state(v as MessageState));
  const segmentState = state;
  const stat = sharedCol(true);
  const statMeaning = sharedCol(true, (v) => v && x.statMeaning(v));
  const reason = sharedCol(true, (v) => v && x.reason(v));
  const text = sharedCol(true);
  const done = sharedCol(true, doneTimeText);
  const src = sharedCol(true);
  const service = sharedCol(true);
  const feeType = sharedCol(true);
  const feeCode = sharedCol(true);
  const flag = sharedCol(false);
  const timeCol = () => new SecondCache((second) => `" s="${STYLE_TIME}"><v>${w.serialOfSecond(second)}</v></c>`);
  const times = [timeCol(), timeCol(), timeCol(), timeCol()] as const;
  const ROW_OPEN = utf8('<row r="');
  const ROW_OPEN_END = utf8('">');
  const ROW_CLOSE = utf8('</row>');
  const NUM_OPEN = utf8('"><v>');
  const NUM_CLOSE = utf8('</v></c>');
  const ID_OPEN = utf8(`" s="${STYLE_TEXT}" t="inlineStr"><is><t>`);
  const ID_CLOSE = utf8('</t></is></c>');
  let refs = 0;

  const start = (col: number, out: ByteChunks) => {
    out.bytes(open[col]!);
    rowDigits.writeTo(out);
  };
  const num = (col: number, v: number | null, out: ByteChunks) => {
    if (v === null) return;
    start(col, out);
    out.bytes(NUM_OPEN);
    out.int(v);
    out.bytes(NUM_CLOSE);
  };
  const cell = (col: number, tail: CellTail, out: ByteChunks) => {
    if (tail === NO_CELL) return;
    start(col, out);
    out.bytes(tail.bytes);
    if (tail.shared) refs++;
  };
  const time = (col: number, k: 0 | 1 | 2 | 3, ms: number | null, out: ByteChunks) => {
    if (ms === null) return;
    start(col, out);
    out.bytes(times[k].get(w.serialSecond(ms), ms));
  };
  const msgId = msgIdWriter();
  const yesNo = (v: boolean) => flag.get(v ? x.yes : x.no);
  // A number is digits (nothing to guard or escape; Text format): written as it is.
  const numberCell = (v: string, out: ByteChunks) => {
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return cell(3, textTail(v, true, false), out);
    }
    if (v === '') return;
    start(3, out);
    out.bytes(ID_OPEN);
    out.text(v);
    out.bytes(ID_CLOSE);
  };

  return (r, row, out) => {
    rowDigits.set(row);
    out.bytes(ROW_OPEN);
    rowDigits.writeTo(out);
    out.bytes(ROW_OPEN_END);
    num(0, r.campaignId, out);
    cell(1, campaign.get(r.campaignName), out);
    cell(2, account.get(r.accountName), out);
    numberCell(r.number, out);
    cell(4, state.get(r.messageState), out);
    cell(5, segmentState.get(r.segmentState), out);
    cell(6, stat.get(r.stat), out);
    cell(7, statMeaning.get(r.stat), out);
    num(8, r.result, out);
    cell(9, reason.get(r.reason), out);
    cell(10, text.get(r.text), out);
    if (r.msgIdHigh !== null) {
      start(11, out);
      out.bytes(ID_OPEN);
      msgId.decimal(out, r.msgIdHigh, r.msgIdLow!);
      out.bytes(ID_CLOSE);
      start(12, out);
      out.bytes(ID_OPEN);
      msgId.digits22(out, r.msgIdHigh, r.msgIdLow!);
      out.bytes(ID_CLOSE);
    }
    num(13, r.pkNumber, out);
    num(14, r.pkTotal, out);
    time(15, 0, r.createdAt, out);
    time(16, 1, r.submitAt, out);
    time(17, 2, r.responseAt, out);
    time(18, 3, r.reportAt, out);
    cell(19, done.get(r.doneTime), out);
    cell(20, src.get(r.srcId), out);
    cell(21, service.get(r.serviceId), out);
    cell(22, feeType.get(r.feeType), out);
    cell(23, feeCode.get(r.feeCode), out);
    num(24, r.billedCount, out);
    cell(25, yesNo(r.inDoubt), out);
    cell(26, yesNo(r.possibleDuplicate), out);
    num(27, r.sendCount, out);
    num(28, r.messageId, out);
    out.bytes(ROW_CLOSE);
    if (refs > 0) {
      w.countSharedRefs(refs);
      refs = 0;
    }
  };
}
