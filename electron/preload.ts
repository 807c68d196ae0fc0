// The sandboxed preload: exposes `window.cmppDesk`, one method per invoke channel
// of the contract plus onEvent(), and nothing else (no ipcRenderer, no generic
// invoke). Bundled by build/bundle.ts into ONE CommonJS file, because a sandboxed
// preload cannot be ESM and can require only `electron` and a few built-ins.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createDeskApi } from '../shared/ipc/api.js';

const api = createDeskApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  subscribe(channel, listener) {
    // The Electron event object (with its sender) never reaches the page.
    const handler = (_event: IpcRendererEvent, batch: unknown) => listener(batch);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
});

contextBridge.exposeInMainWorld('cmppDesk', api);
