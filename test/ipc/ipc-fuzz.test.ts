// Property test of every invoke channel with hostile arguments (random JSON, 5,000-deep values,
// huge strings, many keys), through the wrapped invoker ipcMain uses AND through browser mode's
// WebSocket transport, both over a real engine (the demo gateway, SQLite in a temp dir). Each call
// answers a typed envelope; a failure carries a code from shared/error-codes.ts, never 'internal';
// and a rejected call writes nothing (a checksum of every table, the pump's lease excepted).
// Seeded: FUZZ_SEED=<n> repeats a run; the seed is printed.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { LiveSession } from '../../electron/services/demo/desk-session.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { INPUT_LIMITS } from '../../shared/input-limits.js';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels.js';
import { createSocketTransport, type SocketTransport } from '../../shared/ipc/socket-transport.js';
import { FAST_SESSION } from '../ui/live-harness.js';
import { pageSocket, socketUrl, startTestServer, type TestServer } from '../web/web-fixture.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`ipc fuzz seed ${SEED} (FUZZ_SEED=${SEED} to repeat)`);

type Call = (channel: string, arg: unknown) => Promise<unknown>;

function deepArray(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}
function deepObject(n: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = { id: v };
  return v;
}
const KEYS = ['id', 'ids', 'name', 'text', 'groupId', 'accountId', 'campaignId', 'options', 'filter', 'viewId', 'jobId', 'fileId', 'number', 'mode', 'level', 'locale', 'state'];
/** Hostile shapes; `depth` is what the transport can carry (JSON.stringify recurses). */
const special = (depth: number): unknown[] => [
  deepArray(depth),
  deepObject(depth),
  'x'.repeat(2_000_000),
  Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])),
  { ['k'.repeat(100_000)]: 1 },
  [-1, 0, 1e308, -0, 2 ** 53],
];

/** Arguments as JSON (what both transports can carry). */
const args = (depth: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }) },
    { weight: 1, arbitrary: fc.constantFrom(...special(depth)) },
  );

/** Every row of every table but the pump's lease (renewed on its own time), hashed. */
function dbChecksum(db: Database.Database): string {
  const h = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'leases' ORDER BY name").pluck().all() as string[];
  for (const t of tables) {
    h.update(t);
    for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().iterate()) h.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  }
  return h.digest('hex');
}

/** Runs the property against one transport; returns how many calls were rejected. */
async function fuzz(call: Call, dbPath: string, numRuns: number, depth: number): Promise<{ calls: number; rejected: number }> {
  const reader = new Database(dbPath, { readonly: true, fileMustExist: true });
  let rejected = 0;
  let calls = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVOKE_CHANNELS), args(depth), async (channel, a) => {
        const before = dbChecksum(reader);
        const env = (await call(channel, a)) as { ok: boolean; code?: string; message?: string };
        calls++;
        expect(typeof env.ok, `${channel}: an envelope`).toBe('boolean');
        if (env.ok) return;
        rejected++;
        expect(ERROR_CODES, `${channel}: ${env.code}: ${env.message?.slice(0, 200)}`).toContain(env.code);
        expect(env.code, `${channel}: ${env.message?.slice(0, 300)}`).not.toBe('internal');
        if (env.code === 'invalid-args') expect(env.message!.length).toBeLessThanOrEqual(INPUT_LIMITS.ipcErrorChars);
        expect(dbChecksum(reader), `${channel} was rejected (${env.code}) but wrote`).toBe(before);
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
  } finally {
    reader.close();
  }
  return { calls, rejected };
}

describe('IPC fuzz of every channel', () => {
  describe('through the wrapped invoker ipcMain uses', () => {
    let session: LiveSession;
    let dataDir: string;
    let call: Call;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'cmpp-ipc-fuzz-'));
      const events = new EventBatcher({ intervalMs: 100 });
      session = await LiveSession.open({ dataDir, cipher: LocalKeyCipher.besideDatabase(join(dataDir, 'cmpp-desk.db')), secrets: 'key-file', events, ...FAST_SESSION });
      const live = session;
      const table = createHandlerTable({
        info: { name: 'CMPP Desk', version: '0.0.0-test', platform: process.platform, versions: { electron: '-', chrome: '-', node: process.versions.node } },
        events,
        get workspace() {
          return live.workspace;
        },
        live,
      });
      const invoke = createInvoker(table, () => true);
      call = (channel, a) => invoke(null, channel, [a]);
    }, 60_000);
    afterAll(async () => {
      await session?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers typed envelopes, never internal, and writes nothing when it rejects', async () => {
      // The 5,000-deep values go in as they are: main's validators see them directly.
      const r = await fuzz(call, session.workspace!.dbPath, 400, 5000);
      console.log(`ipc fuzz (invoker): ${r.calls} calls, ${r.rejected} rejected`);
      expect(r.rejected).toBeGreaterThan(r.calls / 2);
    }, 120_000);
  });

  describe('through the browser-mode WebSocket transport', () => {
    let ts: TestServer;
    let page: SocketTransport;
    beforeAll(async () => {
      ts = await startTestServer();
      page = createSocketTransport({ url: socketUrl(ts.server), WebSocketImpl: pageSocket(ts) });
    }, 60_000);
    afterAll(async () => {
      page?.close();
      await ts?.close();
    });

    it('answers typed envelopes, never internal, and writes nothing when it rejects', async () => {
      // A page's JSON.stringify cannot send a 5,000-deep value; 1,000 levels still cross.
      const r = await fuzz((channel, a) => page.invoke(channel as never, a as never), join(ts.dataDir, 'demo.db'), 200, 1000);
      console.log(`ipc fuzz (WebSocket): ${r.calls} calls, ${r.rejected} rejected`);
      expect(r.rejected).toBeGreaterThan(r.calls / 2);
    }, 120_000);
  });
});
