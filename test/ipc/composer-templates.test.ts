// The Composer's templates over the real handler table: save (new and changed), listed in the
// composer context with their merge fields, deleted; bad arguments refused; each change audited.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { LiveSession } from '../../electron/services/demo/desk-session.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import type { ComposerContext, ComposerTemplate } from '../../shared/ipc/contract/composer.js';
import type { Envelope } from '../../shared/ipc/envelope.js';

const info = { name: 'CMPP Desk', version: '0.0.0-test', platform: 'linux', versions: { electron: '-', chrome: '-', node: process.versions.node } };
let dir = '';
let session: LiveSession;
let raw: (channel: string, arg?: unknown) => Promise<Envelope<unknown>>;
async function call<T>(channel: string, arg?: unknown): Promise<T> {
  const r = await raw(channel, arg);
  if (!r.ok) throw new Error(`${channel}: ${r.code}: ${r.message}`);
  return r.value as T;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cmpp-templates-'));
  session = await LiveSession.open({
    dataDir: dir,
    cipher: LocalKeyCipher.besideDatabase(join(dir, 'cmpp-desk.db')),
    secrets: 'key-file',
    events: { emit: () => undefined },
    workspace: { autoPump: false },
    demo: { behaviour: { moEverySeconds: 0 } },
  });
  const table = createHandlerTable({ info, events: { setReady() {} }, get workspace() { return session.workspace; }, live: session });
  const invoke = createInvoker(table, () => true);
  raw = (channel, arg) => invoke({}, channel, arg === undefined ? [] : [arg]);
}, 30_000);

afterAll(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('composer templates', () => {
  it('saves a new template, changes it and deletes it; the context lists it with its merge fields', async () => {
    const before = (await call<ComposerContext>('composer.context')).templates.length;
    const saved = await call<ComposerTemplate>('composer.saveTemplate', { name: '回访', text: '【演示】{姓名}您好，{城市}门店回访' });
    expect(saved).toMatchObject({ name: '回访', fields: ['姓名', '城市'] });
    const changed = await call<ComposerTemplate>('composer.saveTemplate', { id: saved.id, name: '回访二', text: '【演示】{name}您好' });
    expect(changed).toEqual({ id: saved.id, name: '回访二', text: '【演示】{name}您好', fields: ['name'] });
    const listed = (await call<ComposerContext>('composer.context')).templates;
    expect(listed).toHaveLength(before + 1);
    expect(listed).toContainEqual(changed);

    const dup = await raw('composer.saveTemplate', { name: '回访二', text: 'x' });
    expect(dup).toMatchObject({ ok: false, code: 'conflict' });
    for (const bad of [{ name: '', text: 'x' }, { name: 'a', text: '' }, { name: 'a', text: 'x', extra: 1 }, { id: 0, name: 'a', text: 'x' }]) {
      expect(await raw('composer.saveTemplate', bad)).toMatchObject({ ok: false, code: 'invalid-args' });
    }

    expect(await call<boolean>('composer.deleteTemplate', saved.id)).toBe(true);
    expect((await call<ComposerContext>('composer.context')).templates).toHaveLength(before);
    expect(await raw('composer.deleteTemplate', saved.id)).toMatchObject({ ok: false, code: 'not-found' });
    const actions = session.workspace!.store.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'template.%' ORDER BY id").pluck().all();
    expect(actions).toEqual(['template.create', 'template.update', 'template.delete']);
  }, 30_000);
});
