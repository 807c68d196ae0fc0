// Which column of a contacts file is what: the number column is the first whose header is one of
// NUMBER_HEADERS (case, blanks and underscores ignored), else the first column; the name column
// likewise from NAME_HEADERS; every other column is a merge field under its header. A first row
// with no known header whose first cell is a valid number is data (a headerless list): its
// columns become column2, column3, ...
import { charCount, INPUT_LIMITS, limitText } from '../../../shared/input-limits.js';
import { checkPhone } from '../../../shared/phone.js';
import type { ImportWarning } from '../../../shared/ipc/contract/contacts.js';
import { IoError } from '../../formats/io-errors.js';
import { columnName } from './contact-file.js';
import { unneutraliseCell } from '../../formats/formula-guard.js';

export interface ImportColumns {
  number: { index: number; header: string | null };
  name: { index: number; header: string } | null;
  /** Merge-field columns: index in the row and the field key. */
  fields: { index: number; key: string }[];
}

/** Header names (compared lower-case, blanks and underscores removed) of the number column. */
export const NUMBER_HEADERS = [
  'mobile', 'phone', '手机号', '号码', '手机', '电话',
  '手机号码', '电话号码', '联系电话', '手机号码1', 'msisdn', 'mobilephone', 'mobilenumber', 'phonenumber', 'cellphone', 'tel',
];
export const NAME_HEADERS = ['name', '姓名', '名字', '联系人', '客户姓名', '称呼'];

const headerKey = (s: string) => s.trim().toLowerCase().replace(/[\s_\u3000]+/g, '');
const NUMBER_SET = new Set(NUMBER_HEADERS.map(headerKey));
const NAME_SET = new Set(NAME_HEADERS.map(headerKey));

/** Whether a header (or a merge field named like one) means the number column. */
export const isNumberHeader = (s: string): boolean => NUMBER_SET.has(headerKey(s));
/** Whether a header (or a merge field named like one) means the name column. */
export const isNameHeader = (s: string): boolean => NAME_SET.has(headerKey(s));

export interface Layout {
  header: string[] | null;
  columns: ImportColumns;
  /** Fields expected per CSV row (header or first row width). */
  width: number;
  warnings: ImportWarning[];
}

export function layoutFrom(cells: string[]): Layout {
  const warnings: ImportWarning[] = [];
  // Headers written by our own exports pass the formula guard too.
  const first = cells.map(unneutraliseCell);
  const keys = first.map(headerKey);
  let numberIndex = keys.findIndex((k) => NUMBER_SET.has(k));
  const isHeader = numberIndex >= 0 || !checkPhone(stripQuote(first[0] ?? '')).ok;
  if (!isHeader) {
    // A headerless list: the first row is data.
    const fields = first.slice(1).map((_, i) => ({ index: i + 1, key: `column${i + 2}` }));
    return { header: null, columns: { number: { index: 0, header: null }, name: null, fields }, width: first.length, warnings };
  }
  if (numberIndex < 0) {
    numberIndex = 0;
    warnings.push({
      code: 'no-number-header',
      params: { first: first[0] ?? '' },
      message: `no column is headed ${NUMBER_HEADERS.slice(0, 6).join(' / ')}: the first column ("${first[0] ?? ''}") is taken as the number`,
    });
  }
  const nameIndex = keys.findIndex((k, i) => i !== numberIndex && NAME_SET.has(k));
  const fields: { index: number; key: string }[] = [];
  const used = new Set<string>();
  first.forEach((h, i) => {
    if (i === numberIndex || i === nameIndex) return;
    let key = h.trim() || `column${i + 1}`;
    if (used.has(key)) {
      let k = 2;
      while (used.has(`${key} (${k})`)) k++;
      warnings.push({
        code: 'duplicate-header',
        params: { header: key, column: i + 1, kept: `${key} (${k})` },
        message: `two columns are headed "${key}": column ${columnName(i)} is kept as "${key} (${k})"`,
      });
      key = `${key} (${k})`;
    }
    used.add(key);
    fields.push({ index: i, key });
  });
  return {
    header: first,
    columns: {
      number: { index: numberIndex, header: first[numberIndex]! },
      name: nameIndex >= 0 ? { index: nameIndex, header: first[nameIndex]! } : null,
      fields,
    },
    width: first.length,
    warnings,
  };
}

/** A number exported as text by some tools carries a leading apostrophe: never part of a number. */
export function stripQuote(s: string): string {
  return s.trim().replace(/^'/, '');
}

/** A file whose columns alone break INPUT_LIMITS cannot be imported at all. */
export function checkLayoutLimits(layout: Layout): void {
  const { fields } = layout.columns;
  if (fields.length > INPUT_LIMITS.contactFields) {
    throw new IoError('too-large', `the file has ${fields.length} merge-field columns besides the number and the name; at most ${limitText('contactFields')} are imported`);
  }
  for (const f of fields) {
    if (charCount(f.key, INPUT_LIMITS.contactFieldNameChars) > INPUT_LIMITS.contactFieldNameChars) {
      throw new IoError('too-large', `the header of column ${columnName(f.index)} is longer than ${limitText('contactFieldNameChars')} (a merge field's name)`);
    }
  }
}

/** Why a row's name or a merge-field cell is too long to keep, or null. */
export function overLimit(row: { cells: string[] }, layout: Layout): string | null {
  const name = layout.columns.name;
  if (name) {
    const n = charCount(row.cells[name.index] ?? '');
    if (n > INPUT_LIMITS.contactNameChars) return `the name is ${n.toLocaleString('en-US')} characters long; at most ${limitText('contactNameChars')}`;
  }
  for (const f of layout.columns.fields) {
    const n = charCount(row.cells[f.index] ?? '');
    if (n > INPUT_LIMITS.contactFieldValueChars) return `column ${columnName(f.index)} holds ${n.toLocaleString('en-US')} characters; a merge field keeps at most ${limitText('contactFieldValueChars')}`;
  }
  return null;
}
