// Codec entry points: every SP <-> ISMG PDU of both versions, generated from the layout tables.
import { ACTIVE_TEST, ACTIVE_TEST_RESP } from './active-test.js';
import { CANCEL, CANCEL_RESP } from './cancel.js';
import { commandLabel, CommandId, commandName } from './commands.js';
import { CONNECT, CONNECT_RESP } from './connect.js';
import { DELIVER, DELIVER_RESP } from './deliver.js';
import { CmppDecodeError, CmppEncodeError, CmppUnknownCommandError } from './errors.js';
import { HEADER_LENGTH, readUint32 } from './header.js';
import { resolveLayout, type Layout, type LayoutTable } from './layout.js';
import { compileLayout, type CompiledLayout } from './layout-compiler.js';
import type { Pdu, PduName } from './pdu.js';
import { QUERY, QUERY_RESP } from './query.js';
import { SUBMIT, SUBMIT_RESP } from './submit.js';
import { TERMINATE, TERMINATE_RESP } from './terminate.js';
import { layoutOfVersionByte, VERSIONS, versionByteText, type CmppVersion } from './version.js';

export { readHeader, type Header } from './header.js';

/** Every PDU pair the codec handles, as data. */
export const LAYOUT_TABLES: readonly LayoutTable[] = [
  CONNECT,
  CONNECT_RESP,
  TERMINATE,
  TERMINATE_RESP,
  SUBMIT,
  SUBMIT_RESP,
  DELIVER,
  DELIVER_RESP,
  QUERY,
  QUERY_RESP,
  CANCEL,
  CANCEL_RESP,
  ACTIVE_TEST,
  ACTIVE_TEST_RESP,
];

interface VersionCodecs {
  byName: Map<string, CompiledLayout>;
  byId: Map<number, CompiledLayout>;
}

const codecs = {} as Record<CmppVersion, VersionCodecs>;
for (const version of VERSIONS) {
  const byName = new Map<string, CompiledLayout>();
  const byId = new Map<number, CompiledLayout>();
  for (const table of LAYOUT_TABLES) {
    const compiled = compileLayout(resolveLayout(table, version));
    byName.set(table.name, compiled);
    byId.set(table.commandId!, compiled);
  }
  codecs[version] = { byName, byId };
}

function codecsOf(version: CmppVersion, fail: (msg: string) => Error): VersionCodecs {
  const c = version === '2.0' || version === '3.0' ? codecs[version] : undefined;
  if (c === undefined) throw fail(`unknown CMPP version ${JSON.stringify(version)} (expected "2.0" or "3.0")`);
  return c;
}

/** One version's resolved layout of a command, e.g. for a field-by-field trace. */
export function layoutOf(command: PduName, version: CmppVersion): Layout | undefined {
  return codecs[version]?.byName.get(command)?.layout;
}

/**
 * Encodes a PDU as a whole frame (header included) in the given version's layout. Strict: any value
 * that does not fit its field is a CmppEncodeError naming the field; nothing is truncated.
 */
export function encodePdu(pdu: Pdu, version: CmppVersion): Buffer {
  const { byName } = codecsOf(version, (m) => new CmppEncodeError('version', m));
  if (pdu === null || typeof pdu !== 'object') throw new CmppEncodeError('Command_Id', `not a PDU object: ${String(pdu)}`);
  const c = byName.get(pdu.Command_Id);
  if (c === undefined) {
    throw new CmppEncodeError('Command_Id', `cannot encode Command_Id ${JSON.stringify(pdu.Command_Id)}: not an SP <-> ISMG PDU`);
  }
  return c.encode(pdu);
}

function asBuffer(frame: Uint8Array): Buffer {
  return Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

/**
 * Decodes one whole frame (header included, as returned by FrameReader) in the given version's
 * layout. Tolerant of content (unknown Msg_Fmt, junk after a NUL, full fields) but not of
 * structure: a length that does not fit the layout, DestUsr_tl outside 1..99 or a SUBMIT
 * Msg_Length over its limit is a CmppDecodeError (with commandId and sequenceId, so the session can
 * answer it); an unhandled Command_Id is a CmppUnknownCommandError. Either way only this frame is
 * lost. Msg_Content and the authenticators are views of `frame` (zero copy).
 */
export function decodePdu(frame: Uint8Array, version: CmppVersion): Pdu {
  const { byId } = codecsOf(version, (m) => new CmppDecodeError('version', m));
  if (!(frame instanceof Uint8Array)) throw new CmppDecodeError('Total_Length', `not a frame: ${String(frame)}`);
  const b = asBuffer(frame);
  const len = b.length;
  if (len < HEADER_LENGTH) throw new CmppDecodeError('Total_Length', `a frame needs at least ${HEADER_LENGTH} bytes, got ${len}`);
  const total = readUint32(b, 0);
  const id = readUint32(b, 4);
  const seq = readUint32(b, 8);
  if (total !== len) {
    throw new CmppDecodeError('Total_Length', `${commandLabel(id)}: Total_Length says ${total} but the frame has ${len} bytes`, {
      commandId: id,
      sequenceId: seq,
    });
  }
  const c = byId.get(id);
  if (c === undefined) {
    throw new CmppUnknownCommandError(id, seq, commandName(id) ? 'Command_Id not used between SP and ISMG:' : 'unknown Command_Id');
  }
  try {
    return c.decode(b, seq) as Pdu;
  } catch (e) {
    // A length that fits the other version's layout is the usual cause: say so.
    if (e instanceof CmppDecodeError && e.field === 'Total_Length') {
      const other: CmppVersion = version === '2.0' ? '3.0' : '2.0';
      if (codecs[other].byId.get(id)!.measure(b) === len) {
        throw new CmppDecodeError('Total_Length', `${e.message}; it fits the ${other} layout`, { commandId: id, sequenceId: seq });
      }
    }
    throw e;
  }
}

export interface InferredVersion {
  version: CmppVersion;
  reason: string;
}

/** Command_Ids whose layout is identical in both versions (computed once, from the tables). */
const sameInBoth = new Set(
  LAYOUT_TABLES.filter((t) => JSON.stringify(resolveLayout(t, '2.0').fields) === JSON.stringify(resolveLayout(t, '3.0').fields)).map(
    (t) => t.commandId!,
  ),
);

/**
 * Which version's layout a whole frame fits, judged by its lengths (CONNECT_RESP 30 / 33,
 * SUBMIT 138+21N+L / 163+32N+L, DELIVER 85+L / 109+L, *_RESP 21 / 24, CANCEL_RESP 13 / 16) or, for
 * CONNECT, by its Version byte. A PDU with the same layout in both versions gets `fallback` with a
 * reason saying so. null when the frame is no SP <-> ISMG PDU or fits neither layout.
 */
export function inferVersion(frame: Uint8Array, fallback: CmppVersion = '3.0'): InferredVersion | null {
  if (!(frame instanceof Uint8Array) || frame.length < HEADER_LENGTH) return null;
  const len = frame.length;
  if (readUint32(frame, 0) !== len) return null;
  const id = readUint32(frame, 4);
  const c2 = codecs['2.0'].byId.get(id);
  const c3 = codecs['3.0'].byId.get(id);
  if (c2 === undefined || c3 === undefined) return null;
  const name = c2.layout.name;
  const fits2 = c2.measure(frame) === len;
  const fits3 = c3.measure(frame) === len;
  if (id === CommandId.CMPP_CONNECT && fits2) {
    const v = frame[HEADER_LENGTH + 6 + 16]!;
    return { version: layoutOfVersionByte(v), reason: `CMPP_CONNECT Version ${versionByteText(v)} selects the ${layoutOfVersionByte(v)} layout` };
  }
  if (fits2 && fits3) {
    return sameInBoth.has(id)
      ? { version: fallback, reason: `${name} has the same layout in both versions` }
      : { version: fallback, reason: `${name} of ${len} bytes fits both layouts` };
  }
  if (fits2) return { version: '2.0', reason: `${name} of ${len} bytes fits the 2.0 layout, not the 3.0 one` };
  if (fits3) return { version: '3.0', reason: `${name} of ${len} bytes fits the 3.0 layout, not the 2.0 one` };
  return null;
}
