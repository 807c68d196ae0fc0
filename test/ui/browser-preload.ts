// The browser tests' stand-in for electron/preload.ts, bundled into an init script:
// the same createDeskApi() over a Playwright binding instead of ipcRenderer. Main's
// side of each call runs in the test process through the same wrapped handler
// (createInvoker) that ipcMain uses. Events are pushed with window.__cmppEmit.
import { createDeskApi } from '../../shared/ipc/api.js';

type Host = Window & {
  /** Resolves to the JSON text of main's envelope (see bridgePage). */
  __cmppInvoke(channel: string, args: unknown[]): Promise<string>;
  __cmppEmit?: (channel: string, batch: unknown) => number;
  cmppDesk?: unknown;
};
const host = window as unknown as Host;
const listeners = new Map<string, Set<(batch: unknown) => void>>();

Object.defineProperty(host, 'cmppDesk', {
  value: createDeskApi({
    invoke: async (channel, ...args) => JSON.parse(await host.__cmppInvoke(channel, args)) as unknown,
    subscribe(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => listeners.get(channel)?.delete(listener);
    },
  }),
  enumerable: true,
});

Object.defineProperty(host, '__cmppEmit', {
  value: (channel: string, batch: unknown) => {
    const set = listeners.get(channel) ?? new Set();
    for (const l of set) l(batch);
    return set.size;
  },
});
