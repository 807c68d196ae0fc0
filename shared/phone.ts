// China mainland mobile numbers: validation and normalisation for everything the user types,
// pastes or imports (campaign recipients, contacts, replies). Browser-safe: the composer validates
// inline with the same code main uses at enqueue.
//
// Numbers are stored in the 11-digit national form (docs/glossary.md "Normalised number": 86/+86
// removed for storage and matching); what goes on the wire is decided by the account. Numbers outside China Mobile's
// ranges are warned about, never refused: numbers are portable between carriers (携号转网).

export type Carrier = 'china-mobile' | 'china-unicom' | 'china-telecom' | 'china-broadnet' | 'mvno' | 'unknown';

export type PhoneProblem =
  | 'empty' // nothing but separators
  | 'not-digits' // letters or other characters inside
  | 'wrong-length' // not 11 digits after the country code
  | 'not-mobile' // 11 digits that do not start with 1[3-9]
  | 'foreign'; // an international prefix other than +86 / 0086

export type PhoneCheck =
  | { ok: true; number: string; carrier: Carrier; /** Set when the number is outside China Mobile's ranges. */ warning?: 'not-china-mobile' }
  | { ok: false; input: string; problem: PhoneProblem };

// Three-digit prefixes by carrier as allocated by MIIT (2024). 170/171/162/165/167 are MVNO blocks
// hosted by several carriers: treated as MVNO (warned, since delivery through CMPP depends on the host).
const PREFIXES: Record<Exclude<Carrier, 'unknown'>, readonly string[]> = {
  'china-mobile': ['134', '135', '136', '137', '138', '139', '147', '148', '150', '151', '152', '157', '158', '159', '172', '178', '182', '183', '184', '187', '188', '195', '197', '198'],
  'china-unicom': ['130', '131', '132', '145', '146', '155', '156', '166', '175', '176', '185', '186', '196'],
  'china-telecom': ['133', '149', '153', '173', '174', '177', '180', '181', '189', '190', '191', '193', '199'],
  'china-broadnet': ['192'],
  mvno: ['162', '165', '167', '170', '171'],
};

const carrierOfPrefix = new Map<string, Carrier>();
for (const [carrier, list] of Object.entries(PREFIXES) as [Carrier, readonly string[]][]) {
  for (const p of list) carrierOfPrefix.set(p, carrier);
}

export function carrierOf(national: string): Carrier {
  // 1349 is China Satcom's satellite block inside China Mobile's 134.
  if (national.startsWith('1349')) return 'unknown';
  return carrierOfPrefix.get(national.slice(0, 3)) ?? 'unknown';
}

/** Separators people paste: spaces (incl. full-width), dashes, dots, parentheses. */
const SEPARATORS = /[\s\u3000\-‐‑–—.()（）]/g;

/**
 * Validates one number as typed or pasted: "13800138000", "+86 138-0013-8000", "8613800138000",
 * "0086 13800138000", full-width digits. Returns the 11-digit national form, or the problem.
 */
export function checkPhone(input: string): PhoneCheck {
  // Full-width digits and plus (common when pasting from Chinese documents).
  let s = input.replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(SEPARATORS, '');
  if (s === '') return { ok: false, input, problem: 'empty' };
  const international = s.startsWith('+') || s.startsWith('00');
  if (s.startsWith('+')) s = s.slice(1);
  if (!/^\d+$/.test(s)) return { ok: false, input, problem: 'not-digits' };
  if (international && !s.startsWith('86') && !s.startsWith('0086')) return { ok: false, input, problem: 'foreign' };
  if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  if (s.length !== 11) return { ok: false, input, problem: 'wrong-length' };
  if (!/^1[3-9]/.test(s)) return { ok: false, input, problem: 'not-mobile' };
  const carrier = carrierOf(s);
  return carrier === 'china-mobile' ? { ok: true, number: s, carrier } : { ok: true, number: s, carrier, warning: 'not-china-mobile' };
}

export interface NumberListResult {
  /** Valid numbers, normalised, first occurrence kept, in input order. */
  numbers: string[];
  invalid: { input: string; problem: PhoneProblem; line: number }[];
  /** Normalised numbers seen more than once (each listed once). */
  duplicates: string[];
  /** Valid numbers outside China Mobile's ranges (sent anyway: numbers are portable). */
  notChinaMobile: string[];
}

/** Splits pasted text (newlines, commas, semicolons, Chinese punctuation) and checks every number. */
export function checkNumberList(text: string): NumberListResult {
  const out: NumberListResult = { numbers: [], invalid: [], duplicates: [], notChinaMobile: [] };
  const seen = new Set<string>();
  const dup = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, i) => {
    for (const piece of lineText.split(/[,;，；、|\t]/)) {
      if (piece.trim() === '') continue;
      const r = checkPhone(piece);
      if (!r.ok) {
        out.invalid.push({ input: piece.trim(), problem: r.problem, line: i + 1 });
      } else if (seen.has(r.number)) {
        if (!dup.has(r.number)) {
          dup.add(r.number);
          out.duplicates.push(r.number);
        }
      } else {
        seen.add(r.number);
        out.numbers.push(r.number);
        if (r.warning) out.notChinaMobile.push(r.number);
      }
    }
  });
  return out;
}
