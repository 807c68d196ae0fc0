// MO long-message reassembly (docs/protocol.md "Long messages and encodings", "Receiving").
// - A segment belongs to a set by its UDH: key (sender, receiver, reference, total). Pk_total /
//   Pk_number contradict the UDH in real traffic and are ignored whenever a UDH is present.
// - TP_udhi is read as (TP_udhi & 0x41) != 0.
// - Each segment keeps its own Msg_Fmt; consecutive parts of one format are decoded as one byte
//   run, so a surrogate pair or a GBK character split across two parts comes out whole.
// - Duplicates (same index, same bytes) are dropped and reported. The same index with different
//   bytes means the sender reused the reference (a rebooted handset): the old set is closed as a
//   partial message and a new set begins, so nothing is lost.
// - Incomplete sets expire timeoutMs after their first part into a visible partial message with
//   the missing part numbers.
// - No UDH (or no concatenation IE): a message of its own, even when Pk_total > 1. Without a
//   reference there is no safe way to tell two long messages from one sender apart.
//
// Persistence: the state is nothing but the pending segments. The store keeps every MO segment;
// `Reassembler.pendingSegments()` is what is still open and `restore()` (or the pure `reassemble`)
// rebuilds the state from stored segments, replayed in receivedAt order with the same outcome.
import { decodeText } from './encoding.js';
import { toHex } from './hex.js';
import type { MoMessage, MoPiece, MoSegment } from './mo-message.js';
import { concatOf, hasUdh, splitUdh, type RefBits } from './udh.js';

export type { MoMessage, MoPiece, MoSegment } from './mo-message.js';

/** docs/protocol.md "Long messages and encodings": hours, configurable. */
export const DEFAULT_REASSEMBLY_TIMEOUT_MS = 6 * 60 * 60 * 1000;

interface Part {
  index: number;
  msgFmt: number;
  payload: Uint8Array;
  segment: MoSegment;
}

interface Classified {
  key: string | null;
  ref: number;
  refBits: RefBits;
  total: number;
  index: number;
  payload: Uint8Array;
  /** For single messages: UDH hex (or null), and whether TP_udhi promised a UDH we could not read. */
  udhHex: string | null;
  badUdh: boolean;
}

export function groupKey(sender: string, receiver: string, ref: number, total: number): string {
  return JSON.stringify([sender, receiver, ref, total]);
}

function classify(seg: MoSegment): Classified {
  if (hasUdh(seg.tpUdhi)) {
    const split = splitUdh(seg.content);
    if (split) {
      const c = concatOf(split);
      if (c && c.total > 1) {
        return {
          key: groupKey(seg.sender, seg.receiver, c.ref, c.total),
          ref: c.ref,
          refBits: c.refBits,
          total: c.total,
          index: c.index,
          payload: split.payload,
          udhHex: null,
          badUdh: false,
        };
      }
      // A 1-of-1 concatenation header, or other IEs only: a single message after its header.
      return {
        key: null, ref: 0, refBits: 8, total: 1, index: 1,
        payload: split.payload,
        udhHex: toHex(seg.content.subarray(0, split.length)),
        badUdh: false,
      };
    }
    // TP_udhi set but the UDHL runs past the content: decode everything, keep the bytes.
    return { key: null, ref: 0, refBits: 8, total: 1, index: 1, payload: seg.content, udhHex: null, badUdh: true };
  }
  return { key: null, ref: 0, refBits: 8, total: 1, index: 1, payload: seg.content, udhHex: null, badUdh: false };
}

/** The set key of a segment, or null when it is a message on its own. */
export function groupKeyOf(seg: MoSegment): string | null {
  return classify(seg).key;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** Decodes parts (sorted by index) in runs of consecutive indexes sharing a Msg_Fmt. */
function decodeParts(parts: Part[]): MoPiece[] {
  const pieces: MoPiece[] = [];
  let i = 0;
  while (i < parts.length) {
    let j = i + 1;
    while (j < parts.length && parts[j]!.msgFmt === parts[i]!.msgFmt && parts[j]!.index === parts[j - 1]!.index + 1) j++;
    const run = parts.slice(i, j);
    const decoded = decodeText(run[0]!.msgFmt, concatBytes(run.map((p) => p.payload)));
    const piece: MoPiece = { first: run[0]!.index, last: run[run.length - 1]!.index, msgFmt: run[0]!.msgFmt, text: decoded.text };
    if (decoded.raw !== undefined) piece.raw = decoded.raw;
    pieces.push(piece);
    i = j;
  }
  return pieces;
}

function distinct(values: number[]): number[] {
  return [...new Set(values)];
}

function singleMessage(seg: MoSegment, c: Classified): MoMessage {
  const decoded = decodeText(seg.msgFmt, c.payload);
  const piece: MoPiece = { first: 1, last: 1, msgFmt: seg.msgFmt, text: decoded.text };
  if (decoded.raw !== undefined) piece.raw = decoded.raw;
  else if (c.badUdh) piece.raw = toHex(seg.content);
  return {
    sender: seg.sender,
    receiver: seg.receiver,
    text: decoded.text,
    complete: true,
    total: 1,
    reference: null,
    refBits: null,
    received: [1],
    missing: [],
    pieces: [piece],
    msgFmts: [seg.msgFmt],
    segmentIds: seg.id !== undefined ? [seg.id] : [],
    duplicates: 0,
    firstReceivedAt: seg.receivedAt,
    lastReceivedAt: seg.receivedAt,
    groupKey: null,
    udhHex: c.udhHex,
  };
}

class OpenSet {
  readonly parts = new Map<number, Part>();
  duplicates = 0;
  readonly firstReceivedAt: number;
  lastReceivedAt: number;
  constructor(
    readonly key: string,
    readonly sender: string,
    readonly receiver: string,
    readonly ref: number,
    readonly refBits: RefBits,
    readonly total: number,
    at: number,
  ) {
    this.firstReceivedAt = at;
    this.lastReceivedAt = at;
  }

  toMessage(): MoMessage {
    const parts = [...this.parts.values()].sort((a, b) => a.index - b.index);
    const pieces = decodeParts(parts);
    const missing: number[] = [];
    for (let i = 1; i <= this.total; i++) if (!this.parts.has(i)) missing.push(i);
    return {
      sender: this.sender,
      receiver: this.receiver,
      text: pieces.map((p) => p.text).join(''),
      complete: missing.length === 0,
      total: this.total,
      reference: this.ref,
      refBits: this.refBits,
      received: parts.map((p) => p.index),
      missing,
      pieces,
      msgFmts: distinct(parts.map((p) => p.msgFmt)),
      segmentIds: parts.flatMap((p) => (p.segment.id !== undefined ? [p.segment.id] : [])),
      duplicates: this.duplicates,
      firstReceivedAt: this.firstReceivedAt,
      lastReceivedAt: this.lastReceivedAt,
      groupKey: this.key,
      udhHex: null,
    };
  }
}

/** single / complete: `message` is ready; pending: kept, waiting for more parts; duplicate: NOT
 *  kept (the store may drop its row). Every emitted message lists its segmentIds. */
export type AddStatus = 'single' | 'complete' | 'pending' | 'duplicate';

export interface AddResult {
  status: AddStatus;
  /** The message this segment completed (status single / complete). */
  message?: MoMessage;
  /** Sets closed early as partial messages: the set had expired by this segment's receivedAt, or
   *  the sender reused the reference (same part number, different bytes). */
  closed: MoMessage[];
  groupKey: string | null;
}

export interface ReassemblerOptions {
  /** How long an incomplete set waits for its parts, from its first part. */
  timeoutMs?: number;
}

export class Reassembler {
  readonly timeoutMs: number;
  private readonly open = new Map<string, OpenSet>();
  /** Recently completed sets (key -> completion time, parts' bytes), to drop late duplicates
   *  (a gateway resending a DELIVER whose response it missed). In memory only. */
  private readonly done = new Map<string, { at: number; parts: Map<number, Uint8Array> }>();
  private pruneAt = 4096;

  constructor(options: ReassemblerOptions = {}) {
    const t = options.timeoutMs ?? DEFAULT_REASSEMBLY_TIMEOUT_MS;
    if (!(Number.isFinite(t) && t > 0)) throw new RangeError(`timeoutMs must be a positive number, got ${t}`);
    this.timeoutMs = t;
  }

  add(seg: MoSegment): AddResult {
    const c = classify(seg);
    if (c.key === null) return { status: 'single', message: singleMessage(seg, c), closed: [], groupKey: null };
    const closed: MoMessage[] = [];
    const key = c.key;
    let set = this.open.get(key);

    if (set && seg.receivedAt - set.firstReceivedAt >= this.timeoutMs) {
      closed.push(set.toMessage());
      this.open.delete(key);
      set = undefined;
    }
    if (!set) {
      const done = this.done.get(key);
      if (done && seg.receivedAt - done.at < this.timeoutMs) {
        const before = done.parts.get(c.index);
        if (before && sameBytes(before, c.payload)) return { status: 'duplicate', closed, groupKey: key };
      }
    } else {
      const before = set.parts.get(c.index);
      if (before) {
        if (sameBytes(before.payload, c.payload)) {
          set.duplicates++;
          return { status: 'duplicate', closed, groupKey: key };
        }
        closed.push(set.toMessage());
        this.open.delete(key);
        set = undefined;
      }
    }
    if (!set) {
      set = new OpenSet(key, seg.sender, seg.receiver, c.ref, c.refBits, c.total, seg.receivedAt);
      this.open.set(key, set);
    }
    set.parts.set(c.index, { index: c.index, msgFmt: seg.msgFmt, payload: c.payload, segment: seg });
    if (seg.receivedAt > set.lastReceivedAt) set.lastReceivedAt = seg.receivedAt;

    if (set.parts.size === set.total) {
      this.open.delete(key);
      // Bounded memory even when the caller seldom calls expire().
      if (this.done.size >= this.pruneAt) {
        for (const [k, d] of this.done) if (seg.receivedAt - d.at >= this.timeoutMs) this.done.delete(k);
        this.pruneAt = Math.max(4096, this.done.size * 2); // amortised O(1) per add
      }
      const parts = new Map<number, Uint8Array>();
      for (const p of set.parts.values()) parts.set(p.index, p.payload);
      this.done.set(key, { at: seg.receivedAt, parts });
      return { status: 'complete', message: set.toMessage(), closed, groupKey: key };
    }
    return { status: 'pending', closed, groupKey: key };
  }

  /** Closes every set whose first part is at least timeoutMs older than `now`, as partials.
   *  Call it on a timer (see nextExpiry). */
  expire(now: number): MoMessage[] {
    const out: MoMessage[] = [];
    for (const [key, set] of this.open) {
      if (now - set.firstReceivedAt >= this.timeoutMs) {
        out.push(set.toMessage());
        this.open.delete(key);
      }
    }
    for (const [key, d] of this.done) if (now - d.at >= this.timeoutMs) this.done.delete(key);
    return out.sort((a, b) => a.firstReceivedAt - b.firstReceivedAt);
  }

  /** When the next set expires (epoch ms), or null with nothing open: for the caller's timer. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const set of this.open.values()) {
      const at = set.firstReceivedAt + this.timeoutMs;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** The segments of every open set, oldest first: exactly the state to persist. */
  pendingSegments(): MoSegment[] {
    const out: MoSegment[] = [];
    for (const set of this.open.values()) for (const p of set.parts.values()) out.push(p.segment);
    return out.sort((a, b) => a.receivedAt - b.receivedAt);
  }

  get openSets(): number {
    return this.open.size;
  }

  /** Replays stored segments (in receivedAt order) and returns what they complete or close;
   *  duplicates among them are dropped. Call expire(now) afterwards for sets that timed out
   *  while the application was down. */
  restore(segments: MoSegment[]): MoMessage[] {
    const out: MoMessage[] = [];
    const ordered = segments.map((s, i) => ({ s, i })).sort((a, b) => a.s.receivedAt - b.s.receivedAt || a.i - b.i);
    for (const { s } of ordered) {
      const r = this.add(s);
      out.push(...r.closed);
      if (r.message) out.push(r.message);
    }
    return out;
  }
}

/**
 * Pure reassembly over a list of stored segments: the messages they make (singles, complete sets,
 * and sets expired by `now` as partials) and the segments still pending.
 */
export function reassemble(
  segments: MoSegment[],
  now: number,
  timeoutMs: number = DEFAULT_REASSEMBLY_TIMEOUT_MS,
): { messages: MoMessage[]; pending: MoSegment[] } {
  const r = new Reassembler({ timeoutMs });
  const messages = r.restore(segments);
  messages.push(...r.expire(now));
  return { messages, pending: r.pendingSegments() };
}
