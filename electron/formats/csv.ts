// A small RFC 4180 reader and writer.
//
// Reader: fed decoded text in pieces (push), returns complete records with the physical line each
// starts on, so an import of any size parses in bounded steps. Decisions where files in the wild
// differ from the RFC (all stated to the user as per-row problems, never silent):
//   - CRLF, LF and a lone CR (old Mac Excel) all end a record; inside quotes they are data.
//   - A quote inside an unquoted field (5"屏) is taken literally, as Excel does.
//   - Text after a closing quote ("abc"def) makes the record malformed: a per-row problem.
//   - A quoted field still open at the end of the file is a file-level error naming the line the
//     quote opened on: everything after it would otherwise be swallowed into one field.
// Writer: quotes a field only when it must (delimiter, quote, CR, LF, or leading/trailing
// blanks that a reader might trim), CRLF after every record (RFC 4180 §2.1; Excel's own form).

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  line: number;
  fields: string[];
  /** Set when the record is malformed (it is still returned, so the caller reports the row). */
  problem?: string;
}

/** A file-level CSV error: the file cannot be read as CSV past `line`. */
export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvFormatError';
  }
}

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted, // saw a quote inside a quoted field: either "" or the closing quote
  AfterClosingQuote, // malformed: text after the closing quote, skipped to the delimiter
}

export class CsvReader {
  private state = S.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private problem: string | undefined;
  /** A CR was the last character seen: a following LF belongs to the same line break. */
  private pendingCr = false;
  private ended = false;

  constructor(readonly delimiter: CsvDelimiter = ',') {}

  /** Parses the next piece of text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    if (this.ended) throw new Error('CsvReader: push after end');
    const out: CsvRecord[] = [];
    const d = this.delimiter;
    let i = 0;
    const n = text.length;
    if (this.pendingCr && n > 0) {
      this.pendingCr = false;
      if (text[0] === '\n') {
        if (this.state === S.Quoted) this.field += '\n';
        i = 1;
      }
    }
    while (i < n) {
      const c = text[i]!;
      switch (this.state) {
        case S.FieldStart:
          if (c === '"') {
            this.state = S.Quoted;
            this.quoteLine = this.line;
          } else if (c === d) {
            this.fields.push('');
          } else if (c === '\r' || c === '\n') {
            i = this.lineBreak(text, i, out);
            continue;
          } else {
            this.field = c;
            this.state = S.Unquoted;
          }
          i++;
          break;
        case S.Unquoted: {
          // Fast path: copy up to the next delimiter or line break in one slice.
          let j = i;
          while (j < n) {
            const x = text[j]!;
            if (x === d || x === '\r' || x === '\n') break;
            j++;
          }
          this.field += text.slice(i, j);
          i = j;
          if (i < n) {
            const x = text[i]!;
            if (x === d) {
              this.endField();
              i++;
            } else {
              i = this.lineBreak(text, i, out);
            }
          }
          break;
        }
        case S.Quoted: {
          let j = i;
          while (j < n && text[j] !== '"' && text[j] !== '\r' && text[j] !== '\n') j++;
          this.field += text.slice(i, j);
          i = j;
          if (i < n) {
            const x = text[i]!;
            if (x === '"') {
              this.state = S.QuoteInQuoted;
              i++;
            } else {
              // A line break inside quotes is data; keep it as written, count the line.
              if (x === '\r') {
                if (i + 1 < n) {
                  if (text[i + 1] === '\n') {
                    this.field += '\r\n';
                    i += 2;
                  } else {
                    this.field += '\r';
                    i++;
                  }
                } else {
                  this.field += '\r';
                  this.pendingCr = true;
                  i++;
                }
              } else {
                this.field += '\n';
                i++;
              }
              this.line++;
            }
          }
          break;
        }
        case S.QuoteInQuoted:
          if (c === '"') {
            this.field += '"';
            this.state = S.Quoted;
            i++;
          } else if (c === d) {
            this.endField();
            i++;
          } else if (c === '\r' || c === '\n') {
            i = this.lineBreak(text, i, out);
          } else {
            this.problem ??= `text after a closing quote in field ${this.fields.length + 1}`;
            this.state = S.AfterClosingQuote;
            this.field += c;
            i++;
          }
          break;
        case S.AfterClosingQuote:
          if (c === d) {
            this.endField();
            i++;
          } else if (c === '\r' || c === '\n') {
            i = this.lineBreak(text, i, out);
          } else {
            this.field += c;
            i++;
          }
          break;
      }
    }
    return out;
  }

  /** Ends the input: returns the last record, or throws CsvFormatError for an unclosed quote. */
  end(): CsvRecord[] {
    if (this.ended) return [];
    this.ended = true;
    if (this.state === S.Quoted) {
      throw new CsvFormatError(this.quoteLine, 'a quoted field starts here and is never closed (unbalanced quotes)');
    }
    const out: CsvRecord[] = [];
    if (this.state !== S.FieldStart || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = S.FieldStart;
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    this.field = '';
    // A line with nothing on it is no record (an empty line between records, or the final one).
    if (!(this.fields.length === 1 && this.fields[0] === '' && this.state === S.FieldStart)) {
      const rec: CsvRecord = { line: this.recordLine, fields: this.fields };
      if (this.problem) rec.problem = this.problem;
      out.push(rec);
    }
    this.fields = [];
    this.problem = undefined;
    this.state = S.FieldStart;
  }

  /** Handles \r, \n or \r\n at text[i] outside quotes; returns the index after it. */
  private lineBreak(text: string, i: number, out: CsvRecord[]): number {
    this.endRecord(out);
    let next = i + 1;
    if (text[i] === '\r') {
      if (next < text.length) {
        if (text[next] === '\n') next++;
      } else {
        this.pendingCr = true;
      }
    }
    this.line++;
    this.recordLine = this.line;
    return next;
  }
}

/**
 * Picks the delimiter from the first lines of a file (quotes respected): the candidate that splits
 * every sampled line into the same number (> 1) of fields wins; failing that, the one seen most
 * often; a file with none of them is one column (comma). Excel's "sep=X" first line is honoured
 * by the caller before this runs.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  const candidates: CsvDelimiter[] = [',', '\t', ';'];
  const lines: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < sample.length && lines.length < 20; i++) {
    const c = sample[i]!;
    if (c === '"') inQuotes = !inQuotes;
    if (!inQuotes && (c === '\n' || c === '\r')) {
      if (cur.trim() !== '') lines.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '' && lines.length < 20) lines.push(cur);
  const countOutsideQuotes = (line: string, d: string) => {
    let q = false;
    let k = 0;
    for (const c of line) {
      if (c === '"') q = !q;
      else if (!q && c === d) k++;
    }
    return k;
  };
  let best: CsvDelimiter = ',';
  let bestScore = -1;
  for (const d of candidates) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const total = counts.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    const consistent = counts.length > 0 && counts.every((k) => k === counts[0]) ? 1 : 0;
    // Consistency first, then how often it occurs.
    const score = consistent * 1e9 + total;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const NEEDS_QUOTES = {
  ',': /[",\r\n]|^\s|\s$/,
  ';': /[";\r\n]|^\s|\s$/,
  '\t': /["\t\r\n]|^ | $/,
} as const;

/** One field, quoted when it must be. */
export function csvField(value: string, delimiter: CsvDelimiter = ','): string {
  return NEEDS_QUOTES[delimiter].test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record with its CRLF. */
export function csvRecord(fields: readonly string[], delimiter: CsvDelimiter = ','): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) s += delimiter;
    s += csvField(fields[i]!, delimiter);
  }
  return `${s}\r\n`;
}
