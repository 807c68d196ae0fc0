// Contacts: groups, members, CSV/XLSX import (preview, then save) and export.
// Channel names: ../channels/contacts.ts. Values are JSON-safe (../contract.ts says what that means).
import { type } from '../spec.js';
import { int, none, object, optional, string } from '../validate.js';
import { exportFormat, id, invoke, lang, MAX_ID } from './fields.js';
import { jobKeyArg } from './jobs.js';

export const MEMBERS_PAGE_LIMIT = 500;
export const GROUP_NAME_MAX = 100;
/** Issues of an import preview sent to the window (all are counted; the rest are in the save's result). */
export const IMPORT_ISSUES_SHOWN = 2000;

export interface GroupView {
  id: number;
  name: string;
  size: number;
  createdAt: number;
  /** An import into the group is running. */
  importing: boolean;
}

export interface ContactView {
  id: number;
  number: string;
  name: string;
  fields: Record<string, string>;
  createdAt: number;
}

export interface ImportFileView {
  fileId: number;
  /** The file's name (not its path). */
  name: string;
  bytes: number;
}

export type ImportProblemCode =
  | 'malformed-row'
  | 'formula-without-result'
  | 'cell-error'
  | 'undecodable'
  | 'invalid-number'
  | 'duplicate-in-file'
  | 'already-in-group'
  | 'opted-out';

export interface ImportIssueView {
  line: number;
  sheet?: string;
  input: string;
  problem: ImportProblemCode;
  /** not-digits, wrong-length, ... for invalid numbers (shared/phone.ts). */
  phoneProblem?: string;
  /** What the detail says, for the window to say it in the user's language. */
  detail?: ImportIssueDetail;
  /** English detail (the CLI and logs print it). */
  message: string;
}

/** An import problem's detail as data: `message` says the same in English. */
export type ImportIssueDetail =
  | { kind: 'duplicate'; number: string; firstLine: number; firstSheet?: string }
  | { kind: 'in-group'; number: string; group: string }
  | { kind: 'opted-out'; number: string }
  | { kind: 'field-count'; fields: number; expected: number }
  | { kind: 'extra-column'; column: string };

/** An import's counts: the type the import service returns and the contract carries (one definition). */
export interface ImportCountsView {
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

export interface ImportPreviewView {
  fileId: number;
  name: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  bytes: number;
  /** Pass back to contacts.import: the save refuses a file changed since the preview. */
  sha256: string;
  header: string[] | null;
  numberColumn: string | null;
  nameColumn: string | null;
  fieldColumns: string[];
  counts: ImportCountsView;
  issues: ImportIssueView[];
  /** Issues not listed (counted in `counts`). */
  issuesOmitted: number;
  sample: { line: number; sheet?: string; number: string; name: string; fields: Record<string, string>; status: 'ok' | ImportProblemCode }[];
  warnings: ImportWarning[];
  group: { id: number; name: string } | null;
}

/** What an import reads differently from what the file may mean: worded by the UI and the CLI from `code` and `params`. */
export type ImportWarningCode = 'no-number-header' | 'duplicate-header' | 'sheet-ignored' | 'not-china-mobile';

export interface ImportWarning {
  code: ImportWarningCode;
  params: Record<string, string | number>;
  /** The same in English, for the support log and English. */
  message: string;
}

export interface ImportDone {
  /** null when a new group was asked for and no row was valid (no empty group is created). */
  group: GroupView | null;
  createdGroup: boolean;
  added: number;
  counts: ImportCountsView;
}

export interface ExportDone {
  file: string;
  rows: number;
}

export const contactsContract = {
  'contacts.groups': invoke(none(), type<GroupView[]>()),
  'contacts.createGroup': invoke(object({ name: string({ min: 1, max: GROUP_NAME_MAX }) }), type<GroupView>()),
  'contacts.renameGroup': invoke(object({ groupId: id(), name: string({ min: 1, max: GROUP_NAME_MAX }) }), type<GroupView>()),
  'contacts.deleteGroup': invoke(object({ groupId: id(), jobKey: jobKeyArg() }), type<null>()),
  'contacts.members': invoke(
    object({ groupId: id(), afterId: optional(int(0, MAX_ID)), limit: int(1, MEMBERS_PAGE_LIMIT) }),
    type<{ members: ContactView[]; nextAfterId: number | null }>(),
  ),
  'contacts.findMember': invoke(object({ groupId: id(), number: string({ min: 1, max: 40 }) }), type<ContactView | null>()),
  'contacts.removeMember': invoke(object({ groupId: id(), number: string({ min: 1, max: 40 }) }), type<boolean>()),
  /** Native open dialog; null when cancelled. The path stays in main. */
  'contacts.pickImportFile': invoke(none(), type<ImportFileView | null>()),
  'contacts.previewImport': invoke(object({ fileId: id(), groupId: optional(id()), jobKey: jobKeyArg() }), type<ImportPreviewView>()),
  'contacts.import': invoke(
    object({
      fileId: id(),
      sha256: string({ min: 64, max: 64 }),
      groupId: optional(id()),
      newGroupName: optional(string({ min: 1, max: GROUP_NAME_MAX })),
      jobKey: jobKeyArg(),
    }),
    type<ImportDone>(),
  ),
  'contacts.export': invoke(object({ groupId: id(), format: exportFormat(), lang: lang(), jobKey: jobKeyArg() }), type<ExportDone | null>()),
} as const;
