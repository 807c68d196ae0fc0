// The encoder is strict about what fits (errors name the field, nothing is truncated) but not
// about meaning.
import { describe, expect, it } from 'vitest';
import {
  CmppEncodeError,
  decodePdu,
  encodePdu,
  type CmppVersion,
  type Pdu,
  type PduOf,
} from '../../electron/cmpp/wire/index.js';

function submit(over: Partial<PduOf<'CMPP_SUBMIT'>> = {}): PduOf<'CMPP_SUBMIT'> {
  const content = over.Msg_Content ?? Buffer.from('hello');
  return {
    Command_Id: 'CMPP_SUBMIT',
    Sequence_Id: 1,
    Msg_Id: 0n,
    Pk_total: 1,
    Pk_number: 1,
    Registered_Delivery: 1,
    Msg_level: 0,
    Service_Id: 'MJS0019901',
    Fee_UserType: 0,
    Fee_terminal_Id: '',
    TP_pId: 0,
    TP_udhi: 0,
    Msg_Fmt: 0,
    Msg_src: '900001',
    FeeType: '01',
    FeeCode: '000000',
    ValId_Time: '',
    At_Time: '',
    Src_Id: '10690001',
    DestUsr_tl: 1,
    Dest_terminal_Id: ['13800138000'],
    Msg_Length: content.length,
    Msg_Content: content,
    ...over,
  };
}

function encodeError(pdu: unknown, version: CmppVersion): CmppEncodeError {
  try {
    encodePdu(pdu as Pdu, version);
  } catch (e) {
    expect(e).toBeInstanceOf(CmppEncodeError);
    return e as CmppEncodeError;
  }
  throw new Error('expected a CmppEncodeError');
}

describe('encoder strictness', () => {
  it('rejects an Octet String longer than its field, naming the field', () => {
    const e = encodeError(submit({ Service_Id: 'MJS00199012' }), '3.0');
    expect(e.field).toBe('Service_Id');
    expect(e.message).toMatch(/11 characters.*10-byte/);
    // Fee_terminal_Id is 21 bytes in 2.0 and 32 in 3.0.
    const long = '8613800138000123456789';
    expect(encodeError(submit({ Fee_terminal_Id: long }), '2.0').field).toBe('Fee_terminal_Id');
    expect(encodePdu(submit({ Fee_terminal_Id: long }), '3.0').length).toBe(163 + 32 + 5);
    expect(encodeError(submit({ DestUsr_tl: 2, Dest_terminal_Id: ['1', 'x'.repeat(22)] }), '2.0').field).toBe('Dest_terminal_Id[1]');
  });

  it('rejects characters that are not single bytes, and NUL inside a value', () => {
    expect(encodeError(submit({ Src_Id: '1069测试' }), '2.0').field).toBe('Src_Id');
    const nul = encodeError(submit({ FeeCode: '1\u00002' }), '2.0');
    expect(nul.field).toBe('FeeCode');
    expect(nul.message).toMatch(/NUL/);
    expect(encodeError(submit({ Dest_terminal_Id: ['1380013800\u0000'] }), '3.0').field).toBe('Dest_terminal_Id[0]');
    expect(encodeError(submit({ Service_Id: 42 as unknown as string }), '3.0').field).toBe('Service_Id');
  });

  it('rejects numbers outside their byte range', () => {
    for (const bad of [256, -1, 1.5, Number.NaN, '1', undefined]) {
      expect(encodeError(submit({ Pk_total: bad as number }), '2.0').field).toBe('Pk_total');
    }
    const resp = (Result: number): PduOf<'CMPP_SUBMIT_RESP'> => ({ Command_Id: 'CMPP_SUBMIT_RESP', Sequence_Id: 1, Msg_Id: 1n, Result });
    expect(encodeError(resp(256), '2.0').field).toBe('Result');
    expect(encodePdu(resp(256), '3.0').length).toBe(24);
    expect(encodeError(resp(2 ** 32), '3.0').field).toBe('Result');
    expect(encodeError({ ...resp(0), Sequence_Id: -1 }, '3.0').field).toBe('Sequence_Id');
    expect(encodeError({ ...resp(0), Sequence_Id: 2 ** 32 }, '3.0').field).toBe('Sequence_Id');
    expect(encodeError({ ...resp(0), Msg_Id: -1n }, '3.0').field).toBe('Msg_Id');
    expect(encodeError({ ...resp(0), Msg_Id: 2n ** 64n }, '3.0').field).toBe('Msg_Id');
    expect(encodeError({ ...resp(0), Msg_Id: 5 }, '3.0').field).toBe('Msg_Id');
    expect(encodePdu({ ...resp(0), Msg_Id: 2n ** 64n - 1n }, '3.0').subarray(12, 20)).toEqual(Buffer.alloc(8, 0xff));
  });

  it('DestUsr_tl must be 1..99 and match the list', () => {
    expect(encodeError(submit({ DestUsr_tl: 0, Dest_terminal_Id: [] }), '3.0').field).toBe('DestUsr_tl');
    const hundred = Array.from({ length: 100 }, (_, i) => `1380013${String(i).padStart(4, '0')}`);
    expect(encodeError(submit({ DestUsr_tl: 100, Dest_terminal_Id: hundred }), '3.0').field).toBe('DestUsr_tl');
    const max = hundred.slice(0, 99);
    const frame = encodePdu(submit({ DestUsr_tl: 99, Dest_terminal_Id: max }), '3.0');
    expect(frame.length).toBe(163 + 32 * 99 + 5);
    expect((decodePdu(frame, '3.0') as PduOf<'CMPP_SUBMIT'>).Dest_terminal_Id).toEqual(max);
    const e = encodeError(submit({ DestUsr_tl: 2 }), '2.0');
    expect(e.field).toBe('Dest_terminal_Id');
    expect(e.message).toMatch(/1 entries but DestUsr_tl is 2/);
  });

  it('Msg_Length: at most 159 for Msg_Fmt 0, 140 for every other format', () => {
    const body = (n: number) => Buffer.alloc(n, 0x41);
    expect(encodePdu(submit({ Msg_Fmt: 0, Msg_Content: body(159), Msg_Length: 159 }), '2.0').length).toBe(138 + 21 + 159);
    expect(encodeError(submit({ Msg_Fmt: 0, Msg_Content: body(160), Msg_Length: 160 }), '2.0').field).toBe('Msg_Length');
    expect(encodePdu(submit({ Msg_Fmt: 8, Msg_Content: body(140), Msg_Length: 140 }), '3.0').length).toBe(163 + 32 + 140);
    for (const fmt of [8, 15, 4, 3, 0x77]) {
      const e = encodeError(submit({ Msg_Fmt: fmt, Msg_Content: body(141), Msg_Length: 141 }), '3.0');
      expect(e.field).toBe('Msg_Length');
      expect(e.message).toMatch(new RegExp(`141 exceeds 140, the limit for Msg_Fmt ${fmt}`));
    }
  });

  it('Msg_Content must agree with Msg_Length and be bytes', () => {
    const e = encodeError(submit({ Msg_Content: Buffer.from('hello!'), Msg_Length: 5 }), '3.0');
    expect(e.field).toBe('Msg_Content');
    expect(e.message).toMatch(/6 bytes but Msg_Length is 5/);
    expect(encodeError(submit({ Msg_Content: 'hello' as unknown as Buffer, Msg_Length: 5 }), '3.0').field).toBe('Msg_Content');
    // A plain Uint8Array is accepted.
    expect(encodePdu(submit({ Msg_Content: new Uint8Array([1, 2]) as Buffer, Msg_Length: 2 }), '3.0').length).toBe(163 + 32 + 2);
  });

  it('DELIVER Msg_Length is bounded by its byte only (MOs of 160 ASCII characters are real)', () => {
    const deliver: PduOf<'CMPP_DELIVER'> = {
      Command_Id: 'CMPP_DELIVER',
      Sequence_Id: 9,
      Msg_Id: 1n,
      Dest_Id: '10690001',
      Service_Id: '',
      TP_pid: 0,
      TP_udhi: 0,
      Msg_Fmt: 0,
      Src_terminal_Id: '13800138000',
      Registered_Delivery: 0,
      Msg_Length: 255,
      Msg_Content: Buffer.alloc(255, 0x61),
    };
    expect(decodePdu(encodePdu(deliver, '2.0'), '2.0')).toEqual({ ...deliver, Reserved: '' });
    expect(encodeError({ ...deliver, Msg_Length: 256, Msg_Content: Buffer.alloc(256) }, '3.0').field).toBe('Msg_Length');
  });

  it('authenticators must be exactly 16 bytes', () => {
    const connect = { Command_Id: 'CMPP_CONNECT', Sequence_Id: 1, Source_Addr: '900001', Version: 0x30, Timestamp: 1 };
    expect(encodeError({ ...connect, AuthenticatorSource: Buffer.alloc(15) }, '3.0').field).toBe('AuthenticatorSource');
    expect(encodeError({ ...connect, AuthenticatorSource: Buffer.alloc(17) }, '3.0').field).toBe('AuthenticatorSource');
    expect(encodeError({ ...connect, Source_Addr: '9000011', AuthenticatorSource: Buffer.alloc(16) }, '3.0').field).toBe('Source_Addr');
  });

  it('a field of the other version is an error unless empty, never silently dropped', () => {
    expect(encodeError(submit({ LinkID: 'abc' }), '2.0').field).toBe('LinkID');
    expect(encodeError(submit({ Fee_terminal_type: 1 }), '2.0').field).toBe('Fee_terminal_type');
    expect(encodeError(submit({ Dest_terminal_type: 1 }), '2.0').field).toBe('Dest_terminal_type');
    expect(encodeError(submit({ Reserve: 'x' }), '3.0').field).toBe('Reserve');
    expect(encodePdu(submit({ LinkID: '', Fee_terminal_type: 0 }), '2.0').length).toBe(138 + 21 + 5);
    expect(encodePdu(submit({ Reserve: '' }), '3.0').length).toBe(163 + 32 + 5);
  });

  it('meaning is not the codec business: empty FeeCode, a non-zero SUBMIT Msg_Id and full fields are legal', () => {
    const p = submit({
      FeeCode: '',
      Msg_Id: 0xb2b9da8000010000n,
      Src_Id: '106900011234567890123',
      Dest_terminal_Id: ['861380013800012345678'],
    });
    for (const version of ['2.0', '3.0'] as const) {
      const frame = encodePdu(p, version);
      const back = decodePdu(frame, version) as PduOf<'CMPP_SUBMIT'>;
      expect(back.FeeCode).toBe('');
      expect(back.Msg_Id).toBe(0xb2b9da8000010000n);
      expect(back.Src_Id).toBe('106900011234567890123');
      expect(back.Dest_terminal_Id).toEqual(['861380013800012345678']);
      expect(back.nonCanonical).toBeUndefined();
    }
  });

  it('rejects what is no SP <-> ISMG PDU, and unknown versions', () => {
    expect(encodeError({ Command_Id: 'CMPP_FWD', Sequence_Id: 1 }, '3.0').field).toBe('Command_Id');
    expect(encodeError({ Command_Id: 'toString', Sequence_Id: 1 }, '3.0').field).toBe('Command_Id');
    expect(encodeError(null, '3.0').field).toBe('Command_Id');
    expect(encodeError({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: 1 }, '2.1' as CmppVersion).field).toBe('version');
  });

  it('ACTIVE_TEST_RESP is always sent with 13 bytes', () => {
    expect(encodePdu({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: 7 }, '2.0')).toEqual(Buffer.from('0000000d800000080000000700', 'hex'));
    expect(encodePdu({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: 7, Reserved: 5 }, '3.0').at(-1)).toBe(5);
    expect(encodeError({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: 7, Reserved: 300 }, '3.0').field).toBe('Reserved');
  });

  it('a failed encode leaves nothing half-written for the caller (it throws before returning)', () => {
    expect(() => encodePdu(submit({ Dest_terminal_Id: ['1'], At_Time: 'x'.repeat(18) }), '3.0')).toThrow(/At_Time/);
  });
});
