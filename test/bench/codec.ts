// Codec throughput: SUBMIT and DELIVER (status report) encode+decode pairs per second, beside
// node-smpp (npm `smpp`) doing the comparable submit_sm / deliver_sm in the same run.
import { createRequire } from 'node:module';
import {
  decodePdu,
  decodeReport,
  encodePdu,
  encodeReport,
  reportFormOf,
  type CmppVersion,
  type PduOf,
} from '../../electron/cmpp/wire/index.js';
import { atLeast, fmt, type Figure } from './report.js';

interface SmppPdu {
  toBuffer(): Buffer;
  short_message?: unknown;
}
interface SmppModule {
  PDU: new (commandOrBuffer: string | Buffer, options?: Record<string, unknown>) => SmppPdu;
}

const SUBMIT_TARGET = 400_000;

interface Rate {
  /** Operations per CPU-second of this process: "one core" even when the machine is shared. */
  cpu: number;
  /** Operations per wall-clock second. */
  wall: number;
}

/**
 * Like report.ts opsPerSecond (warm-up, then batches for about `ms`), but also divides by the
 * process CPU time, so a busy machine (other test runs on the same 2 cores) does not make the
 * codec look slower than it is. GC helper threads count as CPU time, so the CPU figure errs low.
 */
function rate(fn: () => void, ms = 1500, batch = 1000): Rate {
  const warmUntil = performance.now() + Math.min(500, ms / 3);
  while (performance.now() < warmUntil) for (let i = 0; i < batch; i++) fn();
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (ops * 1e6) / (cpu.user + cpu.system), wall: (ops * 1000) / (now - start) };
}
// "测试gocmpp submit" in UCS2: 30 bytes, as in the docs/protocol.md "Test vectors" SUBMIT vector.
const BODY = Buffer.from('6d4b8bd50067006f0063006d007000700020007300750062006d00690074', 'hex');

function submitPdu(seq: number): PduOf<'CMPP_SUBMIT'> {
  return {
    Command_Id: 'CMPP_SUBMIT',
    Sequence_Id: seq,
    Msg_Id: 0n,
    Pk_total: 1,
    Pk_number: 1,
    Registered_Delivery: 1,
    Msg_level: 1,
    Service_Id: 'test',
    Fee_UserType: 2,
    Fee_terminal_Id: '13500002696',
    TP_pId: 0,
    TP_udhi: 0,
    Msg_Fmt: 8,
    Msg_src: '900001',
    FeeType: '02',
    FeeCode: '10',
    ValId_Time: '151105131555101+',
    At_Time: '',
    Src_Id: '900001',
    DestUsr_tl: 1,
    Dest_terminal_Id: ['13500002696'],
    Msg_Length: BODY.length,
    Msg_Content: BODY,
  };
}

function benchSubmit(version: CmppVersion): Rate {
  const pdu = submitPdu(1);
  let sink = 0;
  const ops = rate(() => {
    pdu.Sequence_Id = (pdu.Sequence_Id + 1) >>> 0;
    const frame = encodePdu(pdu, version);
    const back = decodePdu(frame, version) as PduOf<'CMPP_SUBMIT'>;
    sink += back.Msg_Length;
  });
  if (sink === 0) throw new Error('benchmark optimised away');
  return ops;
}

function benchReport(version: CmppVersion): Rate {
  const form = reportFormOf(version);
  let seq = 0;
  let sink = 0;
  const ops = rate(() => {
    seq = (seq + 1) >>> 0;
    // ISMG side: build the report content and its DELIVER; SP side: read both back.
    const content = encodeReport(
      {
        Msg_Id: 0xb4c5530000010000n + BigInt(seq & 0xffff),
        Stat: 'DELIVRD',
        Submit_time: '1511120955',
        Done_time: '1511120957',
        Dest_terminal_Id: '13412340000',
        SMSC_sequence: seq,
      },
      form,
    );
    const frame = encodePdu(
      {
        Command_Id: 'CMPP_DELIVER',
        Sequence_Id: seq,
        Msg_Id: 0xb525628000010000n,
        Dest_Id: '900001',
        Service_Id: 'test',
        TP_pid: 0,
        TP_udhi: 0,
        Msg_Fmt: 0,
        Src_terminal_Id: '13412340000',
        Registered_Delivery: 1,
        Msg_Length: content.length,
        Msg_Content: content,
      },
      version,
    );
    const d = decodePdu(frame, version) as PduOf<'CMPP_DELIVER'>;
    const r = decodeReport(d.Msg_Content);
    sink += r.SMSC_sequence & 1;
  });
  if (sink === 0) throw new Error('benchmark optimised away');
  return ops;
}

function benchSmppSubmit(smpp: SmppModule): Rate {
  let seq = 0;
  let sink = 0;
  const ops = rate(() => {
    seq++;
    const buf = new smpp.PDU('submit_sm', {
      sequence_number: seq,
      service_type: 'test',
      source_addr: '900001',
      destination_addr: '13500002696',
      registered_delivery: 1,
      validity_period: '151105131555101+',
      data_coding: 8,
      short_message: BODY,
    }).toBuffer();
    const back = new smpp.PDU(buf);
    if (back.short_message) sink++;
  });
  if (sink === 0) throw new Error('benchmark optimised away');
  return ops;
}

function benchSmppReceipt(smpp: SmppModule): Rate {
  let seq = 0;
  let sink = 0;
  const ops = rate(() => {
    seq++;
    const text = `id:${seq} sub:001 dlvrd:001 submit date:1511120955 done date:1511120957 stat:DELIVRD err:000 text:`;
    const buf = new smpp.PDU('deliver_sm', {
      sequence_number: seq,
      source_addr: '13412340000',
      destination_addr: '900001',
      esm_class: 0x04,
      short_message: Buffer.from(text, 'latin1'),
    }).toBuffer();
    const back = new smpp.PDU(buf);
    if (back.short_message) sink++;
  });
  if (sink === 0) throw new Error('benchmark optimised away');
  return ops;
}

export async function benchCodec(): Promise<Figure[]> {
  const smpp = createRequire(import.meta.url)('smpp') as SmppModule;
  const figures: Figure[] = [];
  const smppSubmit = benchSmppSubmit(smpp);
  const smppReceipt = benchSmppReceipt(smpp);
  for (const version of ['3.0', '2.0'] as const) {
    const submit = benchSubmit(version);
    figures.push({
      name: `SUBMIT encode+decode (${version}, 1 destination, 30-byte UCS2)`,
      value: submit.cpu,
      unit: 'pairs/s',
      ...atLeast(submit.cpu, SUBMIT_TARGET),
      peer: { name: 'node-smpp submit_sm', value: smppSubmit.cpu },
      note: `per CPU-second of the process; wall clock ${fmt(submit.wall)}, node-smpp ${fmt(smppSubmit.wall)}`,
    });
  }
  for (const version of ['3.0', '2.0'] as const) {
    const report = benchReport(version);
    figures.push({
      name: `DELIVER status report encode+decode (${version}, ${reportFormOf(version)}-byte report, content included)`,
      value: report.cpu,
      unit: 'pairs/s',
      peer: { name: 'node-smpp deliver_sm receipt', value: smppReceipt.cpu },
      note: `per CPU-second; wall clock ${fmt(report.wall)}, node-smpp ${fmt(smppReceipt.wall)}`,
    });
  }
  return figures;
}
