// Hostile and broken contact files: a truncated workbook fails at once with a clear message, a zip
// that is not a workbook says so, bombs (shared strings, one huge part) stop at the stated limits
// with the peak RSS of the process measured in a child (<= 300 MB), and an over-long field is a
// per-row error. Random content is seeded; the seed is printed.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../shared/input-limits.js';
import { prng } from '../cmpp/codec-fuzz-engine.js';
import { ioFixture } from './import-export-helpers.js';
import { workbookParts, writeZip } from './fixtures/zip-builder.js';

const SEED = Number(process.env.TEST_SEED ?? 20261206);
console.log(`import-hostile seed ${SEED} (TEST_SEED=${SEED} to repeat)`);
const random = prng(SEED);
const word = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x61 + Math.floor(random() * 26))).join('');

const root = resolve(import.meta.dirname, '../..');
const fx = ioFixture('import-hostile');
let child = '';
beforeAll(async () => {
  child = fx.file('import-child.cjs');
  await build({ entryPoints: [resolve(import.meta.dirname, 'fixtures/import-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: child, external: ['better-sqlite3'], logLevel: 'warning' });
}, 60_000);
afterAll(() => fx.cleanup());

/** Previews `file` in a fresh process; its result and peak RSS. */
function previewInChild(file: string): { ok: boolean; code?: string; message?: string; maxRssMiB: number } {
  const r = spawnSync(process.execPath, [child, fx.file(`child-${Math.floor(random() * 1e9)}.db`), file], {
    cwd: root,
    env: { ...process.env, NODE_PATH: resolve(root, 'node_modules') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ok: boolean; code?: string; message?: string; maxRssMiB: number };
}

/** `n` MiB of chunks repeating one seeded unit. */
function* repeat(head: string, unit: string, mib: number, tail: string): Iterable<Buffer> {
  yield Buffer.from(head);
  const block = Buffer.from(unit.repeat(Math.ceil(65536 / unit.length)));
  for (let done = 0; done < mib * 1024 * 1024; done += block.length) yield block;
  yield Buffer.from(tail);
}

describe('contacts import: broken and hostile workbooks', () => {
  it('the first 200 KB of a valid XLSX fails at once with a clear message', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('contacts');
    ws.addRow(['mobile', 'name', 'note']);
    for (let i = 0; i < 30_000; i++) ws.addRow([String(13800000000 + i), word(8), word(24)]);
    const full = fx.file('full.xlsx');
    await wb.xlsx.writeFile(full);
    const bytes = readFileSync(full);
    expect(bytes.length).toBeGreaterThan(400 * 1024);
    const cut = fx.write('cut.xlsx', bytes.subarray(0, 200 * 1024));
    await expect(fx.io.previewContacts(cut)).rejects.toThrow(/truncated or damaged: its zip directory .* is missing/);
  }, 60_000);

  it('a workbook with a damaged part is refused at once, naming the part', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('contacts');
    ws.addRow(['mobile', 'name']);
    for (let i = 0; i < 2000; i++) ws.addRow([String(13800000000 + i), word(10)]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    // Flip bytes inside the worksheet's compressed data (found by its local header's name).
    const at = bytes.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 200;
    for (let i = 0; i < 8; i++) bytes[at + i * 37] ^= 0x5a;
    const f = fx.write('damaged.xlsx', bytes);
    await expect(fx.io.previewContacts(f)).rejects.toThrow(/damaged\.xlsx: the file is damaged: part xl\/worksheets\/sheet1\.xml (does not decompress|fails its checksum)/);
  });

  it('a zip that is not a workbook says so', async () => {
    const f = fx.file('notes.zip');
    await writeZip(f, [{ name: 'notes.txt', chunks: () => [Buffer.from('13800138000\n')] }]);
    await expect(fx.io.previewContacts(f)).rejects.toThrow(/a zip archive, not an Excel workbook/);
    const docx = fx.file('letter.xlsx');
    await writeZip(docx, [{ name: 'word/document.xml', chunks: () => [Buffer.from('<w:document/>')] }]);
    await expect(fx.io.previewContacts(docx)).rejects.toThrow(/a Word document, not an Excel workbook/);
  });

  it('a shared-strings bomb stops at the shared-strings limit, peak RSS <= 300 MB', async () => {
    const f = fx.file('sst-bomb.xlsx');
    const unit = `<si><t>${word(12)}</t></si>`;
    await writeZip(f, workbookParts(
      () => [Buffer.from('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')],
      () => repeat('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', unit, 600, '</sst>'),
    ));
    const r = previewInChild(f);
    console.log(`shared-strings bomb: ${r.message} (peak RSS ${r.maxRssMiB} MiB)`);
    expect(r).toMatchObject({ ok: false, code: 'malformed-file' });
    expect(r.message).toMatch(/part xl\/sharedStrings\.xml decompresses to more than 48 MiB/);
    expect(r.maxRssMiB).toBeLessThanOrEqual(300);
  }, 120_000);

  it('shared strings just under their limit (2 million distinct strings) are read within 300 MB', async () => {
    const f = fx.file('sst-under.xlsx');
    let n = 0;
    await writeZip(f, workbookParts(
      () => [Buffer.from('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')],
      function* () {
        yield Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">');
        for (let size = 0; size < INPUT_LIMITS.xlsxSharedStringsBytes - 1024 * 1024; ) {
          const b = Buffer.from(Array.from({ length: 2000 }, () => `<si><t>${word(4)}${(n++).toString(36).padStart(4, '0')}</t></si>`).join(''));
          size += b.length;
          yield b;
        }
        yield Buffer.from('</sst>');
      },
    ));
    const r = previewInChild(f);
    console.log(`shared strings under the limit: ${n} strings, ok ${r.ok} (peak RSS ${r.maxRssMiB} MiB)`);
    expect(r.ok).toBe(true);
    expect(r.maxRssMiB).toBeLessThanOrEqual(300);
  }, 120_000);

  it('a zip bomb (one worksheet of a gigabyte) stops at the workbook limit, peak RSS <= 300 MB', async () => {
    const f = fx.file('zip-bomb.xlsx');
    await writeZip(f, workbookParts(() =>
      repeat('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>', word(64), 1024, '</t></is></c></row></sheetData></worksheet>'),
    ));
    const r = previewInChild(f);
    console.log(`zip bomb: ${r.message} (peak RSS ${r.maxRssMiB} MiB)`);
    expect(r).toMatchObject({ ok: false, code: 'malformed-file' });
    expect(r.message).toMatch(/the workbook decompresses to more than 256 MiB/);
    expect(r.maxRssMiB).toBeLessThanOrEqual(300);
  }, 120_000);

  it('a 52,428,800-character name is refused with a per-row error; the other rows are kept', async () => {
    const huge = 'a'.repeat(52_428_800);
    const f = fx.write('huge-name.csv', `mobile,name,note\n13800138000,${huge},x\n13800138001,ok,${'b'.repeat(INPUT_LIMITS.contactFieldValueChars + 1)}\n13800138002,fine,y\n`);
    const p = await fx.io.previewContacts(f);
    expect(p.counts).toMatchObject({ rows: 3, valid: 1, malformed: 2 });
    expect(p.issues.map((i) => i.message)).toEqual([
      'line 2: the name is 52,428,800 characters long; at most 100 characters',
      'line 3: column C holds 1,001 characters; a merge field keeps at most 1,000 characters',
    ]);
    const r = await fx.io.importContacts(f, { groupName: 'bounded', create: true });
    expect(r.added).toBe(1);
  }, 60_000);
});
