// The statistics channels over a REAL engine (the demo gateway: simulator on 127.0.0.1, a real
// SQLite file) behind the invoker ipcMain uses: reconciliation checks its arguments in main (a
// day that is no calendar day, an id that is none, an unknown account) and answers the gateway's
// counters beside ours for the demo's first day: its start MOs, a long one in parts, agree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { LiveSession } from '../../electron/services/demo/desk-session.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import type { Envelope } from '../../shared/ipc/envelope.js';
import type { ReconcileReport } from '../../shared/reconcile.js';
import { until } from '../support/until.js';

const info = { name: 'CMPP Desk', version: '0.0.0-test', platform: 'linux', versions: { electron: '-', chrome: '-', node: process.versions.node } };

describe('statistics.reconcile', () => {
  let dir = '';
  let session: LiveSession;
  let raw: (channel: string, arg?: unknown) => Promise<Envelope<unknown>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cmpp-reconcile-ipc-'));
    session = await LiveSession.open({
      dataDir: dir,
      cipher: LocalKeyCipher.besideDatabase(join(dir, 'cmpp-desk.db')),
      secrets: 'key-file',
      events: { emit: () => undefined },
      workspace: { autoPump: true, pump: { refreshMs: 50, leaseTtlMs: 3000 }, pool: { backoff: { initialMs: 50, maxMs: 300, resetAfterMs: 1000 } } },
      demo: { behaviour: { reportDelayMs: { min: 0, max: 50 }, moEverySeconds: 0 } },
      campaignFlushMs: 50,
    });
    const table = createHandlerTable({
      info,
      events: { setReady() {} },
      get workspace() {
        return session.workspace;
      },
      live: session,
    });
    const invoke = createInvoker(table, () => true, { onInternalError: (c, e) => console.error(c, e) });
    raw = (channel, arg) => invoke({}, channel, arg === undefined ? [] : [arg]);
  }, 30_000);

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('checks its arguments in main', async () => {
    for (const arg of [{ accountId: 0 }, { accountId: '1' }, { accountId: 1, date: '2026-02-30' }, { accountId: 1, date: 20261206 }, { accountId: 1, extra: true }, undefined]) {
      expect(await raw('statistics.reconcile', arg), JSON.stringify(arg)).toMatchObject({ ok: false, code: 'invalid-args' });
    }
    expect(await raw('statistics.reconcile', { accountId: 1, date: '2026-02-30' })).toMatchObject({ detail: { code: 'not-a-day' } });
    expect(await raw('statistics.reconcile', { accountId: 999 })).toMatchObject({ ok: false, code: 'not-found' });
  });

  it("answers the demo day's counters beside ours: the start MOs, a long one in parts, agree", async () => {
    const accountId = session.requireWorkspace().store.accounts.list()[0]!.id;
    // The MOs count at the gateway once our DELIVER_RESP reached it: ask until every line agrees.
    const r = await until('the demo day reconciled', async () => {
      const e = (await raw('statistics.reconcile', { accountId })) as Envelope<ReconcileReport>;
      if (!e.ok) throw new Error(`${e.code}: ${e.message}`);
      return e.value.equal && e.value.gateway.MO_Scs >= 3 ? e.value : undefined;
    });
    expect(r.ours.moReceived).toBe(r.gateway.MO_Scs);
    expect(r.gateway.MO_Scs).toBeGreaterThan(3);
    expect(r.lines.map((l) => l.status)).toEqual(Array(8).fill('equal'));
  }, 30_000);
});
