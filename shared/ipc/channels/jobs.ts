// Channel names of the jobs domain: contract/jobs.ts is keyed by the same names.
export const JOBS_INVOKE = ['jobs.cancel'] as const;
export const JOBS_EVENTS = ['data.progress'] as const;
