// PDU <-> JSON for the PDU tool: the spec's own field names, Msg_Id as a decimal string, octet
// strings without NUL padding, byte fields as hex, plus read-only extras (text, udh, report, the
// other Msg_Id forms) that `encode` accepts back and ignores. Strict both ways: an unknown key or
// a value of the wrong type is an error naming the field.
import {
  decodeReport,
  hasUdh,
  layoutOf,
  type CmppVersion,
  type Field,
  type Pdu,
  type PduName,
} from '../cmpp/wire/index.js';
import { decodeText, encodeText, MSG_FMT_ASCII, MSG_FMT_GBK, MSG_FMT_UCS2, parseUdh, splitUdh, type TextMsgFmt } from '../sms/index.js';
import { msgIdTo22, msgIdToDecimal, msgIdToHex, parseMsgId } from '../../shared/msg-id.js';
import { CliError } from './errors.js';

type Json = Record<string, unknown>;

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function msgIdForms(name: string, id: bigint): Json {
  return { [name]: msgIdToDecimal(id), [`${name}_22`]: msgIdTo22(id), [`${name}_hex`]: msgIdToHex(id) };
}

/** The Msg_Content extras: `text` (after any UDH, by Msg_Fmt 0/8/15), `udh`, `report`. */
function contentExtras(pdu: Json, content: Buffer): Json {
  const out: Json = {};
  if (pdu.Command_Id === 'CMPP_DELIVER' && pdu.Registered_Delivery === 1) {
    try {
      const r = decodeReport(content);
      out.report = {
        ...msgIdForms('Msg_Id', r.Msg_Id),
        Stat: r.Stat,
        Submit_time: r.Submit_time,
        Done_time: r.Done_time,
        Dest_terminal_Id: r.Dest_terminal_Id,
        SMSC_sequence: r.SMSC_sequence,
        form: content.length,
      };
    } catch (e) {
      out.reportError = e instanceof Error ? e.message : String(e);
    }
    return out;
  }
  let payload: Uint8Array = content;
  if (typeof pdu.TP_udhi === 'number' && hasUdh(pdu.TP_udhi)) {
    const parsed = parseUdh(content);
    if (parsed) {
      out.udh = parsed.udh;
      payload = parsed.payload;
    } else {
      const split = splitUdh(content);
      if (split) {
        out.udh = { length: split.length, elements: split.elements.map((e) => ({ id: e.id, data: hex(e.data) })), malformed: split.malformed };
        payload = split.payload;
      } else {
        out.udh = { error: 'TP_udhi is set but the UDH length runs past Msg_Content' };
      }
    }
  }
  const fmt = pdu.Msg_Fmt;
  if (fmt === MSG_FMT_ASCII || fmt === MSG_FMT_UCS2 || fmt === MSG_FMT_GBK) {
    const decoded = decodeText(fmt, payload);
    out.text = decoded.text;
    if (decoded.raw !== undefined) out.textNote = 'bytes do not decode cleanly in this Msg_Fmt';
  }
  return out;
}

export function pduToJson(pdu: Pdu, version: CmppVersion): Json {
  const layout = layoutOf(pdu.Command_Id, version);
  if (!layout) throw new CliError(`${pdu.Command_Id} has no ${version} layout`, 1);
  const src = pdu as unknown as Json;
  const out: Json = { Command_Id: pdu.Command_Id, Sequence_Id: pdu.Sequence_Id };
  let extras: Json = {};
  for (const f of layout.fields) {
    const v = src[f.name];
    if (v === undefined) continue;
    switch (f.kind) {
      case 'u64':
        Object.assign(out, msgIdForms(f.name, v as bigint));
        break;
      case 'bytes':
        out[f.name] = hex(v as Buffer);
        break;
      case 'content':
        out[f.name] = hex(v as Buffer);
        extras = contentExtras(src, v as Buffer);
        break;
      default:
        out[f.name] = v;
    }
  }
  Object.assign(out, extras);
  if (pdu.nonCanonical) {
    out.nonCanonical = Object.fromEntries(Object.entries(pdu.nonCanonical).map(([k, b]) => [k, hex(b)]));
  }
  return out;
}

/** Keys that decode adds for reading and encode ignores. */
const READ_ONLY = new Set(['version', 'versionReason', 'text', 'textNote', 'udh', 'report', 'reportError', 'Total_Length']);

function fail(field: string, message: string): never {
  throw new CliError(`${field}: ${message}`);
}

function toUint(field: string, v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return fail(field, `expected a non-negative whole number, got ${JSON.stringify(v)}`);
}

function toBytes(field: string, v: unknown): Buffer {
  if (typeof v !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(v)) return fail(field, 'expected hex digits (an even number of them)');
  return Buffer.from(v, 'hex');
}

function toMsgId(field: string, v: unknown): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v !== 'string') return fail(field, `expected a Msg_Id as a string, got ${JSON.stringify(v)}`);
  try {
    return parseMsgId(v);
  } catch (e) {
    return fail(field, e instanceof Error ? e.message : String(e));
  }
}

function defaultOf(f: Field): unknown {
  switch (f.kind) {
    case 'u64':
      return 0n;
    case 'octets':
      return '';
    case 'octetList':
      return [];
    case 'bytes':
      return Buffer.alloc(f.size);
    case 'content':
      return Buffer.alloc(0);
    case 'tailByte':
      return 0;
    default:
      return 0;
  }
}

/**
 * The inverse of pduToJson. Missing fields take their zero value; DestUsr_tl and Msg_Length are
 * derived when absent; Msg_Content may be given as `text` (encoded by Msg_Fmt 0, 8 or 15).
 */
export function jsonToPdu(input: unknown, version: CmppVersion): Pdu {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new CliError('expected a JSON object describing one PDU');
  const src = input as Json;
  const name = src.Command_Id;
  if (typeof name !== 'string') fail('Command_Id', 'missing (e.g. "CMPP_SUBMIT")');
  const layout = layoutOf(name as PduName, version);
  if (!layout) fail('Command_Id', `${JSON.stringify(name)} is not an SP <-> ISMG PDU`);
  const known = new Set<string>(['Command_Id', 'Sequence_Id', 'nonCanonical', ...READ_ONLY]);
  const pdu: Json = { Command_Id: name, Sequence_Id: src.Sequence_Id === undefined ? 0 : toUint('Sequence_Id', src.Sequence_Id) };
  if ((pdu.Sequence_Id as number) > 0xffffffff) fail('Sequence_Id', 'must fit in 4 bytes');
  for (const f of layout.fields) {
    known.add(f.name);
    const v = src[f.name];
    if (f.kind === 'u64') {
      known.add(`${f.name}_22`);
      known.add(`${f.name}_hex`);
    }
    if (v === undefined) {
      if (f.kind === 'tailByte' && src.nonCanonical && typeof src.nonCanonical === 'object' && f.name in (src.nonCanonical as Json)) continue;
      pdu[f.name] = defaultOf(f);
      continue;
    }
    switch (f.kind) {
      case 'u64':
        pdu[f.name] = toMsgId(f.name, v);
        break;
      case 'octets':
        if (typeof v !== 'string') fail(f.name, `expected a string, got ${JSON.stringify(v)}`);
        pdu[f.name] = v;
        break;
      case 'octetList':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(f.name, 'expected an array of strings');
        pdu[f.name] = v;
        break;
      case 'bytes':
      case 'content':
        pdu[f.name] = toBytes(f.name, v);
        break;
      default:
        pdu[f.name] = toUint(f.name, v);
    }
  }
  for (const key of Object.keys(src)) {
    if (!known.has(key)) fail(key, `not a field of ${name} in CMPP ${version}`);
  }
  if (src.Msg_Content === undefined && typeof src.text === 'string' && layout.fields.some((f) => f.kind === 'content')) {
    const fmt = pdu.Msg_Fmt;
    if (fmt !== MSG_FMT_ASCII && fmt !== MSG_FMT_UCS2 && fmt !== MSG_FMT_GBK) fail('text', 'needs Msg_Fmt 0, 8 or 15 (or give Msg_Content as hex)');
    try {
      pdu.Msg_Content = Buffer.from(encodeText(fmt as TextMsgFmt, src.text));
    } catch (e) {
      fail('text', e instanceof Error ? e.message : String(e));
    }
  }
  for (const f of layout.fields) {
    if (f.kind === 'octetList' && src[f.count] === undefined) pdu[f.count] = (pdu[f.name] as string[]).length;
    if (f.kind === 'content' && src[f.length] === undefined) pdu[f.length] = (pdu[f.name] as Buffer).length;
  }
  if (src.nonCanonical !== undefined) {
    if (src.nonCanonical === null || typeof src.nonCanonical !== 'object') fail('nonCanonical', 'expected an object of field -> hex');
    pdu.nonCanonical = Object.fromEntries(
      Object.entries(src.nonCanonical as Json).map(([k, v]) => [k, toBytes(`nonCanonical.${k}`, v)]),
    );
  }
  return pdu as unknown as Pdu;
}
