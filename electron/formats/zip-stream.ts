// A zip file written front to back as a stream (APPNOTE.TXT 6.3): each entry is deflated and its
// sizes follow it in a data descriptor, so nothing is held back to go before it; the central
// directory comes last. No ZIP64: an entry or a file past 4 GiB is refused with a clear error
// rather than written corrupt. It knows nothing of what the entries hold (xlsx-writer.ts does).
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { TransformOptions } from 'node:stream';
import { constants as zc, crc32, createDeflateRaw, deflateRawSync, type DeflateRaw } from 'node:zlib';

/** The largest size or offset a zip without ZIP64 holds. */
export const ZIP_MAX_BYTES = 0xffff_ffff;

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** An entry being deflated: write() takes its bytes, in order; the zip ends it. */
export class DeflatedEntry {
  constructor(
    readonly entry: Entry,
    readonly deflate: DeflateRaw,
  ) {}

  /** Uncompressed bytes written so far. */
  get size(): number {
    return this.entry.size;
  }

  /** false: the deflate stream is full (wait for ZipStreamWriter.drain). */
  write(buf: Buffer): boolean {
    this.entry.crc = crc32(buf, this.entry.crc);
    this.entry.size += buf.length;
    return this.deflate.write(buf);
  }
}

export class ZipStreamWriter {
  private readonly file: WriteStream;
  private readonly entries: Entry[] = [];
  private offset = 0;
  private failure: Error | null = null;
  private failure$: Promise<never> | undefined;
  private onFailure: ((e: Error) => void) | undefined;
  private readonly dosTime: number;
  private readonly dosDate: number;

  /**
   * `error` makes the errors thrown (the caller's own class); `tooLarge` says, in the words of the
   * caller's format, that the file would pass 4 GiB.
   */
  constructor(
    readonly path: string,
    private readonly error: (message: string) => Error,
    private readonly tooLarge: string,
  ) {
    const d = new Date();
    this.dosTime = (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2);
    this.dosDate = ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
    // 'wx': never overwrite a file that is there.
    this.file = createWriteStream(path, { flags: 'wx', highWaterMark: 1024 * 1024 });
    this.file.on('error', (e) => this.fail(e));
  }

  /** Throws the first failure of the file or a deflate stream. */
  check(): void {
    if (this.failure) throw this.error(`cannot write ${this.path}: ${this.failure.message}`);
  }

  /**
   * Starts an entry deflated as it is written, at zlib `level`, its compressed bytes going to the
   * file with the file's backpressure.
   */
  beginDeflated(name: string, level: number): DeflatedEntry {
    const entry = this.beginEntry(name);
    // Up to 4 MB may wait for zlib (which deflates on libuv's thread pool), so building the next
    // bytes overlaps compressing these: with the default 16 KB the two took turns.
    // (Zlib streams take the Transform options too; @types/node does not say so.)
    const stream: Pick<TransformOptions, 'writableHighWaterMark'> = { writableHighWaterMark: 4 * 1024 * 1024 };
    const deflate = createDeflateRaw({ level, memLevel: 9, strategy: zc.Z_DEFAULT_STRATEGY, chunkSize: 64 * 1024, ...stream });
    deflate.on('data', (c: Buffer) => {
      entry.compressed += c.length;
      this.offset += c.length;
      if (!this.file.write(c)) {
        deflate.pause();
        this.file.once('drain', () => deflate.resume());
      }
    });
    deflate.on('error', (e) => this.fail(e));
    return new DeflatedEntry(entry, deflate);
  }

  /** Waits until the entry's deflate stream takes more (or a failure). */
  async drain(e: DeflatedEntry): Promise<void> {
    await Promise.race([once(e.deflate, 'drain'), this.failed()]);
    this.check();
  }

  /** Flushes the entry's deflate stream and writes its data descriptor. */
  async endDeflated(e: DeflatedEntry): Promise<void> {
    const ended = once(e.deflate, 'end');
    e.deflate.end();
    await Promise.race([ended, this.failed()]);
    await this.put(this.descriptor(e.entry));
    this.entries.push(e.entry);
  }

  /** A small entry, deflated in one piece. */
  async smallEntry(name: string, text: string): Promise<void> {
    const entry = this.beginEntry(name);
    const data = Buffer.from(text, 'utf8');
    const z = deflateRawSync(data, { level: 6 });
    entry.crc = crc32(data);
    entry.size = data.length;
    entry.compressed = z.length;
    this.raw(z);
    await this.put(this.descriptor(entry));
    this.entries.push(entry);
  }

  /** Writes the central directory and closes the file; the zip is complete when this resolves. */
  async finish(): Promise<void> {
    await this.centralDirectory();
    this.file.end();
    await Promise.race([once(this.file, 'close'), this.failed()]);
    this.check();
  }

  /** Stops writing and closes the file (the caller removes it). Never throws. */
  async abort(open?: DeflatedEntry | null): Promise<void> {
    open?.deflate.destroy();
    if (!this.file.closed) {
      this.file.destroy();
      await once(this.file, 'close').catch(() => undefined);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.onFailure?.(e);
  }

  /** Rejects when the file or a deflate stream fails: races every wait for 'drain'. */
  private failed(): Promise<never> {
    this.failure$ ??= new Promise<never>((_, reject) => {
      this.onFailure = (e) => reject(this.error(`cannot write ${this.path}: ${e.message}`));
      if (this.failure) this.onFailure(this.failure);
    });
    this.failure$.catch(() => undefined);
    return this.failure$;
  }

  private beginEntry(name: string): Entry {
    const entry: Entry = { name: Buffer.from(name, 'utf8'), offset: this.offset, crc: 0, compressed: 0, size: 0 };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    h.writeUInt16LE(0x0808, 6); // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(this.dosTime, 10);
    h.writeUInt16LE(this.dosDate, 12);
    // crc, sizes: 0 here, in the data descriptor
    h.writeUInt16LE(entry.name.length, 26);
    this.raw(Buffer.concat([h, entry.name]));
    return entry;
  }

  private descriptor(e: Entry): Buffer {
    if (e.compressed > ZIP_MAX_BYTES || this.offset > ZIP_MAX_BYTES) throw this.error(this.tooLarge);
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(e.crc >>> 0, 4);
    d.writeUInt32LE(e.compressed, 8);
    d.writeUInt32LE(e.size, 12);
    return d;
  }

  private async centralDirectory(): Promise<void> {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      parts.push(h, e.name);
    }
    const cd = Buffer.concat(parts);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(start, 16);
    if (start + cd.length > ZIP_MAX_BYTES) throw this.error(this.tooLarge);
    this.raw(cd);
    await this.put(end);
  }

  /** Writes bytes outside any deflate stream, counting the offset. */
  private raw(buf: Buffer): void {
    this.offset += buf.length;
    this.file.write(buf);
  }

  private async put(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (!this.file.write(buf)) await Promise.race([once(this.file, 'drain'), this.failed()]);
    this.check();
  }
}
