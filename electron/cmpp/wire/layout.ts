// Layouts as data, and the generator that turns one version's layout into fast encode, decode and
// measure functions. Each PDU file (submit.ts, deliver.ts, ...) holds ONE table whose sizes and
// presence may differ per version (like the reference's "2.0 / 3.0" columns); resolveLayout() picks
// a version, compileLayout() emits straight-line JavaScript for it (no per-field closures, no
// intermediate arrays, direct byte writes), so the two versions are never hand-maintained copies.
import { CmppDecodeError, CmppEncodeError } from './errors.js';
import type { CmppVersion } from './version.js';

export type Size = number | Readonly<Record<CmppVersion, number>>;

/** A size that differs per version: perVersion(21, 32) for Fee_terminal_Id. */
export function perVersion(v20: number, v30: number): Readonly<Record<CmppVersion, number>> {
  return { '2.0': v20, '3.0': v30 };
}

interface SpecBase {
  readonly name: string;
  /** Present in this version's layout only. */
  readonly only?: CmppVersion;
}

/** Upper bound of a field that depends on another field, e.g. Msg_Length by Msg_Fmt. */
export interface Limit {
  readonly by: string;
  readonly cases: Readonly<Record<number, number>>;
  readonly otherwise: number;
}

/** Unsigned big-endian integer of 1 or 4 bytes. */
export interface UintSpec extends SpecBase {
  readonly kind: 'uint';
  readonly size: Size;
  /** Inclusive range enforced by both encoder and decoder (e.g. DestUsr_tl 1..99). */
  readonly range?: readonly [number, number];
  readonly limit?: Limit;
}
/** 8-byte unsigned integer as bigint (Msg_Id). */
export interface U64Spec extends SpecBase {
  readonly kind: 'u64';
}
/** Fixed-length Octet String, NUL padded, read as latin1 up to the first NUL. */
export interface OctetsSpec extends SpecBase {
  readonly kind: 'octets';
  readonly size: Size;
}
/** `count` fixed-length Octet Strings, count taken from an earlier 1-byte uint field. */
export interface OctetListSpec extends SpecBase {
  readonly kind: 'octetList';
  readonly size: Size;
  readonly count: string;
}
/** Fixed-length raw bytes (authenticators). */
export interface BytesSpec extends SpecBase {
  readonly kind: 'bytes';
  readonly size: number;
}
/** Variable raw bytes whose length is an earlier 1-byte uint field (Msg_Content). */
export interface ContentSpec extends SpecBase {
  readonly kind: 'content';
  readonly length: string;
}
/** A last byte that may be missing on the wire (ACTIVE_TEST_RESP Reserved, docs/protocol.md "Message bodies"). */
export interface TailByteSpec extends SpecBase {
  readonly kind: 'tailByte';
}

export type FieldSpec = UintSpec | U64Spec | OctetsSpec | OctetListSpec | BytesSpec | ContentSpec | TailByteSpec;

export const uint = (name: string, size: Size = 1, extra: Pick<UintSpec, 'range' | 'limit'> = {}): UintSpec => ({
  kind: 'uint',
  name,
  size,
  ...extra,
});
export const u64 = (name: string): U64Spec => ({ kind: 'u64', name });
export const octets = (name: string, size: Size): OctetsSpec => ({ kind: 'octets', name, size });
export const octetList = (name: string, size: Size, count: string): OctetListSpec => ({
  kind: 'octetList',
  name,
  size,
  count,
});
export const bytes = (name: string, size: number): BytesSpec => ({ kind: 'bytes', name, size });
export const content = (name: string, length: string): ContentSpec => ({ kind: 'content', name, length });
export const tailByte = (name: string): TailByteSpec => ({ kind: 'tailByte', name });
export function only<F extends FieldSpec>(version: CmppVersion, f: F): F {
  return { ...f, only: version };
}

/** One PDU body (or a sub-structure such as the status report) for both versions. */
export interface LayoutTable {
  /** Command name, or a label for header-less structures. */
  readonly name: string;
  /** Command_Id written in the header; null for a header-less structure. */
  readonly commandId: number | null;
  readonly fields: readonly FieldSpec[];
}

/** A field with its size resolved for one version. */
export type Field =
  | (Omit<UintSpec, 'size'> & { size: 1 | 4 })
  | U64Spec
  | (Omit<OctetsSpec, 'size'> & { size: number })
  | (Omit<OctetListSpec, 'size'> & { size: number })
  | BytesSpec
  | ContentSpec
  | TailByteSpec;

/** One version's layout of a table. */
export interface Layout {
  readonly name: string;
  readonly commandId: number | null;
  readonly version: CmppVersion;
  /** 12 with the CMPP header, 0 for a header-less structure. */
  readonly headerLength: number;
  readonly fields: readonly Field[];
  /** Fields of the other version only: must be absent or empty when encoding this one. */
  readonly foreign: readonly Field[];
  /** Total length with no destinations, no content and no tail byte. */
  readonly fixedLength: number;
}

export interface CompiledLayout {
  readonly layout: Layout;
  /** "CMPP_SUBMIT (3.0)": used in error messages. */
  readonly label: string;
  /** Whole frame (or body, header-less), validated strictly. */
  encode(pdu: object): Buffer;
  /** Decodes a whole frame whose header was read already (Sequence_Id passed in). */
  decode(frame: Buffer, sequenceId: number): object;
  /** Expected total length computed from the frame's own count / length fields; -1 if too short to tell. */
  measure(frame: Uint8Array): number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function sizeFor(size: Size, version: CmppVersion): number {
  return typeof size === 'number' ? size : size[version];
}

function resolveField(f: FieldSpec, version: CmppVersion): Field {
  switch (f.kind) {
    case 'uint': {
      const size = sizeFor(f.size, version);
      if (size !== 1 && size !== 4) throw new Error(`layout: ${f.name}: uint size must be 1 or 4`);
      return { ...f, size };
    }
    case 'octets':
    case 'octetList':
      return { ...f, size: sizeFor(f.size, version) };
    default:
      return f;
  }
}

function fixedSize(f: Field): number {
  switch (f.kind) {
    case 'uint':
    case 'octets':
    case 'bytes':
      return f.size;
    case 'u64':
      return 8;
    default:
      return 0;
  }
}

/** Picks one version's fields out of a table and checks the table is well formed. */
export function resolveLayout(table: LayoutTable, version: CmppVersion): Layout {
  const fields = table.fields.filter((f) => f.only === undefined || f.only === version).map((f) => resolveField(f, version));
  const names = new Set(fields.map((f) => f.name));
  const foreign = table.fields
    .filter((f) => f.only !== undefined && f.only !== version && !names.has(f.name))
    .map((f) => resolveField(f, f.only!));
  const seen = new Map<string, Field>();
  fields.forEach((f, i) => {
    if (!IDENT.test(f.name) || seen.has(f.name)) throw new Error(`layout ${table.name}: bad or duplicate field ${f.name}`);
    const ref = f.kind === 'octetList' ? f.count : f.kind === 'content' ? f.length : f.kind === 'uint' ? f.limit?.by : undefined;
    if (ref !== undefined) {
      const r = seen.get(ref);
      if (!r || r.kind !== 'uint' || (f.kind !== 'uint' && r.size !== 1)) {
        throw new Error(`layout ${table.name}: ${f.name} refers to ${ref}, which must be an earlier uint field`);
      }
    }
    if (f.kind === 'tailByte' && i !== fields.length - 1) throw new Error(`layout ${table.name}: ${f.name} must be last`);
    if (f.only !== undefined && f.kind !== 'uint' && f.kind !== 'octets') {
      throw new Error(`layout ${table.name}: version-only field ${f.name} must be uint or octets`);
    }
    seen.set(f.name, f);
  });
  const headerLength = table.commandId === null ? 0 : 12;
  const fixedLength = fields.reduce((n, f) => n + fixedSize(f), headerLength);
  return { name: table.name, commandId: table.commandId, version, headerLength, fields, foreign, fixedLength };
}

// ---- run-time helpers shared by all generated functions -------------------------------------------

const MAX_U64 = 0xffffffffffffffffn;

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return String(v);
}

function fieldName(name: string, index: number): string {
  return index < 0 ? name : `${name}[${index}]`;
}

function makeHelpers(label: string, commandId: number | null) {
  const bad = (field: string, v: unknown, expected: string) =>
    new CmppEncodeError(field, `${label}: ${field} must be ${expected}, got ${show(v)}`);
  const badStr = (field: string, v: unknown, size: number) =>
    typeof v === 'string'
      ? new CmppEncodeError(field, `${label}: ${field} is ${v.length} characters, longer than its ${size}-byte field (${show(v)})`)
      : bad(field, v, `a string of at most ${size} characters`);
  const mismatch = (field: string, actual: number, counter: string, declared: number) =>
    new CmppEncodeError(field, `${label}: ${field} has ${actual} ${field === 'Msg_Content' ? 'bytes' : 'entries'} but ${counter} is ${declared}`);
  const over = (field: string, v: number, by: string, byValue: number, limit: number) =>
    new CmppEncodeError(field, `${label}: ${field} ${v} exceeds ${limit}, the limit for ${by} ${byValue}`);
  const foreign = (field: string, version: string, v: unknown) =>
    new CmppEncodeError(field, `${label}: ${field} exists only in CMPP ${version} and cannot be sent here (got ${show(v)})`);
  function wstr(b: Buffer, o: number, s: string, size: number, name: string, index: number) {
    const n = s.length;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      // One compare for both bad cases: NUL wraps to 0xffffffff, anything above 0xff stays above.
      if ((c - 1) >>> 0 > 254) {
        const f = fieldName(name, index);
        throw new CmppEncodeError(
          f,
          c === 0
            ? `${label}: ${f} contains NUL at ${i}; an Octet String ends at its first NUL (${show(s)})`
            : `${label}: ${f} has U+${c.toString(16).toUpperCase().padStart(4, '0')} at ${i}; Octet Strings carry single bytes (latin1) only`,
        );
      }
      b[o + i] = c;
    }
    for (; i < size; i++) b[o + i] = 0;
  }
  function rawOk(r: unknown, s: string, size: number): r is Uint8Array {
    if (!(r instanceof Uint8Array) || r.length !== size) return false;
    let z = 0;
    while (z < size && r[z] !== 0) z++;
    if (z !== s.length) return false;
    for (let i = 0; i < z; i++) if (r[i] !== s.charCodeAt(i)) return false;
    return true;
  }
  function w64(b: Buffer, o: number, v: bigint) {
    if (v === 0n) {
      b[o] = b[o + 1] = b[o + 2] = b[o + 3] = b[o + 4] = b[o + 5] = b[o + 6] = b[o + 7] = 0;
      return;
    }
    const hi = Number(v >> 32n);
    const lo = Number(v & 0xffffffffn);
    b[o] = hi >>> 24;
    b[o + 1] = hi >>> 16;
    b[o + 2] = hi >>> 8;
    b[o + 3] = hi;
    b[o + 4] = lo >>> 24;
    b[o + 5] = lo >>> 16;
    b[o + 6] = lo >>> 8;
    b[o + 7] = lo;
  }
  function r64(b: Buffer, o: number): bigint {
    const hi = b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
    const lo = b[o + 4]! * 0x1000000 + ((b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!);
    if (hi === 0) return BigInt(lo);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  // latin1 text of b[s..e): String.fromCharCode in runs of up to 8 beats a native latin1Slice call
  // for the short fields CMPP has (every byte maps to the same code point, so it is exact).
  const fc = String.fromCharCode;
  function latin1(b: Buffer, s: number, e: number): string {
    let r = '';
    for (;;) {
      switch (e - s) {
        case 0: return r;
        case 1: return r + fc(b[s]!);
        case 2: return r + fc(b[s]!, b[s + 1]!);
        case 3: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!);
        case 4: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
        case 5: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
        case 6: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
        case 7: return r + fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
        default:
          r += fc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
          s += 8;
      }
    }
  }
  const copy = (b: Buffer, s: number, e: number) => Buffer.from(b.subarray(s, e));
  const D = (field: string, message: string, seq: number) =>
    new CmppDecodeError(
      field,
      `${label}: ${message}`,
      commandId === null ? {} : { commandId, sequenceId: seq },
    );
  return { latin1, alloc: Buffer.allocUnsafe, empty: () => Buffer.alloc(0), bad, badStr, mismatch, over, foreign, wstr, rawOk, w64, r64, copy, D, MAX_U64 };
}

// ---- code generation ------------------------------------------------------------------------------

const q = (s: string) => JSON.stringify(s);

function limitExpr(limit: Limit, byVar: string): string {
  let e = String(limit.otherwise);
  for (const [k, v] of Object.entries(limit.cases).reverse()) e = `(${byVar} === ${Number(k)} ? ${v} : ${e})`;
  return e;
}

function emptyOf(f: Field): string {
  return f.kind === 'octets' ? '""' : f.kind === 'u64' ? '0n' : '0';
}

function genEncode(L: Layout): string {
  const out: string[] = [];
  const vars = new Map(L.fields.map((f, i) => [f.name, `f${i}`] as const));
  out.push('const nc = p.nonCanonical == null ? undefined : p.nonCanonical;');
  if (L.headerLength) {
    out.push('const seq = p.Sequence_Id;', 'if ((seq >>> 0) !== seq) throw bad("Sequence_Id", seq, "an integer 0..4294967295");');
  }
  const sizeTerms = [String(L.fixedLength)];
  L.fields.forEach((f, i) => {
    const v = `f${i}`;
    const N = q(f.name);
    const get = f.only ? `(p.${f.name} === undefined ? ${emptyOf(f)} : p.${f.name})` : `p.${f.name}`;
    switch (f.kind) {
      case 'uint':
        out.push(`const ${v} = ${get};`);
        out.push(
          f.size === 1
            ? `if ((${v} & 255) !== ${v}) throw bad(${N}, ${v}, "an integer 0..255");`
            : `if ((${v} >>> 0) !== ${v}) throw bad(${N}, ${v}, "an integer 0..4294967295");`,
        );
        if (f.range) out.push(`if (${v} < ${f.range[0]} || ${v} > ${f.range[1]}) throw bad(${N}, ${v}, "an integer ${f.range[0]}..${f.range[1]}");`);
        if (f.limit) {
          const by = vars.get(f.limit.by)!;
          out.push(`if (${v} > ${limitExpr(f.limit, by)}) throw over(${N}, ${v}, ${q(f.limit.by)}, ${by}, ${limitExpr(f.limit, by)});`);
        }
        break;
      case 'u64':
        out.push(`const ${v} = ${get};`, `if (typeof ${v} !== "bigint" || ${v} < 0n || ${v} > MAX_U64) throw bad(${N}, ${v}, "a bigint 0..2^64-1");`);
        break;
      case 'octets':
        out.push(`const ${v} = ${get};`, `if (typeof ${v} !== "string" || ${v}.length > ${f.size}) throw badStr(${N}, ${v}, ${f.size});`);
        break;
      case 'octetList': {
        const c = vars.get(f.count)!;
        out.push(
          `const ${v} = p.${f.name};`,
          `if (!Array.isArray(${v})) throw bad(${N}, ${v}, "an array of strings");`,
          `if (${v}.length !== ${c}) throw mismatch(${N}, ${v}.length, ${q(f.count)}, ${c});`,
        );
        sizeTerms.push(`${v}.length * ${f.size}`);
        break;
      }
      case 'bytes':
        out.push(`const ${v} = p.${f.name};`, `if (!(${v} instanceof Uint8Array) || ${v}.length !== ${f.size}) throw bad(${N}, ${v}, "${f.size} bytes");`);
        break;
      case 'content': {
        const c = vars.get(f.length)!;
        out.push(
          `const ${v} = p.${f.name};`,
          `if (!(${v} instanceof Uint8Array)) throw bad(${N}, ${v}, "a Buffer");`,
          `if (${v}.length !== ${c}) throw mismatch(${N}, ${v}.length, ${q(f.length)}, ${c});`,
        );
        sizeTerms.push(`${v}.length`);
        break;
      }
      case 'tailByte':
        // Absent value + recorded empty raw bytes = the short form was received: send it back short.
        out.push(
          `const ${v} = p.${f.name};`,
          `if (${v} !== undefined && (${v} & 255) !== ${v}) throw bad(${N}, ${v}, "an integer 0..255");`,
          `const t${i} = ${v} !== undefined || nc === undefined || !(nc.${f.name} instanceof Uint8Array) || nc.${f.name}.length !== 0;`,
        );
        sizeTerms.push(`(t${i} ? 1 : 0)`);
        break;
    }
  });
  for (const f of L.foreign) {
    out.push(`if (p.${f.name} !== undefined && p.${f.name} !== ${emptyOf(f)}) throw foreign(${q(f.name)}, ${q(f.only!)}, p.${f.name});`);
  }
  out.push(`const total = ${sizeTerms.join(' + ')};`, 'const b = alloc(total);');
  if (L.headerLength) {
    const id = L.commandId! >>> 0;
    out.push(
      'b[0] = total >>> 24; b[1] = total >>> 16; b[2] = total >>> 8; b[3] = total;',
      `b[4] = ${id >>> 24}; b[5] = ${(id >>> 16) & 255}; b[6] = ${(id >>> 8) & 255}; b[7] = ${id & 255};`,
      'b[8] = seq >>> 24; b[9] = seq >>> 16; b[10] = seq >>> 8; b[11] = seq;',
    );
  }
  out.push(`let o = ${L.headerLength};`);
  L.fields.forEach((f, i) => {
    const v = `f${i}`;
    const N = q(f.name);
    switch (f.kind) {
      case 'uint':
        out.push(f.size === 1 ? `b[o++] = ${v};` : `b[o] = ${v} >>> 24; b[o + 1] = ${v} >>> 16; b[o + 2] = ${v} >>> 8; b[o + 3] = ${v}; o += 4;`);
        break;
      case 'u64':
        out.push(`w64(b, o, ${v}); o += 8;`);
        break;
      case 'octets':
        out.push(
          `if (nc !== undefined && rawOk(nc.${f.name}, ${v}, ${f.size})) b.set(nc.${f.name}, o); else wstr(b, o, ${v}, ${f.size}, ${N}, -1);`,
          `o += ${f.size};`,
        );
        break;
      case 'octetList':
        out.push(
          `for (let i = 0; i < ${v}.length; i++) {`,
          `  const s = ${v}[i];`,
          `  if (typeof s !== "string" || s.length > ${f.size}) throw badStr(${N} + "[" + i + "]", s, ${f.size});`,
          `  const r = nc === undefined ? undefined : nc[${N} + "[" + i + "]"];`,
          `  if (r !== undefined && rawOk(r, s, ${f.size})) b.set(r, o); else wstr(b, o, s, ${f.size}, ${N}, i);`,
          `  o += ${f.size};`,
          '}',
        );
        break;
      case 'bytes':
        out.push(`b.set(${v}, o); o += ${f.size};`);
        break;
      case 'content':
        out.push(`b.set(${v}, o); o += ${v}.length;`);
        break;
      case 'tailByte':
        out.push(`if (t${i}) b[o++] = ${v} === undefined ? 0 : ${v};`);
        break;
    }
  });
  out.push('return b;');
  return out.join('\n');
}

function genMeasure(L: Layout): string {
  const refs = new Set<string>();
  for (const f of L.fields) {
    if (f.kind === 'octetList') refs.add(f.count);
    if (f.kind === 'content') refs.add(f.length);
  }
  const out = ['const len = b.length;', `let o = ${L.headerLength};`];
  let pending = 0;
  const flush = () => {
    if (pending) out.push(`o += ${pending};`);
    pending = 0;
  };
  L.fields.forEach((f, i) => {
    if (refs.has(f.name)) {
      flush();
      out.push(`if (o >= len) return -1;`, `const c${i} = b[o++];`);
      return;
    }
    switch (f.kind) {
      case 'octetList': {
        flush();
        const c = L.fields.findIndex((g) => g.name === f.count);
        out.push(`o += c${c} * ${f.size};`);
        break;
      }
      case 'content': {
        flush();
        const c = L.fields.findIndex((g) => g.name === f.length);
        out.push(`o += c${c};`);
        break;
      }
      case 'tailByte':
        flush();
        out.push('return len === o + 1 ? o + 1 : o;');
        return;
      default:
        pending += fixedSize(f);
    }
  });
  flush();
  if (L.fields.at(-1)?.kind !== 'tailByte') out.push('return o;');
  return out.join('\n');
}

function genDecode(L: Layout): string {
  const out: string[] = [];
  const vars = new Map(L.fields.map((f, i) => [f.name, `f${i}`] as const));
  const variable = L.fields.filter((f) => f.kind === 'octetList' || f.kind === 'content').map((f) => (f.kind === 'octetList' ? f.count : f.kind === 'content' ? f.length : ''));
  const from = variable.length ? ` (from its ${variable.join(' and ')})` : '';
  out.push(
    'const len = b.length;',
    'const need = measure(b);',
    `if (need !== len) throw D("Total_Length", need < 0 ? "frame of " + len + " bytes is too short" : "Total_Length " + len + " does not match the layout, which needs " + need + " bytes${from}", seq);`,
    `let o = ${L.headerLength};`,
    'let nc;',
    'let z = 0, e = 0, k = 0, x = 0;',
  );
  let tail: Field | undefined;
  L.fields.forEach((f, i) => {
    const v = `f${i}`;
    const N = q(f.name);
    switch (f.kind) {
      case 'uint':
        out.push(
          f.size === 1 ? `const ${v} = b[o++];` : `const ${v} = b[o] * 16777216 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]); o += 4;`,
        );
        if (f.range) {
          out.push(`if (${v} < ${f.range[0]} || ${v} > ${f.range[1]}) throw D(${N}, ${q(`${f.name} `)} + ${v} + ${q(` is outside ${f.range[0]}..${f.range[1]}`)}, seq);`);
        }
        if (f.limit) {
          const by = vars.get(f.limit.by)!;
          out.push(
            `if (${v} > ${limitExpr(f.limit, by)}) throw D(${N}, ${q(`${f.name} `)} + ${v} + " exceeds " + ${limitExpr(f.limit, by)} + ${q(`, the limit for ${f.limit.by} `)} + ${by}, seq);`,
          );
        }
        break;
      case 'u64':
        out.push(`const ${v} = r64(b, o); o += 8;`);
        break;
      case 'octets':
        // Inline scans: the helpers would not be inlined into a function this size.
        out.push(
          `e = o + ${f.size}; z = o; while (z < e && b[z] !== 0) z++;`,
          `const ${v} = z === o ? "" : latin1(b, o, z);`,
          `x = 0; for (k = z + 1; k < e; k++) x |= b[k];`,
          `if (x !== 0) (nc ??= {}).${f.name} = copy(b, o, e);`,
          `o = e;`,
        );
        break;
      case 'octetList': {
        const c = vars.get(f.count)!;
        out.push(
          `const ${v} = [];`,
          `for (let i = 0; i < ${c}; i++) {`,
          `  e = o + ${f.size}; z = o; while (z < e && b[z] !== 0) z++;`,
          `  ${v}.push(z === o ? "" : latin1(b, o, z));`,
          `  x = 0; for (k = z + 1; k < e; k++) x |= b[k];`,
          `  if (x !== 0) (nc ??= {})[${N} + "[" + i + "]"] = copy(b, o, e);`,
          `  o = e;`,
          '}',
        );
        break;
      }
      case 'bytes':
        out.push(`const ${v} = b.subarray(o, o + ${f.size}); o += ${f.size};`);
        break;
      case 'content': {
        const c = vars.get(f.length)!;
        out.push(`const ${v} = b.subarray(o, o + ${c}); o += ${c};`);
        break;
      }
      case 'tailByte':
        tail = f;
        break;
    }
  });
  const props = L.headerLength ? [`Command_Id: ${q(L.name)}`, 'Sequence_Id: seq'] : [];
  L.fields.forEach((f, i) => {
    if (f.kind !== 'tailByte') props.push(`${f.name}: f${i}`);
  });
  out.push(`const r = { ${props.join(', ')} };`);
  if (tail) out.push(`if (o < len) r.${tail.name} = b[o]; else (nc ??= {}).${tail.name} = empty();`);
  out.push('if (nc !== undefined) r.nonCanonical = nc;', 'return r;');
  return out.join('\n');
}

const HELPER_NAMES = ['latin1', 'alloc', 'empty', 'bad', 'badStr', 'mismatch', 'over', 'foreign', 'wstr', 'rawOk', 'w64', 'r64', 'copy', 'D', 'MAX_U64'] as const;

/** Generates the encode / decode / measure functions of one version's layout. */
export function compileLayout(layout: Layout, label = `${layout.name} (${layout.version})`): CompiledLayout {
  const h = makeHelpers(label, layout.commandId);
  const prelude = `"use strict";\nconst { ${HELPER_NAMES.join(', ')} } = h;\n`;
  const measure = new Function('h', `${prelude}return function measure(b) {\n${genMeasure(layout)}\n};`)(h) as CompiledLayout['measure'];
  const encode = new Function('h', `${prelude}return function encode(p) {\n${genEncode(layout)}\n};`)(h) as CompiledLayout['encode'];
  const decode = new Function('h', 'measure', `${prelude}return function decode(b, seq) {\n${genDecode(layout)}\n};`)(
    h,
    measure,
  ) as CompiledLayout['decode'];
  return { layout, label, encode, decode, measure };
}

/** The generated source of one layout, for reviewing what the generator emits. */
export function layoutSource(layout: Layout): { encode: string; decode: string; measure: string } {
  return { encode: genEncode(layout), decode: genDecode(layout), measure: genMeasure(layout) };
}
