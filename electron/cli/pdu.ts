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
import { jsonToPdu, pduToJson } from './pdu-json.js';

export const PDU_USAGE = 'usage: pdu decode <hex> [--version 2.0|3.0] | pdu encode <json> [--version 2.0|3.0]';

/** Hex as pasted from logs and captures: spaces, colons, newlines and a 0x prefix are allowed. */
export function parseHexInput(text: string): Buffer {
  const clean = text.trim().replace(/^0x/i, '').replace(/[\s:]/g, '');
  const bad = clean.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new CliError(`not hex: ${JSON.stringify(clean[bad])} at position ${bad}`);
  if (clean.length === 0) throw new CliError('no hex given');
  if (clean.length % 2 !== 0) throw new CliError(`odd number of hex digits (${clean.length}): a byte is two digits`);
  return Buffer.from(clean, 'hex');
}

function versionFlag(raw: string | undefined): CmppVersion | undefined {
  if (raw === undefined) return undefined;
  if (!isCmppVersion(raw)) throw new CliError(`--version must be 2.0 or 3.0, got '${raw}'`);
  return raw;
}

/** Splits the bytes into whole frames; a cut-off last frame or a bad length is an error. */
function framesOf(bytes: Buffer): Buffer[] {
  if (bytes.length < HEADER_LENGTH) {
    throw new CliError(`truncated PDU: ${bytes.length} bytes, but the header alone is ${HEADER_LENGTH}`, 1);
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
    throw new CliError(`truncated ${which}: Total_Length says ${want} bytes but only ${rest.length} are given`, 1);
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
        throw new CliError(
          `Command_Id 0x${h.Command_Id.toString(16).padStart(8, '0')} with Total_Length ${h.Total_Length} fits neither the 2.0 nor the 3.0 layout`,
          1,
        );
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
    throw new CliError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
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

export async function runPduCommand(argv: string[]): Promise<number> {
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
    if (defaulted) console.error(`note: no --version given, encoded in the CMPP ${used} layout`);
    console.log(hex);
  }
  return 0;
}
