// `contacts import --group G --file F [--dry-run] [--json]` and
// `contacts export --group G --out F [--format csv|xlsx] [--lang zh-CN|en] [--json]`.
// Import prints the preview (format, encoding, columns, the dedupe rule, counts, every per-row
// problem) and saves unless --dry-run; a group that does not exist is created. Rows with problems
// are reported, not fatal (exit 0 when the valid rows were saved); a file that cannot be read is
// a one-line error and a non-zero exit, with nothing saved.
import { extname } from 'node:path';
import type { ContactImportPreview, ContactImportResult } from '../services/contacts/contacts-import.js';
import { IoError } from '../formats/io-errors.js';
import { columnLetters } from '../formats/xlsx-writer.js';
import { StoreError } from '../store/errors.js';
import { parseArgs, type ParsedArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { ioOf, table, type CliIo } from './account.js';
import { importIssueText, importWarningText } from '../../shared/i18n/import-issue-text.js';
import type { ImportIssueView } from '../../shared/ipc/contract/contacts.js';
import type { Texts } from './texts.js';
import { dateTimeOffsetText } from '../../shared/time-format.js';

export const CONTACTS_USAGE =
  'usage: contacts groups [--json] [--db PATH]   the groups with their member counts\n' +
  '       contacts import --group G --file F [--dry-run] [--include-opted-out] [--json] [--db PATH]\n' +
  '       contacts export --group G --out F [--format csv|xlsx] [--lang zh-CN|en] [--json] [--db PATH]';

export async function runContactsCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const [sub, ...rest] = argv;
  const { out, texts } = ioOf(io);
  if (sub === 'groups') return groupsCommand(rest, out, texts);
  if (sub === 'import') return importCommand(rest, out, texts);
  if (sub === 'export') return exportCommand(rest, out, texts, io.lang);
  const known = 'groups, import, export';
  throw new CliError(
    sub ? `unknown contacts command '${sub}'\n${CONTACTS_USAGE}` : CONTACTS_USAGE,
    2,
    sub ? { key: 'error.unknownSubcommand', params: { command: 'contacts', sub, known } } : { key: 'error.missingSubcommand', params: { command: 'contacts', known } },
  );
}

function required(args: ParsedArgs, name: string): string {
  const v = args.values.get(name);
  if (v === undefined || v.trim() === '') throw new CliError(`--${name} is required\n${CONTACTS_USAGE}`, 2, { key: 'error.required', params: { flag: name } });
  return v;
}

/** IoError/StoreError -> a one-line CLI error (2 for bad input, 1 for failures). */
export function cliErrorOf(e: unknown): unknown {
  if (e instanceof IoError) return CliError.engine(e, e.code === 'invalid-input' ? 2 : 1);
  if (e instanceof StoreError) return CliError.engine(e, e.code === 'invalid-input' ? 2 : 1);
  return e;
}

/** Aborts on Ctrl-C so a running job cleans up (partial export removed, import rolled back). */
export function abortOnInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

async function groupsCommand(argv: string[], out: (line: string) => void, texts: Texts): Promise<number> {
  const args = parseArgs(argv, { values: ['db'], booleans: ['json'] });
  if (args.positional.length) throw new CliError(`unexpected argument '${args.positional[0]}'\n${CONTACTS_USAGE}`, 2, { key: 'error.unexpectedArgument', params: { value: args.positional[0]! } });
  return withWorkspace(args, (ws) => {
    const groups = ws.store.contacts.listGroups();
    if (args.booleans.has('json')) out(toJson(groups));
    else if (groups.length === 0) out(texts.t('contacts.groups.none'));
    else table((['id', 'name', 'members', 'created'] as const).map((c) => texts.t(`contacts.col.${c}`)), groups.map((g) => [String(g.id), g.name, String(g.size), dateTimeOffsetText(g.createdAt)]), out);
    return 0;
  });
}

async function importCommand(argv: string[], out: (line: string) => void, texts: Texts): Promise<number> {
  const args = parseArgs(argv, { values: ['group', 'file', 'db'], booleans: ['dry-run', 'json', 'include-opted-out'] });
  if (args.positional.length) throw new CliError(`unexpected argument '${args.positional[0]}'\n${CONTACTS_USAGE}`, 2, { key: 'error.unexpectedArgument', params: { value: args.positional[0]! } });
  const groupName = required(args, 'group');
  const file = required(args, 'file');
  const json = args.booleans.has('json');
  const interrupt = abortOnInterrupt();
  try {
    return await withWorkspace(args, async (ws) => {
      await ws.io.recoverInterruptedImports();
      const opts = { signal: interrupt.signal, includeOptedOut: args.booleans.has('include-opted-out'), actor: ws.actor };
      const result: ContactImportPreview | ContactImportResult = args.booleans.has('dry-run')
        ? await ws.io.previewContacts(file, { groupName }, opts)
        : await ws.io.importContacts(file, { groupName, create: true }, opts);
      if (json) out(toJson({ dryRun: args.booleans.has('dry-run'), ...result }));
      else printImport(result, groupName, out, texts);
      return 0;
    });
  } catch (e) {
    throw cliErrorOf(e);
  } finally {
    interrupt.dispose();
  }
}

function printImport(r: ContactImportPreview | ContactImportResult, groupName: string, out: (line: string) => void, texts: Texts): void {
  const { t } = texts;
  const c = r.counts;
  const format = r.format === 'csv' ? t('contacts.import.csv', { encoding: r.encoding ?? '', delimiter: r.delimiter === '\t' ? t('contacts.import.tab') : `"${r.delimiter}"` }) : 'XLSX';
  out(t('contacts.import.file', { file: r.file, format }));
  const cols = r.columns;
  const none = t('contacts.import.none');
  out(
    t('contacts.import.columns', {
      number: cols.number.header === null ? t('contacts.import.noHeader') : t('contacts.import.column', { header: cols.number.header, column: columnLetters(cols.number.index) }),
      name: cols.name ? `"${cols.name.header ?? ''}"` : none,
      fields: cols.fields.length ? cols.fields.map((f) => f.key).join(', ') : none,
    }),
  );
  out(t('contacts.import.dedupe', { rule: texts.shared('contacts.import.dedupeRule') }));
  for (const w of r.warnings) out(t('warning.line', { message: importWarningText(w, texts.shared) }));
  const counts = { rows: c.rows, valid: c.valid, invalid: c.invalidNumber, duplicates: c.duplicateInFile, inGroup: c.alreadyInGroup, optedOut: c.optedOut, malformed: c.malformed };
  out(t('contacts.import.rows', counts) + (c.blank ? t('contacts.import.blank', { blank: c.blank }) : ''));
  for (const i of r.issues) out(`  ${issueLine(i, texts)}`);
  if (r.issuesOmitted) out(`  ${t('contacts.import.omitted', { count: r.issuesOmitted })}`);
  if ('added' in r) {
    if (r.group) out(t('contacts.import.saved', { count: r.added, group: r.group.name }) + (r.createdGroup ? t('contacts.import.newGroup') : ''));
    else out(t('contacts.import.nothingSaved', { group: groupName }));
  } else {
    out(t('contacts.import.dryRun') + (r.group ? '' : t('contacts.import.wouldCreate', { group: groupName })));
  }
}

/**
 * One problem row: in English main's own line (it names the row and the cause); in Chinese the
 * same detail the import wizard shows (shared/i18n/import-issue-text.ts), after the row and its number.
 */
function issueLine(i: ImportIssueView, texts: Texts): string {
  if (texts.lang === 'en') return i.message;
  const where = i.sheet === undefined ? texts.t('contacts.import.issueLine', { line: i.line }) : texts.t('contacts.import.issueSheet', { sheet: i.sheet, line: i.line });
  return texts.t('contacts.import.issue', { where, input: i.input, detail: importIssueText(i, texts.shared, texts.lang) });
}

/** csv or xlsx from --format, else from the file name; a mismatch is an error. */
export function formatFrom(args: ParsedArgs, out: string): 'csv' | 'xlsx' {
  const flag = args.values.get('format');
  const ext = extname(out).toLowerCase();
  const byName = ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : undefined;
  if (flag !== undefined && flag !== 'csv' && flag !== 'xlsx') throw CliError.of('contacts.badFormat', { value: flag });
  if (flag && byName && flag !== byName) throw CliError.of('contacts.formatMismatch', { format: flag, file: out });
  return (flag as 'csv' | 'xlsx' | undefined) ?? byName ?? 'csv';
}

/**
 * A file's language: `--lang` (taken off the line by main, or still among the command's flags when
 * called directly), else Chinese, the UI's default: a file is read by whoever opens it, not in the
 * language of the shell that wrote it.
 */
export function langFrom(args: ParsedArgs, given?: 'zh-CN' | 'en'): 'zh-CN' | 'en' {
  const lang = given ?? args.values.get('lang') ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en') throw CliError.of('error.badLang', { value: lang, known: 'zh-CN, en' });
  return lang;
}

async function exportCommand(argv: string[], print: (line: string) => void, texts: Texts, given?: 'zh-CN' | 'en'): Promise<number> {
  const args = parseArgs(argv, { values: ['group', 'out', 'format', 'lang', 'db'], booleans: ['json'] });
  if (args.positional.length) throw new CliError(`unexpected argument '${args.positional[0]}'\n${CONTACTS_USAGE}`, 2, { key: 'error.unexpectedArgument', params: { value: args.positional[0]! } });
  const groupName = required(args, 'group');
  const out = required(args, 'out');
  const format = formatFrom(args, out);
  const lang = langFrom(args, given);
  const interrupt = abortOnInterrupt();
  try {
    return await withWorkspace(args, async (ws) => {
      const group = ws.store.contacts.findGroup(groupName);
      if (!group) throw CliError.of('contacts.groupMissing', { group: groupName }, 1);
      const r = await ws.io.exportContacts(group.id, { format, out, lang, signal: interrupt.signal });
      if (args.booleans.has('json')) print(toJson(r));
      else print(texts.t('contacts.export.done', { count: r.rows, group: r.group.name, file: r.file }) + (r.sheets > 1 ? texts.t('contacts.export.sheets', { sheets: r.sheets }) : ''));
      return 0;
    });
  } catch (e) {
    throw cliErrorOf(e);
  } finally {
    interrupt.dispose();
  }
}
