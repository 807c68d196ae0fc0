// Every size limit on what comes in from files and from the UI, in one table: the importers, the
// store and the IPC validator take their numbers from here, their error messages quote them, and
// the README's table lists them (a test keeps the two in step). The limits are about memory: with
// them, importing any file keeps the process under ~300 MB.

const MiB = 1024 * 1024;

export const INPUT_LIMITS = {
  /** A workbook's parts decompressed, all together (a zip bomb stops here). */
  xlsxTotalBytes: 256 * MiB,
  /** The shared-strings part decompressed (every string of it is held in memory while reading). */
  xlsxSharedStringsBytes: 48 * MiB,
  /** Any other part but worksheets (styles, workbook, relationships, themes), decompressed. */
  xlsxOtherPartBytes: 16 * MiB,
  /** Entries in the workbook's zip. */
  xlsxEntries: 10_000,
  /** A contact's name, in characters. */
  contactNameChars: 100,
  /** A merge field's name (a column header), in characters. */
  contactFieldNameChars: 64,
  /** A merge field's value (one cell), in characters. */
  contactFieldValueChars: 1_000,
  /** Merge fields per contact (columns besides number and name). */
  contactFields: 50,
  /** The longest text of a validation error crossing IPC. */
  ipcErrorChars: 300,
  /** Nesting the IPC validator describes before it says "nested too deep". */
  ipcValueDepth: 32,
} as const;

export type InputLimit = keyof typeof INPUT_LIMITS;

/** How a limit reads in messages and docs: "48 MiB", "1,000 characters". */
export function limitText(key: InputLimit): string {
  const v = INPUT_LIMITS[key];
  if (key.endsWith('Bytes')) return `${v / MiB} MiB`;
  if (key.endsWith('Chars')) return `${v.toLocaleString('en-US')} characters`;
  return v.toLocaleString('en-US');
}

/**
 * Length in characters (code points) without building an array: a 50-million-character string
 * must be refused in O(n) time and O(1) memory.
 */
export function charCount(s: string, stopAbove = Infinity): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    if (++n > stopAbove) return n;
  }
  return n;
}
