// Splits a TCP byte stream into whole CMPP frames. docs/protocol.md "Gateway quirks tolerated": a partial frame is kept across reads,
// never dropped, or every later length is garbage.
import { CmppFramingError } from './errors.js';
import { HEADER_LENGTH, MAX_FRAME, readUint32 } from './header.js';

export { MAX_FRAME } from './header.js';

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export class FrameReader {
  /** Bytes of the incomplete frame: 4 bytes until Total_Length is known, then the whole frame. */
  private partial: Buffer | null = null;
  private have = 0;
  private failure: CmppFramingError | null = null;

  /** Bytes held of a frame not yet complete. */
  get buffered(): number {
    return this.have;
  }

  /** True once a framing error was seen; every later push() throws one too. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /**
   * Feeds one chunk and returns the frames it completes, in order: any split or coalescing of the
   * stream yields the same frames. A frame that arrives whole is a view of `chunk` (so push() takes
   * ownership: do not modify the chunk afterwards; socket chunks are never reused); a frame
   * assembled across chunks is a fresh Buffer. Throws CmppFramingError on a Total_Length < 12 or
   * > MAX_FRAME, as soon as its 4 bytes arrive, carrying the frames completed before it; the reader
   * stays failed (the connection must be reset).
   */
  push(chunk: Uint8Array): Buffer[] {
    if (this.failure !== null) {
      // A fresh error without frames, so frames are never handed out twice.
      throw new CmppFramingError(`reader failed earlier: ${this.failure.message}`, this.failure.totalLength);
    }
    const c = asBuffer(chunk);
    const n = c.length;
    const frames: Buffer[] = [];
    let off = 0;
    if (this.partial !== null) {
      if (this.have < 4) {
        const take = Math.min(4 - this.have, n);
        c.copy(this.partial, this.have, 0, take);
        this.have += take;
        off = take;
        if (this.have < 4) return frames;
        const total = readUint32(this.partial, 0);
        this.check(total, frames);
        const whole = Buffer.allocUnsafe(total);
        this.partial.copy(whole, 0, 0, 4);
        this.partial = whole;
      }
      const take = Math.min(this.partial.length - this.have, n - off);
      c.copy(this.partial, this.have, off, off + take);
      this.have += take;
      off += take;
      if (this.have < this.partial.length) return frames;
      frames.push(this.partial);
      this.partial = null;
      this.have = 0;
    }
    while (off < n) {
      const rest = n - off;
      if (rest < 4) {
        this.partial = Buffer.allocUnsafe(4);
        c.copy(this.partial, 0, off, n);
        this.have = rest;
        break;
      }
      const total = readUint32(c, off);
      this.check(total, frames);
      if (rest < total) {
        this.partial = Buffer.allocUnsafe(total);
        c.copy(this.partial, 0, off, n);
        this.have = rest;
        break;
      }
      frames.push(c.subarray(off, off + total));
      off += total;
    }
    return frames;
  }

  private check(total: number, frames: Buffer[]): void {
    if (total >= HEADER_LENGTH && total <= MAX_FRAME) return;
    this.partial = null;
    this.have = 0;
    this.failure = new CmppFramingError(
      `Total_Length ${total} is ${total < HEADER_LENGTH ? `below the ${HEADER_LENGTH}-byte header` : `above the ${MAX_FRAME}-byte maximum`}: the stream cannot be framed any more`,
      total,
      frames,
    );
    throw this.failure;
  }
}
