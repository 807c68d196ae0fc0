// An append-only UTF-8 byte builder for the delivery-log export's row writers. A 1,000,000-row
// export built each row as JS strings (template literals, then one UTF-8 encode per 32K
// characters): measured, the strings, their garbage and the encode were over half of the export's
// CPU. Here digits, cached cells and ASCII text go byte by byte into a Buffer, and text with other
// characters goes through Buffer's UTF-8 encoder (the same bytes Buffer.from(text) gives).
//
// Bytes are written into chunks of CHUNK bytes; take() hands out what was written since the last
// take() (views, never copied) and carries on in the unused rest of the chunk.

const CHUNK = 64 * 1024;

/** "00" "01" ... "99": two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

export class ByteChunks {
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private pos = 0;
  private readonly full: Buffer[] = [];
  /** Digits of an integer, least significant first (uint). */
  private readonly scratch = new Uint8Array(24);

  /** Bytes written since the last take(). */
  get length(): number {
    let n = this.pos - this.start;
    for (const b of this.full) n += b.length;
    return n;
  }

  /** Makes room for `n` more bytes in the current chunk. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > this.start) this.full.push(this.buf.subarray(this.start, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.start = 0;
    this.pos = 0;
  }

  /** The bytes written since the last call, in order. */
  take(): Buffer[] {
    const out = this.full.splice(0);
    if (this.pos > this.start) out.push(this.buf.subarray(this.start, this.pos));
    this.start = this.pos;
    return out;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** Bytes prepared earlier (cached cells, separators), from index `from` on. */
  bytes(b: Uint8Array, from = 0): void {
    const n = b.length - from;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    // A loop beats TypedArray.set for the few bytes of a cell.
    if (n <= 64) for (let i = from; i < b.length; i++) buf[p++] = b[i]!;
    else {
      buf.set(from === 0 ? b : b.subarray(from), p);
      p += n;
    }
    this.pos = p;
  }

  /** Text as UTF-8. */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p + buf.write(i === 0 ? s : s.slice(i), p, 'utf8');
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** A non-negative integer (below 2^53) in decimal. */
  uint(v: number): void {
    this.room(16);
    const buf = this.buf;
    if (v < 10) {
      buf[this.pos++] = 0x30 + v;
      return;
    }
    // Digit pairs from the right into scratch, then copied in order.
    const d = this.scratch;
    let k = 24;
    while (v >= 100) {
      const q = Math.floor(v / 100);
      const r = (v - q * 100) * 2;
      d[--k] = PAIRS[r + 1]!;
      d[--k] = PAIRS[r]!;
      v = q;
    }
    if (v >= 10) {
      d[--k] = PAIRS[v * 2 + 1]!;
      d[--k] = PAIRS[v * 2]!;
    } else d[--k] = 0x30 + v;
    let p = this.pos;
    for (; k < 24; k++) buf[p++] = d[k]!;
    this.pos = p;
  }

  /** An integer as String(v) prints it (the database's integers: negative ones too). */
  int(v: number): void {
    if (v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v)) this.uint(v);
    else this.text(String(v));
  }

  /** A non-negative integer below 10^width, zero-padded to `width` digits. */
  padded(v: number, width: number): void {
    this.room(width);
    const buf = this.buf;
    let p = this.pos + width;
    this.pos = p;
    let left = width;
    while (left >= 2) {
      const q = Math.floor(v / 100);
      const r = (v - q * 100) * 2;
      buf[--p] = PAIRS[r + 1]!;
      buf[--p] = PAIRS[r]!;
      v = q;
      left -= 2;
    }
    if (left === 1) buf[--p] = 0x30 + (v % 10);
  }
}

/** Text as the bytes ByteChunks.text writes (for cells cached once and copied per row). */
export function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** An integer's digits kept for copying many times (a row number in every cell reference of its row). */
export class Digits {
  private readonly d = new Uint8Array(16);
  private from = 16;

  /** A non-negative integer below 10^16. */
  set(v: number): void {
    let k = 16;
    do {
      const q = Math.floor(v / 10);
      this.d[--k] = 0x30 + (v - q * 10);
      v = q;
    } while (v > 0 && k > 0);
    this.from = k;
  }

  writeTo(out: ByteChunks): void {
    out.bytes(this.d, this.from);
  }
}
