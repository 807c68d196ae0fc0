// English texts of long operations (progress, cancel); the same keys as ../zh-CN/jobs.ts.
import type { jobsZhCN } from '../zh-CN/jobs.js';

export const jobsEn: Record<keyof typeof jobsZhCN, string> = {
  'job.progress': '{processed} processed',
  'job.progressOf': '{processed} of {total} processed',
  'job.cancel': 'Cancel',
  'job.cancelling': 'Cancelling…',
};
