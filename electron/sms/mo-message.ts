// An MO as it arrives (one DELIVER's segment, as the store keeps it) and as reassembly hands it
// out (a whole or visibly partial message with its decoded pieces): reassembly.ts joins the one
// into the other.
import type { RefBits } from './udh.js';

/** One received MO DELIVER's message, as the store keeps it. */
export interface MoSegment {
  /** The caller's id for this segment (a row id, the DELIVER Msg_Id as decimal): echoed back. */
  id?: string;
  /** Src_terminal_Id. */
  sender: string;
  /** Dest_Id. */
  receiver: string;
  msgFmt: number;
  tpUdhi: number;
  /** Msg_Content, UDH included. */
  content: Uint8Array;
  /** Informational only: the UDH wins when they disagree. */
  pkTotal?: number;
  pkNumber?: number;
  /** Epoch milliseconds. */
  receivedAt: number;
}

/** A run of consecutive parts with one Msg_Fmt, decoded together. */
export interface MoPiece {
  first: number;
  last: number;
  msgFmt: number;
  text: string;
  /** Exact bytes (hex) when the text cannot give them back (see decodeText). */
  raw?: string;
}

/** A message for the inbox: complete, or partial after the timeout. JSON-safe. */
export interface MoMessage {
  sender: string;
  receiver: string;
  /** The pieces' text joined in part order (gaps are visible through `missing` and `pieces`). */
  text: string;
  complete: boolean;
  /** Part count from the UDH; 1 for a single message. */
  total: number;
  reference: number | null;
  refBits: RefBits | null;
  /** Part numbers received / never received. */
  received: number[];
  missing: number[];
  pieces: MoPiece[];
  /** Distinct Msg_Fmt values of the parts, in part order. */
  msgFmts: number[];
  /** Ids of the segments used (MoSegment.id where given), in part order. */
  segmentIds: string[];
  /** Duplicate segments dropped while the set was open. */
  duplicates: number;
  firstReceivedAt: number;
  lastReceivedAt: number;
  /** The set's key, null for a single message. */
  groupKey: string | null;
  /** A single message's non-concatenation UDH (port addressing, ...) as hex, else null. */
  udhHex: string | null;
}
