import { describe, expect, it } from 'vitest';
import { createDeskApi, type DeskTransport } from '../../shared/ipc/api.js';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channels.js';
import { contract } from '../../shared/ipc/contract.js';
import { unwrap, IpcFailure } from '../../shared/ipc/envelope.js';

describe('the contract', () => {
  it('the plain name lists and the table agree, kind by kind', () => {
    const byKind = (kind: string) =>
      Object.entries(contract)
        .filter(([, spec]) => spec.kind === kind)
        .map(([name]) => name)
        .sort();
    expect(byKind('invoke')).toEqual([...INVOKE_CHANNELS].sort());
    expect(byKind('event')).toEqual([...EVENT_CHANNELS].sort());
    expect(Object.keys(contract)).toHaveLength(INVOKE_CHANNELS.length + EVENT_CHANNELS.length);
  });

  it('names are namespace.method, unique, and no namespace shadows onEvent', () => {
    const all = [...INVOKE_CHANNELS, ...EVENT_CHANNELS];
    expect(new Set(all).size).toBe(all.length);
    for (const name of all) expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
    expect(INVOKE_CHANNELS.map((c) => c.split('.')[0])).not.toContain('onEvent');
  });

  it('event channels are bounded', () => {
    for (const name of EVENT_CHANNELS) {
      const spec = contract[name];
      expect(['all', 'latest']).toContain(spec.keep);
      expect(spec.max).toBeGreaterThan(0);
    }
  });
});

describe('createDeskApi', () => {
  function fakeTransport() {
    const calls: unknown[][] = [];
    const listeners = new Map<string, Set<(b: unknown) => void>>();
    const transport: DeskTransport = {
      invoke: async (channel, ...args) => {
        calls.push([channel, ...args]);
        return { ok: true, value: channel };
      },
      subscribe(channel, listener) {
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set);
        set.add(listener);
        return () => set.delete(listener);
      },
    };
    return { transport, calls, listeners };
  }

  it('has one method per invoke channel, grouped by namespace, plus onEvent', () => {
    const api = createDeskApi(fakeTransport().transport) as unknown as Record<string, Record<string, unknown>>;
    const methods = Object.entries(api).flatMap(([ns, v]) => (typeof v === 'function' ? [ns] : Object.keys(v).map((m) => `${ns}.${m}`)));
    expect(methods.sort()).toEqual([...INVOKE_CHANNELS, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.planner)).toBe(true);
  });

  it('forwards calls verbatim (main validates) and returns what main answers', async () => {
    const { transport, calls } = fakeTransport();
    const api = createDeskApi(transport);
    expect(await api.planner.preview({ text: 'hi' })).toEqual({ ok: true, value: 'planner.preview' });
    await api.app.info();
    await (api.app.setLocale as (...a: unknown[]) => Promise<unknown>)('en', 'extra');
    expect(calls).toEqual([['planner.preview', { text: 'hi' }], ['app.info'], ['app.setLocale', 'en', 'extra']]);
  });

  it('onEvent accepts only contract events, passes only the batch, and unsubscribes once', () => {
    const { transport, listeners } = fakeTransport();
    const api = createDeskApi(transport);
    const got: unknown[][] = [];
    const off = api.onEvent('app.notice', (...args: unknown[]) => got.push(args));
    for (const l of listeners.get('app.notice')!) l({ items: [], dropped: 0 });
    expect(got).toEqual([[{ items: [], dropped: 0 }]]);
    off();
    off();
    expect(listeners.get('app.notice')!.size).toBe(0);
    expect(() => api.onEvent('nope' as 'app.notice', () => {})).toThrow(/unknown event channel "nope"/);
    expect(() => api.onEvent('app.notice', 'x' as never)).toThrow(/listener must be a function/);
  });

  it('unwrap returns the value or throws the code', () => {
    expect(unwrap({ ok: true, value: 3 })).toBe(3);
    try {
      unwrap({ ok: false, code: 'invalid-args', message: 'bad' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IpcFailure);
      expect(e).toMatchObject({ code: 'invalid-args', message: 'bad' });
    }
  });
});
