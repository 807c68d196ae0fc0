// Contacts from CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16 with BOM; comma, semicolon or tab)
// and XLSX: a preview with per-row problems and the dedupe
// rule in plain words, then a save into a group in chunks that yield to the event loop.
//
// One pipeline serves both: the preview reads and classifies every row; the save runs the same
// classification again (the group or the opt-out list may have changed since) and writes the
// rows that pass. An import is all-or-nothing: rows are written in chunks (the main process must
// not stall), each chunk stamped with the import's time, under a lease in the database naming the
// group, the import's stamp and the highest contact id before it (the journal). A failure or a
// cancellation removes the import's rows again; the last chunk releases the lease in the same
// transaction, so after a crash the lease is still there and recoverInterruptedImports() (or the
// next import into that group) rolls the half-written import back.
//
// Reading the file: contact-file.ts; which column is what: contact-columns.ts; the classification
// of the rows: import-run.ts; the journal and the crash recovery: import-journal.ts.
import { basename } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ContactGroup } from '../../store/contacts.js';
import type { Store } from '../../store/store.js';
import { openSource, type Source } from './contact-file.js';
import { cancelled, IoError, isAbort } from '../../formats/io-errors.js';
import { encodingLabel } from '../../formats/text-file.js';
import { ImportRun, type Candidate, type ContactImportPreview, type ContactImportResult, type GroupTarget, type ImportOptionsBase, type SaveOptions } from './import-run.js';
import { activeTokens, holderText, LEASE_PREFIX, LEASE_TTL_MS, recoverGroup, rollback, type Journal } from './import-journal.js';
import { detail } from '../../../shared/error-detail.js';

export { importInProgress, recoverInterruptedImports } from './import-journal.js';

export { NAME_HEADERS, NUMBER_HEADERS, type ImportColumns } from './contact-columns.js';
export type { ContactFileFormat } from './contact-file.js';

export type { ImportProblem, ImportIssue, ImportCounts, PreviewRow, ContactImportPreview, ContactImportResult, ImportProgress, ImportOptionsBase, GroupTarget, SaveOptions } from './import-run.js';

// ---- the service functions -------------------------------------------------------------------

function previewOf(file: string, source: Source, run: ImportRun): ContactImportPreview {
  const ordered = run.orderedIssues();
  const layout = run.layout ?? { header: null, columns: { number: { index: 0, header: null }, name: null, fields: [] }, width: 0, warnings: [] };
  return {
    file,
    format: source.format,
    ...(source.info ? { encoding: encodingLabel(source.info) } : {}),
    ...(source.delimiter ? { delimiter: source.delimiter } : {}),
    bytes: source.bytes,
    sha256: source.sha256,
    header: layout.header,
    columns: layout.columns,
    counts: run.counts,
    issues: ordered.issues,
    issuesOmitted: ordered.omitted,
    sample: run.orderedSample(),
    warnings: run.warnings,
    group: run.group ? { id: run.group.id, name: run.group.name } : null,
  };
}

function resolveGroup(store: Store, target: GroupTarget | undefined): ContactGroup | null {
  if (!target) return null;
  if ('groupId' in target) {
    try {
      return store.contacts.getGroup(target.groupId);
    } catch {
      throw new IoError('not-found', `contact group ${target.groupId} does not exist`);
    }
  }
  return store.contacts.findGroup(target.groupName);
}

/** Reads and classifies the whole file; writes nothing. */
export async function previewContactImport(store: Store, file: string, target?: GroupTarget, opts: ImportOptionsBase = {}): Promise<ContactImportPreview> {
  const group = resolveGroup(store, target);
  const source = await openSource(file, opts.signal, undefined);
  const run = new ImportRun(store, opts, group, null);
  try {
    await run.run(source.rows, 1000);
  } catch (e) {
    throw translate(e, 'the preview');
  }
  return previewOf(file, source, run);
}

/**
 * Imports the file into the group: every row classified as in the preview, the valid ones
 * written in chunks; all or nothing (see the header comment).
 */
export async function importContacts(store: Store, file: string, target: GroupTarget, opts: SaveOptions = {}): Promise<ContactImportResult> {
  const now = opts.now ?? Date.now;
  let group = resolveGroup(store, target);
  if (!group && ('groupId' in target || target.create === false)) {
    throw new IoError('not-found', `contact group "${'groupName' in target ? target.groupName : ''}" does not exist`);
  }
  if (!group && 'groupName' in target) {
    // Checked now, so a bad name fails before the file is read.
    const chars = [...target.groupName].length;
    if (target.groupName.trim() === '' || chars > 100) {
      throw new IoError('invalid-input', 'a group name needs 1 to 100 characters', chars > 100 ? detail('too-long', 'group name', { max: 100, actual: chars }) : detail('empty', 'group name'));
    }
  }
  const token = Math.random().toString(36).slice(2, 10);
  const stamp = now();
  let journal: Journal | null = null;
  let created = false;
  const holderFor = (groupId: number, after: number, isNew: boolean) => holderText(token, groupId, after, stamp, isNew);

  // An existing group: take its import lease first (rolling back an interrupted import found there).
  if (group) {
    await recoverGroup(store, group.id, now);
    journal = store.transaction(() => {
      const after = store.contacts.maxContactId();
      const h = holderFor(group!.id, after, false);
      if (!store.leases.acquire(LEASE_PREFIX + group!.id, h, LEASE_TTL_MS, now())) return null;
      return { groupId: group!.id, leaseName: LEASE_PREFIX + group!.id, holder: h };
    });
    if (!journal) throw new IoError('busy', `another import into group "${group.name}" is running; try again when it has finished`);
  }
  activeTokens.add(token);
  const chunkSize = opts.chunkSize ?? 1000;
  let firstRow = 1;
  const write = async (rows: Candidate[], final: boolean): Promise<number> => {
    const contacts = rows.map((c) => c.contact);
    const added = store.transaction(() => {
      if (!journal) {
        if (contacts.length === 0) return 0; // nothing to import: no new group
        // A new group: created, leased and filled in one transaction.
        const name = (target as { groupName: string }).groupName;
        const g = store.contacts.createGroup(name, stamp);
        const after = store.contacts.maxContactId();
        const h = holderFor(g.id, after, true);
        // A lease under this name can only be left from a deleted group whose id SQLite reused.
        const stale = store.leases.get(LEASE_PREFIX + g.id);
        if (stale) store.leases.release(LEASE_PREFIX + g.id, stale.holder);
        store.leases.acquire(LEASE_PREFIX + g.id, h, LEASE_TTL_MS, now());
        journal = { groupId: g.id, leaseName: LEASE_PREFIX + g.id, holder: h };
        group = g;
        run.group = g;
        created = true;
      }
      const r = contacts.length ? store.contacts.insertImported(journal.groupId, contacts, stamp, firstRow) : { added: 0, present: 0 };
      if (final) {
        store.leases.release(journal.leaseName, journal.holder);
        store.audit.append({
          actor: opts.actor ?? 'import',
          action: 'contacts.import',
          details: { group: group!.name, groupId: journal.groupId, file: basename(file), sha256: source?.sha256, ...run.counts, added: run.added + r.added },
          at: now(),
        });
      } else if (!store.leases.acquire(journal.leaseName, journal.holder, LEASE_TTL_MS, now())) {
        throw new IoError('busy', `the import lost its lease on group "${group!.name}" (another process took it over)`);
      }
      return r.added;
    });
    firstRow += contacts.length;
    await yieldToEventLoop();
    return added;
  };
  let source: Source | undefined;
  const run = new ImportRun(store, opts, group, write);
  try {
    source = await openSource(file, opts.signal, opts.expectedSha256);
    await run.run(source.rows, chunkSize);
  } catch (e) {
    activeTokens.delete(token);
    if (journal) await rollback(store, journal as Journal).catch(() => undefined);
    throw translate(e, 'the import');
  }
  activeTokens.delete(token);
  const preview = previewOf(file, source!, run);
  return { ...preview, group: group ? { id: group.id, name: group.name } : null, createdGroup: created, added: run.added };
}

function translate(e: unknown, what: string): unknown {
  if (isAbort(e)) return cancelled(what);
  return e;
}

