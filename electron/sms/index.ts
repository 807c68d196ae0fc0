// The SMS layer: planning outgoing long messages and reassembling incoming ones (docs/protocol.md "Long messages and encodings").
export { planMessage, planLimits, MAX_SEGMENTS } from './planner.js';
export { PlanError, type PlanErrorCode } from './plan-error.js';
export { gsm7Septets, gsm7Length, isGsm7, isGsm7Extension, isAsciiGsm7 } from './gsm7.js';
export { gbkCode, gbkBytes } from './gbk.js';
export {
  decodeText,
  encodeText,
  encodeDecoded,
  EncodingError,
  MSG_FMT_ASCII,
  MSG_FMT_UCS2,
  MSG_FMT_GBK,
  type DecodedText,
  type TextMsgFmt,
} from './encoding.js';
export {
  buildConcatUdh,
  concatUdhHex,
  concatOf,
  hasUdh,
  parseUdh,
  splitUdh,
  UdhError,
  UDH_LENGTH,
  type ConcatInfo,
  type InformationElement,
  type ParsedUdh,
  type RefBits,
  type SplitUdh,
} from './udh.js';
export {
  DEFAULT_REASSEMBLY_TIMEOUT_MS,
  groupKey,
  groupKeyOf,
  reassemble,
  Reassembler,
  type AddResult,
  type AddStatus,
  type MoMessage,
  type MoPiece,
  type MoSegment,
  type ReassemblerOptions,
} from './reassembly.js';
export { fromHex, toHex, HexError } from './hex.js';
