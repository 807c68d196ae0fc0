// Handlers of the live-operations channels (shared/ipc/live.contract.ts).
import type { liveContract } from '../../shared/ipc/live.contract.js';
import type { HandlerDeps } from './handlers.js';
import type { HandlerTable } from './register.js';

export type LiveHandlers = Pick<HandlerTable, keyof typeof liveContract>;

export function createLiveHandlers(_deps: HandlerDeps): LiveHandlers {
  return {};
}
