// Tests the BUNDLED preload itself, run in a bare vm context with a stub `electron`:
// the browser tests use a stand-in for it, which would hide a preload that does not load.
import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { preloadBuildOptions } from '../../build/bundle.js';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channels.js';

let code = '';

beforeAll(async () => {
  const result = await build({ ...preloadBuildOptions('preload.cjs'), write: false });
  expect(result.errors).toEqual([]);
  expect(result.outputFiles).toHaveLength(1);
  code = result.outputFiles[0]!.text;
});

type Listener = (event: unknown, ...args: unknown[]) => void;

function load() {
  const exposed = new Map<string, any>();
  const required: string[] = [];
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const electron = {
    contextBridge: {
      exposeInMainWorld(name: string, api: unknown) {
        exposed.set(name, api);
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push([channel, ...args]);
        return { ok: true, value: `answer to ${channel}` };
      },
      on(channel: string, listener: Listener) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      },
      removeListener(channel: string, listener: Listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
  };
  const module = { exports: {} };
  // A bare context: no process, Buffer or setTimeout, like the sandboxed preload's world.
  runInNewContext(code, {
    require(id: string) {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    },
    module,
    exports: module.exports,
  });
  return { exposed, required, invoked, listeners };
}

describe('the bundled preload', () => {
  it('is one small CommonJS file that requires nothing but electron', () => {
    expect(code).toMatch(/^"use strict";/);
    expect(code).not.toMatch(/\bimport\s*\(|\bimport\s+[\w{*]|export\s/);
    const requires = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    // No validators or contract table: only the channel names travel in the preload.
    expect(code).not.toContain('ValidationError');
    expect(code.length).toBeLessThan(8 * 1024);
  });

  it('loads in a bare context and exposes exactly the contract channels as window.cmppDesk', () => {
    const { exposed, required } = load();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['cmppDesk']);
    const api = exposed.get('cmppDesk');
    const names: string[] = [];
    for (const [key, value] of Object.entries(api)) {
      if (typeof value === 'function') names.push(key);
      else for (const [m, fn] of Object.entries(value as object)) if (typeof fn === 'function') names.push(`${key}.${m}`);
    }
    expect(names.sort()).toEqual([...INVOKE_CHANNELS, 'onEvent'].sort());
    // Nothing else hides in there: no ipcRenderer, no generic invoke/send.
    const flat = JSON.stringify(Object.keys(api));
    expect(flat).not.toMatch(/invoke|send|ipc/i);
  });

  it('each method invokes its own channel with the arguments given', async () => {
    const { exposed, invoked } = load();
    const api = exposed.get('cmppDesk');
    expect(await api.planner.preview({ text: '你好' })).toEqual({ ok: true, value: 'answer to planner.preview' });
    await api.app.info();
    await api.app.setLocale('en');
    await api.app.ready();
    expect(invoked).toEqual([['planner.preview', { text: '你好' }], ['app.info'], ['app.setLocale', 'en'], ['app.ready']]);
  });

  it('event listeners get the batch, never the Electron event, and unsubscribe cleanly', () => {
    const { exposed, listeners } = load();
    const api = exposed.get('cmppDesk');
    const got: unknown[][] = [];
    const off = api.onEvent('app.notice', (...args: unknown[]) => got.push(args));
    const registered = [...listeners.get('app.notice')!];
    expect(registered).toHaveLength(1);
    const electronEvent = { sender: { send() {} }, senderFrame: {}, ports: [] };
    const batch = { items: [{ level: 'warning', code: 'x', message: 'y' }], dropped: 0 };
    registered[0]!(electronEvent, batch);
    expect(got).toEqual([[batch]]);
    expect(got[0]).not.toContain(electronEvent);
    off();
    expect(listeners.get('app.notice')!.size).toBe(0);
    expect(() => api.onEvent('planner.preview', () => {})).toThrow(/unknown event channel/);
    expect(EVENT_CHANNELS).toContain('app.notice');
  });
});
