// What the store's worker threads (the WAL checkpointer, the export's reader, the archiver) share:
// where their copy of the SQLite driver is, and the source line that lowers a background thread's
// priority.
import { createRequire } from 'node:module';

/** The driver's path for a worker's require() (eval'd workers resolve from the process's cwd). */
export function sqliteDriverPath(): string {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return 'better-sqlite3';
  }
}

/**
 * Worker source that lowers the calling thread's nice value by 10. Linux keeps a nice value per
 * thread (setpriority on the calling thread): a background thread yields the core to the main
 * thread, whose event loop must stay responsive (docs/architecture.md, "Where each domain lives").
 * Elsewhere the call would lower the whole process, so it is Linux only.
 */
export const LOWER_THREAD_PRIORITY = `
if (process.platform === 'linux') {
  try {
    const os = require('node:os');
    os.setPriority(0, Math.min(19, os.getPriority(0) + 10));
  } catch {}
}
`;
