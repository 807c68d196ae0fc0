// The long-message planner: one pure function from text + options to the exact segments the pump
// sends and the composer previews (docs/protocol.md "Long messages and encodings"). It runs on every keystroke and once per recipient of a
// merge-field campaign, so it makes one pass to classify and one to split, and writes hex directly.
//
// Decisions (where docs/protocol.md "Long messages and encodings" is silent):
// - Units: limits count UTF-16 code units for UCS2 (UCS2 bytes are what bind: an emoji is 2),
//   characters for GBK (the SMSC transcodes GBK to UCS2), GSM septets for ASCII (an extension
//   character { } [ ] ~ \ | ^ costs 2 of the 159 / 134 because the handset receives GSM 7-bit).
//   The byte limits (140 single, 140 - UDH per segment) follow from these unit limits.
// - ASCII (Msg_Fmt 0) is sent as 7-bit ASCII only. GSM characters outside ASCII (é £ Δ €) have no
//   agreed byte in Msg_Fmt 0 across gateways, so auto sends them as UCS2 and says so.
// - With the 16-bit reference a segment holds 66 UCS2 / 66 GBK characters (133 bytes left after
//   the 7-byte UDH; the SMSC's UCS2 copy has the same header) and 133 ASCII septets.
// - The gateway footer is appended by the gateway to the last segment: it must fit there whole,
//   next to at least one character of ours. The encoding decision includes it, because a gateway
//   cannot append 退订 to an ASCII message without re-encoding it.
// - billedCount is the number of SMS the handset receives (the gateway charges per SUBMIT x
//   destination, docs/protocol.md "Timers and flow control"): for UCS2/GBK with 8-bit references this is exactly 70-then-67 over the
//   final text including signature and footer; a 16-bit reference or a surrogate pair at a segment
//   edge can cost one more, and the count says so rather than hiding it.
// - More than 255 segments cannot be numbered in a UDH: PlanError 'too-many-segments'.
import {
  BLOCKING_WARNINGS,
  type EncodingChoice,
  type MessagePlan,
  type PlanChar,
  type PlanEncoding,
  type PlanMsgFmt,
  type PlanOptions,
  type PlannedSegment,
  type PlanWarning,
} from '../../shared/plan.js';
import { gbkCode } from './gbk.js';
import { asciiSeptets } from './gsm7.js';
import { PlanError } from './plan-error.js';
import { concatUdhHex, UDH_LENGTH, type RefBits } from './udh.js';
import { detail, shownValue, type ErrorDetail } from '../../shared/error-detail.js';

/** A UDH's total is one byte (docs/protocol.md "Long messages and encodings"). */
export const MAX_SEGMENTS = 255;

interface Limits {
  singleUnits: number;
  singleBytes: number;
  segUnits: number;
  segBytes: number;
}

/** docs/protocol.md "Long messages and encodings": UCS2 70 / 67 (66 with the 16-bit reference); GBK 70 chars + 140 bytes / 67 chars +
 *  134 bytes; ASCII 159 / 134 (140 - UDH). */
export function planLimits(encoding: PlanEncoding, refBits: RefBits): Limits {
  const segBytes = 140 - UDH_LENGTH[refBits];
  if (encoding === 'ascii') return { singleUnits: 159, singleBytes: 159, segUnits: segBytes, segBytes };
  return { singleUnits: 70, singleBytes: 140, segUnits: refBits === 8 ? 67 : 66, segBytes };
}

const MSG_FMT: Record<PlanEncoding, PlanMsgFmt> = { ascii: 0, ucs2: 8, gbk: 15 };
const CHOICES: readonly EncodingChoice[] = ['auto', 'ascii', 'ucs2', 'gbk'];

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** One-character strings, reused across calls: a Chinese text would otherwise allocate one per
 *  character for its forces-ucs2 list on every keystroke. */
const charCache: (string | undefined)[] = new Array<string | undefined>(0x10000);

/** FNV-1a of the text: a deterministic default reference for previews (senders pass their own). */
function defaultReference(text: string, refBits: RefBits): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % (refBits === 8 ? 0x100 : 0x10000);
}

interface Checked {
  encoding: EncodingChoice;
  refBits: RefBits;
  reference: number | undefined;
  signature: string;
  prefix: boolean;
  footer: string;
  maxSegments: number | undefined;
}

function checkOptions(text: unknown, o: PlanOptions): Checked {
  const bad = (what: string, d: ErrorDetail) => new PlanError('invalid-option', what, d);
  if (typeof text !== 'string') throw bad(`text must be a string, got ${typeof text}`, detail('expected-string', 'text'));
  if (o === null || typeof o !== 'object') throw bad('options must be an object', detail('expected-object', 'options'));
  const encoding = o.encoding ?? 'auto';
  if (!CHOICES.includes(encoding)) throw bad(`encoding must be one of ${CHOICES.join(', ')}, got ${String(encoding)}`, detail('not-in-set', 'encoding', { allowed: CHOICES.join(' / '), value: shownValue(encoding) }));
  const refBits = o.udhRefBits ?? 8;
  if (refBits !== 8 && refBits !== 16) throw bad(`udhRefBits must be 8 or 16, got ${String(refBits)}`, detail('not-in-set', 'udhRefBits', { allowed: '8 / 16', value: shownValue(refBits) }));
  const maxRef = refBits === 8 ? 0xff : 0xffff;
  if (o.reference !== undefined && (!Number.isInteger(o.reference) || o.reference < 0 || o.reference > maxRef)) {
    throw bad(`reference must be an integer 0..${maxRef} for a ${refBits}-bit reference, got ${String(o.reference)}`, detail('out-of-range', 'reference', { min: 0, max: maxRef, value: shownValue(o.reference) }));
  }
  const signature = o.signature ?? '';
  if (typeof signature !== 'string') throw bad('signature must be a string', detail('expected-string', 'signature'));
  const position = o.signaturePosition ?? 'prefix';
  if (position !== 'prefix' && position !== 'suffix') {
    throw bad(`signaturePosition must be prefix or suffix, got ${String(position)}`, detail('not-in-set', 'signaturePosition', { allowed: 'prefix / suffix', value: shownValue(position) }));
  }
  const footer = o.gatewayFooter ?? '';
  if (typeof footer !== 'string') throw bad('gatewayFooter must be a string', detail('expected-string', 'gatewayFooter'));
  const max = o.maxSegments;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > MAX_SEGMENTS)) {
    throw bad(`maxSegments must be an integer 1..${MAX_SEGMENTS}, got ${String(max)}`, detail('out-of-range', 'maxSegments', { min: 1, max: MAX_SEGMENTS, value: shownValue(max) }));
  }
  return { encoding, refBits, reference: o.reference, signature, prefix: position === 'prefix', footer, maxSegments: max };
}

/** Units of the code point at text[i] (whose UTF-16 length is len) in an encoding. Byte limits
 *  need no check of their own: UCS2 bytes are 2 x units, ASCII bytes <= septets, and a GBK
 *  character is at most 2 bytes, so 70/67/66 units stay within 140/134/133 bytes. */
function unitsAt(encoding: PlanEncoding, c: number, len: number): number {
  if (encoding === 'ucs2') return len;
  if (encoding === 'gbk') return 1;
  // Non-GSM ASCII (explicit choice) and unencodable characters are sent as one byte.
  return c < 0x80 ? asciiSeptets(c) || 1 : 1;
}

/** Scratch for one segment's text bytes (at most 159, see unitsAt): Buffer's native hex is far faster than
 *  concatenating per-byte strings, and this runs for every segment on every keystroke. */
const scratch = Buffer.alloc(512);

/** Hex of text[start, end) in an encoding ('3f' for what it cannot encode). */
function encodeHex(encoding: PlanEncoding, text: string, start: number, end: number): string {
  let n = 0;
  if (encoding === 'ucs2') {
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      scratch[n++] = c >> 8;
      scratch[n++] = c & 0xff;
    }
  } else {
    for (let i = start; i < end; i++) {
      let cp = text.charCodeAt(i);
      if (isHigh(cp) && isLow(text.charCodeAt(i + 1))) {
        cp = text.codePointAt(i)!;
        i++;
      }
      if (encoding === 'ascii') {
        scratch[n++] = cp < 0x80 ? cp : 0x3f;
      } else {
        const code = gbkCode(cp);
        if (code < 0) scratch[n++] = 0x3f;
        else if (code < 0x100) scratch[n++] = code;
        else {
          scratch[n++] = code >> 8;
          scratch[n++] = code & 0xff;
        }
      }
    }
  }
  return scratch.toString('hex', 0, n);
}

export function planMessage(text: string, options: PlanOptions = {}): MessagePlan {
  const o = checkOptions(text, options);
  const fullText = o.signature ? (o.prefix ? o.signature + text : text + o.signature) : text;
  const footer = o.footer;
  const finalText = fullText + footer;
  const fullLength = fullText.length;

  // Pass 1 over the final text: counts per candidate encoding, and the characters to report
  // (positions are UTF-16 offsets in the final text).
  let characters = 0;
  let fullCharacters = 0;
  let septets = 0;
  let fullSeptets = 0;
  const notAsciiGsm: PlanChar[] = [];
  const lone: PlanChar[] = [];
  const gbkBad: PlanChar[] = [];
  const wantAsciiCheck = o.encoding === 'auto' || o.encoding === 'ascii';
  const wantGbkCheck = o.encoding === 'gbk';
  for (let i = 0; i < finalText.length; i++) {
    if (i === fullLength) {
      fullCharacters = characters;
      fullSeptets = septets;
    }
    const c = finalText.charCodeAt(i);
    characters++;
    if (c < 0x80) {
      const s = asciiSeptets(c);
      if (s !== 0) {
        septets += s;
        continue;
      }
    }
    septets++;
    let char: string;
    let cp = c;
    // A pair never straddles text and footer: two halves there are two broken characters.
    if (isHigh(c) && i + 1 !== fullLength && isLow(finalText.charCodeAt(i + 1))) {
      char = finalText.slice(i, i + 2);
      cp = finalText.codePointAt(i)!;
    } else {
      char = charCache[c] ??= String.fromCharCode(c);
      if (isHigh(c) || isLow(c)) lone.push({ char, index: i });
    }
    if (wantAsciiCheck) notAsciiGsm.push({ char, index: i });
    else if (wantGbkCheck && cp >= 0x80 && gbkCode(cp) < 0 && !(cp >= 0xd800 && cp <= 0xdfff)) {
      gbkBad.push({ char, index: i }); // half surrogates are reported as invalid-surrogate
    }
    if (char.length === 2) i++;
  }
  if (finalText.length === fullLength) {
    fullCharacters = characters;
    fullSeptets = septets;
  }

  const warnings: PlanWarning[] = [];
  let encoding: PlanEncoding;
  if (o.encoding === 'auto') {
    encoding = notAsciiGsm.length ? 'ucs2' : 'ascii';
    if (notAsciiGsm.length) warnings.push({ code: 'forces-ucs2', chars: notAsciiGsm });
  } else if (o.encoding === 'ascii') {
    encoding = 'ascii';
    const nonAscii = notAsciiGsm.filter((c) => c.char.charCodeAt(0) >= 0x80);
    const nonGsm = notAsciiGsm.filter((c) => c.char.charCodeAt(0) < 0x80);
    if (nonAscii.length) warnings.push({ code: 'ascii-unencodable', chars: nonAscii });
    if (nonGsm.length) warnings.push({ code: 'not-gsm7', chars: nonGsm });
  } else if (o.encoding === 'gbk') {
    encoding = 'gbk';
    if (gbkBad.length) warnings.push({ code: 'gbk-unencodable', chars: gbkBad });
  } else {
    encoding = 'ucs2';
  }
  if (lone.length) warnings.push({ code: 'invalid-surrogate', chars: lone });

  const limits = planLimits(encoding, o.refBits);
  const [fullUnits, footerUnits] =
    encoding === 'ucs2'
      ? [fullLength, footer.length]
      : encoding === 'gbk'
        ? [fullCharacters, characters - fullCharacters]
        : [fullSeptets, septets - fullSeptets];

  // Pass 2, only for a long message: split fullText greedily by code points, never inside a
  // surrogate pair or a GSM escape pair. starts[k] is segment k's UTF-16 start.
  const starts: number[] = [0];
  const segUnits: number[] = [fullUnits];
  const segChars: number[] = [fullCharacters];
  if (fullUnits + footerUnits > limits.singleUnits) {
    const max = limits.segUnits;
    let k = 0;
    segUnits[0] = 0;
    segChars[0] = 0;
    let used = 0;
    let chars = 0;
    for (let i = 0; i < fullLength; i++) {
      const c = fullText.charCodeAt(i);
      const len = isHigh(c) && isLow(fullText.charCodeAt(i + 1)) ? 2 : 1;
      const u = unitsAt(encoding, c, len);
      if (used + u > max) {
        segUnits[k] = used;
        segChars[k] = chars;
        k++;
        starts.push(i);
        used = 0;
        chars = 0;
      }
      used += u;
      chars++;
      i += len - 1;
    }
    segUnits[k] = used;
    segChars[k] = chars;
    // The footer goes whole into the last segment: if it does not fit, the last character moves
    // into a new final segment (greedy fill stays optimal: earlier segments stay full).
    if (used + footerUnits > max) {
      const end = fullLength;
      const pair = end >= 2 && isLow(fullText.charCodeAt(end - 1)) && isHigh(fullText.charCodeAt(end - 2));
      const lastStart = pair ? end - 2 : end - 1;
      const u = unitsAt(encoding, fullText.charCodeAt(lastStart), pair ? 2 : 1);
      if (lastStart <= starts[k]! || u + footerUnits > max) {
        throw new PlanError(
          'footer-too-long',
          `the gateway footer takes ${footerUnits} of the ${max} units of a segment: no room for the text`,
        );
      }
      segUnits[k] = used - u;
      segChars[k] = chars - 1;
      starts.push(lastStart);
      segUnits.push(u);
      segChars.push(1);
    }
  }

  const empty = fullLength === 0;
  const count = empty ? 0 : starts.length;
  if (count > MAX_SEGMENTS) {
    throw new PlanError(
      'too-many-segments',
      `the message needs ${count} segments; a long message has at most ${MAX_SEGMENTS}`,
    );
  }
  const multi = count > 1;
  const reference = multi ? (o.reference ?? defaultReference(fullText, o.refBits)) : null;

  const segments: PlannedSegment[] = [];
  for (let k = 0; k < count; k++) {
    const start = starts[k]!;
    const end = k + 1 < count ? starts[k + 1]! : fullLength;
    const udhHex = multi ? concatUdhHex(reference!, count, k + 1, o.refBits) : null;
    const textHex = encodeHex(encoding, fullText, start, end);
    const last = k === count - 1;
    const seg: PlannedSegment = {
      index: k + 1,
      total: count,
      text: fullText.slice(start, end),
      contentHex: udhHex === null ? textHex : udhHex + textHex,
      udhHex,
      bytes: (multi ? UDH_LENGTH[o.refBits] : 0) + textHex.length / 2,
      characters: segChars[k]!,
      units: segUnits[k]! + (last ? footerUnits : 0),
    };
    if (last && footer) seg.footer = footer;
    segments.push(seg);
  }

  if (empty) warnings.push({ code: 'empty' });
  const overCap = o.maxSegments !== undefined && count > o.maxSegments;
  if (overCap) warnings.push({ code: 'over-cap', segments: count, max: o.maxSegments! });
  const limit = multi ? limits.segUnits : limits.singleUnits;
  const lastUsed = count ? segments[count - 1]!.units : footerUnits;
  let sendable = true;
  for (const w of warnings) if (BLOCKING_WARNINGS.includes(w.code)) sendable = false;

  return {
    msgFmt: MSG_FMT[encoding],
    encoding,
    tpUdhi: multi ? 1 : 0,
    reference,
    refBits: multi ? o.refBits : null,
    segments,
    characters,
    utf16Units: finalText.length,
    units: fullUnits + footerUnits,
    billedCount: count,
    charsLeftInLast: limit - lastUsed,
    perSegmentLimit: limits.segUnits,
    singleLimit: limits.singleUnits,
    fullText,
    gatewayFooter: footer,
    warnings,
    overCap,
    sendable,
  };
}
