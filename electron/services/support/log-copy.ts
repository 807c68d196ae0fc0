// A copy of the support log for someone who cannot open its folder (browser mode: the folder is
// on the server, the operator gets a download): the newest files of this log, oldest first, in one
// file, up to a bound so that the download stays small enough to mail.
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import type { FileSupportLog } from './support-log-file.js';

/** The copy holds at most this much of the newest log lines (two full files at the default size). */
export const LOG_COPY_MAX_BYTES = 10 * 1024 * 1024;

/** Writes the log's newest lines (everything queued so far included) to `target`; returns its size. */
export async function writeLogCopy(log: FileSupportLog, target: string, maxBytes = LOG_COPY_MAX_BYTES): Promise<number> {
  await log.flush();
  const files = log.files().map((path) => ({ path, size: statSync(path, { throwIfNoEntry: false })?.size ?? 0 }));
  // Newest first until the bound, then written oldest first; the oldest file kept may start mid-way.
  let budget = maxBytes;
  const parts: { path: string; from: number; size: number }[] = [];
  for (const f of [...files].reverse()) {
    if (budget <= 0) break;
    const take = Math.min(f.size, budget);
    parts.unshift({ path: f.path, from: f.size - take, size: take });
    budget -= take;
  }
  const out = openSync(target, 'w', 0o600);
  let written = 0;
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (const p of parts) {
      const fd = openSync(p.path, 'r');
      try {
        let pos = p.from;
        const end = p.from + p.size;
        while (pos < end) {
          const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
          if (n === 0) break;
          writeSync(out, buf, 0, n);
          pos += n;
          written += n;
        }
      } finally {
        closeSync(fd);
      }
    }
  } finally {
    closeSync(out);
  }
  return written;
}
