// Checks a workbook's zip before anything parses it: the central directory must be whole (a
// truncated download has none, and a streaming unzip would wait for the rest forever), the parts an
// XLSX needs must be there (a .docx or a plain .zip says what it is), and every part is inflated
// once, its CRC-32 checked (a damaged part is named before any row is read) and its decompressed
// size counted against the caller's limits (declared sizes can lie; a zip bomb is stopped after at
// most the limit, its output thrown away as it comes).
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { crc32, createInflateRaw } from 'node:zlib';

/** Decompressed sizes in bytes, and the number of entries, an import accepts. */
export interface WorkbookLimits {
  totalBytes: number;
  sharedStringsBytes: number;
  otherPartBytes: number;
  entries: number;
}

type SizeLimit = 'totalBytes' | 'sharedStringsBytes' | 'otherPartBytes';

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 100) / 100} MiB`;

/** The file is not a complete, acceptable XLSX zip; the message says why, quoting any limit. */
export class ZipCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipCheckError';
  }
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const b = Buffer.alloc(len);
  const { bytesRead } = await fh.read(b, 0, len, pos);
  return b.subarray(0, bytesRead);
}

async function centralDirectory(fh: FileHandle, size: number, limits: WorkbookLimits): Promise<Entry[]> {
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipCheckError('the file is truncated or damaged: its zip directory (at the end of an XLSX) is missing; copy or download it again');
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipCheckError(`the workbook is a ZIP64 archive, larger than the ${mib(limits.totalBytes)} an import reads`);
  if (count > limits.entries) throw new ZipCheckError(`the workbook has ${count} parts; at most ${limits.entries} are read`);
  if (cdOffset + cdSize > size - tail.length + at) throw new ZipCheckError('the file is truncated or damaged: its zip directory points past the end of the file');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN_SIG) throw new ZipCheckError('the file is damaged: its zip directory is malformed');
    const nameLen = cd.readUInt16LE(p + 28);
    const skip = nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    entries.push({
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + skip;
  }
  return entries;
}

function limitOf(name: string): SizeLimit | null {
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) return null; // only the total bounds a worksheet
  if (/^xl\/sharedStrings\.xml$/i.test(name)) return 'sharedStringsBytes';
  return 'otherPartBytes';
}

function tooBig(name: string, key: SizeLimit, limits: WorkbookLimits): ZipCheckError {
  const what = key === 'totalBytes' ? 'the workbook decompresses to' : `part ${name} decompresses to`;
  return new ZipCheckError(`${what} more than ${mib(limits[key])}, the most an import reads (a "zip bomb", or a workbook too large: split it or save it as CSV)`);
}

/**
 * Counts the <row> elements of a worksheet's XML as it streams past, tags cut by a chunk edge
 * included. The streaming reader gives one row per such element, so the two counts must agree.
 */
export class RowTagCounter {
  private carry = '';
  private n = 0;

  push(chunk: Buffer): void {
    let text = this.carry + chunk.toString('latin1');
    const lt = text.lastIndexOf('<');
    // A tag still open at the chunk's end waits for the next chunk (tags are short).
    if (lt >= 0 && text.indexOf('>', lt) < 0 && text.length - lt < 16) {
      this.carry = text.slice(lt);
      text = text.slice(0, lt);
    } else this.carry = '';
    this.n += countRowTags(text);
  }

  get rows(): number {
    return this.n + countRowTags(`${this.carry} `);
  }
}

function countRowTags(text: string): number {
  let n = 0;
  for (let i = text.indexOf('<row'); i >= 0; i = text.indexOf('<row', i + 4)) if (/[\s/>]/.test(text[i + 4] ?? '')) n++;
  return n;
}

/** Worksheet parts the streaming reader parses (xl/worksheets/sheetN.xml). */
const READ_WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/** Inflates one entry, counting; rejects past `max` bytes (the rest is never decompressed). */
async function inflatedSize(path: string, fh: FileHandle, e: Entry, max: number, onTooBig: () => ZipCheckError, rows?: RowTagCounter): Promise<number> {
  const loc = await readAt(fh, e.localOffset, 30);
  if (loc.length < 30 || loc.readUInt32LE(0) !== LOC_SIG) throw new ZipCheckError(`the file is damaged: part ${e.name} is not where the zip directory says`);
  const start = e.localOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
  if (e.compressedSize === 0) return 0;
  const raw = createReadStream(path, { start, end: start + e.compressedSize - 1 });
  const damaged = () => new ZipCheckError(`the file is damaged: part ${e.name} fails its checksum; copy or save it again`);
  if (e.method === 0) {
    if (e.compressedSize > max) {
      raw.destroy();
      throw onTooBig();
    }
    let crc = 0;
    for await (const chunk of raw) {
      crc = crc32(chunk as Buffer, crc);
      rows?.push(chunk as Buffer);
    }
    if (crc >>> 0 !== e.crc) throw damaged();
    return e.compressedSize;
  }
  if (e.method !== 8) throw new ZipCheckError(`part ${e.name} uses zip compression method ${e.method}; Excel writes only deflate`);
  const inflate = createInflateRaw();
  let n = 0;
  let crc = 0;
  return new Promise<number>((resolve, reject) => {
    const fail = (err: Error) => {
      raw.destroy();
      inflate.destroy();
      reject(err);
    };
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > max) fail(onTooBig());
      else {
        crc = crc32(chunk, crc);
        rows?.push(chunk);
      }
    });
    inflate.on('error', (err) => fail(new ZipCheckError(`the file is damaged: part ${e.name} does not decompress (${err.message})`)));
    // A flipped bit in the data can still inflate: the CRC-32 of the output tells.
    inflate.on('end', () => (crc >>> 0 === e.crc && n === e.size ? resolve(n) : reject(damaged())));
    raw.on('error', (err) => fail(err));
    raw.pipe(inflate);
  });
}

/**
 * Throws ZipCheckError unless `path` is a whole XLSX zip within `limits`; returns how many rows
 * its worksheets hold, so the reader can prove it read them all.
 */
export async function checkWorkbookZip(path: string, limits: WorkbookLimits): Promise<{ worksheetRows: number }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const entries = await centralDirectory(fh, size, limits);
    const names = new Set(entries.map((e) => e.name));
    if (!names.has('xl/workbook.xml')) {
      const kind = names.has('word/document.xml') ? 'a Word document' : names.has('ppt/presentation.xml') ? 'a PowerPoint file' : 'a zip archive';
      throw new ZipCheckError(`this is ${kind}, not an Excel workbook (it has no xl/workbook.xml): save the contacts as .xlsx or CSV`);
    }
    let total = 0;
    let worksheetRows = 0;
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      const key = limitOf(e.name);
      const partMax = key === null ? limits.totalBytes : limits[key];
      if (key !== null && e.size > partMax) throw tooBig(e.name, key, limits);
      const left = limits.totalBytes - total;
      const max = Math.min(partMax, left);
      const rows = READ_WORKSHEET.test(e.name) ? new RowTagCounter() : undefined;
      total += await inflatedSize(path, fh, e, max, () => tooBig(e.name, max === left || key === null ? 'totalBytes' : key, limits), rows);
      worksheetRows += rows?.rows ?? 0;
    }
    return { worksheetRows };
  } finally {
    await fh.close();
  }
}
