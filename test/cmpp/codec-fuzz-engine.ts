// Fuzz engine shared by the suite (test/cmpp/codec-fuzz.test.ts) and the long script
// (test/fuzz/long-fuzz.ts): random, truncated, bit-flipped and spliced frames seeded from valid
// encodings go through the frame reader and the decoder in both versions. Every failure must be a
// CmppError; every frame that decodes must re-encode to the same bytes.
import fc from 'fast-check';
import {
  CmppDecodeError,
  CmppError,
  CmppFramingError,
  CmppUnknownCommandError,
  decodePdu,
  encodePdu,
  FrameReader,
  inferVersion,
  VERSIONS,
  type CmppVersion,
} from '../../electron/cmpp/wire/index.js';
import { pduArb } from './codec-arbitraries.js';
import { FRAME_VECTORS } from './codec-vectors.js';

export interface FuzzStats {
  cases: number;
  decodes: number;
  decoded: number;
  decodeErrors: number;
  unknownCommands: number;
  framingErrors: number;
  framesRead: number;
  /** Failures that were not CmppErrors (must stay 0), with a sample. */
  uncaught: number;
  /** Frames that decoded but re-encoded differently (must stay 0), with a sample. */
  roundTripMismatches: number;
  samples: string[];
  maxCaseMs: number;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid frames of every type in both versions, plus the conformance vectors. */
export function seedCorpus(seed: number, perVersion = 400): Buffer[] {
  const out = FRAME_VECTORS.map((v) => v.frame);
  for (const version of VERSIONS) {
    for (const p of fc.sample(pduArb(version, { maxDest: 8 }), { numRuns: perVersion, seed: seed + (version === '2.0' ? 0 : 1) })) {
      out.push(encodePdu(p, version));
    }
  }
  return out;
}

function mutate(src: Buffer, rnd: () => number, corpus: Buffer[]): Buffer {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = Buffer.from(src);
  const kind = int(9);
  switch (kind) {
    case 0: {
      // bit flips
      const n = 1 + int(8);
      for (let i = 0; i < n; i++) b[int(b.length)]! ^= 1 << int(8);
      break;
    }
    case 1: // truncation
      b = b.subarray(0, int(b.length));
      break;
    case 2: // extension with random bytes
      b = Buffer.concat([b, Buffer.from(Array.from({ length: 1 + int(40) }, () => int(256)))]);
      break;
    case 3: {
      // random byte overwrites in the body
      const n = 1 + int(16);
      for (let i = 0; i < n && b.length > 12; i++) b[12 + int(b.length - 12)] = int(256);
      break;
    }
    case 4: {
      // splice the head of one frame onto the tail of another
      const other = corpus[int(corpus.length)]!;
      b = Buffer.concat([b.subarray(0, int(b.length + 1)), other.subarray(int(other.length + 1))]);
      break;
    }
    case 5: {
      // another (or a random) Command_Id over this body
      const ids = [1, 2, 4, 5, 6, 7, 8, 9, 0x10, 0x17, 0x99];
      const id = rnd() < 0.9 ? (ids[int(ids.length)]! | (rnd() < 0.5 ? 0x80000000 : 0)) >>> 0 : int(2 ** 32);
      if (b.length >= 8) b.writeUInt32BE(id, 4);
      break;
    }
    case 6: {
      // count / length bytes are the interesting ones: poke small values anywhere
      const n = 1 + int(3);
      for (let i = 0; i < n && b.length > 12; i++) b[12 + int(b.length - 12)] = int(3) === 0 ? 0 : int(4) === 0 ? 255 : int(160);
      break;
    }
    case 7: // pure garbage of a random length
      b = Buffer.from(Array.from({ length: int(300) }, () => int(256)));
      break;
    default: // an intact frame: must decode in at least one version and round-trip
      break;
  }
  // Mostly keep Total_Length consistent so the decoder gets past the header.
  if (b.length >= 4 && rnd() < 0.75) b.writeUInt32BE(b.length, 0);
  return b;
}

function record(stats: FuzzStats, what: string, frame: Buffer, e?: unknown): void {
  if (stats.samples.length < 10) stats.samples.push(`${what}: ${frame.toString('hex').slice(0, 400)}${e ? ` -> ${String(e)}` : ''}`);
}

function checkFrame(frame: Buffer, stats: FuzzStats): void {
  for (const version of VERSIONS) {
    stats.decodes++;
    let pdu;
    try {
      pdu = decodePdu(frame, version);
    } catch (e) {
      if (e instanceof CmppUnknownCommandError) stats.unknownCommands++;
      else if (e instanceof CmppDecodeError) stats.decodeErrors++;
      else {
        stats.uncaught++;
        record(stats, `decode ${version} threw ${e instanceof CmppError ? e.name : 'a non-CmppError'}`, frame, e);
      }
      continue;
    }
    stats.decoded++;
    try {
      const again = encodePdu(pdu, version);
      if (!again.equals(frame)) {
        stats.roundTripMismatches++;
        record(stats, `re-encode ${version} differs`, frame);
      }
    } catch (e) {
      stats.roundTripMismatches++;
      record(stats, `re-encode ${version} threw`, frame, e);
    }
  }
  try {
    inferVersion(frame);
  } catch (e) {
    stats.uncaught++;
    record(stats, 'inferVersion threw', frame, e);
  }
}

/** Runs `cases` fuzz cases; deterministic for a given seed. */
export function runFuzz(cases: number, seed = 1, corpus = seedCorpus(seed)): FuzzStats {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const stats: FuzzStats = {
    cases: 0,
    decodes: 0,
    decoded: 0,
    decodeErrors: 0,
    unknownCommands: 0,
    framingErrors: 0,
    framesRead: 0,
    uncaught: 0,
    roundTripMismatches: 0,
    samples: [],
    maxCaseMs: 0,
  };
  for (let c = 0; c < cases; c++) {
    const t0 = performance.now();
    const frame = mutate(corpus[int(corpus.length)]!, rnd, corpus);
    stats.cases++;
    if (c % 2 === 0) {
      // Direct decode of the (possibly broken) frame.
      checkFrame(frame, stats);
    } else {
      // Through the stream: a valid frame, the fuzzed one, another valid frame, in random chunks.
      const stream = Buffer.concat([corpus[int(corpus.length)]!, frame, corpus[int(corpus.length)]!]);
      const reader = new FrameReader();
      const lead = stats.framesRead;
      let off = 0;
      try {
        while (off < stream.length) {
          const n = 1 + int(rnd() < 0.5 ? 16 : stream.length);
          const chunk = stream.subarray(off, off + n);
          off += n;
          for (const f of reader.push(chunk)) {
            // The leading frame is an untouched corpus frame: checked elsewhere, skip the work.
            if (stats.framesRead++ === lead) continue;
            checkFrame(f, stats);
          }
        }
      } catch (e) {
        if (e instanceof CmppFramingError) {
          stats.framingErrors++;
          for (const f of e.frames) checkFrame(f, stats);
        } else {
          stats.uncaught++;
          record(stats, 'frame reader threw a non-CmppFramingError', stream, e);
        }
      }
    }
    const ms = performance.now() - t0;
    if (ms > stats.maxCaseMs) stats.maxCaseMs = ms;
  }
  return stats;
}

export function describeStats(s: FuzzStats): string {
  return [
    `cases ${s.cases}, decodes ${s.decodes} (ok ${s.decoded}, decode errors ${s.decodeErrors}, unknown commands ${s.unknownCommands})`,
    `stream frames ${s.framesRead}, framing errors ${s.framingErrors}, slowest case ${s.maxCaseMs.toFixed(2)} ms`,
    `uncaught ${s.uncaught}, round-trip mismatches ${s.roundTripMismatches}`,
    ...s.samples,
  ].join('\n');
}

export type { CmppVersion };
