// `pdu decode <hex> [--version 2.0|3.0]` and `pdu encode <json> [--version 2.0|3.0]`: the PDU
// tool users paste gateway logs and packet captures into (README: "PDU tool").
import {
  CmppError,
  decodePdu,
  encodePdu,
  FrameReader,
  HEADER_LENGTH,
  inferVersion,
  isCmppVersion,
  readHeader,
  type CmppVersion,
} from '../cmpp/wire/index.js';
import { parseArgs } from './args.js';
import { CliError } from './errors.js';
import { ioOf, type CliIo } from './account.js';
import { jsonToPdu, pduToJson } from './pdu-json.js';

export const PDU_USAGE = 'usage: pdu decode <hex> [--version 2.0|3.0] | pdu encode <json> [--version 2.0|3.0]';

/** Hex as pasted from logs and captures: spaces, colons, newlines and a 0x prefix are allowed. */
export function parseHexInput(text: string): Buffer {
  const clean = text.trim().replace(/^0x/i, '').replace(/[\s:]/g, '');
  const bad = clean.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw CliError.of('pdu.notHex', { char: JSON.stringify(clean[bad]), position: bad });
  if (clean.length === 0) throw CliError.of('pdu.noHex');
  if (clean.length % 2 !== 0) throw CliError.of('pdu.oddHex', { count: clean.length });
  return Buffer.from(clean, 'hex');
}

function versionFlag(raw: string | undefined): CmppVersion | undefined {
  if (raw === undefined) return undefined;
  if (!isCmppVersion(raw)) throw CliError.of('account.badVersion', { value: raw });
  return raw;
}

/** Splits the bytes into whole frames; a cut-off last frame or a bad length is an error. */
function framesOf(bytes: Buffer): Buffer[] {
  if (bytes.length < HEADER_LENGTH) {
    throw CliError.of('pdu.truncatedHeader', { bytes: bytes.length, header: HEADER_LENGTH }, 1);
  }
  const reader = new FrameReader();
  let frames: Buffer[];
  try {
    frames = reader.push(bytes);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), 1);
  }
  const consumed = frames.reduce((n, f) => n + f.length, 0);
  if (consumed < bytes.length) {
    const rest = bytes.subarray(consumed);
    const want = rest.length >= 4 ? rest.readUInt32BE(0) : HEADER_LENGTH;
    const which = frames.length ? `PDU #${frames.length + 1}` : 'PDU';
    throw CliError.of('pdu.truncated', { which, want, given: rest.length }, 1);
  }
  return frames;
}

export function decodeHex(text: string, forced?: CmppVersion): Record<string, unknown>[] {
  return framesOf(parseHexInput(text)).map((frame) => {
    let version = forced;
    let reason: string | undefined;
    if (!version) {
      const inferred = inferVersion(frame);
      if (!inferred) {
        const h = readHeader(frame);
        throw CliError.of('pdu.noLayout', { commandId: `0x${h.Command_Id.toString(16).padStart(8, '0')}`, length: h.Total_Length }, 1);
      }
      version = inferred.version;
      reason = inferred.reason;
    }
    try {
      const json = pduToJson(decodePdu(frame, version), version);
      return { version, ...(reason ? { versionReason: reason } : {}), ...json };
    } catch (e) {
      if (e instanceof CmppError) throw new CliError(e.message, 1);
      throw e;
    }
  });
}

export function encodeJson(text: string, forced?: CmppVersion): { hex: string; version: CmppVersion; defaulted: boolean } {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    throw CliError.of('pdu.badJson', { reason: e instanceof Error ? e.message : String(e) });
  }
  const fromJson = input && typeof input === 'object' ? (input as { version?: unknown }).version : undefined;
  if (fromJson !== undefined && !isCmppVersion(fromJson)) throw new CliError(`version must be "2.0" or "3.0", got ${JSON.stringify(fromJson)}`);
  const version = forced ?? (fromJson as CmppVersion | undefined) ?? '3.0';
  try {
    return { hex: encodePdu(jsonToPdu(input, version), version).toString('hex'), version, defaulted: !forced && !fromJson };
  } catch (e) {
    if (e instanceof CmppError) throw new CliError(e.message, 1);
    throw e;
  }
}

export async function runPduCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { err, texts } = ioOf(io);
  const args = parseArgs(argv, { values: ['version'] });
  const [verb, input, ...extra] = args.positional;
  if (!verb || input === undefined || (verb !== 'decode' && verb !== 'encode')) throw new CliError(PDU_USAGE);
  // Hex pasted with spaces arrives as several arguments: join them.
  const text = verb === 'decode' ? [input, ...extra].join(' ') : [input, ...extra].join(' ');
  const version = versionFlag(args.values.get('version'));
  if (verb === 'decode') {
    const pdus = decodeHex(text, version);
    console.log(JSON.stringify(pdus.length === 1 ? pdus[0] : pdus, null, 2));
  } else {
    const { hex, version: used, defaulted } = encodeJson(text, version);
    if (defaulted) err(texts.t('note.line', { message: texts.t('pdu.defaultVersion', { version: used }) }));
    console.log(hex);
  }
  return 0;
}
