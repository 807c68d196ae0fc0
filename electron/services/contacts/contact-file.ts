// Reading a contacts file as rows of text, whatever its format: CSV in any of the encodings and
// delimiters Excel and WPS write (text-file.ts, csv.ts), or XLSX (xlsx-reader.ts). The format is
// told by the file's first bytes, not its name. Problems that belong to one row (a malformed CSV
// record, an XLSX formula without a saved result) travel with the row; a file that cannot be read
// past some point is an IoError naming the line.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvFormatError, CsvReader, detectDelimiter, type CsvDelimiter } from '../../formats/csv.js';
import { IoError } from '../../formats/io-errors.js';
import { fileSha256, readTextChunks, sniffTextFile, TextFileError, type TextFileInfo } from '../../formats/text-file.js';
import { readXlsxRows, XlsxIncompleteReadError, XlsxReadError } from '../../formats/xlsx-reader.js';
import type { WorkbookLimits } from '../../formats/zip-check.js';
import { INPUT_LIMITS } from '../../../shared/input-limits.js';

const WORKBOOK_LIMITS: WorkbookLimits = {
  totalBytes: INPUT_LIMITS.xlsxTotalBytes,
  sharedStringsBytes: INPUT_LIMITS.xlsxSharedStringsBytes,
  otherPartBytes: INPUT_LIMITS.xlsxOtherPartBytes,
  entries: INPUT_LIMITS.xlsxEntries,
};

export type ContactFileFormat = 'csv' | 'xlsx';

/** Row problems found while reading (the importer adds the number and group checks). */
export type SourceProblem =
  | 'malformed-row' // CSV: text after a closing quote, or a different number of fields than the header
  | 'formula-without-result' // XLSX: a formula cell with no cached value (never evaluated)
  | 'cell-error' // XLSX: #N/A, #REF!, ... in a cell
  | 'undecodable'; // bytes that are not GBK/GB18030 text

export interface SourceRow {
  line: number;
  /** Data-row order (1-based), set when the row is taken. */
  seq?: number;
  sheet?: string;
  sheetIndex?: number;
  cells: string[];
  /** Row-level problem found while reading (CSV structure, XLSX cell). */
  problem?: { problem: SourceProblem; message: string };
}

export interface Source {
  format: ContactFileFormat;
  info?: TextFileInfo;
  delimiter?: CsvDelimiter;
  bytes: number;
  sha256: string;
  rows: AsyncGenerator<SourceRow[]>;
}

async function detectFormat(path: string): Promise<{ format: ContactFileFormat; bytes: number }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new IoError(code === 'ENOENT' ? 'not-found' : 'io', `cannot open ${path}: ${(e as Error).message}`);
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) throw new IoError('malformed-file', `${basename(path)} is empty`);
    const head = Buffer.alloc(8);
    await fh.read(head, 0, 8, 0);
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { format: 'xlsx', bytes: size };
    if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      throw new IoError('unsupported-format', `${basename(path)} is a legacy Excel .xls file: save it as .xlsx or CSV`);
    }
    return { format: 'csv', bytes: size };
  } finally {
    await fh.close();
  }
}

export async function openSource(path: string, signal: AbortSignal | undefined, expectedSha256: string | undefined): Promise<Source> {
  const { format, bytes } = await detectFormat(path);
  if (format === 'csv') {
    let info: TextFileInfo;
    try {
      info = await sniffTextFile(path, signal);
    } catch (e) {
      if (e instanceof TextFileError) throw new IoError('unsupported-format', `${basename(path)}: ${e.message}`);
      throw e;
    }
    if (expectedSha256 !== undefined && info.sha256 !== expectedSha256) {
      throw new IoError('file-changed', `${basename(path)} changed since it was previewed; preview it again`);
    }
    const source: Source = { format, info, bytes: info.bytes, sha256: info.sha256, rows: csvRows(path, info, signal, (d) => (source.delimiter = d)) };
    return source;
  }
  // XLSX: hash first (cheap next to parsing), so a changed file fails before anything is written.
  const { sha256 } = await fileSha256(path, signal);
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    throw new IoError('file-changed', `${basename(path)} changed since it was previewed; preview it again`);
  }
  return { format, bytes, sha256, rows: xlsxRows(path) };
}

async function* csvRows(path: string, info: TextFileInfo, signal: AbortSignal | undefined, onDelimiter: (d: CsvDelimiter) => void): AsyncGenerator<SourceRow[]> {
  let reader: CsvReader | null = null;
  let lineOffset = 0;
  const undecodable = info.encoding === 'gb18030';
  const convert = (recs: ReturnType<CsvReader['push']>): SourceRow[] =>
    recs.map((r) => {
      const row: SourceRow = { line: r.line + lineOffset, cells: r.fields };
      if (r.problem) row.problem = { problem: 'malformed-row', message: `line ${row.line}: ${r.problem}` };
      else if (undecodable && r.fields.some((f) => f.includes('\ufffd'))) {
        row.problem = { problem: 'undecodable', message: `line ${row.line}: bytes that are not GBK/GB18030 text` };
      }
      return row;
    });
  try {
    for await (let text of readTextChunks(path, info, { signal })) {
      if (!reader) {
        // Excel's "sep=;" first line names the delimiter.
        const sep = /^sep=([,;\t])\r?\n?/i.exec(text);
        let delimiter: CsvDelimiter;
        if (sep) {
          delimiter = sep[1] as CsvDelimiter;
          text = text.slice(sep[0].length);
          lineOffset = 1;
        } else delimiter = detectDelimiter(text.slice(0, 64 * 1024));
        onDelimiter(delimiter);
        reader = new CsvReader(delimiter);
      }
      const rows = convert(reader.push(text));
      if (rows.length) yield rows;
    }
    if (reader) {
      const rows = convert(reader.end());
      if (rows.length) yield rows;
    }
  } catch (e) {
    if (e instanceof CsvFormatError) throw new IoError('malformed-file', `${basename(path)} ${e.message.replace(/^line (\d+)/, (_, n) => `line ${Number(n) + lineOffset}`)}`);
    if (e instanceof TextFileError) throw new IoError('file-changed', `${basename(path)}: ${e.message}`);
    throw e;
  }
}

/** Reads of a workbook before an incomplete one is an error (see XlsxIncompleteReadError). */
const XLSX_READS = 3;

async function* xlsxRows(path: string): AsyncGenerator<SourceRow[]> {
  let batch: SourceRow[] = [];
  // Rows already passed on (yielded or in `batch`): a read again after an incomplete one skips
  // them, since the rows it does give are the file's own, in order.
  let taken = 0;
  for (let attempt = 1; ; attempt++) {
    let seen = 0;
    try {
      for await (const r of readXlsxRows(path, WORKBOOK_LIMITS)) {
        if (seen++ < taken) continue;
        taken++;
        const row: SourceRow = { line: r.row, sheet: r.sheet, sheetIndex: r.sheetIndex, cells: r.cells.map((c) => c.text) };
        const bad = r.cells.findIndex((c) => c.problem);
        if (bad >= 0) {
          const c = r.cells[bad]!;
          const where = `sheet "${r.sheet}" row ${r.row} column ${columnName(bad)}`;
          row.problem =
            c.problem === 'formula-without-result'
              ? { problem: 'formula-without-result', message: `${where}: a formula without a saved result (formulas are never evaluated; open and save the file in Excel, or paste values)` }
              : { problem: 'cell-error', message: `${where}: the cell holds the error ${c.detail ?? ''}`.trim() };
        }
        batch.push(row);
        if (batch.length >= 500) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
      return;
    } catch (e) {
      if (e instanceof XlsxIncompleteReadError && attempt < XLSX_READS) continue;
      if (e instanceof XlsxReadError) throw new IoError('malformed-file', `${basename(path)}: ${e.message}`);
      throw e;
    }
  }
}

export function columnName(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
