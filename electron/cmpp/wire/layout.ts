// Layouts as data: each PDU file (submit.ts, deliver.ts, ...) holds ONE table whose sizes and presence
// may differ per version (like the spec's "2.0 / 3.0" columns), and resolveLayout() picks one
// version's fields out of it. layout-compiler.ts turns a resolved layout into encode, decode and
// measure functions, so the two versions are never hand-maintained copies.
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

/** Bytes a field takes whatever the PDU holds (0 for the variable ones). */
export function fixedSize(f: Field): number {
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

