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
import { sharedTranslator } from '../../shared/i18n/catalogue.js';
import { dateTimeOffsetText } from '../../shared/time-format.js';

export const CONTACTS_USAGE =
  'usage: contacts groups [--json] [--db PATH]   the groups with their member counts\n' +
  '       contacts import --group G --file F [--dry-run] [--include-opted-out] [--json] [--db PATH]\n' +
  '       contacts export --group G --out F [--format csv|xlsx] [--lang zh-CN|en] [--json] [--db PATH]';

export async function runContactsCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'groups') return groupsCommand(rest, ioOf(io).out);
  if (sub === 'import') return importCommand(rest);
  if (sub === 'export') return exportCommand(rest, io.lang);
  throw new CliError(sub ? `unknown contacts command '${sub}'\n${CONTACTS_USAGE}` : CONTACTS_USAGE);
}

function required(args: ParsedArgs, name: string): string {
  const v = args.values.get(name);
  if (v === undefined || v.trim() === '') throw new CliError(`--${name} is required\n${CONTACTS_USAGE}`);
  return v;
}

/** IoError/StoreError -> a one-line CLI error (2 for bad input, 1 for failures). */
export function cliErrorOf(e: unknown): unknown {
  if (e instanceof IoError) return new CliError(e.message, e.code === 'invalid-input' ? 2 : 1);
  if (e instanceof StoreError) return new CliError(e.message, e.code === 'invalid-input' ? 2 : 1);
  return e;
}

/** Aborts on Ctrl-C so a running job cleans up (partial export removed, import rolled back). */
export function abortOnInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

async function groupsCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const args = parseArgs(argv, { values: ['db'], booleans: ['json'] });
  if (args.positional.length) throw new CliError(`unexpected argument '${args.positional[0]}'\n${CONTACTS_USAGE}`);
  return withWorkspace(args, (ws) => {
    const groups = ws.store.contacts.listGroups();
    if (args.booleans.has('json')) out(toJson(groups));
    else if (groups.length === 0) out('no contact groups yet: import a file with contacts import --group G --file F');
    else table(['id', 'name', 'members', 'created'], groups.map((g) => [String(g.id), g.name, String(g.size), dateTimeOffsetText(g.createdAt)]), out);
    return 0;
  });
}

async function importCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['group', 'file', 'db'], booleans: ['dry-run', 'json', 'include-opted-out'] });
  if (args.positional.length) throw new CliError(`unexpected argument '${args.positional[0]}'\n${CONTACTS_USAGE}`);
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
      if (json) console.log(toJson({ dryRun: args.booleans.has('dry-run'), ...result }));
      else printImport(result, groupName);
      return 0;
    });
  } catch (e) {
    throw cliErrorOf(e);
  } finally {
    interrupt.dispose();
  }
}

function printImport(r: ContactImportPreview | ContactImportResult, groupName: string): void {
  const c = r.counts;
  const fmt = r.format === 'csv' ? `CSV, ${r.encoding}, delimiter ${r.delimiter === '\t' ? 'tab' : `"${r.delimiter}"`}` : 'XLSX';
  console.log(`file: ${r.file} (${fmt})`);
  const col = columnLetters;
  const cols = r.columns;
  console.log(
    `columns: number = ${cols.number.header === null ? 'column A (no header row)' : `"${cols.number.header}" (${col(cols.number.index)})`}` +
      `, name = ${cols.name ? `"${cols.name.header}"` : 'none'}` +
      `, merge fields: ${cols.fields.length ? cols.fields.map((f) => f.key).join(', ') : 'none'}`,
  );
  console.log(`dedupe rule: ${sharedTranslator('en')('contacts.import.dedupeRule')}`);
  for (const w of r.warnings) console.log(`warning: ${w}`);
  console.log(
    `rows: ${c.rows} read, ${c.valid} valid, ${c.invalidNumber} invalid number(s), ${c.duplicateInFile} duplicate(s) in the file, ` +
      `${c.alreadyInGroup} already in the group, ${c.optedOut} opted out, ${c.malformed} malformed` +
      (c.blank ? ` (${c.blank} blank row(s) skipped)` : ''),
  );
  for (const i of r.issues) console.log(`  ${i.message}`);
  if (r.issuesOmitted) console.log(`  ... and ${r.issuesOmitted} more problem row(s) (use --json for the list shown)`);
  if ('added' in r) {
    if (r.group) console.log(`saved ${r.added} contact(s) to group "${r.group.name}"${r.createdGroup ? ' (new group)' : ''}`);
    else console.log(`nothing saved: no valid row (group "${groupName}" was not created)`);
  } else {
    console.log(`dry run: nothing saved${r.group ? '' : ` (group "${groupName}" does not exist yet; it would be created)`}`);
  }
}

/** csv or xlsx from --format, else from the file name; a mismatch is an error. */
export function formatFrom(args: ParsedArgs, out: string): 'csv' | 'xlsx' {
  const flag = args.values.get('format');
  const ext = extname(out).toLowerCase();
  const byName = ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : undefined;
  if (flag !== undefined && flag !== 'csv' && flag !== 'xlsx') throw new CliError(`--format must be csv or xlsx, got '${flag}'`);
  if (flag && byName && flag !== byName) throw new CliError(`--format ${flag} does not match the file name ${out}`);
  return (flag as 'csv' | 'xlsx' | undefined) ?? byName ?? 'csv';
}

/**
 * A file's language: `--lang` (taken off the line by main, or still among the command's flags when
 * called directly), else Chinese, the UI's default: a file is read by whoever opens it, not in the
 * language of the shell that wrote it.
 */
export function langFrom(args: ParsedArgs, given?: 'zh-CN' | 'en'): 'zh-CN' | 'en' {
  const lang = given ?? args.values.get('lang') ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en') throw new CliError(`--lang must be zh-CN or en, got '${lang}'`);
  return lang;
}

async function exportCommand(argv: string[], given?: 'zh-CN' | 'en'): Promise<number> {
  const args = parseArgs(argv, { values: ['group', 'out', 'format', 'lang', 'db'], booleans: ['json'] });
  if (args.positional.length) throw new CliError(`unexpected argument '${args.positional[0]}'\n${CONTACTS_USAGE}`);
  const groupName = required(args, 'group');
  const out = required(args, 'out');
  const format = formatFrom(args, out);
  const lang = langFrom(args, given);
  const interrupt = abortOnInterrupt();
  try {
    return await withWorkspace(args, async (ws) => {
      const group = ws.store.contacts.findGroup(groupName);
      if (!group) throw new CliError(`contact group "${groupName}" does not exist`, 1);
      const r = await ws.io.exportContacts(group.id, { format, out, lang, signal: interrupt.signal });
      if (args.booleans.has('json')) console.log(toJson(r));
      else console.log(`exported ${r.rows} contact(s) of group "${r.group.name}" to ${r.file}${r.sheets > 1 ? ` (${r.sheets} sheets)` : ''}`);
      return 0;
    });
  } catch (e) {
    throw cliErrorOf(e);
  } finally {
    interrupt.dispose();
  }
}
