// Planner acceptance tables (docs/protocol.md "Long messages and encodings"): every boundary of every encoding, signature/footer counting,
// surrogate pairs at segment edges, the caps. Each plan is also checked for internal consistency
// (hex = UDH + encoded text, Msg_Length, limits) by `checked`.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { planMessage, PlanError } from '../../electron/sms/index.js';
import type { MessagePlan, PlanOptions } from '../../shared/plan.js';

const CN = '中'; // U+4E2D, 2 bytes in UCS2 and in GBK
const EMOJI = '😀'; // U+1F600, a surrogate pair
const EXT_B = '𠀀'; // U+20000, a surrogate pair (rare CJK)

function encodeFor(plan: MessagePlan, text: string): string {
  if (plan.encoding === 'ucs2') return Buffer.from(text, 'utf16le').swap16().toString('hex');
  if (plan.encoding === 'gbk') return iconv.encode(text, 'gbk').toString('hex');
  return Buffer.from(text.replace(/[^\x00-\x7f]/gu, '?'), 'latin1').toString('hex');
}

/** Plans and asserts the invariants every plan must hold. */
function checked(text: string, options: PlanOptions = {}): MessagePlan {
  const plan = planMessage(text, options);
  const n = plan.segments.length;
  expect(plan.billedCount).toBe(n);
  expect(plan.tpUdhi).toBe(n > 1 ? 1 : 0);
  expect(plan.msgFmt).toBe({ ascii: 0, ucs2: 8, gbk: 15 }[plan.encoding]);
  expect(plan.segments.map((s) => s.text).join('')).toBe(plan.fullText);
  expect(plan.units).toBe(plan.segments.reduce((a, s) => a + s.units, 0) || plan.units);
  plan.segments.forEach((s, k) => {
    expect(s.index).toBe(k + 1);
    expect(s.total).toBe(n);
    expect(s.contentHex).toMatch(/^([0-9a-f]{2})*$/);
    expect(s.contentHex.length / 2).toBe(s.bytes);
    expect(s.characters).toBe([...s.text].length);
    const limit = n > 1 ? plan.perSegmentLimit : plan.singleLimit;
    expect(s.units).toBeLessThanOrEqual(limit);
    expect(s.bytes).toBeLessThanOrEqual(plan.encoding === 'ascii' && n === 1 ? 159 : 140);
    if (n === 1) {
      expect(s.udhHex).toBeNull();
      expect(s.contentHex).toBe(encodeFor(plan, s.text));
    } else {
      const ref = plan.reference!;
      const udh =
        plan.refBits === 8
          ? Buffer.from([5, 0, 3, ref, n, k + 1]).toString('hex')
          : Buffer.from([6, 8, 4, ref >> 8, ref & 0xff, n, k + 1]).toString('hex');
      expect(s.udhHex).toBe(udh);
      expect(s.contentHex).toBe(udh + encodeFor(plan, s.text));
    }
    // Never a half surrogate at either end of a segment.
    expect(s.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });
  expect(JSON.parse(JSON.stringify(plan))).toEqual(plan); // JSON-safe for IPC
  return plan;
}

const sizes = (p: MessagePlan) => p.segments.map((s) => s.units);

describe('UCS2 (Msg_Fmt 8)', () => {
  it.each([
    [1, [1], 69],
    [70, [70], 0],
    [71, [67, 4], 63],
    [134, [67, 67], 0],
    [135, [67, 67, 1], 66],
    [201, [67, 67, 67], 0],
    [202, [67, 67, 67, 1], 66],
  ])('%i Chinese characters -> segments %j, %i left', (n, segs, left) => {
    const p = checked(CN.repeat(n));
    expect(p.encoding).toBe('ucs2');
    expect(p.msgFmt).toBe(8);
    expect(sizes(p)).toEqual(segs);
    expect(p.charsLeftInLast).toBe(left);
    expect(p.characters).toBe(n);
    expect(p.singleLimit).toBe(70);
    expect(p.perSegmentLimit).toBe(67);
  });

  it('a single message is 140 bytes without UDH; a full segment is 6 + 134', () => {
    expect(checked(CN.repeat(70)).segments[0]!.bytes).toBe(140);
    const p = checked(CN.repeat(71), { reference: 0x2a });
    expect(p.segments.map((s) => s.bytes)).toEqual([140, 14]);
    expect(p.segments[0]!.contentHex.startsWith('0500032a0201' + '4e2d')).toBe(true);
    expect(p.segments[1]!.udhHex).toBe('0500032a0202');
  });

  it('billed count follows 70-then-67 for every length up to 10 segments', () => {
    for (let n = 1; n <= 670; n++) {
      const p = planMessage(CN.repeat(n));
      expect(p.billedCount, `n=${n}`).toBe(n <= 70 ? 1 : Math.ceil(n / 67));
    }
  });

  it('16-bit reference: 66 per segment, 7-byte UDH `06 08 04 refHi refLo total index`', () => {
    expect(sizes(checked(CN.repeat(70), { udhRefBits: 16 }))).toEqual([70]);
    const p = checked(CN.repeat(71), { udhRefBits: 16, reference: 0x1234 });
    expect(sizes(p)).toEqual([66, 5]);
    expect(p.perSegmentLimit).toBe(66);
    expect(p.refBits).toBe(16);
    expect(p.segments[0]!.udhHex).toBe('060804123402' + '01');
    expect(p.segments[0]!.bytes).toBe(7 + 132);
    expect(sizes(checked(CN.repeat(132), { udhRefBits: 16 }))).toEqual([66, 66]);
    expect(sizes(checked(CN.repeat(133), { udhRefBits: 16 }))).toEqual([66, 66, 1]);
  });

  it('mixed ASCII and Chinese: every character is one UCS2 unit', () => {
    const text = 'Order 12345 已发货, tracking SF1234567890, 请注意查收 thanks!';
    const p = checked(text);
    expect(p.encoding).toBe('ucs2');
    expect(p.units).toBe(text.length);
    expect(p.characters).toBe(text.length);
    const long = checked(('abc中文' as string).repeat(20)); // 100 units
    expect(sizes(long)).toEqual([67, 33]);
  });
});

describe('surrogate pairs at segment edges (UCS2)', () => {
  it.each([EMOJI, EXT_B])('%s never split: the segment gets 66 units instead', (pair) => {
    const p = checked(CN.repeat(66) + pair + CN.repeat(10));
    expect(sizes(p)).toEqual([66, 12]);
    expect(p.segments[0]!.text).toBe(CN.repeat(66));
    expect(p.segments[0]!.bytes).toBe(6 + 132);
    expect(p.segments[1]!.text.startsWith(pair)).toBe(true);
    expect(p.characters).toBe(77);
    expect(p.utf16Units).toBe(78);
  });

  it.each([EMOJI, EXT_B])('%s fits exactly when it ends on unit 67', (pair) => {
    const p = checked(CN.repeat(65) + pair + CN.repeat(10));
    expect(sizes(p)).toEqual([67, 10]);
    expect(p.segments[0]!.characters).toBe(66);
  });

  it('an emoji counts 2 units toward 70: 68 + emoji is single, 69 + emoji is not', () => {
    const a = checked(CN.repeat(68) + EMOJI);
    expect(sizes(a)).toEqual([70]);
    expect(a.characters).toBe(69);
    expect(a.units).toBe(70);
    expect(sizes(checked(CN.repeat(69) + EMOJI))).toEqual([67, 4]);
  });

  it('a text of emoji only', () => {
    expect(sizes(checked(EMOJI.repeat(35)))).toEqual([70]);
    const p = checked(EMOJI.repeat(36));
    expect(sizes(p)).toEqual([66, 6]);
    expect(p.characters).toBe(36);
    expect(p.utf16Units).toBe(72);
  });

  it('16-bit reference with a pair on the edge', () => {
    expect(sizes(checked(CN.repeat(65) + EXT_B + 'x'.repeat(5), { udhRefBits: 16 }))).toEqual([65, 7]);
  });
});

describe('GBK (Msg_Fmt 15)', () => {
  it.each([
    [CN, 70, [70], [140]],
    [CN, 71, [67, 4], [140, 14]],
    [CN, 134, [67, 67], [140, 140]],
    [CN, 135, [67, 67, 1], [140, 140, 8]],
    // ASCII in GBK is 1 byte: 67 characters bind long before 134 bytes.
    ['a', 70, [70], [70]],
    ['a', 71, [67, 4], [73, 10]],
    ['a', 134, [67, 67], [73, 73]],
  ])('%s x %i -> %j units, %j bytes', (ch, n, segs, bytes) => {
    const p = checked(ch.repeat(n), { encoding: 'gbk' });
    expect(p.msgFmt).toBe(15);
    expect(sizes(p)).toEqual(segs);
    expect(p.segments.map((s) => s.bytes)).toEqual(bytes);
    expect(p.sendable).toBe(true);
  });

  it('mixed text: both limits hold and no 2-byte character is cut', () => {
    const text = ('价格 price 100元, ' as string).repeat(12);
    const p = checked(text, { encoding: 'gbk' });
    for (const s of p.segments) {
      expect(s.characters).toBeLessThanOrEqual(67);
      expect(s.bytes - 6).toBeLessThanOrEqual(134);
      expect(iconv.decode(Buffer.from(s.contentHex.slice(12), 'hex'), 'gbk')).toBe(s.text);
    }
  });

  it('16-bit reference: 66 characters, 133 bytes at most', () => {
    const p = checked(CN.repeat(140), { encoding: 'gbk', udhRefBits: 16 });
    expect(sizes(p)).toEqual([66, 66, 8]);
    expect(p.segments[0]!.bytes).toBe(7 + 132);
  });

  it('a character GBK cannot encode is named, with its position, and blocks sending', () => {
    const p = checked(`你好${EMOJI}世界\u0080`, { encoding: 'gbk' });
    expect(p.warnings).toContainEqual({
      code: 'gbk-unencodable',
      chars: [
        { char: EMOJI, index: 2 },
        { char: '\u0080', index: 6 },
      ],
    });
    expect(p.sendable).toBe(false);
  });

  it('GBK is never chosen automatically', () => {
    expect(checked('你好').encoding).toBe('ucs2');
  });
});

describe('ASCII (Msg_Fmt 0) and GSM 7-bit', () => {
  it.each([
    [159, [159], 0],
    [160, [134, 26], 108],
    [268, [134, 134], 0],
    [269, [134, 134, 1], 133],
  ])('%i letters -> %j', (n, segs, left) => {
    const p = checked('a'.repeat(n));
    expect(p.encoding).toBe('ascii');
    expect(p.msgFmt).toBe(0);
    expect(p.warnings).toEqual([]);
    expect(sizes(p)).toEqual(segs);
    expect(p.charsLeftInLast).toBe(left);
  });

  it('16-bit reference: 133 per segment', () => {
    expect(sizes(checked('a'.repeat(160), { udhRefBits: 16 }))).toEqual([133, 27]);
  });

  it.each(['{', '}', '[', ']', '~', '\\', '|', '^'])('%s stays ASCII and counts two septets', (ch) => {
    const p = checked(`x${ch}y`);
    expect(p.encoding).toBe('ascii');
    expect(p.units).toBe(4);
    expect(p.characters).toBe(3);
    expect(p.segments[0]!.contentHex).toBe(Buffer.from(`x${ch}y`).toString('hex'));
    expect(sizes(checked('a'.repeat(157) + ch))).toEqual([159]);
    expect(sizes(checked('a'.repeat(158) + ch))).toEqual([134, 26]);
    // An escape pair never straddles a segment edge.
    const edge = checked('a'.repeat(133) + ch + 'a'.repeat(30));
    expect(sizes(edge)).toEqual([133, 32]);
    expect(edge.segments[1]!.text.startsWith(ch)).toBe(true);
  });

  it(`GSM basic punctuation stays ASCII: ' " @ $ _ and CR LF`, () => {
    const p = checked(`It's "ok" @home $5 a_b\r\n!`);
    expect(p.encoding).toBe('ascii');
    expect(p.warnings).toEqual([]);
  });

  it.each([
    ['`', 'backtick (ASCII, not GSM)'],
    ['“', 'left curly quote'],
    ['”', 'right curly quote'],
    ['‘', 'left single curly quote'],
    ['’', 'right single curly quote (the classic one)'],
    ['\t', 'tab'],
    ['é', 'GSM but not ASCII'],
    ['€', 'GSM extension but not ASCII'],
    [EMOJI, 'emoji'],
    [CN, 'Chinese'],
  ])('%s (%s) forces UCS2 and is named with its position', (ch) => {
    const p = checked(`Dont${ch}t`);
    expect(p.encoding).toBe('ucs2');
    expect(p.msgFmt).toBe(8);
    expect(p.warnings).toEqual([{ code: 'forces-ucs2', chars: [{ char: ch, index: 4 }] }]);
    expect(p.sendable).toBe(true);
  });

  it('every forcing character is listed, positions as UTF-16 offsets', () => {
    const p = checked(`a${EMOJI}b’c\``);
    expect(p.warnings).toEqual([
      {
        code: 'forces-ucs2',
        chars: [
          { char: EMOJI, index: 1 },
          { char: '’', index: 4 },
          { char: '`', index: 6 },
        ],
      },
    ]);
  });

  it('explicit ASCII: non-ASCII blocks sending, non-GSM ASCII only warns', () => {
    const a = checked('price 5€ ok', { encoding: 'ascii' });
    expect(a.encoding).toBe('ascii');
    expect(a.warnings).toEqual([{ code: 'ascii-unencodable', chars: [{ char: '€', index: 7 }] }]);
    expect(a.sendable).toBe(false);
    expect(a.segments[0]!.contentHex).toBe(Buffer.from('price 5? ok').toString('hex'));
    const b = checked('a`b', { encoding: 'ascii' });
    expect(b.warnings).toEqual([{ code: 'not-gsm7', chars: [{ char: '`', index: 1 }] }]);
    expect(b.sendable).toBe(true);
  });

  it('explicit UCS2 for ASCII text: 70 / 67, no warning', () => {
    const p = checked('a'.repeat(71), { encoding: 'ucs2' });
    expect(p.msgFmt).toBe(8);
    expect(sizes(p)).toEqual([67, 4]);
    expect(p.warnings).toEqual([]);
  });
});

describe('signature and gateway footer', () => {
  const SIG = '【某某公司】'; // 6 characters

  it('the signature is sent, at the chosen position, and counted', () => {
    const pre = checked(CN.repeat(64), { signature: SIG });
    expect(sizes(pre)).toEqual([70]);
    expect(pre.fullText).toBe(SIG + CN.repeat(64));
    expect(pre.segments[0]!.contentHex.startsWith(Buffer.from('【某', 'utf16le').swap16().toString('hex'))).toBe(true);
    const suf = checked(CN.repeat(64), { signature: SIG, signaturePosition: 'suffix' });
    expect(suf.fullText).toBe(CN.repeat(64) + SIG);
    expect(sizes(checked(CN.repeat(65), { signature: SIG }))).toEqual([67, 4]);
    const long = checked('x'.repeat(100), { signature: SIG, signaturePosition: 'suffix' });
    expect(long.segments.at(-1)!.text.endsWith(SIG)).toBe(true);
  });

  it('a Chinese signature makes ASCII text UCS2, and says so', () => {
    const p = checked('Your code is 1234', { signature: '【某】' });
    expect(p.encoding).toBe('ucs2');
    expect(p.warnings[0]).toMatchObject({ code: 'forces-ucs2', chars: [{ char: '【', index: 0 }, { char: '某', index: 1 }, { char: '】', index: 2 }] });
  });

  const FOOTER = '回T退订'; // 4 characters

  it('the footer is counted but not sent: 66 + 4 is a full single message', () => {
    const p = checked(CN.repeat(66), { gatewayFooter: FOOTER });
    expect(sizes(p)).toEqual([70]);
    expect(p.charsLeftInLast).toBe(0);
    expect(p.characters).toBe(70);
    expect(p.segments[0]!.bytes).toBe(132);
    expect(p.segments[0]!.footer).toBe(FOOTER);
    expect(p.segments[0]!.contentHex).not.toContain(Buffer.from('退', 'utf16le').swap16().toString('hex'));
  });

  it('the footer pushes a 68-character message into 2 segments', () => {
    const plain = checked(CN.repeat(68));
    expect(sizes(plain)).toEqual([68]);
    const p = checked(CN.repeat(68), { gatewayFooter: FOOTER });
    expect(sizes(p)).toEqual([67, 5]);
    expect(p.segments.map((s) => s.text.length)).toEqual([67, 1]);
    expect(p.segments[1]!.bytes).toBe(6 + 2);
    expect(p.segments[1]!.footer).toBe(FOOTER);
    expect(p.segments[0]!.footer).toBeUndefined();
    expect(p.billedCount).toBe(2);
    expect(p.charsLeftInLast).toBe(62);
  });

  it('the footer pushes the last segment: 130 + 4 fits in 2, 131 + 4 needs 3', () => {
    expect(sizes(checked(CN.repeat(130), { gatewayFooter: FOOTER }))).toEqual([67, 67]);
    const p = checked(CN.repeat(131), { gatewayFooter: FOOTER });
    expect(sizes(p)).toEqual([67, 63, 5]);
    expect(p.segments.map((s) => s.text.length)).toEqual([67, 63, 1]);
    expect(p.billedCount).toBe(Math.ceil(135 / 67));
  });

  it('signature and footer together: billing counts both', () => {
    const p = checked(CN.repeat(60), { signature: SIG, gatewayFooter: FOOTER });
    expect(p.characters).toBe(70);
    expect(p.billedCount).toBe(1);
    expect(checked(CN.repeat(61), { signature: SIG, gatewayFooter: FOOTER }).billedCount).toBe(2);
  });

  it('a surrogate pair moved out for the footer stays whole', () => {
    const p = checked(CN.repeat(66) + EMOJI, { gatewayFooter: FOOTER });
    expect(p.segments.map((s) => s.text)).toEqual([CN.repeat(66), EMOJI]);
    expect(p.segments[1]!.units).toBe(6);
  });

  it('a Chinese footer makes the message UCS2 (the gateway could not append it to ASCII)', () => {
    const p = checked('Sale today', { gatewayFooter: FOOTER });
    expect(p.encoding).toBe('ucs2');
    expect(p.warnings[0]).toMatchObject({ code: 'forces-ucs2' });
    const forcing = (p.warnings[0] as { chars: { index: number }[] }).chars.map((c) => c.index);
    expect(forcing).toEqual([10, 12, 13]); // positions in fullText + footer
  });

  it('an ASCII footer counts septets against 159', () => {
    const footer = ' STOP:reply T';
    expect(sizes(checked('a'.repeat(159 - footer.length), { gatewayFooter: footer }))).toEqual([159]);
    expect(checked('a'.repeat(160 - footer.length), { gatewayFooter: footer }).segments.length).toBe(2);
  });

  it('a footer with no room for text is a typed error', () => {
    expect(() => planMessage('hello', { encoding: 'ucs2', gatewayFooter: 'x'.repeat(67) })).toThrow(
      expect.objectContaining({ code: 'footer-too-long' }),
    );
  });
});

describe('caps and options', () => {
  it('over maxSegments: full split returned, overCap, not sendable', () => {
    const p = checked(CN.repeat(202), { maxSegments: 3 });
    expect(p.segments).toHaveLength(4);
    expect(p.overCap).toBe(true);
    expect(p.sendable).toBe(false);
    expect(p.warnings).toContainEqual({ code: 'over-cap', segments: 4, max: 3 });
    expect(checked(CN.repeat(201), { maxSegments: 3 }).overCap).toBe(false);
  });

  it('255 segments is the most a UDH can number; 256 is a typed error', () => {
    const p = planMessage('a'.repeat(134 * 255));
    expect(p.segments).toHaveLength(255);
    expect(p.segments[254]!.udhHex!.slice(8)).toBe('ffff');
    let err: unknown;
    try {
      planMessage('a'.repeat(134 * 255 + 1));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlanError);
    expect(err).toMatchObject({ code: 'too-many-segments' });
    expect((err as Error).message).toContain('256');
  });

  it('the reference goes into every UDH; 8-bit and 16-bit ranges are enforced', () => {
    const p = checked(CN.repeat(100), { reference: 255 });
    expect(p.segments.every((s) => s.udhHex!.startsWith('050003ff'))).toBe(true);
    expect(checked(CN.repeat(100), { reference: 65535, udhRefBits: 16 }).segments[0]!.udhHex).toBe('060804ffff0201');
    for (const bad of [256, -1, 1.5, NaN]) {
      expect(() => planMessage('x', { reference: bad })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    }
    expect(() => planMessage('x', { reference: 65536, udhRefBits: 16 })).toThrow(PlanError);
  });

  it('the default reference is deterministic (pure function)', () => {
    expect(planMessage(CN.repeat(100))).toEqual(planMessage(CN.repeat(100)));
  });

  it.each([
    [{ maxSegments: 0 }],
    [{ maxSegments: 256 }],
    [{ encoding: 'utf8' }],
    [{ udhRefBits: 12 }],
    [{ signaturePosition: 'middle' }],
  ])('rejects %j', (opts) => {
    expect(() => planMessage('x', opts as PlanOptions)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });

  it('empty text: no segments, not sendable', () => {
    const p = checked('');
    expect(p.segments).toEqual([]);
    expect(p.billedCount).toBe(0);
    expect(p.warnings).toEqual([{ code: 'empty' }]);
    expect(p.sendable).toBe(false);
    expect(p.charsLeftInLast).toBe(159);
  });

  it('half a surrogate pair is named and blocks sending', () => {
    const p = checked('ab\ud83dc');
    expect(p.warnings).toContainEqual({ code: 'invalid-surrogate', chars: [{ char: '\ud83d', index: 2 }] });
    expect(p.sendable).toBe(false);
  });
});
