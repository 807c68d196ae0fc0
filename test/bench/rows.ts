// Database bytes per delivered single-segment message with its status report (target <= 250,
// indexes included): a 1,000,000-message campaign (`--quick`: 100,000) enqueued, claimed, handed
// over, answered by SUBMIT_RESP and reported DELIVRD through the store's real API, in the
// engine's order and in big transactions (no sockets: only the bytes are measured here), then
// checkpointed. Printed: the file's size per message, and per table and index from SQLite's dbstat
// virtual table, so the figure says where the bytes go.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeMsgId } from '../../shared/msg-id.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';
import { atMost, type Figure } from './report.js';

const TARGET = 250;
/** Messages per claim and per response/report transaction (the engine commits 256 reports a turn). */
const BATCH = 1_000;

function* numbers(count: number): Generator<{ number: string }> {
  // Distinct 11-digit mobile numbers in a deterministic spread (as a real list: unrelated to number order).
  let x = 0x2545f491;
  const seen = new Set<number>();
  for (let i = 0; i < count; ) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const n = (x >>> 0) % 1_000_000_000;
    if (seen.has(n)) continue;
    seen.add(n);
    i++;
    yield { number: `1${3 + ((x >>> 0) % 7)}${String(n).padStart(9, '0')}` };
  }
}

/** A Msg_Id as a gateway makes them: time, ISMG code, a 16-bit sequence. */
function msgIdAt(t: Date, seq: number): bigint {
  return composeMsgId({
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    ismgCode: 79101,
    sequence: seq & 0xffff,
  });
}

const yymmddhhmm = (t: Date): string => t.toISOString().replace(/\D/g, '').slice(2, 12);

export interface RowBytes {
  messages: number;
  fileBytes: number;
  /** Bytes (pages) per table or index, from dbstat. */
  objects: { name: string; bytes: number }[];
}

/** Runs the campaign through the store and measures the file; the directory is removed after. */
export async function measureRows(count: number): Promise<RowBytes> {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-bench-rows-'));
  const path = join(dir, 'rows.db');
  try {
    const store = Store.open({ path, cipher: new PlaintextCipher() });
    const accountId = store.accounts.create({
      name: 'rows',
      host: '127.0.0.1',
      port: 7890,
      version: '3.0',
      spId: '900001',
      secret: '888888',
      serviceId: 'MBENCH',
      srcId: '10690001',
    }).id;
    const campaignId = store.campaigns.create({ name: 'a million', accountId, text: '【示例】您的验证码是 1234，5 分钟内有效。' }).id;
    // One clock for the whole campaign: enqueued at its start, then sent and reported after it (the
    // message keeps its times as delays after its creation).
    let t = Date.UTC(2026, 11, 6, 9, 0, 0);
    await store.outbox.enqueueAsync({ accountId, campaignId, segmentCount: 1 }, numbers(count), { now: t });
    let seq = 0;
    for (;;) {
      const claimed = store.outbox.claim({ accountId, campaignId, limit: BATCH, reportExpected: true, now: t });
      if (claimed.length === 0) break;
      const segmentIds = claimed.map((m) => m.segments[0]!.segmentId);
      store.outbox.markHandedOver(segmentIds, t);
      const at = new Date(t);
      const ids = claimed.map(() => msgIdAt(at, seq++));
      // As the engine's deliver router: the SUBMIT_RESPs read before the reports, in one transaction.
      store.outbox.transaction(() => {
        store.outbox.recordResponses(
          claimed.map((m, i) => ({ segmentIds: [segmentIds[i]!], msgId: ids[i]!, result: 0, at: t + 40, sequenceId: (seq + i) & 0x7fffffff, connection: String(i % 4) })),
        );
        store.reports.recordMany(
          claimed.map((m, i) => ({
            accountId,
            deliverMsgId: msgIdAt(new Date(t + 3_000), seq + i),
            msgId: ids[i]!,
            stat: 'DELIVRD',
            submitTime: yymmddhhmm(at),
            doneTime: yymmddhhmm(new Date(t + 3_000)),
            destTerminalId: m.number,
            smscSequence: (seq + i) & 0xffffffff,
            destId: '10690001',
            serviceId: 'MBENCH',
            connection: String(i % 4),
            receivedAt: t + 3_000,
          })),
        );
      });
      t += 1_000;
      await new Promise((r) => setImmediate(r));
    }
    const delivered = store.campaigns.counts(campaignId).delivered;
    if (delivered !== count) throw new Error(`delivered ${delivered} of ${count}`);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const objects = (store.db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as { name: string; bytes: number }[]);
    store.close();
    return { messages: count, fileBytes: statSync(path).size, objects };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchRows(): Promise<Figure[]> {
  const quick = process.argv.includes('--quick');
  const count = quick ? 100_000 : 1_000_000;
  const t0 = performance.now();
  const r = await measureRows(count);
  const perMessage = r.fileBytes / r.messages;
  const label = quick ? '100,000' : '1,000,000';
  const figures: Figure[] = [
    {
      name: `database bytes per delivered single-segment message with its report (${label}-message campaign)`,
      value: perMessage,
      unit: 'bytes',
      ...atMost(perMessage, TARGET),
      note: `file ${(r.fileBytes / 1024 / 1024).toFixed(1)} MB after checkpoint; run ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    },
  ];
  for (const o of r.objects.filter((o) => o.bytes / r.messages >= 0.5)) {
    figures.push({ name: `  of which ${o.name}`, value: o.bytes / r.messages, unit: 'bytes/message' });
  }
  return figures;
}

// Run directly: npx tsx test/bench/rows.ts [--quick]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchRows()) printFigure(f);
}
