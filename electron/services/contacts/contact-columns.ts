// Which column of a contacts file is what: the number column is the first whose header is one of
// NUMBER_HEADERS (case, blanks and underscores ignored), else the first column; the name column
// likewise from NAME_HEADERS; every other column is a merge field under its header. A first row
// with no known header whose first cell is a valid number is data (a headerless list): its
// columns become column2, column3, ...
import { checkPhone } from '../../../shared/phone.js';
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

export interface Layout {
  header: string[] | null;
  columns: ImportColumns;
  /** Fields expected per CSV row (header or first row width). */
  width: number;
  warnings: string[];
}

export function layoutFrom(cells: string[]): Layout {
  const warnings: string[] = [];
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
    warnings.push(`no column is headed ${NUMBER_HEADERS.slice(0, 6).join(' / ')}: the first column ("${first[0] ?? ''}") is taken as the number`);
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
      warnings.push(`two columns are headed "${key}": column ${columnName(i)} is kept as "${key} (${k})"`);
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
