// The renderer's typed client for main: `window.cmppDesk`, exposed by the preload
// (electron/preload.ts) and typed from the one contract in shared/ipc/contract.ts.
import type { DeskApi } from '../../shared/ipc/api.js';
import type { EventChannel } from '../../shared/ipc/channels.js';
import type { EventBatch, PayloadOf } from '../../shared/ipc/contract.js';

declare global {
  interface Window {
    readonly cmppDesk: DeskApi;
  }
}

export { IpcFailure, unwrap } from '../../shared/ipc/envelope.js';
export type { Envelope } from '../../shared/ipc/envelope.js';

/** The bridge; throws a clear error when the page is opened outside the app (no preload). */
export function desk(): DeskApi {
  const api = window.cmppDesk;
  if (!api) throw new Error('window.cmppDesk is missing: the page must be loaded by CMPP Desk (preload not present)');
  return api;
}

export function onEvent<E extends EventChannel>(channel: E, listener: (batch: EventBatch<PayloadOf<E>>) => void): () => void {
  return desk().onEvent(channel, listener);
}
