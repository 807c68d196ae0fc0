// The handler table: what each invoke channel does, one file per domain in handlers/ (the same
// domains as shared/ipc/contract/). Arguments arrive already validated by register.ts; the
// handlers adapt the services and the store to the contract's JSON-safe results, and service
// errors keep their `code` on the way to the renderer.
import { accountsHandlers } from './handlers/accounts.js';
import { appHandlers } from './handlers/app.js';
import { autoreplyHandlers } from './handlers/autoreply.js';
import { campaignsHandlers } from './handlers/campaigns.js';
import { composerHandlers } from './handlers/composer.js';
import { contactsHandlers } from './handlers/contacts.js';
import { HandlerContext, type HandlerDeps } from './handlers/context.js';
import { demoHandlers } from './handlers/demo.js';
import { inboxHandlers } from './handlers/inbox.js';
import { jobsHandlers } from './handlers/jobs.js';
import { logHandlers } from './handlers/log.js';
import { monitorHandlers } from './handlers/monitor.js';
import { settingsHandlers } from './handlers/settings.js';
import { statisticsHandlers } from './handlers/statistics.js';
import { supportHandlers } from './handlers/support.js';
import type { HandlerTable } from './register.js';

export type { HandlerDeps } from './handlers/context.js';

export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  const ctx = new HandlerContext(deps);
  return {
    ...appHandlers(ctx),
    ...demoHandlers(ctx),
    ...monitorHandlers(ctx),
    ...composerHandlers(ctx),
    ...campaignsHandlers(ctx),
    ...inboxHandlers(ctx),
    ...logHandlers(ctx),
    ...statisticsHandlers(ctx),
    ...contactsHandlers(ctx),
    ...accountsHandlers(ctx),
    ...settingsHandlers(ctx),
    ...autoreplyHandlers(ctx),
    ...supportHandlers(ctx),
    ...jobsHandlers(ctx),
  };
}
