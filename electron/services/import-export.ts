// The import/export facade the Workspace constructs (`new ImportExportService(ws.store)`):
// contacts import from CSV/XLSX (preview, then save), contacts export, delivery-log export.
// Every job runs in chunks that yield to the event loop; close() cancels running jobs and waits
// for them (a cancelled export removes its partial file, a cancelled import rolls back), so the
// database is never closed under a job.
import type { LogFilter } from '../store/log/delivery-log.js';
import type { Store } from '../store/store.js';
import {
  importContacts,
  importInProgress,
  previewContactImport,
  recoverInterruptedImports,
  type ContactImportPreview,
  type ContactImportResult,
  type GroupTarget,
  type ImportOptionsBase,
  type SaveOptions,
} from './contacts/contacts-import.js';
import { exportContacts, type ContactsExportOptions, type ContactsExportResult } from './contacts/contacts-export.js';
import { IoError } from '../formats/io-errors.js';
import { exportDeliveryLog, type LogExportOptions, type LogExportResult } from './log/log-export.js';

export type { ContactImportPreview, ContactImportResult, ContactsExportOptions, ContactsExportResult, GroupTarget, LogExportOptions, LogExportResult, LogFilter };
export { IoError } from '../formats/io-errors.js';

export class ImportExportService {
  private readonly jobs = new Set<{ controller: AbortController; done: Promise<unknown> }>();
  private closed = false;

  constructor(readonly store: Store) {}

  /** Reads and checks the file against the group (if given); writes nothing. */
  previewContacts(file: string, target?: GroupTarget, opts: ImportOptionsBase = {}): Promise<ContactImportPreview> {
    return this.job(opts.signal, (signal) => previewContactImport(this.store, file, target, { ...opts, signal }));
  }

  /** Imports the file into the group, all or nothing. Pass the preview's sha256 as expectedSha256. */
  importContacts(file: string, target: GroupTarget, opts: SaveOptions = {}): Promise<ContactImportResult> {
    return this.job(opts.signal, (signal) => importContacts(this.store, file, target, { ...opts, signal }));
  }

  exportContacts(groupId: number, opts: ContactsExportOptions): Promise<ContactsExportResult> {
    return this.job(opts.signal, (signal) => exportContacts(this.store.contacts, groupId, { ...opts, signal }));
  }

  exportDeliveryLog(opts: LogExportOptions): Promise<LogExportResult> {
    return this.job(opts.signal, (signal) => exportDeliveryLog(this.store.log, { ...opts, signal }));
  }

  /** Rolls back imports a crash left half-written; call once after opening. Returns the group ids. */
  recoverInterruptedImports(): Promise<number[]> {
    return this.job(undefined, () => recoverInterruptedImports(this.store));
  }

  /** An import into the group is running (campaigns should not read the group meanwhile). */
  importInProgress(groupId: number): boolean {
    return importInProgress(this.store, groupId);
  }

  /** Cancels running jobs and waits for them to clean up. */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.jobs];
    for (const j of running) j.controller.abort();
    await Promise.allSettled(running.map((j) => j.done));
  }

  private job<T>(outer: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new IoError('cancelled', 'the workspace is closing'));
    const controller = new AbortController();
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    const done = run(signal);
    const entry = { controller, done };
    this.jobs.add(entry);
    const forget = () => this.jobs.delete(entry);
    done.then(forget, forget);
    return done;
  }
}
