// Where the characters a plan warns about sit inside each segment's text, so the
// composer can highlight them in place. Pure: unit-tested under Node.
import { BLOCKING_WARNINGS, type MessagePlan, type PlanChar, type PlanWarning } from '../../../shared/plan.js';

/** UTF-16 offset in the final text (fullText + gatewayFooter) -> is the warning blocking? */
export type HighlightMap = ReadonlyMap<number, boolean>;

/**
 * Up to this many flagged characters, a non-blocking warning (forces-ucs2, not-gsm7) is
 * the classic "one curly quote switched the encoding" case and each one is marked in
 * place. Beyond it the text is simply Chinese (every Han character forces UCS2) and
 * marking them all would be noise. Blocking warnings are always marked.
 */
export const FEW_CHARS = 10;

export function isBlocking(w: PlanWarning): boolean {
  return BLOCKING_WARNINGS.includes(w.code);
}

export function marksInPlace(w: PlanWarning): boolean {
  return 'chars' in w && (isBlocking(w) || w.chars.length <= FEW_CHARS);
}

export function highlightMap(plan: MessagePlan): HighlightMap {
  const map = new Map<number, boolean>();
  for (const w of plan.warnings) {
    if (!('chars' in w) || !marksInPlace(w)) continue;
    const blocking = isBlocking(w);
    for (const c of w.chars as PlanChar[]) map.set(c.index, blocking || (map.get(c.index) ?? false));
  }
  return map;
}

/** The distinct characters of a warning, in order of first appearance, with how often each occurs. */
export function distinctChars(chars: readonly PlanChar[]): { char: string; count: number }[] {
  const seen = new Map<string, number>();
  for (const c of chars) seen.set(c.char, (seen.get(c.char) ?? 0) + 1);
  return [...seen].map(([char, count]) => ({ char, count }));
}

export type Piece = { text: string; mark: false } | { text: string; mark: true; blocking: boolean };

/**
 * Splits `text`, which starts at UTF-16 offset `start` of the final text, into plain
 * runs and marked characters. Walks by code point so an emoji stays whole.
 */
export function pieces(text: string, start: number, highlights: HighlightMap): Piece[] {
  const out: Piece[] = [];
  let plain = '';
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const blocking = highlights.get(start + i);
    if (blocking === undefined) {
      plain += ch;
    } else {
      if (plain) out.push({ text: plain, mark: false });
      plain = '';
      out.push({ text: ch, mark: true, blocking });
    }
    i += ch.length;
  }
  if (plain) out.push({ text: plain, mark: false });
  return out;
}

/** UTF-16 offset of each segment's text in fullText (segments carry consecutive slices of it). */
export function segmentStarts(plan: MessagePlan): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const s of plan.segments) {
    starts.push(offset);
    offset += s.text.length;
  }
  return starts;
}

/** "U+201C" style label, so look-alike characters (curly vs straight quotes, NBSP) are told apart. */
export function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
