// Property: whatever the planner splits, the reassembler puts back together. Every plan's segments,
// turned into MO segments (TP_udhi 1 / 0x40 / 0x41, Pk_* fields garbage), delivered in shuffled
// order with duplicates, give back exactly the sent text (signature included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, gbkCode, planMessage, Reassembler, type MoMessage, type MoSegment } from '../../electron/sms/index.js';
import type { EncodingChoice, MessagePlan, PlanOptions } from '../../shared/plan.js';

const EDGE_PIECES = ['a', 'Z', ' ', '{', '}', '[', ']', '~', '\\', '|', '^', '中', '文', '【', '】', '😀', '𠀀', '👍🏽', '’', '`', 'é', '€', '\n'];
const ASCII_GSM = [...'abcXYZ019 .,!?@$_\'"{}[]~\\|^\r\n'];

/** Mostly edge characters so the boundaries (pairs, escapes) land on segment edges often. */
const edgeText = fc.array(fc.constantFrom(...EDGE_PIECES), { maxLength: 300 }).map((a) => a.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 400 });
const asciiText = fc.array(fc.constantFrom(...ASCII_GSM), { minLength: 1, maxLength: 500 }).map((a) => a.join(''));
const gbkChar = fc
  .integer({ min: 0, max: 0xffff })
  .filter((cp) => gbkCode(cp) >= 0)
  .map((cp) => String.fromCharCode(cp));
const gbkText = fc.array(fc.oneof(gbkChar, fc.constantFrom('中', 'a', '价', '1')), { minLength: 1, maxLength: 300 }).map((a) => a.join(''));

const common = fc.record({
  udhRefBits: fc.constantFrom<8 | 16>(8, 16),
  reference: fc.nat({ max: 255 }),
  signature: fc.constantFrom('', '【某某公司】', '[ACME]', '😀签名'),
  signaturePosition: fc.constantFrom<'prefix' | 'suffix'>('prefix', 'suffix'),
  gatewayFooter: fc.constantFrom('', '回T退订', ' reply T'),
});

const cases = fc.oneof(
  fc.tuple(fc.oneof(edgeText, anyText), fc.constantFrom<EncodingChoice>('auto', 'ucs2'), common),
  fc.tuple(asciiText, fc.constant<EncodingChoice>('auto'), common.map((o) => ({ ...o, signature: o.signature === '[ACME]' ? o.signature : '', gatewayFooter: o.gatewayFooter === ' reply T' ? o.gatewayFooter : '' }))),
  fc.tuple(gbkText, fc.constant<EncodingChoice>('gbk'), common.map((o) => ({ ...o, signature: o.signature === '😀签名' ? '签名' : o.signature }))),
);

function toMoSegments(plan: MessagePlan, udhiChoices: number[], at: number): MoSegment[] {
  return plan.segments.map((s, k) => ({
    id: `${k}`,
    sender: '13800138000',
    receiver: '1065800001',
    msgFmt: plan.msgFmt,
    tpUdhi: plan.tpUdhi ? udhiChoices[k % udhiChoices.length]! : 0,
    content: fromHex(s.contentHex),
    pkTotal: (k * 7) % 5, // real traffic: Pk_* may contradict the UDH
    pkNumber: 1,
    receivedAt: at,
  }));
}

describe('plan -> MO segments -> reassembly', () => {
  it('gives back the full text for any plan, any order, with duplicates', () => {
    fc.assert(
      fc.property(
        cases,
        fc.array(fc.constantFrom(1, 0x40, 0x41), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.nat(),
        ([text, encoding, o], udhi, dupPicks, shuffleSeed) => {
          const options: PlanOptions = { ...o, encoding };
          const plan = planMessage(text, options);
          fc.pre(plan.segments.length > 0);
          if (encoding === 'gbk') expect(plan.msgFmt).toBe(15);
          expect(plan.warnings.filter((w) => w.code !== 'forces-ucs2' && w.code !== 'not-gsm7')).toEqual([]);
          const segs = toMoSegments(plan, udhi, 1_000);
          const deliveries = [...segs, ...dupPicks.map((i) => segs[i % segs.length]!)];
          // Deterministic shuffle from the seed (fast-check shrinks the seed too).
          let s = shuffleSeed | 1;
          for (let i = deliveries.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            const j = s % (i + 1);
            [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
          }
          const r = new Reassembler();
          const messages: MoMessage[] = [];
          let duplicates = 0;
          for (const d of deliveries) {
            const res = r.add(d);
            if (res.message) messages.push(res.message);
            messages.push(...res.closed);
            if (res.status === 'duplicate') duplicates++;
          }
          if (plan.segments.length === 1) {
            // A single message has no reference: every delivery is a message of its own.
            expect(messages.length).toBe(deliveries.length);
            for (const m of messages) expect(m.text).toBe(plan.fullText);
          } else {
            expect(messages).toHaveLength(1);
            expect(messages[0]!.complete).toBe(true);
            expect(messages[0]!.text).toBe(plan.fullText);
            expect(messages[0]!.pieces.every((p) => p.raw === undefined)).toBe(true);
            expect(duplicates).toBe(deliveries.length - segs.length);
            expect(r.openSets).toBe(0);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
