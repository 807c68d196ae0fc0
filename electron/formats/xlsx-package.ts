// The parts of an XLSX package around its sheets (ECMA-376 SpreadsheetML, the minimum Excel, WPS
// and LibreOffice open cleanly): [Content_Types].xml, _rels/.rels, xl/workbook.xml,
// xl/_rels/workbook.xml.rels, xl/styles.xml, xl/sharedStrings.xml, the worksheet's opening and
// closing XML, and the text rules every part follows (escaping, column letters, sheet names).

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

// Style indexes in styles.xml's cellXfs.
export const STYLE_TIME = 1;
export const STYLE_HEADER = 2;
/** The Text number format (@): a digit string stays text when the user edits the cell. */
export const STYLE_TEXT = 3;

const STYLES_XML = `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>\
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** A1-style column letters, 0-based index. */
export function columnLetters(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF; OOXML escapes any character
// as _xHHHH_ (ST_Xstring), so a literal "_xHHHH_" in the text must itself be escaped (_x005F_).
// An "&" starting entity-like text ("&lt;", "&#38;") is written as _x0026_: Excel decodes it the
// same, and exceljs's reader (our importer) would otherwise XML-decode such text a second time.
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const ENTITY_LIKE = /^&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/;

export function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26) out += ENTITY_LIKE.test(s.slice(i, i + 12)) ? '_x0026_' : '&amp;';
    else if (c === 0x3c) out += '&lt;';
    else if (c === 0x3e) out += '&gt;';
    else if (c === 0x5f && /^_x[0-9a-fA-F]{4}_/.test(s.slice(i, i + 7))) out += '_x005F_';
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i]! + s[i + 1]!; // a valid surrogate pair (emoji): kept
      i++;
    } else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      out += `_x${c.toString(16).toUpperCase().padStart(4, '0')}_`;
    } else out += s[i];
  }
  return out;
}

function escapeAttr(s: string): string {
  return escapeText(s).replaceAll('"', '&quot;');
}

/** Excel's sheet-name rules: 1..31 characters, none of : \ / ? * [ ], unique (case-insensitive). */
export function sheetName(wanted: string, taken: readonly string[]): string {
  const base = (wanted.replace(/[:\\/?*[\]]/g, '_').replace(/^'+|'+$/g, '') || 'Sheet').slice(0, 31);
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const candidate = base.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

/** A worksheet up to its first row: the header row frozen, the column widths (characters). */
export function worksheetStart(widths: readonly (number | undefined)[]): string {
  const cols = widths.map((w, i) => (w ? `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>` : '')).join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetViews><sheetView workbookViewId="0">` +
    `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`
  );
}

export const WORKSHEET_END = '</sheetData></worksheet>';

/** The package's parts other than the sheets (xl/worksheets/sheetN.xml), by zip entry name, in order. */
export function packageParts(sheetNames: readonly string[], shared: { strings: Iterable<string>; size: number; refs: number }): [string, string][] {
  const n = sheetNames.length;
  const sheets = sheetNames.map((s, i) => `<sheet name="${escapeAttr(s)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const rels = sheetNames.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const overrides = sheetNames.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`).join('');
  const parts: [string, string][] = [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
        `${overrides}${shared.size ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>` : ''}</Types>`,
    ],
    ['_rels/.rels', `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels}<Relationship Id="rId${n + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
        `${shared.size ? `<Relationship Id="rId${n + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    ],
    ['xl/styles.xml', STYLES_XML],
  ];
  if (shared.size) {
    const items: string[] = [];
    for (const t of shared.strings) items.push(`<si><t${/^\s|\s$/.test(t) ? ' xml:space="preserve"' : ''}>${escapeText(t)}</t></si>`);
    parts.push(['xl/sharedStrings.xml', `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${shared.refs}" uniqueCount="${shared.size}">${items.join('')}</sst>`]);
  }
  return parts;
}
