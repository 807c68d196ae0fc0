// Reading a text file whose encoding nobody states (imports must accept GBK CSV as
// well as UTF-8; Chinese operators' Excel saves CSV as GBK unless told otherwise).
// Detection, in order: a BOM (UTF-8, UTF-16LE/BE: Excel's "Unicode text"); else UTF-8 when the
// whole file is valid UTF-8; else GB18030 (a superset of GBK and GB2312, so a GBK file decodes
// the same). A GBK file that happens to be valid UTF-8 is practically impossible for Chinese text
// (GBK's two-byte pairs rarely form valid UTF-8 sequences over a whole file).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface TextFileInfo {
  encoding: TextEncoding;
  /** The file starts with a byte-order mark (skipped when decoding). */
  bom: boolean;
  bytes: number;
  /** SHA-256 of the file: an import checks the file is the one that was previewed. */
  sha256: string;
}

/** The file is not readable as text (binary, or a spreadsheet format we do not read). */
export class TextFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TextFileError';
  }
}

const BOMS: readonly [TextEncoding, Buffer][] = [
  ['utf-8', Buffer.from([0xef, 0xbb, 0xbf])],
  ['utf-16le', Buffer.from([0xff, 0xfe])],
  ['utf-16be', Buffer.from([0xfe, 0xff])],
];

/** One pass over the file: BOM, UTF-8 validity, NUL bytes, size and hash. */
export async function sniffTextFile(path: string, signal?: AbortSignal): Promise<TextFileInfo> {
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let head: Buffer | null = null;
  let bom: TextEncoding | null = null;
  let validUtf8 = true;
  let nul = false;
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (head === null) {
      head = chunk.subarray(0, 4);
      for (const [enc, mark] of BOMS) {
        if (chunk.length >= mark.length && chunk.subarray(0, mark.length).equals(mark)) {
          bom = enc;
          break;
        }
      }
    }
    bytes += chunk.length;
    if (bom === 'utf-16le' || bom === 'utf-16be') continue;
    if (!nul && chunk.includes(0)) nul = true;
    if (validUtf8 && bom === null) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
  }
  if (validUtf8 && bom === null) {
    try {
      utf8.decode();
    } catch {
      validUtf8 = false; // the file ends inside a UTF-8 sequence
    }
  }
  if (nul) throw new TextFileError('the file contains NUL bytes: it is not a CSV text file (save it from Excel as CSV or XLSX)');
  const encoding: TextEncoding = bom ?? (validUtf8 ? 'utf-8' : 'gb18030');
  return { encoding, bom: bom !== null, bytes, sha256: hash.digest('hex') };
}

/** Decodes the file in pieces (BOM removed); `expectSha256` fails the read if the file changed. */
export async function* readTextChunks(
  path: string,
  info: Pick<TextFileInfo, 'encoding'> & { sha256?: string },
  { signal, chunkBytes = 64 * 1024 }: { signal?: AbortSignal; chunkBytes?: number } = {},
): AsyncGenerator<string> {
  // iconv-lite strips a BOM by default for UTF-8/UTF-16.
  const decoder = iconv.getDecoder(info.encoding);
  const hash = info.sha256 ? createHash('sha256') : null;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes, signal }) as AsyncIterable<Buffer>) {
    hash?.update(chunk);
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
  if (hash && hash.digest('hex') !== info.sha256) throw new TextFileError('the file changed while it was being read; preview it again');
}

/** SHA-256 of any file (XLSX imports use it the same way). */
export async function fileSha256(path: string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** How the encoding is named to the operator. */
export function encodingLabel(info: Pick<TextFileInfo, 'encoding' | 'bom'>): string {
  switch (info.encoding) {
    case 'utf-8':
      return info.bom ? 'UTF-8 + BOM' : 'UTF-8'; // language-neutral: the UI shows it as is
    case 'gb18030':
      return 'GBK/GB18030';
    case 'utf-16le':
      return 'UTF-16LE';
    case 'utf-16be':
      return 'UTF-16BE';
  }
}
