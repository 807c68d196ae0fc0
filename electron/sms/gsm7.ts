// The GSM 03.38 7-bit default alphabet (3GPP TS 23.038 §6.2.1) and its extension table, as
// Unicode. ASCII (Msg_Fmt 0) reaches the handset as GSM 7-bit (docs/protocol.md "Long messages and encodings"), so the planner uses these
// tables to decide whether a text may go as ASCII and how many septets it takes.

/** The 128 basic characters in septet order (0x1B is the escape to the extension table). */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Extension characters: each costs two septets (escape + code). Form feed included per 23.038. */
const EXTENSION = '\f^{}\\[~]|€';

const septetsByCodePoint = new Map<number, 1 | 2>();
for (const ch of BASIC) if (ch !== '\u001b') septetsByCodePoint.set(ch.codePointAt(0)!, 1);
for (const ch of EXTENSION) septetsByCodePoint.set(ch.codePointAt(0)!, 2);

/** Fast path for the ASCII range, which is all the planner sends as Msg_Fmt 0: 0 = not GSM. */
const asciiSeptetTable = new Uint8Array(128);
for (let cp = 0; cp < 128; cp++) asciiSeptetTable[cp] = septetsByCodePoint.get(cp) ?? 0;

/** Septets a code point takes in GSM 7-bit: 1 basic, 2 extension, 0 not representable. */
export function gsm7Septets(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 128) return asciiSeptetTable[codePoint] as 0 | 1 | 2;
  return septetsByCodePoint.get(codePoint) ?? 0;
}

export function isGsm7(codePoint: number): boolean {
  return gsm7Septets(codePoint) !== 0;
}

export function isGsm7Extension(codePoint: number): boolean {
  return gsm7Septets(codePoint) === 2;
}

/** Septets of an ASCII code unit (c < 128): 1, 2, or 0 when GSM lacks it. The planner's hot path. */
export function asciiSeptets(c: number): number {
  return asciiSeptetTable[c]!;
}

/** 7-bit ASCII and present in GSM 7-bit: what auto mode accepts for Msg_Fmt 0. */
export function isAsciiGsm7(codeUnit: number): boolean {
  return codeUnit < 128 && asciiSeptetTable[codeUnit] !== 0;
}

/** Septets of a whole text, or -1 when some character is not in GSM 7-bit. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const s = gsm7Septets(ch.codePointAt(0)!);
    if (s === 0) return -1;
    n += s;
  }
  return n;
}
