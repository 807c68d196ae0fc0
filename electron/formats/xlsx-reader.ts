// Reading XLSX rows as text with exceljs's streaming WorkbookReader (one row in memory at a time).
// Formulas are never evaluated: a formula cell gives its cached result (what Excel last showed),
// and a formula without one (a file written by a tool that does not compute) is reported, as are
// error values (#N/A, #REF!, ...). The formula text itself is never returned, so nothing a
// spreadsheet computes can leak into merge fields.
// The zip is checked first (zip-check.ts): whole, a workbook, within the size limits.
// Types only at load: exceljs costs ~30 MB of memory once loaded, and only an XLSX import needs it.
import type ExcelJS from 'exceljs';
import { checkWorkbookZip, ZipCheckError, type WorkbookLimits } from './zip-check.js';

export type XlsxCellProblem = 'formula-without-result' | 'cell-error';

export interface XlsxTextCell {
  text: string;
  problem?: XlsxCellProblem;
  /** For problems: the error value (#N/A, ...). */
  detail?: string;
}

export interface XlsxTextRow {
  sheet: string;
  /** Sheet index, 1-based, in workbook order. */
  sheetIndex: number;
  /** Row number in its sheet (1-based, as Excel shows it). */
  row: number;
  cells: XlsxTextCell[];
}

/** The file is not a readable XLSX workbook. */
export class XlsxReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxReadError';
  }
}

/**
 * The streaming reader gave fewer rows than the worksheets hold. exceljs parks worksheets that come
 * before the shared strings in temporary files and, now and then under load, loses the last of
 * them; the rows it did give are correct and in order, so a second read can pick up where the
 * caller is (see contacts' xlsxRows).
 */
export class XlsxIncompleteReadError extends XlsxReadError {
  constructor(
    readonly read: number,
    readonly expected: number,
  ) {
    super(`the workbook was read incompletely (${read} of ${expected} rows); nothing was saved, try again`);
    this.name = 'XlsxIncompleteReadError';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** exceljs gives dates as UTC-based Date objects holding Excel's wall-clock value. */
function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

function numberText(n: number): string {
  // Integers up to 2^53 print in full (a phone number stored as a number: 13800138000).
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return n.toFixed(0);
  return String(n);
}

/**
 * OOXML escapes characters XML cannot carry as _xHHHH_ (ST_Xstring; Excel writes control
 * characters so, and a literal "_x0041_" as "_x005F_x0041_"). exceljs's streaming reader leaves
 * them encoded in shared and inline strings alike, so they are decoded here, once.
 */
function decodeXstring(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

export function cellText(value: unknown): XlsxTextCell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: decodeXstring(value) };
  if (typeof value === 'number') return { text: numberText(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : dateText(value) };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined || v.result === null) {
        return { text: '', problem: 'formula-without-result' };
      }
      return cellText(v.result);
    }
    if ('error' in v) return { text: '', problem: 'cell-error', detail: String(v.error) };
    if (Array.isArray(v.richText)) return { text: decodeXstring((v.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('')) };
    if ('text' in v) return cellText(v.text); // hyperlink cell: its shown text
  }
  return { text: String(value) };
}

/**
 * Every non-empty row of every worksheet, in order, as text cells (index 0 = column A).
 * Empty rows inside a sheet are not stored in XLSX and so are not returned.
 */
export async function* readXlsxRows(path: string, limits: WorkbookLimits): AsyncGenerator<XlsxTextRow> {
  let expected: number;
  try {
    expected = (await checkWorkbookZip(path, limits)).worksheetRows;
  } catch (e) {
    if (e instanceof ZipCheckError) throw new XlsxReadError(e.message);
    throw e;
  }
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  const { default: excel } = await import('exceljs');
  try {
    reader = new excel.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      // Styles are needed to tell a date from a number.
      styles: 'cache',
      worksheets: 'emit',
      entries: 'ignore',
    } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
  } catch (e) {
    throw new XlsxReadError(`cannot open the workbook: ${(e as Error).message}`);
  }
  let sheetIndex = 0;
  let read = 0;
  try {
    for await (const sheet of reader) {
      sheetIndex++;
      const name = String((sheet as unknown as { name?: string }).name ?? `Sheet${sheetIndex}`);
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: XlsxTextCell[] = [];
        // row.values is 1-based (index 0 unused) and sparse.
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
        read++;
        yield { sheet: name, sheetIndex, row: row.number, cells };
      }
    }
    if (read !== expected) throw new XlsxIncompleteReadError(read, expected);
  } catch (e) {
    if (e instanceof XlsxReadError) throw e;
    throw new XlsxReadError(`the workbook cannot be read: ${(e as Error).message}`);
  } finally {
    // Stopped early (cancelled, or a file-level error): close the file now, not at GC.
    (reader as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
  }
}
