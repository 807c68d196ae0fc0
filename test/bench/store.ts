// Store benchmarks: bulk enqueue of 1,000,000 recipients (targets: <= 5 s, no step > 50 ms, peak
// RSS <= 200 MB) with the database as shipped (WAL, synchronous NORMAL), and the store's side of a
// campaign: claim, mark sent, SUBMIT_RESP, status report, every state change committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Checkpointer } from '../../electron/store/checkpointer.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { atLeast, atMost, type Figure } from './report.js';

const recipients = 1_000_000;

function* randomNumbers(count: number): Generator<{ number: string }> {
  // A deterministic spread over the 13x-19x ranges: input order is unrelated to number order.
  let x = 0x2545f491;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield { number: `1${3 + ((x >>> 0) % 7)}${String((x >>> 0) % 1_000_000_000).padStart(9, '0')}` };
  }
}

function openBenchStore(dir: string): { store: Store; accountId: number } {
  const store = Store.open({ path: join(dir, 'bench.db'), cipher: new PlaintextCipher() });
  const accountId = store.accounts.create({
    name: 'bench',
    host: '127.0.0.1',
    port: 7890,
    version: '3.0',
    spId: '900001',
    secret: '888888',
    serviceId: 'bench',
    srcId: '1069',
  }).id;
  return { store, accountId };
}

async function benchEnqueue(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-store-'));
  try {
    const { store, accountId } = openBenchStore(dir);
    // As the app runs the store (Workspace.open): WAL checkpoints in their worker thread, not in
    // whichever commit crosses SQLite's threshold.
    const checkpointer = new Checkpointer(store.db, join(dir, 'bench.db'), (m) => console.error(m));
    checkpointer.start();
    const campaignId = store.campaigns.create({ name: 'million', accountId, text: 'bench' }).id;
    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    let longest = 0;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = performance.now();
    const done = await store.outbox.enqueueAsync({ accountId, campaignId, segmentCount: 1 }, randomNumbers(recipients), {
      onProgress: (p) => {
        longest = Math.max(longest, p.chunkMs);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    loop.disable();
    if (done.written !== recipients) throw new Error(`enqueue wrote ${done.written} of ${recipients}`);
    await checkpointer.stop();
    store.close();
    const mb = peakRss / 1024 / 1024;
    return [
      { name: 'enqueue 1,000,000 recipients', value: seconds, unit: 's', ...atMost(seconds, 5), note: `${Math.round(recipients / seconds).toLocaleString('en-US')} recipients/s` },
      { name: 'enqueue: longest step (main-process stall)', value: longest, unit: 'ms', ...atMost(longest, 50), note: `event-loop delay max ${(loop.max / 1e6).toFixed(1)} ms` },
      { name: 'enqueue: peak RSS', value: mb, unit: 'MB', ...atMost(mb, 200) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * claim -> markSent -> SUBMIT_RESP -> DELIVRD report for `count` messages, 64 per transaction each
 * (the statistics bench runs it too, with and without the statistics' upkeep).
 */
export async function pumpCycle(count: number): Promise<{ rate: number; longest: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-store-'));
  try {
    const { store, accountId } = openBenchStore(dir);
    const campaignId = store.campaigns.create({ name: 'cycle', accountId, text: 'bench' }).id;
    await store.outbox.enqueueAsync({ accountId, campaignId, segmentCount: 1 }, randomNumbers(count));
    const base = 0xc000000000000000n; // a December-or-later Msg_Id: above 2^63
    let seq = 0n;
    let longest = 0;
    const t0 = performance.now();
    for (;;) {
      const s0 = performance.now();
      const claimed = store.outbox.claim({ accountId, campaignId, limit: 64, reportExpected: true });
      if (claimed.length === 0) break;
      store.outbox.markSent(claimed.map((m, i) => ({ segmentIds: [m.segments[0]!.segmentId], sequenceId: i, connection: 'c0' })));
      const ids = claimed.map(() => base + seq++);
      store.outbox.recordResponses(claimed.map((m, i) => ({ segmentIds: [m.segments[0]!.segmentId], msgId: ids[i]!, result: 0 })));
      store.reports.recordMany(
        claimed.map((m, i) => ({
          accountId,
          deliverMsgId: ids[i]!,
          msgId: ids[i]!,
          stat: 'DELIVRD',
          submitTime: '2412242359',
          doneTime: '2412242359',
          destTerminalId: m.number,
          smscSequence: i,
        })),
      );
      longest = Math.max(longest, performance.now() - s0);
      await new Promise((r) => setImmediate(r));
    }
    const seconds = (performance.now() - t0) / 1000;
    const delivered = store.campaigns.counts(campaignId).delivered;
    store.close();
    if (delivered !== count) throw new Error(`pump cycle delivered ${delivered} of ${count}`);
    return { rate: count / seconds, longest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Enqueue of `count` random numbers into a fresh database: recipients per second. */
export async function enqueueRate(count: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-store-'));
  try {
    const { store, accountId } = openBenchStore(dir);
    const campaignId = store.campaigns.create({ name: 'enqueue', accountId, text: 'bench' }).id;
    const t0 = performance.now();
    await store.outbox.enqueueAsync({ accountId, campaignId, segmentCount: 1 }, randomNumbers(count));
    const rate = count / ((performance.now() - t0) / 1000);
    store.close();
    return rate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPumpCycle(): Promise<Figure[]> {
  const { rate, longest } = await pumpCycle(100_000);
  return [
    {
      name: 'store side of a campaign (claim, sent, SUBMIT_RESP, report)',
      value: rate,
      unit: 'messages/s',
      ...atLeast(rate, 10_000),
      note: `4 commits per 64 messages; longest batch ${longest.toFixed(1)} ms`,
    },
  ];
}

export async function benchStore(): Promise<Figure[]> {
  return [...(await benchEnqueue()), ...(await benchPumpCycle())];
}

// Run directly: npx tsx test/bench/store.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchStore()) printFigure(f);
}
