// The generator that turns one version's resolved layout (layout.ts) into fast encode, decode and
// measure functions: it emits straight-line JavaScript per layout (no per-field closures, no
// intermediate arrays, direct byte writes) that calls the helpers of field-codecs.ts.
import { fieldCodecs } from './field-codecs.js';
import { fixedSize, type Field, type Layout, type Limit } from './layout.js';

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

/** Generates the encode / decode / measure functions of one version's layout. */
export function compileLayout(layout: Layout, label = `${layout.name} (${layout.version})`): CompiledLayout {
  const h = fieldCodecs(label, layout.commandId);
  // Every helper becomes a local of the generated function (a lookup in its closure, not a property read).
  const prelude = `"use strict";\nconst { ${Object.keys(h).join(', ')} } = h;\n`;
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
