// The workbook check counts the rows its worksheets hold, so that the streaming reader can prove
// it gave them all (a reader that silently drops a worksheet would lose contacts on import).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsxRows } from '../../electron/formats/xlsx-reader.js';
import { checkWorkbookZip, RowTagCounter } from '../../electron/formats/zip-check.js';
import { INPUT_LIMITS } from '../../shared/input-limits.js';

const limits = {
  totalBytes: INPUT_LIMITS.xlsxTotalBytes,
  sharedStringsBytes: INPUT_LIMITS.xlsxSharedStringsBytes,
  otherPartBytes: INPUT_LIMITS.xlsxOtherPartBytes,
  entries: INPUT_LIMITS.xlsxEntries,
};

const sheet =
  '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;row&gt;</t></is></c></row>' +
  '<row r="2"/><row\tr="3" spans="1:2"><c r="A3"><v>1</v></c></row></sheetData><rowBreaks count="1"><brk id="2"/></rowBreaks></worksheet>';

describe('worksheet row count', () => {
  it('counts <row> elements whatever the chunk edges, and nothing that only looks like one', () => {
    const bytes = Buffer.from(sheet, 'latin1');
    for (let a = 0; a <= bytes.length; a++) {
      for (const b of [a, Math.min(bytes.length, a + 1), Math.min(bytes.length, a + 3), bytes.length]) {
        const counter = new RowTagCounter();
        counter.push(bytes.subarray(0, a));
        counter.push(bytes.subarray(a, b));
        counter.push(bytes.subarray(b));
        expect(counter.rows, `cut at ${a} and ${b}`).toBe(3);
      }
    }
  });

  it('agrees with the streaming reader on a workbook Excel wrote', async () => {
    const path = join(import.meta.dirname, '../fixtures/import/contacts-formulas.xlsx');
    const { worksheetRows } = await checkWorkbookZip(path, limits);
    let read = 0;
    for await (const _ of readXlsxRows(path, limits)) read++;
    expect(worksheetRows).toBeGreaterThan(0);
    expect(read).toBe(worksheetRows);
  });
});
