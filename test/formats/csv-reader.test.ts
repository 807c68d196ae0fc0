// CsvReader on its own: a property test that what csvRecord writes, CsvReader reads back exactly,
// whatever the delimiter, the encoding (UTF-8 with or without BOM, GBK) and however the bytes and
// the decoded text are cut into chunks (a CR at one chunk's end and its LF at the next's start,
// a quote split from its twin, a GBK character split between its two bytes).
// fast-check runs are seeded: CSV_SEED=<n> repeats one; the seed is printed on failure.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvReader, csvRecord, type CsvDelimiter, type CsvRecord } from '../../electron/formats/csv.js';

const SEED = Number(process.env.CSV_SEED ?? 20261206);

/** Characters that stress the reader: every delimiter, quotes, both line ends, blanks, CJK (GBK-encodable). */
const char = fc.constantFrom('a', 'Z', '7', ',', ';', '\t', '"', '\r', '\n', ' ', '中', '订', '退', '，', '€');
const field = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
// A record of one empty field is an empty line, which is no record (CsvReader's rule): leave it out.
const record = fc.array(field, { minLength: 1, maxLength: 5 }).filter((r) => !(r.length === 1 && r[0] === ''));

/** Cuts `total` units at the sorted, distinct `points` (each in 1..total-1). */
function cuts<T extends { length: number; slice(a: number, b: number): T }>(whole: T, points: number[]): T[] {
  const at = [...new Set(points.map((p) => p % Math.max(1, whole.length)))].filter((p) => p > 0).sort((a, b) => a - b);
  const out: T[] = [];
  let from = 0;
  for (const p of at) {
    out.push(whole.slice(from, p));
    from = p;
  }
  out.push(whole.slice(from, whole.length));
  return out;
}

function read(pieces: string[], delimiter: CsvDelimiter): CsvRecord[] {
  const reader = new CsvReader(delimiter);
  const out: CsvRecord[] = [];
  for (const p of pieces) out.push(...reader.push(p));
  out.push(...reader.end());
  return out;
}

/** The physical line each record starts on: 1 + line breaks (CRLF, CR or LF) written before it. */
function startLines(texts: string[]): number[] {
  let line = 1;
  return texts.map((t) => {
    const at = line;
    line += (t.match(/\r\n|\r|\n/g) ?? []).length;
    return at;
  });
}

const run = <Ts extends unknown[]>(property: fc.IProperty<Ts>) => {
  try {
    fc.assert(property, { seed: SEED, numRuns: 300 });
  } catch (e) {
    throw new Error(`CsvReader property failed with CSV_SEED=${SEED}\n${(e as Error).message}`);
  }
};

describe('CsvReader', () => {
  it('round-trips random rows under random text chunking, every delimiter', () => {
    run(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.boolean(),
        (rows, delimiter, points, cutEveryCrLf) => {
          const texts = rows.map((r) => csvRecord(r, delimiter));
          const text = texts.join('');
          // Optionally cut between every CR and its LF: the classic chunk-edge case.
          const extra = cutEveryCrLf ? [...text.matchAll(/\r\n/g)].map((m) => m.index! + 1) : [];
          const got = read(cuts(text, [...points, ...extra]), delimiter);
          expect(got.map((r) => r.fields)).toEqual(rows);
          expect(got.every((r) => r.problem === undefined)).toBe(true);
          expect(got.map((r) => r.line)).toEqual(startLines(texts));
        },
      ),
    );
  });

  it('round-trips through UTF-8 (with or without BOM) and GBK bytes cut anywhere, decoded as the import decodes', () => {
    run(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 10 }),
        fc.constantFrom('utf-8', 'utf-8-bom', 'gbk'),
        fc.array(fc.nat(), { maxLength: 20 }),
        (rows, encoding, points) => {
          const text = rows.map((r) => csvRecord(r)).join('');
          const bytes =
            encoding === 'gbk'
              ? iconv.encode(text.replaceAll('€', 'e'), 'gbk')
              : Buffer.concat([encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
          const want = encoding === 'gbk' ? rows.map((r) => r.map((f) => f.replaceAll('€', 'e'))) : rows;
          // The import's decoding (electron/formats/text-file.ts): one streaming iconv decoder, BOM stripped.
          const decoder = iconv.getDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8');
          const pieces: string[] = [];
          for (const chunk of cuts(bytes, points)) {
            const t = decoder.write(chunk);
            if (t) pieces.push(t);
          }
          const rest = decoder.end();
          if (rest) pieces.push(rest);
          expect(read(pieces, ',').map((r) => r.fields)).toEqual(want);
        },
      ),
    );
  });

  it('reads a lone CR (old Mac Excel) and a bare LF as line ends, and a CR at a chunk end followed by LF as one', () => {
    expect(read(['a,b\r', '\nc,d\rE,F\n'], ',').map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['E', 'F']],
    ]);
  });

  it('reports text after a closing quote as a per-row problem and an unclosed quote as a file error', () => {
    const [bad, good] = read(['"abc"def,x\r\n', 'y,z\r\n'], ',');
    expect(bad!.problem).toBeDefined();
    expect(good).toEqual({ line: 2, fields: ['y', 'z'] });
    const r = new CsvReader();
    r.push('a,"never closed\r\nmore');
    expect(() => r.end()).toThrow(/line 1/);
  });
});
