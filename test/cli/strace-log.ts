// Reads an `strace -f -yy -xx -s 65536 -o FILE` log of the CLI into the events the durability test
// checks, in the order strace saw them: frames written to the CMPP socket, pages and frame headers
// written to the -wal file, and syncs of the -wal file (a sync is entered on one thread and
// returns later; both positions are kept).
import { readFileSync } from 'node:fs';

export interface WalWrite {
  at: number;
  pid: number;
  data: Buffer;
}

export interface WalSyncCall {
  pid: number;
  enteredAt: number;
  /** Position of the line where the call returned 0 (Infinity while unknown or failed). */
  returnedAt: number;
}

export interface SocketFrame {
  /** Position of the write holding the frame's first byte. */
  at: number;
  commandId: number;
  frame: Buffer;
}

export interface StraceLog {
  walWrites: WalWrite[];
  syncs: WalSyncCall[];
  frames: SocketFrame[];
  /** Lines strace printed for the traced calls. */
  lines: number;
}

const CALL = /^(\d+) +(?:(pwrite64|write|writev|sendto|sendmsg|fsync|fdatasync)\((\d+)<([A-Z0-9-]+:\[[^\]]*\]|[^>]*)>(.*)|<\.\.\. (fsync|fdatasync) resumed>.*= (-?\d+))/;
const STRING = /"((?:\\x[0-9a-f]{2})*)"(\.\.\.)?/g;

function hex(escaped: string): Buffer {
  return Buffer.from(escaped.replaceAll('\\x', ''), 'hex');
}

/**
 * Parses the log. `isCmppSocket` picks the connection to the gateway out of the fd descriptions
 * (e.g. `TCP:[127.0.0.1:41234->127.0.0.1:7890]`); `walPath` is the database's -wal file.
 */
export function readStraceLog(file: string, walPath: string, isCmppSocket: (description: string) => boolean): StraceLog {
  const walWrites: WalWrite[] = [];
  const syncs: WalSyncCall[] = [];
  const frames: SocketFrame[] = [];
  const open = new Map<number, WalSyncCall>();
  const streams = new Map<string, { buf: Buffer; startAt: number }>();
  const text = readFileSync(file, 'latin1').split('\n');
  let at = 0;
  for (const line of text) {
    const m = CALL.exec(line);
    if (!m) continue;
    at++;
    const pid = Number(m[1]);
    if (m[6]) {
      const call = open.get(pid);
      if (call) {
        open.delete(pid);
        if (Number(m[7]) === 0) call.returnedAt = at;
      }
      continue;
    }
    const name = m[2]!;
    // File paths come hex-escaped (-xx), socket descriptions (-yy) as they are.
    const path = m[4]!.startsWith('\\x') ? hex(m[4]!).toString('utf8') : m[4]!;
    const rest = m[5]!;
    if (name === 'fsync' || name === 'fdatasync') {
      if (path !== walPath) continue;
      const call: WalSyncCall = { pid, enteredAt: at, returnedAt: Infinity };
      syncs.push(call);
      const done = /\) = (-?\d+)/.exec(rest);
      if (done) {
        if (Number(done[1]) === 0) call.returnedAt = at;
      } else {
        open.set(pid, call);
      }
      continue;
    }
    const parts: Buffer[] = [];
    for (const s of rest.matchAll(STRING)) {
      if (s[2]) throw new Error(`strace cut a ${name} short (raise -s): line ${at}`);
      parts.push(hex(s[1]!));
    }
    const data = Buffer.concat(parts);
    if (path === walPath) {
      if (name === 'pwrite64' || name === 'write') walWrites.push({ at, pid, data });
      continue;
    }
    if (!isCmppSocket(path)) continue;
    // The bytes the call handed to the socket; the result says how many were taken.
    const taken = /= (-?\d+)/.exec(rest.slice(rest.lastIndexOf(')')));
    const n = taken ? Math.max(0, Number(taken[1])) : data.length;
    let s = streams.get(path);
    if (!s) streams.set(path, (s = { buf: Buffer.alloc(0), startAt: at }));
    if (s.buf.length === 0) s.startAt = at;
    s.buf = Buffer.concat([s.buf, data.subarray(0, n)]);
    while (s.buf.length >= 12 && s.buf.length >= s.buf.readUInt32BE(0)) {
      const len = s.buf.readUInt32BE(0);
      if (len < 12) throw new Error(`not a CMPP stream on ${path} (Total_Length ${len}) at line ${at}`);
      frames.push({ at: s.startAt, commandId: s.buf.readUInt32BE(4), frame: s.buf.subarray(0, len) });
      s.buf = s.buf.subarray(len);
      s.startAt = at;
    }
  }
  return { walWrites, syncs, frames, lines: at };
}

/** A WAL frame header (24 bytes) whose "database size after commit" is set: the commit frame. */
export function isCommitHeader(w: WalWrite): boolean {
  return w.data.length === 24 && w.data.readUInt32BE(4) !== 0;
}

/**
 * The position of the commit that includes the page written by `walWrites[i]`: the page data
 * following the next commit frame header of the same thread (a frame's header is written just
 * before its page, so the page may itself be the commit frame's).
 */
export function commitOf(walWrites: readonly WalWrite[], i: number): number | undefined {
  const pid = walWrites[i]!.pid;
  for (let h = i - 1; h >= 0; h--) {
    const w = walWrites[h]!;
    if (w.pid !== pid) continue;
    if (isCommitHeader(w)) return walWrites[i]!.at;
    break;
  }
  for (let j = i + 1; j < walWrites.length; j++) {
    const w = walWrites[j]!;
    if (w.pid !== pid || !isCommitHeader(w)) continue;
    for (let k = j + 1; k < walWrites.length; k++) if (walWrites[k]!.pid === pid) return walWrites[k]!.at;
    return undefined;
  }
  return undefined;
}

/** Does a sync of the -wal file begin after `commitAt` and return before `writeAt`? */
export function syncedBetween(syncs: readonly WalSyncCall[], commitAt: number, writeAt: number): boolean {
  return syncs.some((s) => s.enteredAt > commitAt && s.returnedAt < writeAt);
}

// ---- SQLite pages: rows of one table inside page images written to the WAL ----------------------

type Value = number | bigint | string | Buffer | null;

function varint(b: Buffer, at: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 9; i++) {
    const byte = b[at + i]!;
    if (i === 8) return [(v << 8n) | BigInt(byte), at + 9];
    v = (v << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) return [v, at + i + 1];
  }
  return [v, at + 9];
}

function value(b: Buffer, at: number, type: number): [Value, number] {
  const ints = [0, 1, 2, 3, 4, 6, 8];
  if (type === 0) return [null, at];
  if (type >= 1 && type <= 6) {
    const n = ints[type]!;
    let v = 0n;
    for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[at + i]!);
    return [BigInt.asIntN(n * 8, v), at + n];
  }
  if (type === 7) return [b.readDoubleBE(at), at + 8];
  if (type === 8 || type === 9) return [type - 8, at];
  const n = Math.floor((type - 12) / 2);
  const raw = b.subarray(at, at + n);
  return [type % 2 === 1 ? raw.toString('utf8') : Buffer.from(raw), at + n];
}

/** Every row of a table b-tree leaf page with exactly `columns` values (no overflow pages). */
export function rowsOfPage(page: Buffer, columns: number): Value[][] {
  if (page.length < 512 || page[0] !== 0x0d) return [];
  const rows: Value[][] = [];
  const cells = page.readUInt16BE(3);
  for (let c = 0; c < cells; c++) {
    try {
      let at = page.readUInt16BE(8 + 2 * c);
      [, at] = varint(page, at); // payload size
      [, at] = varint(page, at); // rowid
      const [headerSize, afterHeaderSize] = varint(page, at);
      const end = at + Number(headerSize);
      const types: number[] = [];
      let h = afterHeaderSize;
      while (h < end) {
        const [t, next] = varint(page, h);
        types.push(Number(t));
        h = next;
      }
      if (types.length !== columns) continue;
      const row: Value[] = [];
      let v = end;
      for (const t of types) {
        const [x, next] = value(page, v, t);
        row.push(x);
        v = next;
      }
      rows.push(row);
    } catch {
      // a cell that is not what we look for
    }
  }
  return rows;
}
