// Planner and reassembly speed. planMessage runs on every keystroke and once per recipient of a
// merge-field campaign: target < 20 µs for a 300-character message .
import { planMessage, Reassembler, fromHex, type MoSegment } from '../../electron/sms/index.js';
import { atLeast, atMost, opsPerSecond, type Figure } from './report.js';

const texts: Record<string, string> = {
  'Chinese 300': '尊敬的客户您好，您的订单已发货，请注意查收。'.repeat(14).slice(0, 300),
  'ASCII 300': 'Your verification code is 123456. Do not share it with anyone {ref}. '.repeat(5).slice(0, 300),
  'mixed + emoji 300': ('Order 12345 已发货 😀 tracking SF1234567890 请注意查收 ').repeat(8).slice(0, 300),
};

export async function benchPlanner(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [name, text] of Object.entries(texts)) {
    const opts = { signature: '【某某公司】', gatewayFooter: '回T退订', reference: 7 };
    const ops = opsPerSecond(() => planMessage(text, opts));
    const us = 1e6 / ops;
    figures.push({ name: `planMessage ${name} (+sig, footer)`, value: us, unit: 'µs/op', ...atMost(us, 20) });
  }
  const gbk = opsPerSecond(() => planMessage(texts['Chinese 300']!, { encoding: 'gbk', reference: 7 }));
  figures.push({ name: 'planMessage Chinese 300 GBK', value: 1e6 / gbk, unit: 'µs/op', ...atMost(1e6 / gbk, 20) });

  // Reassembly: 3-part UCS2 messages from distinct senders, in order.
  const plan = planMessage(texts['Chinese 300']!, { reference: 1 });
  const contents = plan.segments.map((s) => fromHex(s.contentHex));
  let n = 0;
  const r = new Reassembler();
  const msgs = opsPerSecond(() => {
    const sender = `138${(n++ % 1e8).toString().padStart(8, '0')}`;
    for (const content of contents) {
      const seg: MoSegment = { sender, receiver: '10658', msgFmt: 8, tpUdhi: 1, content, receivedAt: n };
      r.add(seg);
    }
  }, 1500, 100);
  figures.push({ name: `MO reassembly (${contents.length}-part UCS2 messages)`, value: msgs, unit: 'msg/s', ...atLeast(msgs, 20_000) });
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigure } = await import('./report.js');
  for (const f of await benchPlanner()) printFigure(f);
}
