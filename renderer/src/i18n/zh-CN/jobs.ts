// Simplified Chinese texts of long operations (progress, cancel). ../en/jobs.ts has exactly the same keys.
export const jobsZhCN = {
  'job.progress': '已处理 {processed} 条',
  'job.progressOf': '已处理 {processed} / {total} 条',
  'job.cancel': '取消',
  'job.cancelling': '正在取消…',
} as const;
