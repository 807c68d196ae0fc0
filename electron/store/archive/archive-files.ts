// Where a month's archive lives: beside the database, named after it, so a data directory copied
// or moved whole keeps its archives (`cmpp-desk.db.archive-2026-05.sqlite`). The file is written
// as `<name>.partial` and renamed once complete and verified: a name without `.partial` is always
// a whole archive. An archive moved away is missing, not an error; brought back it is found again.
import { existsSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function archiveFileName(dbPath: string, month: string): string {
  return `${basename(dbPath)}.archive-${month}.sqlite`;
}

export function archivePath(dbPath: string, file: string): string {
  return join(dirname(dbPath), file);
}

export function partialPath(path: string): string {
  return `${path}.partial`;
}

export function archivePresent(path: string): boolean {
  return existsSync(path);
}

/** Removes a file if it is there. */
export async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

/**
 * Makes the finished partial file the archive: its bytes synced, renamed (atomic on one file
 * system), and the directory synced so the new name survives a power loss (where the OS allows
 * syncing a directory; Windows does not, and renames there are journaled by NTFS).
 */
export async function publishArchive(partial: string, final: string): Promise<void> {
  const file = await open(partial, 'r');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(partial, final);
  try {
    const dir = await open(dirname(final), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // not supported here
  }
}
