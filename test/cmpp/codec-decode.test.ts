// The decoder is tolerant of content and strict about structure, and every failure is typed.
import { describe, expect, it } from 'vitest';
import {
  CmppDecodeError,
  CmppUnknownCommandError,
  decodePdu,
  decodeReport,
  encodePdu,
  encodeReport,
  hasUdh,
  inferVersion,
  readHeader,
  type CmppVersion,
  type PduOf,
} from '../../electron/cmpp/wire/index.js';
import { V } from './codec-vectors.js';

function deliver(over: Partial<PduOf<'CMPP_DELIVER'>> = {}): PduOf<'CMPP_DELIVER'> {
  const content = over.Msg_Content ?? Buffer.from('TD');
  return {
    Command_Id: 'CMPP_DELIVER',
    Sequence_Id: 3,
    Msg_Id: 0xb525628000010000n,
    Dest_Id: '106900011234',
    Service_Id: 'MJS0019901',
    TP_pid: 0,
    TP_udhi: 0,
    Msg_Fmt: 0,
    Src_terminal_Id: '13800138000',
    Registered_Delivery: 0,
    Msg_Length: content.length,
    Msg_Content: content,
    ...over,
  };
}

function decodeError(frame: Uint8Array, version: CmppVersion): CmppDecodeError {
  try {
    decodePdu(frame, version);
  } catch (e) {
    expect(e).toBeInstanceOf(CmppDecodeError);
    return e as CmppDecodeError;
  }
  throw new Error('expected a CmppDecodeError');
}

describe('decoder tolerance', () => {
  it('unknown Msg_Fmt values survive decode/encode byte for byte', () => {
    for (const version of ['2.0', '3.0'] as const) {
      const frame = encodePdu(deliver({ Msg_Fmt: 0x77, Msg_Content: Buffer.from([0xff, 0, 0x80]) }), version);
      const p = decodePdu(frame, version) as PduOf<'CMPP_DELIVER'>;
      expect(p.Msg_Fmt).toBe(0x77);
      expect(encodePdu(p, version)).toEqual(frame);
    }
  });

  it('fields filled to the last byte (21-digit Dest_Id) decode whole', () => {
    const frame = encodePdu(deliver({ Dest_Id: '106900011234567890123' }), '3.0');
    expect(frame.subarray(20, 41).includes(0)).toBe(false);
    const p = decodePdu(frame, '3.0') as PduOf<'CMPP_DELIVER'>;
    expect(p.Dest_Id).toBe('106900011234567890123');
    expect(encodePdu(p, '3.0')).toEqual(frame);
  });

  it('bytes above 0x7f in Octet Strings survive as latin1', () => {
    const frame = encodePdu(deliver({ Service_Id: '\u00ff\u0080abc' }), '2.0');
    expect(frame.subarray(41, 46)).toEqual(Buffer.from([0xff, 0x80, 0x61, 0x62, 0x63]));
    expect((decodePdu(frame, '2.0') as PduOf<'CMPP_DELIVER'>).Service_Id).toBe('\u00ff\u0080abc');
  });

  it('junk after the NUL is kept in nonCanonical, including list entries', () => {
    const frame = Buffer.from(V.submit30);
    const firstDest = 12 + 129; // 3.0 Dest_terminal_Id[0]
    frame[firstDest + 20] = 0x39;
    const p = decodePdu(frame, '3.0') as PduOf<'CMPP_SUBMIT'>;
    expect(p.Dest_terminal_Id).toEqual(['13500002696']);
    expect(Object.keys(p.nonCanonical!)).toEqual(['Dest_terminal_Id[0]']);
    expect(encodePdu(p, '3.0')).toEqual(frame);
  });

  it('TP_udhi is kept raw; hasUdh reads (TP_udhi & 0x41) != 0', () => {
    const p = decodePdu(encodePdu(deliver({ TP_udhi: 0x40 }), '3.0'), '3.0') as PduOf<'CMPP_DELIVER'>;
    expect(p.TP_udhi).toBe(0x40);
    expect([0, 1, 0x40, 0x41, 0x02, 0x80].map(hasUdh)).toEqual([false, true, true, true, false, false]);
  });

  it('a 12-byte ACTIVE_TEST_RESP is accepted and re-encodes to 12 bytes', () => {
    const short = Buffer.from('0000000c8000000800000017', 'hex');
    for (const version of ['2.0', '3.0'] as const) {
      const p = decodePdu(short, version) as PduOf<'CMPP_ACTIVE_TEST_RESP'>;
      expect(p.Reserved).toBeUndefined();
      expect(p.nonCanonical).toEqual({ Reserved: Buffer.alloc(0) });
      expect(encodePdu(p, version)).toEqual(short);
      expect(encodePdu({ ...p, Reserved: 0 }, version)).toEqual(V.activeTestResp);
    }
  });

  it('status reports are read by their length whatever the session version', () => {
    const r = decodeReport(V.report60);
    const r71 = encodeReport({ ...r, Dest_terminal_Id: '8613412340000' }, 71);
    for (const version of ['2.0', '3.0'] as const) {
      for (const content of [V.report60, r71]) {
        const p = decodePdu(encodePdu(deliver({ Registered_Delivery: 1, Msg_Content: content, Msg_Length: content.length }), version), version);
        const rep = decodeReport((p as PduOf<'CMPP_DELIVER'>).Msg_Content);
        expect(rep.Stat).toBe('DELIVRD');
        expect(rep.Msg_Id).toBe(0xb4c5530000010000n);
      }
    }
    expect(() => decodeReport(Buffer.alloc(59))).toThrow(/60 or 71 bytes, got 59 bytes/);
  });

  it('Msg_Content is a zero-copy view of the frame', () => {
    const frame = encodePdu(deliver(), '3.0');
    const p = decodePdu(frame, '3.0') as PduOf<'CMPP_DELIVER'>;
    expect(p.Msg_Content.buffer).toBe(frame.buffer);
    expect(p.Msg_Content.byteOffset).toBe(frame.byteOffset + 12 + 8 + 21 + 10 + 3 + 32 + 1 + 1 + 1);
  });

  it('accepts a plain Uint8Array frame', () => {
    expect(decodePdu(new Uint8Array(V.submitResp30), '3.0')).toEqual(decodePdu(V.submitResp30, '3.0'));
  });
});

describe('decoder structure errors', () => {
  it('an unknown Command_Id is a recoverable CmppUnknownCommandError with ids', () => {
    const frame = Buffer.from('0000000c0000009900000042', 'hex');
    try {
      decodePdu(frame, '3.0');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(CmppUnknownCommandError);
      expect((e as CmppUnknownCommandError).commandId).toBe(0x99);
      expect((e as CmppUnknownCommandError).sequenceId).toBe(0x42);
    }
    // ISMG <-> ISMG commands are known names but not for this codec.
    expect(() => decodePdu(Buffer.from('0000000c0000000900000001', 'hex'), '2.0')).toThrow(/CMPP_FWD/);
  });

  it('Total_Length must equal the frame length and fit the layout', () => {
    expect(decodeError(Buffer.alloc(8), '3.0').field).toBe('Total_Length');
    const lying = Buffer.from(V.submitResp30);
    lying.writeUInt32BE(30, 0);
    expect(decodeError(lying, '3.0').message).toMatch(/Total_Length says 30 but the frame has 24 bytes/);
    // A 2.0 CONNECT_RESP read as 3.0: the error says which layout it fits.
    const e = decodeError(V.connectResp20, '3.0');
    expect(e.field).toBe('Total_Length');
    expect(e.message).toMatch(/fits the 2.0 layout/);
    expect(e.sequenceId).toBe(0x17);
    expect(e.commandId).toBe(0x80000001);
    // Trailing bytes after a complete body are not silently ignored.
    const longer = Buffer.concat([V.terminate, Buffer.alloc(1)]);
    longer.writeUInt32BE(13, 0);
    expect(decodeError(longer, '2.0').field).toBe('Total_Length');
  });

  it('SUBMIT with DestUsr_tl outside 1..99 or Msg_Length over its limit is a decode error with its Sequence_Id', () => {
    // 2.0 SUBMIT with no destination: 138 + L bytes, structurally readable but illegal.
    const base = Buffer.from(V.submit20);
    const zero = Buffer.concat([base.subarray(0, 129), base.subarray(150)]);
    zero.writeUInt32BE(zero.length, 0);
    zero[128] = 0;
    const e = decodeError(zero, '2.0');
    expect(e.field).toBe('DestUsr_tl');
    expect(e.sequenceId).toBe(0x17);
    // Msg_Fmt 8 with 141 content bytes.
    const long = Buffer.concat([base.subarray(0, 151), Buffer.alloc(141, 0x41), base.subarray(181)]);
    long.writeUInt32BE(long.length, 0);
    long[150] = 141;
    expect(decodeError(long, '2.0').field).toBe('Msg_Length');
    long[58] = 0; // Msg_Fmt 0 allows up to 159
    expect(decodePdu(long, '2.0').Command_Id).toBe('CMPP_SUBMIT');
  });

  it('readHeader reads the three header fields', () => {
    expect(readHeader(V.submitResp20)).toEqual({ Total_Length: 21, Command_Id: 0x80000004, Sequence_Id: 0x17 });
    expect(() => readHeader(Buffer.alloc(11))).toThrow(CmppDecodeError);
  });

  it('inferVersion returns null for frames that fit neither layout or are unknown', () => {
    expect(inferVersion(Buffer.alloc(4))).toBeNull();
    expect(inferVersion(Buffer.from('0000000c0000009900000042', 'hex'))).toBeNull();
    const odd = Buffer.concat([V.submitResp30, Buffer.alloc(1)]);
    odd.writeUInt32BE(25, 0);
    expect(inferVersion(odd)).toBeNull();
    const d3 = encodePdu(deliver(), '3.0');
    expect(inferVersion(d3)).toEqual({ version: '3.0', reason: expect.stringMatching(/3.0 layout/) });
    const c3 = encodePdu({ Command_Id: 'CMPP_CANCEL_RESP', Sequence_Id: 1, Success_Id: 0 }, '3.0');
    expect(inferVersion(c3)?.version).toBe('3.0');
    expect(inferVersion(encodePdu({ Command_Id: 'CMPP_CANCEL_RESP', Sequence_Id: 1, Success_Id: 0 }, '2.0'))?.version).toBe('2.0');
  });
});
