// Contacts export, in the format the import reads (an export re-imports): a group to
// CSV (UTF-8 with BOM, CRLF) or XLSX, columns number, name, then every merge field in the order
// it first appears in the group. The importer reads it back to the same contacts: it finds the
// number and name columns by these headers (the first matching column wins, and ours come first),
// takes every other column as a merge field under its header, reads continuation sheets of an
// XLSX past Excel's row limit, and undoes the formula guard's quote (formula-guard.ts).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Contacts } from '../../store/contacts.js';
import { checkFormat, CsvSink, exportPaths, writeAtomically, XlsxSink, type ExportFormat, type TableSink } from '../../formats/export-file.js';
import { neutraliseCell } from '../../formats/formula-guard.js';
import { cancelled, IoError, isAbort } from '../../formats/io-errors.js';
import { checkLang, type ExportLang } from '../log/log-export.js';
import { XLSX_MAX_ROWS, type XlsxCell } from '../../formats/xlsx-writer.js';

export interface ContactsExportOptions {
  format: ExportFormat;
  out: string;
  /** Header language of the number and name columns. Default zh-CN (手机号, 姓名). */
  lang?: ExportLang;
  signal?: AbortSignal;
  onProgress?: (p: { rows: number; total: number }) => void;
  /** XLSX rows per sheet, header included. Default 1,048,576. */
  sheetRowLimit?: number;
  /** Contacts per page. Default 2,000. */
  pageSize?: number;
}

export interface ContactsExportResult {
  file: string;
  format: ExportFormat;
  group: { id: number; name: string };
  rows: number;
  /** The merge-field columns, in order. */
  fields: string[];
  sheets: number;
}

export const CONTACT_HEADERS: Record<ExportLang, { number: string; name: string }> = {
  'zh-CN': { number: '手机号', name: '姓名' },
  en: { number: 'mobile', name: 'name' },
};

export async function exportContacts(contacts: Contacts, groupId: number, opts: ContactsExportOptions): Promise<ContactsExportResult> {
  const format = checkFormat(opts.format);
  const lang = checkLang(opts.lang ?? 'zh-CN');
  const pageSize = opts.pageSize ?? 2_000;
  let group;
  try {
    group = contacts.getGroup(groupId);
  } catch {
    throw new IoError('not-found', `contact group ${groupId} does not exist`);
  }
  const paths = await exportPaths(opts.out);
  const aborted = () => {
    if (opts.signal?.aborted) throw cancelled('the export');
  };
  try {
    // Pass 1: the merge-field keys, in order of first appearance.
    const keys = new Map<string, number>();
    let after = 0;
    for (;;) {
      aborted();
      const page = contacts.members(groupId, after, pageSize);
      if (page.length === 0) break;
      for (const c of page) for (const k of Object.keys(c.fields)) if (!keys.has(k)) keys.set(k, keys.size);
      after = page[page.length - 1]!.id;
      await yieldToEventLoop();
    }
    const fields = [...keys.keys()];
    const h = CONTACT_HEADERS[lang];
    const header = [h.number, h.name, ...fields].map(neutraliseCell);
    let rows = 0;
    return await writeAtomically(
      paths,
      (temp): TableSink =>
        format === 'csv'
          ? new CsvSink(temp, (c) => (c === null || c === undefined ? '' : String(c)))
          : new XlsxSink(temp, opts.sheetRowLimit ?? XLSX_MAX_ROWS),
      async (sink) => {
        await sink.begin(header, [{ width: 14 }, { width: 12 }, ...fields.map(() => ({ width: 14 }))], lang === 'zh-CN' ? '联系人' : 'Contacts');
        after = 0;
        for (;;) {
          aborted();
          const page = contacts.members(groupId, after, pageSize);
          if (page.length === 0) break;
          const cells: XlsxCell[][] = page.map((c) => [c.number, neutraliseCell(c.name), ...fields.map((k) => neutraliseCell(c.fields[k] ?? ''))]);
          await sink.write(cells);
          rows += page.length;
          after = page[page.length - 1]!.id;
          opts.onProgress?.({ rows, total: group.size });
          await yieldToEventLoop();
        }
        return { file: paths.out, format, group: { id: group.id, name: group.name }, rows, fields, sheets: sink instanceof XlsxSink ? sink.sheetCount : 1 };
      },
    );
  } catch (e) {
    if (isAbort(e)) throw cancelled('the export');
    throw e;
  }
}
