// The file side every export shares: written under a temporary name beside the target and renamed
// at the end, so a reader never sees half a file and a failed or cancelled export leaves nothing
// (its partial file is removed). CSV: UTF-8 with a BOM (Excel detects UTF-8 only with it), CRLF.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { csvRecord } from './csv.js';
import { IoError } from './io-errors.js';
import { XlsxStreamWriter, type XlsxCell, type XlsxColumn, type XlsxWriterOptions } from './xlsx-writer.js';

export type ExportFormat = 'csv' | 'xlsx';

export function checkFormat(format: unknown): ExportFormat {
  if (format !== 'csv' && format !== 'xlsx') {
    throw new IoError('invalid-input', `format must be csv or xlsx, got ${JSON.stringify(format)}`, { code: 'not-in-set', field: 'format', params: { allowed: 'csv / xlsx', value: String(format).slice(0, 40) } });
  }
  return format;
}

/** Checks the target's directory exists; returns the absolute target and its temporary name. */
export async function exportPaths(out: string): Promise<{ out: string; temp: string }> {
  if (typeof out !== 'string' || out.trim() === '') throw new IoError('invalid-input', 'an output file path is required', { code: 'required', field: 'out' });
  const abs = resolve(out);
  const dir = dirname(abs);
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new IoError('not-found', `the folder ${dir} does not exist`);
  }
  try {
    if ((await stat(abs)).isDirectory()) throw new IoError('invalid-input', `${abs} is a folder, not a file`, { code: 'is-a-folder', field: 'out', params: { value: abs } });
  } catch (e) {
    if (e instanceof IoError) throw e;
  }
  const temp = join(dir, `.${basename(abs)}.${process.pid}-${Math.random().toString(36).slice(2, 8)}.partial`);
  return { out: abs, temp };
}

/** Rows go to one of these; both wait for the disk (backpressure) before taking more. */
export interface TableSink {
  /** Starts the table (CSV) or a sheet (XLSX) with its header row. */
  begin(header: readonly string[], columns?: readonly XlsxColumn[], sheetName?: string): Promise<void>;
  write(rows: readonly (readonly XlsxCell[])[]): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export class CsvSink implements TableSink {
  private readonly file: WriteStream;
  private error: Error | null = null;
  private failure: Promise<never>;

  constructor(
    readonly path: string,
    private readonly cellText: (cell: XlsxCell, column: number) => string,
  ) {
    // A few MB may wait for the disk, so formatting the next page overlaps writing this one.
    this.file = createWriteStream(path, { flags: 'wx', highWaterMark: 4 * 1024 * 1024 });
    this.failure = new Promise<never>((_, reject) => {
      this.file.on('error', (e) => {
        this.error ??= e;
        reject(new IoError('io', `cannot write ${path}: ${e.message}`));
      });
    });
    this.failure.catch(() => undefined);
  }

  async begin(header: readonly string[]): Promise<void> {
    await this.put(`\ufeff${csvRecord(header)}`);
  }

  async write(rows: readonly (readonly XlsxCell[])[]): Promise<void> {
    let s = '';
    for (const row of rows) s += csvRecord(row.map((c, i) => this.cellText(c, i)));
    await this.put(s);
  }

  /** Lines already formatted and UTF-8 encoded by the caller (each ending in CRLF), in pieces. */
  async writeUtf8(parts: readonly Buffer[]): Promise<void> {
    if (this.error) throw new IoError('io', `cannot write ${this.path}: ${this.error.message}`);
    let ok = true;
    for (const p of parts) ok = this.file.write(p);
    if (!ok) await Promise.race([once(this.file, 'drain'), this.failure]);
  }

  async finish(): Promise<void> {
    this.file.end();
    await Promise.race([once(this.file, 'close'), this.failure]);
    if (this.error) throw new IoError('io', `cannot write ${this.path}: ${this.error.message}`);
  }

  async abort(): Promise<void> {
    if (!this.file.closed) {
      this.file.destroy();
      await once(this.file, 'close').catch(() => undefined);
    }
  }

  private async put(s: string): Promise<void> {
    if (this.error) throw new IoError('io', `cannot write ${this.path}: ${this.error.message}`);
    if (!this.file.write(s, 'utf8')) await Promise.race([once(this.file, 'drain'), this.failure]);
  }
}

/** XLSX: a new sheet (header repeated) whenever one would pass `sheetRowLimit` rows, header included. */
export class XlsxSink implements TableSink {
  private readonly writer: XlsxStreamWriter;
  private header: readonly string[] = [];
  private columns: readonly XlsxColumn[] = [];
  private sheetName = 'Sheet';
  private sheets = 0;

  constructor(
    readonly path: string,
    private readonly sheetRowLimit: number,
    options: XlsxWriterOptions = {},
  ) {
    if (!Number.isInteger(sheetRowLimit) || sheetRowLimit < 2 || sheetRowLimit > 1_048_576) {
      throw new IoError('invalid-input', `sheet row limit must be 2..1048576, got ${sheetRowLimit}`);
    }
    this.writer = new XlsxStreamWriter(path, options);
  }

  get sheetCount(): number {
    return this.sheets;
  }

  async begin(header: readonly string[], columns: readonly XlsxColumn[] = [], sheetName = 'Sheet'): Promise<void> {
    this.header = header;
    this.columns = columns;
    this.sheetName = sheetName;
    await this.newSheet();
  }

  async write(rows: readonly (readonly XlsxCell[])[]): Promise<void> {
    let at = 0;
    while (at < rows.length) {
      const room = this.sheetRowLimit - this.writer.sheetRows;
      if (room <= 0) {
        await this.newSheet();
        continue;
      }
      const part = at === 0 && rows.length <= room ? rows : rows.slice(at, at + room);
      await this.writer.writeRows(part);
      at += part.length;
    }
  }

  /** The writer, for rows built by hand (shared strings, time values). */
  get xlsx(): XlsxStreamWriter {
    return this.writer;
  }

  /** Rows the current sheet has (header included). */
  get sheetRows(): number {
    return this.writer.sheetRows;
  }

  /** Rows the current sheet can still take. */
  get room(): number {
    return this.sheetRowLimit - this.writer.sheetRows;
  }

  /** Starts the next sheet, header repeated. */
  nextSheet(): Promise<void> {
    return this.newSheet();
  }

  /** `count` rows built by hand as UTF-8, numbered from sheetRows + 1, that fit in the sheet (room). */
  appendRows(chunks: readonly Buffer[], count: number): Promise<void> {
    if (count > this.room) throw new IoError('invalid-input', `${count} rows do not fit in the sheet (${this.room} left)`);
    return this.writer.appendRowsUtf8(chunks, count);
  }

  async finish(): Promise<void> {
    try {
      await this.writer.close();
    } catch (e) {
      throw new IoError((e as Error).message.includes('4 GiB') ? 'too-large' : 'io', (e as Error).message);
    }
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }

  private async newSheet(): Promise<void> {
    this.sheets++;
    await this.writer.addSheet(this.sheets === 1 ? this.sheetName : `${this.sheetName} (${this.sheets})`, this.columns);
    await this.writer.writeHeader(this.header);
  }
}

/** Runs `body` against a sink on the temporary file; renames on success, removes it otherwise. */
export async function writeAtomically<T>(
  paths: { out: string; temp: string },
  makeSink: (temp: string) => TableSink,
  body: (sink: TableSink) => Promise<T>,
): Promise<T> {
  const sink = makeSink(paths.temp);
  try {
    const result = await body(sink);
    await sink.finish();
    try {
      await rename(paths.temp, paths.out);
    } catch (e) {
      // Windows refuses to replace a file another program (Excel) has open.
      throw new IoError('io', `cannot replace ${paths.out}: ${(e as Error).message} (is it open in another program?)`);
    }
    return result;
  } catch (e) {
    await sink.abort().catch(() => undefined);
    await rm(paths.temp, { force: true }).catch(() => undefined);
    throw e;
  }
}
