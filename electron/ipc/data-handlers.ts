// Handlers of the data channels (shared/ipc/data.contract.ts).
import type { dataContract } from '../../shared/ipc/data.contract.js';
import type { HandlerDeps } from './handlers.js';
import type { HandlerTable } from './register.js';

export type DataHandlers = Pick<HandlerTable, keyof typeof dataContract>;

export function createDataHandlers(_deps: HandlerDeps): DataHandlers {
  return {};
}
