// Contacts export re-imports to the same contacts (CSV and XLSX, XLSX across sheets), with every
// value an attacker or a spreadsheet could make awkward: formula triggers, quotes, delimiters,
// line breaks, blanks, emoji, control characters, OOXML escapes and entity-like text.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ioFixture, membersOf } from './import-export-helpers.js';

const fx = ioFixture('export-contacts');
const { store, io } = fx;
let groupId: number;

const tricky = [
  '=1+1',
  '+5',
  '-x',
  '@SUM(A1)',
  "'=already quoted",
  '\tTAB',
  'a,b;c',
  'say "hi"',
  'two\nlines',
  '  padded  ',
  '',
  '😀 表情',
  '_x0041_ literal',
  'bell\u0007',
  'AT&amp;T &lt;b&gt;',
  '<tag> & more',
];

beforeAll(() => {
  groupId = store.contacts.createGroup('VIP 客户').id;
  const rows = tricky.map((v, i) => ({
    number: String(13900000000 + i),
    name: i === 0 ? '=cmd|calc' : `客户${i}`,
    fields: { 备注: v, 城市: i % 2 ? '北京' : '上海', 'note=': String(i) },
  }));
  for (const _ of store.contacts.addMembers(groupId, rows));
});
afterAll(() => fx.cleanup());

describe('contacts export', () => {
  it('CSV: BOM, header, neutralised cells, and a round trip to the same contacts', async () => {
    const out = fx.file('vip.csv');
    const r = await io.exportContacts(groupId, { format: 'csv', out });
    expect(r).toMatchObject({ rows: tricky.length, fields: ['备注', '城市', 'note='], sheets: 1, group: { name: 'VIP 客户' } });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\ufeff手机号,姓名,备注,城市,note=\r\n')).toBe(true);
    expect(text).toContain("13900000000,'=cmd|calc,'=1+1,上海,0\r\n");
    expect(text).toContain("13900000004,客户4,''=already quoted,上海,4\r\n");
    expect(text).toContain('13900000008,客户8,"two\nlines",上海,8\r\n');

    const back = await io.importContacts(out, { groupName: 'csv round trip', create: true });
    expect(back.counts).toMatchObject({ rows: tricky.length, valid: tricky.length, malformed: 0 });
    expect(membersOf(store, back.group!.id)).toEqual(membersOf(store, groupId));
  });

  it('XLSX: a round trip to the same contacts, also across continuation sheets', async () => {
    const out = fx.file('vip.xlsx');
    const r = await io.exportContacts(groupId, { format: 'xlsx', out, lang: 'en', sheetRowLimit: 6 });
    expect(r.sheets).toBe(Math.ceil(tricky.length / 5));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Contacts', 'Contacts (2)', 'Contacts (3)', 'Contacts (4)']);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['mobile', 'name', '备注', '城市', 'note=']);
    expect(wb.worksheets[0]!.getRow(2).getCell(2).value).toBe("'=cmd|calc");
    expect(wb.worksheets[0]!.getRow(2).getCell(1).value).toBe('13900000000'); // text, not a number

    const back = await io.importContacts(out, { groupName: 'xlsx round trip', create: true });
    expect(back.warnings).toEqual([]);
    expect(back.counts).toMatchObject({ rows: tricky.length, valid: tricky.length });
    expect(membersOf(store, back.group!.id)).toEqual(membersOf(store, groupId));
  });

  it('refuses an unknown group', async () => {
    await expect(io.exportContacts(9999, { format: 'csv', out: fx.file('x.csv') })).rejects.toMatchObject({ code: 'not-found' });
  });
});
