// Long codec fuzz: millions of random, truncated, bit-flipped and spliced frames through the frame
// reader and the decoder (same engine as test/cmpp/codec-fuzz.test.ts).
// Usage: npx tsx test/fuzz/long-fuzz.ts [--frames N] [--seed S]   (default 2,000,000 frames)
// Exits 1 on any non-CmppError failure or any frame that decodes but does not re-encode identically.
import { describeStats, runFuzz, seedCorpus, type FuzzStats } from '../cmpp/codec-fuzz-engine.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]?.replace(/_/g, ''));
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`--${name} needs a non-negative integer`);
    process.exit(2);
  }
  return v;
}

const frames = arg('frames', 2_000_000);
const seed = arg('seed', Date.now() % 2 ** 31);
const BATCH = 100_000;

console.log(`long fuzz: ${frames.toLocaleString('en-US')} frames, seed ${seed}`);
const total: FuzzStats = {
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
const started = performance.now();
for (let done = 0, batch = 0; done < frames; batch++) {
  const n = Math.min(BATCH, frames - done);
  // A fresh corpus per batch widens the seeds; each batch is reproducible from (seed + batch).
  const s = runFuzz(n, seed + batch, seedCorpus(seed + batch, 200));
  for (const k of Object.keys(total) as (keyof FuzzStats)[]) {
    if (k === 'samples') total.samples.push(...s.samples.slice(0, 10 - total.samples.length));
    else if (k === 'maxCaseMs') total.maxCaseMs = Math.max(total.maxCaseMs, s.maxCaseMs);
    else total[k] += s[k];
  }
  done += n;
  const secs = (performance.now() - started) / 1000;
  console.log(`  ${done.toLocaleString('en-US')} frames, ${secs.toFixed(0)} s, failures ${total.uncaught + total.roundTripMismatches}`);
  if (s.uncaught + s.roundTripMismatches > 0) console.log(`  batch seed ${seed + batch} failed`);
}
console.log(describeStats(total));
const failed = total.uncaught + total.roundTripMismatches > 0;
console.log(failed ? 'FAILED' : 'OK: every failure was a typed CmppError and every decoded frame re-encoded byte for byte');
process.exit(failed ? 1 : 0);
