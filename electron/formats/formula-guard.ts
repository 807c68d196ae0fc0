// Spreadsheet formula injection (CSV injection): a cell whose text starts with = + - @ (or a tab /
// CR, which Excel skips before looking for those) may be run as a formula when the file is opened
// or the cell edited. Exports prefix such cells with a single quote ', in CSV and
// XLSX alike.
//
// The escape is reversible so a contacts export re-imports to the same values: a value that
// already starts with ' followed by a trigger is escaped too ('=x -> ''=x), and the importer
// removes exactly one quote before a trigger (unneutraliseCell).

const ESCAPED = /^'+[=+\-@\t\r]/;

export function needsNeutralising(text: string): boolean {
  // Called for every text cell of a 1,000,000-row export: a character test first, regexes only
  // for the rare text that starts with a quote.
  const c = text.charCodeAt(0);
  if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) return true;
  return c === 0x27 && ESCAPED.test(text);
}

/** The text as it is written to an exported cell. */
export function neutraliseCell(text: string): string {
  return needsNeutralising(text) ? `'${text}` : text;
}

/** Inverse of neutraliseCell, applied to imported cells. */
export function unneutraliseCell(text: string): string {
  return text.startsWith("'") && ESCAPED.test(text) ? text.slice(1) : text;
}
