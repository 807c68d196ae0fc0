// >= 100,000 random, truncated and bit-flipped frames through the frame reader and the decoder:
// zero uncaught (non-CmppError) exceptions, zero round-trip mismatches, zero hangs.
import { describe, expect, it } from 'vitest';
import { describeStats, runFuzz, seedCorpus } from './codec-fuzz-engine.js';

describe('codec fuzz', () => {
  it('survives 100,000 fuzzed frames with typed errors only', () => {
    const seed = 20240330;
    const stats = runFuzz(100_000, seed, seedCorpus(seed, 300));
    const report = describeStats(stats);
    expect(stats.uncaught, report).toBe(0);
    expect(stats.roundTripMismatches, report).toBe(0);
    expect(stats.cases).toBe(100_000);
    // The mutations must exercise every outcome, or the fuzzer is testing nothing.
    expect(stats.decoded, report).toBeGreaterThan(20_000);
    expect(stats.decodeErrors, report).toBeGreaterThan(10_000);
    expect(stats.unknownCommands, report).toBeGreaterThan(1_000);
    expect(stats.framingErrors, report).toBeGreaterThan(1_000);
    expect(stats.framesRead, report).toBeGreaterThan(50_000);
  }, 60_000);
});
