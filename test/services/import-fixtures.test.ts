// The committed sample files (test/fixtures/import, also handy for trying the CLI by hand): a GBK
// CSV with a bad and a duplicate number, a CSV with an unbalanced quote, an XLSX with formulas.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ioFixture } from './import-export-helpers.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/import');
const fx = ioFixture('import-fixtures');
afterAll(() => fx.cleanup());

describe('committed import fixtures', () => {
  it('contacts-gbk.csv: GBK detected, one bad number, one duplicate after normalising', async () => {
    const p = await fx.io.previewContacts(`${fixtures}/contacts-gbk.csv`);
    expect(p).toMatchObject({ encoding: 'GBK/GB18030', counts: { rows: 4, valid: 2, invalidNumber: 1, duplicateInFile: 1 } });
    expect(p.sample[0]).toMatchObject({ number: '13800138000', name: '张三', fields: { 城市: '北京', 备注: '老客户' } });
  });

  it('contacts-malformed.csv: a file-level error naming line 3', async () => {
    await expect(fx.io.previewContacts(`${fixtures}/contacts-malformed.csv`)).rejects.toMatchObject({
      code: 'malformed-file',
      message: 'contacts-malformed.csv line 3: a quoted field starts here and is never closed (unbalanced quotes)',
    });
  });

  it('contacts-formulas.xlsx: cached results taken, a formula without one and an error cell reported', async () => {
    const p = await fx.io.previewContacts(`${fixtures}/contacts-formulas.xlsx`);
    expect(p.counts).toMatchObject({ rows: 4, valid: 2, malformed: 2 });
    expect(p.issues.map((i) => [i.line, i.problem])).toEqual([
      [4, 'formula-without-result'],
      [5, 'cell-error'],
    ]);
    expect(p.sample[1]).toMatchObject({ number: '13600136001', name: 'LI', fields: { 积分: '20' } });
  });
});
