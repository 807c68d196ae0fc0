// Types of the long-message planner (electron/sms/planner.ts). JSON-safe on purpose: the renderer's
// composer preview receives a MessagePlan over IPC and shows exactly what the pump will send.

export type EncodingChoice = 'auto' | 'ascii' | 'ucs2' | 'gbk';
export type PlanEncoding = 'ascii' | 'ucs2' | 'gbk';
/** CMPP Msg_Fmt values the planner can produce (docs/protocol.md "Message bodies"): 0 ASCII, 8 UCS2, 15 GBK. */
export type PlanMsgFmt = 0 | 8 | 15;

export interface PlanOptions {
  /** Default 'auto': ASCII when every character is 7-bit ASCII and in the GSM 7-bit alphabet, else UCS2. */
  encoding?: EncodingChoice;
  /** Concatenation reference size: 8 (UDH `05 00 03 ..`, default) or 16 (`06 08 04 ..`). */
  udhRefBits?: 8 | 16;
  /** Concatenation reference, 0..255 (8-bit) or 0..65535 (16-bit). Senders must pass one (a
   *  per-destination counter); the default is a hash of the text, good enough for a preview. */
  reference?: number;
  /** Signature such as 【某某公司】: sent in our bytes at signaturePosition. */
  signature?: string;
  /** Default 'prefix'. */
  signaturePosition?: 'prefix' | 'suffix';
  /** Text the gateway appends after our split (e.g. 回T退订): counted, reserved in the last
   *  segment, but NOT part of the bytes we send. */
  gatewayFooter?: string;
  /** Segment cap, 1..255: above it the plan is still returned in full, with overCap: true. */
  maxSegments?: number;
}

/** A character the operator must see, at its UTF-16 offset in the final text
 *  (fullText + gatewayFooter, i.e. the signature counts when it is a prefix). */
export interface PlanChar {
  char: string;
  index: number;
}

/**
 * Warnings, stable codes the UI translates. Codes marked BLOCKING make `sendable` false.
 * - forces-ucs2: auto chose UCS2 because of these characters (not GSM 7-bit, or not 7-bit ASCII).
 * - not-gsm7: explicit ASCII, but these ASCII characters do not exist in GSM 7-bit (the handset
 *   may show something else).
 * - ascii-unencodable (BLOCKING): explicit ASCII and these characters are not 7-bit ASCII.
 * - gbk-unencodable (BLOCKING): explicit GBK and GBK has no code for these characters.
 * - invalid-surrogate (BLOCKING): half of a UTF-16 surrogate pair, i.e. broken text.
 * - over-cap (BLOCKING): more segments than maxSegments.
 * - empty (BLOCKING): nothing to send.
 */
export type PlanWarning =
  | { code: 'forces-ucs2'; chars: PlanChar[] }
  | { code: 'not-gsm7'; chars: PlanChar[] }
  | { code: 'ascii-unencodable'; chars: PlanChar[] }
  | { code: 'gbk-unencodable'; chars: PlanChar[] }
  | { code: 'invalid-surrogate'; chars: PlanChar[] }
  | { code: 'over-cap'; segments: number; max: number }
  | { code: 'empty' };

export type PlanWarningCode = PlanWarning['code'];

export const BLOCKING_WARNINGS: readonly PlanWarningCode[] = [
  'ascii-unencodable',
  'gbk-unencodable',
  'invalid-surrogate',
  'over-cap',
  'empty',
];

/**
 * "Units" are what the segment limits count, per encoding:
 * UCS2 UTF-16 code units (an emoji is 2), GBK characters, ASCII GSM septets ({ } [ ] ~ \ | ^ are 2).
 */
export interface PlannedSegment {
  /** Pk_number, from 1. */
  index: number;
  /** Pk_total. */
  total: number;
  /** The text this segment carries in our bytes (signature included, gateway footer not). */
  text: string;
  /** Only on the last segment when a gateway footer is set: what the gateway appends to it. */
  footer?: string;
  /** Msg_Content as lowercase hex, UDH included. */
  contentHex: string;
  /** The UDH alone (lowercase hex), null for a single message. */
  udhHex: string | null;
  /** Msg_Length: content bytes including the UDH. */
  bytes: number;
  /** Code points of `text` (what the operator counts). */
  characters: number;
  /** Units used, including the reserved gateway footer on the last segment. */
  units: number;
}

export interface MessagePlan {
  msgFmt: PlanMsgFmt;
  encoding: PlanEncoding;
  /** 1 when the segments carry a UDH (more than one segment). */
  tpUdhi: 0 | 1;
  /** The concatenation reference and its size, null for a single message. */
  reference: number | null;
  refBits: 8 | 16 | null;
  segments: PlannedSegment[];
  /** Code points of the final text: text + signature + gateway footer. */
  characters: number;
  /** UTF-16 code units of the final text. */
  utf16Units: number;
  /** Units of the final text in this encoding (see PlannedSegment). */
  units: number;
  /** What the gateway charges: one per SMS the handset receives, i.e. the segment count. For UCS2
   *  and GBK with the 8-bit reference this is the 70-then-67 rule over the final text. */
  billedCount: number;
  /** Units still free in the last segment (or the single message), after the footer. */
  charsLeftInLast: number;
  /** Units per segment of a long message / of a single message. */
  perSegmentLimit: number;
  singleLimit: number;
  /** Text + signature: exactly what the segments carry. */
  fullText: string;
  /** The gateway footer counted in the plan ('' when none). */
  gatewayFooter: string;
  warnings: PlanWarning[];
  /** More segments than maxSegments: the caller must refuse to send. */
  overCap: boolean;
  /** False when any BLOCKING warning is present. */
  sendable: boolean;
}
