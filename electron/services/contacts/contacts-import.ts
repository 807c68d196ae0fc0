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
// Reading the file: contact-file.ts; which column is what: contact-columns.ts.
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkPhone, type PhoneProblem } from '../../../shared/phone.js';
import type { ContactGroup, ContactInput } from '../../store/contacts.js';
import type { Store } from '../../store/store.js';
import { checkLayoutLimits, layoutFrom, overLimit, stripQuote, type ImportColumns, type Layout } from './contact-columns.js';
import { columnName, openSource, type ContactFileFormat, type Source, type SourceProblem, type SourceRow } from './contact-file.js';
import type { CsvDelimiter } from '../../formats/csv.js';
import { unneutraliseCell } from '../../formats/formula-guard.js';
import { cancelled, IoError, isAbort } from '../../formats/io-errors.js';
import { encodingLabel } from '../../formats/text-file.js';

export { NAME_HEADERS, NUMBER_HEADERS, type ImportColumns } from './contact-columns.js';
export type { ContactFileFormat } from './contact-file.js';

export type ImportProblem = SourceProblem | 'invalid-number' | 'duplicate-in-file' | 'already-in-group' | 'opted-out';

export interface ImportIssue {
  /** CSV: the line the record starts on; XLSX: the row number in its sheet. */
  line: number;
  /** XLSX only. */
  sheet?: string;
  /** The number cell as found in the file. */
  input: string;
  problem: ImportProblem;
  /** For invalid numbers: what is wrong with it (shared/phone.ts). */
  phoneProblem?: PhoneProblem;
  message: string;
}

export interface ImportCounts {
  /** Data rows read (header and blank rows not counted). */
  rows: number;
  /** Rows that pass every check: imported by a save. */
  valid: number;
  malformed: number;
  invalidNumber: number;
  duplicateInFile: number;
  alreadyInGroup: number;
  optedOut: number;
  /** Rows with no text in any cell (skipped, nothing to import). */
  blank: number;
  /** Valid numbers outside China Mobile's ranges: imported, with a warning (numbers are portable). */
  notChinaMobile: number;
}

export interface PreviewRow {
  line: number;
  sheet?: string;
  /** Normalised when valid, else as found. */
  number: string;
  name: string;
  fields: Record<string, string>;
  status: 'ok' | ImportProblem;
  message?: string;
}

export interface ContactImportPreview {
  file: string;
  format: ContactFileFormat;
  /** CSV: how the text was decoded, e.g. "GBK/GB18030", "UTF-8 (with BOM)". */
  encoding?: string;
  delimiter?: CsvDelimiter;
  bytes: number;
  /** SHA-256 of the file: pass it to importContacts so it refuses a file changed since the preview. */
  sha256: string;
  /** The header row, or null for a headerless list. */
  header: string[] | null;
  columns: ImportColumns;
  /** The dedupe rule, stated plainly (shown beside the preview). */
  dedupeRule: { en: string; zh: string };
  counts: ImportCounts;
  /** Per-row problems in file order, at most `maxIssues`; `issuesOmitted` counts the rest. */
  issues: ImportIssue[];
  issuesOmitted: number;
  /** The first rows with their status, for the preview grid. */
  sample: PreviewRow[];
  warnings: string[];
  /** The group checked against (null: a new group). */
  group: { id: number; name: string } | null;
}

export interface ContactImportResult extends ContactImportPreview {
  /** null only when the group was to be created and no row was valid (no empty group is made). */
  group: { id: number; name: string } | null;
  createdGroup: boolean;
  /** Contacts written (= counts.valid unless a number was added to the group meanwhile). */
  added: number;
}

export interface ImportProgress {
  phase: 'preview' | 'save';
  rows: number;
  valid: number;
  added: number;
}

export interface ImportOptionsBase {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Preview grid rows. Default 50. */
  sampleRows?: number;
  /** Issues listed one by one (all are counted). Default 10,000. */
  maxIssues?: number;
  /** Import numbers on the opt-out list too (they are skipped at send time anyway). Default false. */
  includeOptedOut?: boolean;
  now?: () => number;
}

export type GroupTarget = { groupId: number } | { groupName: string; create?: boolean };

export interface SaveOptions extends ImportOptionsBase {
  /** The preview's sha256: the save fails (writing nothing) if the file is not the one previewed. */
  expectedSha256?: string;
  /** Rows per transaction. Default 1,000. */
  chunkSize?: number;
  /** For the audit log. */
  actor?: string;
}

export const DEDUPE_RULE = {
  en:
    'Numbers are compared after normalising (+86, 86 and 0086 prefixes, spaces and dashes removed). ' +
    'Within the file the first row with a number is imported and later rows with the same number are reported as duplicates. ' +
    'A number already in the group keeps its existing contact (nothing is overwritten). Numbers on the opt-out list are not imported.',
  zh:
    '号码先统一格式（去掉 +86、86、0086 前缀及空格、横线）再比较。文件内同一号码只导入第一行，后面的同号行作为重复报告；' +
    '群组里已有的号码保留原联系人，不覆盖；退订名单中的号码不导入。',
};

const LEASE_PREFIX = 'contacts-import:';
const LEASE_TTL_MS = 120_000;

const PHONE_PROBLEM_TEXT: Record<PhoneProblem, string> = {
  empty: 'the number cell is empty',
  'not-digits': 'it contains characters other than digits',
  'wrong-length': 'it is not 11 digits (after +86)',
  'not-mobile': 'it does not start with 13-19 (not a mainland mobile number)',
  foreign: 'it has a country code other than +86',
};

// ---- the run ---------------------------------------------------------------------------------

interface Candidate {
  row: SourceRow;
  number: string;
  contact: ContactInput;
  warning: boolean;
}

interface Journal {
  groupId: number;
  leaseName: string;
  holder: string;
}

interface HolderInfo {
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

const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

class ImportRun {
  readonly counts: ImportCounts = { rows: 0, valid: 0, malformed: 0, invalidNumber: 0, duplicateInFile: 0, alreadyInGroup: 0, optedOut: 0, blank: 0, notChinaMobile: 0 };
  readonly issues: ImportIssue[] = [];
  issuesOmitted = 0;
  readonly sample: PreviewRow[] = [];
  private readonly sampleSeq: number[] = [];
  private readonly issueSeq: number[] = [];
  /** Set by run(): one chunk. */
  private slack = 1000;
  layout: Layout | null = null;
  added = 0;
  /**
   * Numbers seen so far -> where (line * 256 + sheet index). Sharded: one Map of 1,000,000 entries
   * rehashes in a single step of over 100 ms (measured), 256 small ones never stall.
   */
  private readonly seen = Array.from({ length: 256 }, () => new Map<number, number>());
  private readonly sheetNames: string[] = [];
  private pending: Candidate[] = [];
  private readonly sampleRows: number;
  private readonly maxIssues: number;
  private continuationSheet = 1;
  private readonly ignoredSheets = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly opts: ImportOptionsBase,
    /** Existing group to check against (null: none yet). */
    public group: ContactGroup | null,
    /** Save mode: writes each flushed chunk. */
    private readonly write: ((rows: Candidate[], final: boolean) => Promise<number>) | null,
  ) {
    this.sampleRows = opts.sampleRows ?? 50;
    this.maxIssues = opts.maxIssues ?? 10_000;
  }

  get warnings(): string[] {
    const w = [...(this.layout?.warnings ?? [])];
    for (const s of this.ignoredSheets) w.push(`sheet "${s}" was not imported: only the first sheet, and later sheets repeating its header row, are read`);
    if (this.counts.notChinaMobile > 0) w.push(`${this.counts.notChinaMobile} number(s) are outside China Mobile's ranges: imported (numbers are portable), check they can be reached through your gateway`);
    return w;
  }

  async run(rows: AsyncGenerator<SourceRow[]>, chunkSize: number): Promise<void> {
    const signal = this.opts.signal;
    this.slack = chunkSize;
    for await (const batch of rows) {
      if (signal?.aborted) throw cancelled('the import');
      for (const row of batch) {
        this.take(row);
        if (this.pending.length >= chunkSize) await this.flush(false);
      }
      this.progress();
      await yieldToEventLoop();
    }
    await this.flush(true);
    this.progress();
  }

  /** The per-row problems in file order, at most maxIssues. */
  orderedIssues(): { issues: ImportIssue[]; omitted: number } {
    const sorted = this.issues.map((r, i) => [this.issueSeq[i]!, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    const cut = Math.max(0, sorted.length - this.maxIssues);
    return { issues: sorted.slice(0, this.maxIssues), omitted: this.issuesOmitted + cut };
  }

  /** The preview grid rows in file order. */
  orderedSample(): PreviewRow[] {
    return this.sample.map((r, i) => [this.sampleSeq[i]!, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }

  private progress(): void {
    this.opts.onProgress?.({ phase: this.write ? 'save' : 'preview', rows: this.counts.rows, valid: this.counts.valid, added: this.added });
  }

  private take(row: SourceRow): void {
    if (!this.layout) {
      if (isEmptyRow(row.cells) && !row.problem) return;
      this.layout = layoutFrom(row.cells);
      checkLayoutLimits(this.layout);
      this.continuationSheet = row.sheetIndex ?? 1;
      if (this.layout.header) return; // the header row itself
    } else if (row.sheetIndex !== undefined && row.sheetIndex !== this.continuationSheet) {
      // A later XLSX sheet: read only when it repeats the first sheet's header (a continuation, as
      // our own exports past 1,048,575 rows write it); its header row is skipped.
      if (this.ignoredSheets.has(row.sheet!)) return;
      const header = this.layout.header;
      if (header && row.cells.length >= header.length && header.every((h, i) => h === unneutraliseCell(row.cells[i] ?? '')) && row.cells.slice(header.length).every((c) => c === '')) {
        this.continuationSheet = row.sheetIndex;
        return;
      }
      this.ignoredSheets.add(row.sheet!);
      return;
    }
    const layout = this.layout;
    if (isEmptyRow(row.cells) && !row.problem) {
      this.counts.blank++;
      return;
    }
    this.counts.rows++;
    row.seq = this.counts.rows;
    const raw = row.cells[layout.columns.number.index] ?? '';
    if (row.problem) return void this.reject(row, raw, row.problem.problem, row.problem.message);
    if (row.sheetIndex === undefined && row.cells.length !== layout.width) {
      return void this.reject(row, raw, 'malformed-row', `line ${row.line}: ${row.cells.length} field(s), but the ${layout.header ? 'header has' : 'first row has'} ${layout.width} (a stray delimiter or a line break outside quotes?)`);
    }
    if (row.sheetIndex !== undefined) {
      // XLSX rows have no fixed width, but a value outside the known columns would be lost.
      const extra = row.cells.findIndex((c, i) => i >= layout.width && c.trim() !== '');
      if (extra >= 0) {
        const why = layout.header ? 'which has no header' : "past the first row's columns";
        return void this.reject(row, raw, 'malformed-row', `${where(row)}: a value in column ${columnName(extra)}, ${why}`);
      }
    }
    const check = checkPhone(stripQuote(unneutraliseCell(raw)));
    if (!check.ok) {
      const issue = this.reject(row, raw, 'invalid-number', `${where(row)}: "${raw.trim()}" is not a valid mobile number: ${PHONE_PROBLEM_TEXT[check.problem]}`);
      if (issue) issue.phoneProblem = check.problem;
      return;
    }
    const key = Number(check.number);
    const shard = this.seen[key % 256]!;
    const first = shard.get(key);
    if (first !== undefined) {
      const line = Math.floor(first / 256);
      const sheet = this.sheetNames[first % 256];
      return void this.reject(row, raw, 'duplicate-in-file', `${where(row)}: ${check.number} is on ${sheet !== undefined ? `sheet "${sheet}" row` : 'line'} ${line} too (the first row is used)`);
    }
    const sheetIndex = row.sheetIndex ?? 0;
    if (row.sheet !== undefined) this.sheetNames[sheetIndex % 256] = row.sheet;
    shard.set(key, row.line * 256 + (sheetIndex % 256));
    const tooLong = overLimit(row, layout);
    if (tooLong) return void this.reject(row, raw, 'malformed-row', `${where(row)}: ${tooLong}`);
    const fields: Record<string, string> = {};
    for (const f of layout.columns.fields) {
      const v = unneutraliseCell(row.cells[f.index] ?? '');
      // Headerless extra columns and unnamed columns keep only what is there.
      if (v === '' && (layout.header === null || !layout.header[f.index]?.trim())) continue;
      fields[f.key] = v;
    }
    const name = layout.columns.name ? unneutraliseCell(row.cells[layout.columns.name.index] ?? '').trim() : '';
    this.pending.push({ row, number: check.number, contact: { number: check.number, name, fields }, warning: check.warning !== undefined });
  }

  private reject(row: SourceRow, input: string, problem: ImportProblem, message: string): ImportIssue | null {
    switch (problem) {
      case 'invalid-number':
        this.counts.invalidNumber++;
        break;
      case 'duplicate-in-file':
        this.counts.duplicateInFile++;
        break;
      case 'already-in-group':
        this.counts.alreadyInGroup++;
        break;
      case 'opted-out':
        this.counts.optedOut++;
        break;
      default:
        this.counts.malformed++;
    }
    if ((row.seq ?? Infinity) <= this.sampleRows) {
      this.sample.push({ line: row.line, ...(row.sheet ? { sheet: row.sheet } : {}), number: input, name: '', fields: {}, status: problem, message });
      this.sampleSeq.push(row.seq!);
    }
    // Problems found at flush time (group, opt-out) arrive up to a chunk after those found while
    // reading: the list keeps a chunk of slack and is put in file order and cut at the end.
    if (this.issues.length >= this.maxIssues + this.slack) {
      this.issuesOmitted++;
      return null;
    }
    const issue: ImportIssue = { line: row.line, ...(row.sheet ? { sheet: row.sheet } : {}), input, problem, message };
    this.issues.push(issue);
    this.issueSeq.push(row.seq ?? 0);
    return issue;
  }

  /** Checks the pending rows against the group and the opt-out list; writes them in save mode. */
  private async flush(final: boolean): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const inGroup = this.group ? this.store.contacts.existingMembers(this.group.id, batch.map((c) => c.number)) : new Set<string>();
    const ok: Candidate[] = [];
    for (const c of batch) {
      if (inGroup.has(c.number)) {
        this.reject(c.row, c.number, 'already-in-group', `${where(c.row)}: ${c.number} is already in group "${this.group!.name}" (the existing contact is kept)`);
      } else if (!this.opts.includeOptedOut && this.store.optOuts.has(c.number)) {
        this.reject(c.row, c.number, 'opted-out', `${where(c.row)}: ${c.number} is on the opt-out list`);
      } else {
        ok.push(c);
        this.counts.valid++;
        if (c.warning) this.counts.notChinaMobile++;
        if ((c.row.seq ?? Infinity) <= this.sampleRows) {
          this.sample.push({ line: c.row.line, ...(c.row.sheet ? { sheet: c.row.sheet } : {}), number: c.number, name: c.contact.name ?? '', fields: c.contact.fields ?? {}, status: 'ok' });
          this.sampleSeq.push(c.row.seq!);
        }
      }
    }
    if (this.write && (ok.length > 0 || final)) this.added += await this.write(ok, final);
  }
}

function where(row: SourceRow): string {
  return row.sheet ? `sheet "${row.sheet}" row ${row.line}` : `line ${row.line}`;
}

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
    dedupeRule: DEDUPE_RULE,
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

/** Active imports of this process (lease holder tokens), to tell our own leases from dead ones. */
const activeTokens = new Set<string>();

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
    if (target.groupName.trim() === '' || [...target.groupName].length > 100) throw new IoError('invalid-input', 'a group name needs 1 to 100 characters');
  }
  const token = Math.random().toString(36).slice(2, 10);
  const stamp = now();
  let journal: Journal | null = null;
  let created = false;
  const holderFor = (groupId: number, after: number, isNew: boolean) =>
    JSON.stringify({ host: hostname().slice(0, 60), pid: process.pid, token, after, at: stamp, created: isNew } satisfies HolderInfo);

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

async function rollback(store: Store, journal: Journal): Promise<void> {
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
async function recoverGroup(store: Store, groupId: number, now: () => number): Promise<boolean> {
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
