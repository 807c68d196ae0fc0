// The delivery log's retention setting: the contract refuses what is not 0..120 whole months, the
// service refuses the same (for callers other than IPC), the value persists in the database, and
// retention.get reports the archives (none yet) and how freed space is reclaimed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { RetentionSetting, validateRetention } from '../../electron/services/settings/retention.js';
import { Workspace } from '../../electron/services/workspace.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import type { RetentionView } from '../../shared/ipc/contract/settings.js';
import type { Envelope } from '../../shared/ipc/envelope.js';
import { TestDialogs } from '../ui/data-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'cmpp-retention-'));
let ws: Workspace;
let invoke: (channel: string, ...args: unknown[]) => Promise<Envelope<unknown>>;

beforeAll(() => {
  ws = Workspace.open({ dbPath: join(dir, 'desk.db'), cipher: new PlaintextCipher(), actor: 'test' });
  const events = { setReady() {}, emit: () => undefined } as unknown as EventBatcher;
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: 't', platform: 'linux', versions: { electron: '-', chrome: '-', node: '-' } },
    events,
    workspace: ws,
    dialogs: new TestDialogs(),
  });
  const wrapped = createInvoker(table, () => true);
  invoke = (channel, ...args) => wrapped(null, channel, args);
});

afterAll(async () => {
  await ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('retention setting', () => {
  it('defaults to 6 months, incremental reclaim on a new database, no archives yet', async () => {
    const r = await invoke('retention.get');
    expect(r.ok && (r.value as RetentionView)).toEqual({ keepMonths: 6, months: [], reclaim: 'incremental', running: false });
  });

  for (const bad of [-1, 121, 1.5, '6', null]) {
    it(`retention.update refuses keepMonths ${JSON.stringify(bad)} and keeps the value`, async () => {
      const r = await invoke('retention.update', { keepMonths: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('invalid-args');
      expect(ws.archive.retention.get().keepMonths).toBe(6);
    });
  }

  it('stores 0 (off) and 120, persisted across a reopen of the setting', async () => {
    for (const keepMonths of [0, 120, 3]) {
      const r = await invoke('retention.update', { keepMonths });
      expect(r.ok && (r.value as RetentionView).keepMonths).toBe(keepMonths);
      expect(new RetentionSetting(ws.db).get()).toEqual({ keepMonths });
    }
  });

  it('the service refuses out-of-range values with a sentence naming the field', () => {
    expect(() => validateRetention({ keepMonths: 200 })).toThrow(/keepMonths must be an integer from 0 \(archiving off\) to 120, got 200/);
    expect(() => validateRetention(null)).toThrow(/retention must be/);
    expect(validateRetention({ keepMonths: 0 })).toEqual({ keepMonths: 0 });
  });
});
