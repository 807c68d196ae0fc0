// Long operations (exports, imports, deleting a big group) run under a key the renderer chose:
// it shows their `data.progress` events and can cancel them (`jobs.cancel`) while the call runs.
// Channel names: ../channels/jobs.ts. Values are JSON-safe (../contract.ts says what that means).
import { type } from '../spec.js';
import { string, ValidationError, type Validator } from '../validate.js';
import { event, invoke } from './fields.js';

/** A key the renderer picks for a long operation: short, URL-safe. */
export const jobKeyArg = (): Validator<string> => ({
  check(value, path) {
    const s = string({ min: 1, max: 64 }).check(value, path);
    if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new ValidationError(path, 'letters, digits, _ and - only', 'not-job-key');
    return s;
  },
});

export type JobKind = 'log-export' | 'contacts-export' | 'contacts-preview' | 'contacts-import' | 'group-delete';

export interface JobProgress {
  jobKey: string;
  kind: JobKind;
  /** Rows (or contacts) handled so far. */
  processed: number;
  /** Known total, else null. */
  total: number | null;
  phase: 'running' | 'done' | 'cancelled' | 'failed';
}

export const jobsContract = {
  'jobs.cancel': invoke(jobKeyArg(), type<boolean>()),
  'data.progress': event<JobProgress>('all', 500),
} as const;
