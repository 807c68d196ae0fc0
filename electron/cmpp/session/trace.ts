// Hex trace of PDUs in and out, for support. Off by default; when off the only cost on the hot path
// is one boolean test per flush/frame (the entry, its hex and its name are built only when on).
import { commandLabel } from '../wire/commands.js';

export interface TraceEntry {
  /** Wall-clock ms (Date.now()). */
  at: number;
  connectionId: number;
  direction: 'in' | 'out';
  /** Command name, or the Command_Id in hex when unknown. */
  command: string;
  sequenceId: number;
  length: number;
  /** The whole frame, lowercase hex. */
  hex: string;
}

export type TraceSink = (entry: TraceEntry) => void;

export function traceEntry(frame: Uint8Array, direction: 'in' | 'out', connectionId: number): TraceEntry {
  const b = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  const id = b.length >= 8 ? b.readUInt32BE(4) : -1;
  return {
    at: Date.now(),
    connectionId,
    direction,
    command: id >= 0 ? commandLabel(id) : '(short frame)',
    sequenceId: b.length >= 12 ? b.readUInt32BE(8) : -1,
    length: b.length,
    hex: b.toString('hex'),
  };
}
