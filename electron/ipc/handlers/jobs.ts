// Handlers of long operations (shared/ipc/contract/jobs.ts): cancelling one by its key.
import type { JOBS_INVOKE } from '../../../shared/ipc/channels/jobs.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type JobsHandlers = Pick<HandlerTable, (typeof JOBS_INVOKE)[number]>;

export function jobsHandlers(ctx: HandlerContext): JobsHandlers {
  return {
    'jobs.cancel': (jobKey) => ctx.jobs.cancel(jobKey),
  };
}
