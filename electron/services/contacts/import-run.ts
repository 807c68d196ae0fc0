// The row classification of a contacts import, shared by the preview and the save: every row's
// number normalised and checked, duplicates within the file, numbers already in the group or on
// the opt-out list, per-row issues (the first ones kept, the rest counted) and a sample; the save
// hands each chunk of valid rows to its writer. contacts-import.ts runs it over a file.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkPhone, type PhoneProblem } from '../../../shared/phone.js';
import type { ContactGroup, ContactInput } from '../../store/contacts.js';
import type { Store } from '../../store/store.js';
import { checkLayoutLimits, layoutFrom, overLimit, stripQuote, type ImportColumns, type Layout } from './contact-columns.js';
import { columnName, type ContactFileFormat, type SourceProblem, type SourceRow } from './contact-file.js';
import type { CsvDelimiter } from '../../formats/csv.js';
import { unneutraliseCell } from '../../formats/formula-guard.js';
import { cancelled } from '../../formats/io-errors.js';
import type { ImportCountsView, ImportIssueDetail, ImportWarning } from '../../../shared/ipc/contract/contacts.js';


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
  /** The detail as data, for the window's language. */
  detail?: ImportIssueDetail;
  message: string;
}

/** The contract's type (shared/ipc/contract/contacts.ts): what the service returns is what the window gets. */
export type ImportCounts = ImportCountsView;

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
  /** CSV: how the text was decoded, e.g. "GBK/GB18030", "UTF-8 + BOM". */
  encoding?: string;
  delimiter?: CsvDelimiter;
  bytes: number;
  /** SHA-256 of the file: pass it to importContacts so it refuses a file changed since the preview. */
  sha256: string;
  /** The header row, or null for a headerless list. */
  header: string[] | null;
  columns: ImportColumns;
  counts: ImportCounts;
  /** Per-row problems in file order, at most `maxIssues`; `issuesOmitted` counts the rest. */
  issues: ImportIssue[];
  issuesOmitted: number;
  /** The first rows with their status, for the preview grid. */
  sample: PreviewRow[];
  warnings: ImportWarning[];
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

const PHONE_PROBLEM_TEXT: Record<PhoneProblem, string> = {
  empty: 'the number cell is empty',
  'not-digits': 'it contains characters other than digits',
  'wrong-length': 'it is not 11 digits (after +86)',
  'not-mobile': 'it does not start with 13-19 (not a mainland mobile number)',
  foreign: 'it has a country code other than +86',
};

// ---- the run ---------------------------------------------------------------------------------

export interface Candidate {
  row: SourceRow;
  number: string;
  contact: ContactInput;
  warning: boolean;
}

const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

export class ImportRun {
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

  get warnings(): ImportWarning[] {
    const w = [...(this.layout?.warnings ?? [])];
    for (const s of this.ignoredSheets) {
      w.push({ code: 'sheet-ignored', params: { sheet: s }, message: `sheet "${s}" was not imported: only the first sheet, and later sheets repeating its header row, are read` });
    }
    const n = this.counts.notChinaMobile;
    if (n > 0) {
      w.push({
        code: 'not-china-mobile',
        params: { count: n },
        message: `${n} number(s) are outside China Mobile's ranges: imported (numbers are portable), check they can be reached through your gateway`,
      });
    }
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
      return void this.reject(row, raw, 'malformed-row', `line ${row.line}: ${row.cells.length} field(s), but the ${layout.header ? 'header has' : 'first row has'} ${layout.width} (a stray delimiter or a line break outside quotes?)`, {
        kind: 'field-count',
        fields: row.cells.length,
        expected: layout.width,
      });
    }
    if (row.sheetIndex !== undefined) {
      // XLSX rows have no fixed width, but a value outside the known columns would be lost.
      const extra = row.cells.findIndex((c, i) => i >= layout.width && c.trim() !== '');
      if (extra >= 0) {
        const why = layout.header ? 'which has no header' : "past the first row's columns";
        return void this.reject(row, raw, 'malformed-row', `${where(row)}: a value in column ${columnName(extra)}, ${why}`, { kind: 'extra-column', column: columnName(extra) });
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
      return void this.reject(row, raw, 'duplicate-in-file', `${where(row)}: ${check.number} is on ${sheet !== undefined ? `sheet "${sheet}" row` : 'line'} ${line} too (the first row is used)`, {
        kind: 'duplicate',
        number: check.number,
        firstLine: line,
        ...(sheet !== undefined ? { firstSheet: sheet } : {}),
      });
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

  private reject(row: SourceRow, input: string, problem: ImportProblem, message: string, detail?: ImportIssueDetail): ImportIssue | null {
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
    const issue: ImportIssue = { line: row.line, ...(row.sheet ? { sheet: row.sheet } : {}), input, problem, ...(detail ? { detail } : {}), message };
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
        this.reject(c.row, c.number, 'already-in-group', `${where(c.row)}: ${c.number} is already in group "${this.group!.name}" (the existing contact is kept)`, {
          kind: 'in-group',
          number: c.number,
          group: this.group!.name,
        });
      } else if (!this.opts.includeOptedOut && this.store.optOuts.has(c.number)) {
        this.reject(c.row, c.number, 'opted-out', `${where(c.row)}: ${c.number} is on the opt-out list`, { kind: 'opted-out', number: c.number });
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

export function where(row: SourceRow): string {
  return row.sheet ? `sheet "${row.sheet}" row ${row.line}` : `line ${row.line}`;
}
