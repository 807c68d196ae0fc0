// The import's crash journal: an import into a group holds a lease in the database naming the
// group, the import's stamp and the highest contact id before it (the holder). Its rows are the
// contacts above that id created at that stamp, so an import a crash (or a failure, or a
// cancellation) left half-written is rolled back from the journal alone: by the import itself,
// by the next import into the group, or by recoverInterruptedImports() after the database opens.
import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Store } from '../../store/store.js';

export const LEASE_PREFIX = 'contacts-import:';
export const LEASE_TTL_MS = 120_000;

export interface Journal {
  groupId: number;
  leaseName: string;
  holder: string;
}

export interface HolderInfo {
  host: string;
  pid: number;
  token: string;
  /** Contact ids above this... */
  after: number;
  /** ...created at this time are the import's rows. */
  at: number;
  /** The import created the group. */
  created: boolean;
}

/** Active imports of this process (lease holder tokens), to tell our own leases from dead ones. */
export const activeTokens = new Set<string>();

/** The lease holder text of an import by this process. */
export function holderText(token: string, groupId: number, after: number, at: number, created: boolean): string {
  return JSON.stringify({ host: hostname().slice(0, 60), pid: process.pid, token, after, at, created } satisfies HolderInfo);
}

export async function rollback(store: Store, journal: Journal): Promise<void> {
  const info = JSON.parse(journal.holder) as HolderInfo;
  while (store.contacts.removeImported(journal.groupId, info.after, info.at, 5_000) > 0) await yieldToEventLoop();
  if (info.created) {
    const g = store.contacts.getGroup(journal.groupId);
    if (g.size === 0) for (const _ of store.contacts.deleteGroup(journal.groupId)) await yieldToEventLoop();
  }
  store.leases.release(journal.leaseName, journal.holder);
}

/** Whether a lease holder is gone: its lease expired, or its process (on this host) is dead. */
function holderIsGone(holder: HolderInfo, expiresAt: number, now: number): boolean {
  if (expiresAt <= now) return true;
  if (holder.host !== hostname().slice(0, 60)) return false;
  if (holder.pid === process.pid) return !activeTokens.has(holder.token);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Rolls back an interrupted import into the group, if its lease shows one. */
export async function recoverGroup(store: Store, groupId: number, now: () => number): Promise<boolean> {
  const name = LEASE_PREFIX + groupId;
  const lease = store.leases.get(name);
  if (!lease) return false;
  let info: HolderInfo;
  try {
    info = JSON.parse(lease.holder) as HolderInfo;
  } catch {
    store.leases.release(name, lease.holder);
    return false;
  }
  if (!holderIsGone(info, lease.expiresAt, now())) return false;
  await rollback(store, { groupId, leaseName: name, holder: lease.holder });
  return true;
}

/**
 * Rolls back every import a crash left half-written (call once after opening the database, before
 * campaigns read groups). Returns the ids of the groups rolled back.
 */
export async function recoverInterruptedImports(store: Store, now: () => number = Date.now): Promise<number[]> {
  const done: number[] = [];
  for (const g of store.contacts.listGroups()) {
    if (await recoverGroup(store, g.id, now)) done.push(g.id);
  }
  return done;
}

/**
 * Whether the group holds rows of an import that has not finished: one running now, or one that
 * stopped half-way (killed, or its rollback could not write on a full disk) and waits for
 * recoverInterruptedImports(). Nothing may read such a group as if it were complete.
 */
export function importUnfinished(store: Store, groupId: number): boolean {
  return store.leases.get(LEASE_PREFIX + groupId) !== null;
}

/** Whether an import into the group is running now (a campaign should not read it meanwhile). */
export function importInProgress(store: Store, groupId: number, now: number = Date.now()): boolean {
  const lease = store.leases.get(LEASE_PREFIX + groupId);
  if (lease === null) return false;
  try {
    return !holderIsGone(JSON.parse(lease.holder) as HolderInfo, lease.expiresAt, now);
  } catch {
    return false;
  }
}
