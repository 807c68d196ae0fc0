// docs/protocol.md "Test vectors" conformance vectors: each decodes to the stated fields and re-encodes to the same bytes.
import { describe, expect, it } from 'vitest';
import {
  authenticatorIsmg,
  authenticatorSource,
  decodePdu,
  decodeReport,
  encodePdu,
  encodeReport,
  formatTimestamp,
  inferVersion,
  type Pdu,
} from '../../electron/cmpp/wire/index.js';
import { msgIdTo22 } from '../../shared/msg-id.js';
import { FRAME_VECTORS, hex, SECRET, SP_ID, V } from './codec-vectors.js';

const UCS2_BODY = Buffer.from('6d4b8bd50067006f0063006d007000700020007300750062006d00690074', 'hex');

describe('docs/protocol.md "Test vectors" vectors', () => {
  it('CONNECT: fields, and AuthenticatorSource computed from SP_Id, secret and timestamp', () => {
    const p = decodePdu(V.connect, '2.0');
    expect(p).toEqual({
      Command_Id: 'CMPP_CONNECT',
      Sequence_Id: 0x17,
      Source_Addr: SP_ID,
      AuthenticatorSource: hex('90d00c1d517abd0b4f65f6bcf8535d16'),
      Version: 0x21,
      Timestamp: 1021080510,
    });
    expect(formatTimestamp(1021080510)).toBe('1021080510');
    expect(authenticatorSource(SP_ID, SECRET, 1021080510)).toEqual(hex('90d00c1d517abd0b4f65f6bcf8535d16'));
    // Build the frame from scratch, as a client does.
    const built = encodePdu(
      {
        Command_Id: 'CMPP_CONNECT',
        Sequence_Id: 0x17,
        Source_Addr: SP_ID,
        AuthenticatorSource: authenticatorSource(SP_ID, SECRET, 1021080510),
        Version: 0x21,
        Timestamp: 1021080510,
      },
      '2.0',
    );
    expect(built).toEqual(V.connect);
    expect(encodePdu(decodePdu(V.connect, '3.0'), '3.0')).toEqual(V.connect);
  });

  it('CONNECT_RESP 2.x: Status 1 byte, AuthenticatorISMG from Status + AuthenticatorSource + secret', () => {
    const p = decodePdu(V.connectResp20, '2.0');
    const authSource = authenticatorSource(SP_ID, SECRET, 1021080510);
    expect(p).toEqual({
      Command_Id: 'CMPP_CONNECT_RESP',
      Sequence_Id: 0x17,
      Status: 0,
      AuthenticatorISMG: authenticatorIsmg(0, '2.0', authSource, SECRET),
      Version: 0x21,
    });
    expect(authenticatorIsmg(0, '2.0', authSource, SECRET)).toEqual(hex('6c0b846e25bab6daa4ed1c466e0f4bd8'));
    expect(encodePdu(p, '2.0')).toEqual(V.connectResp20);
  });

  it('CONNECT_RESP 3.0: Status 4 bytes, and so is its part of AuthenticatorISMG', () => {
    const p = decodePdu(V.connectResp30, '3.0');
    const authSource = authenticatorSource(SP_ID, SECRET, 1021080510);
    expect(p).toEqual({
      Command_Id: 'CMPP_CONNECT_RESP',
      Sequence_Id: 0x17,
      Status: 0,
      AuthenticatorISMG: hex('7942977274098cf210ab0c16c367bc8d'),
      Version: 0x30,
    });
    expect(authenticatorIsmg(0, '3.0', authSource, SECRET)).toEqual(hex('7942977274098cf210ab0c16c367bc8d'));
    expect(authenticatorIsmg(0, '2.0', authSource, SECRET)).not.toEqual(hex('7942977274098cf210ab0c16c367bc8d'));
    expect(encodePdu(p, '3.0')).toEqual(V.connectResp30);
  });

  it('SUBMIT_RESP 2.x and 3.0: Msg_Id 0xB2B9DA8000010000, Result 0', () => {
    for (const [frame, version] of [
      [V.submitResp20, '2.0'],
      [V.submitResp30, '3.0'],
    ] as const) {
      const p = decodePdu(frame, version);
      expect(p).toEqual({ Command_Id: 'CMPP_SUBMIT_RESP', Sequence_Id: 0x17, Msg_Id: 0xb2b9da8000010000n, Result: 0 });
      expect(encodePdu(p, version)).toEqual(frame);
    }
    expect(msgIdTo22(0xb2b9da8000010000n)).toBe('1105142942000000100000');
  });

  const submitFields = {
    Command_Id: 'CMPP_SUBMIT',
    Sequence_Id: 0x17,
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
    Msg_src: SP_ID,
    FeeType: '02',
    FeeCode: '10',
    ValId_Time: '151105131555101+',
    At_Time: '',
    Src_Id: SP_ID,
    DestUsr_tl: 1,
    Dest_terminal_Id: ['13500002696'],
    Msg_Length: 30,
    Msg_Content: UCS2_BODY,
  } as const;

  it('SUBMIT 2.x (189 bytes)', () => {
    expect(V.submit20.length).toBe(189);
    const p = decodePdu(V.submit20, '2.0');
    expect(p).toEqual({ ...submitFields, Dest_terminal_Id: ['13500002696'], Reserve: '' });
    expect(Buffer.from((p as { Msg_Content: Buffer }).Msg_Content).swap16().toString('utf16le')).toBe('测试gocmpp submit');
    expect(encodePdu(p, '2.0')).toEqual(V.submit20);
    expect(encodePdu({ ...submitFields, Dest_terminal_Id: ['13500002696'] } as Pdu, '2.0')).toEqual(V.submit20);
  });

  it('SUBMIT 3.0 (225 bytes)', () => {
    expect(V.submit30.length).toBe(225);
    const p = decodePdu(V.submit30, '3.0');
    expect(p).toEqual({
      ...submitFields,
      Dest_terminal_Id: ['13500002696'],
      Fee_terminal_type: 0,
      Dest_terminal_type: 0,
      LinkID: '',
    });
    expect(encodePdu(p, '3.0')).toEqual(V.submit30);
    // The 3.0-only fields default to 0 / "" when left out.
    expect(encodePdu({ ...submitFields, Dest_terminal_Id: ['13500002696'] } as Pdu, '3.0')).toEqual(V.submit30);
  });

  it('DELIVER 2.x MO', () => {
    const p = decodePdu(V.deliverMo20, '2.0');
    expect(p).toEqual({
      Command_Id: 'CMPP_DELIVER',
      Sequence_Id: 5,
      Msg_Id: 0xb525628000010000n,
      Dest_Id: SP_ID,
      Service_Id: '',
      TP_pid: 0,
      TP_udhi: 0,
      Msg_Fmt: 0,
      Src_terminal_Id: '13412340000',
      Registered_Delivery: 0,
      Msg_Length: 18,
      Msg_Content: Buffer.from('This is a test MO.'),
      Reserved: '',
    });
    expect(encodePdu(p, '2.0')).toEqual(V.deliverMo20);
  });

  it('DELIVER_RESP 2.x', () => {
    const p = decodePdu(V.deliverResp20, '2.0');
    expect(p).toEqual({ Command_Id: 'CMPP_DELIVER_RESP', Sequence_Id: 5, Msg_Id: 0xb525628000010000n, Result: 0 });
    expect(encodePdu(p, '2.0')).toEqual(V.deliverResp20);
  });

  it('status report content, 60-byte form', () => {
    const r = decodeReport(V.report60);
    expect(r).toEqual({
      Msg_Id: 0xb4c5530000010000n,
      Stat: 'DELIVRD',
      Submit_time: '1511120955',
      Done_time: '1511120957',
      Dest_terminal_Id: '13412340000',
      SMSC_sequence: 0x12345678,
    });
    expect(encodeReport(r, 60)).toEqual(V.report60);
  });

  it('ACTIVE_TEST, ACTIVE_TEST_RESP, TERMINATE, TERMINATE_RESP', () => {
    for (const version of ['2.0', '3.0'] as const) {
      expect(decodePdu(V.activeTest, version)).toEqual({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: 0x17 });
      expect(decodePdu(V.activeTestResp, version)).toEqual({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: 0x17, Reserved: 0 });
      expect(decodePdu(V.terminate, version)).toEqual({ Command_Id: 'CMPP_TERMINATE', Sequence_Id: 0x17 });
      expect(decodePdu(V.terminateResp, version)).toEqual({ Command_Id: 'CMPP_TERMINATE_RESP', Sequence_Id: 0x17 });
    }
  });

  it('every vector re-encodes byte for byte in each version it belongs to', () => {
    for (const { name, frame, versions } of FRAME_VECTORS) {
      for (const version of versions) {
        expect(encodePdu(decodePdu(frame, version), version), `${name} ${version}`).toEqual(frame);
      }
    }
  });

  it('inferVersion tells the version-specific vectors apart by their lengths', () => {
    expect(inferVersion(V.connectResp20)?.version).toBe('2.0');
    expect(inferVersion(V.connectResp30)?.version).toBe('3.0');
    expect(inferVersion(V.submitResp20)?.version).toBe('2.0');
    expect(inferVersion(V.submitResp30)?.version).toBe('3.0');
    expect(inferVersion(V.submit20)?.version).toBe('2.0');
    expect(inferVersion(V.submit30)?.version).toBe('3.0');
    expect(inferVersion(V.deliverMo20)?.version).toBe('2.0');
    expect(inferVersion(V.deliverResp20)?.version).toBe('2.0');
    expect(inferVersion(V.connect)).toEqual({ version: '2.0', reason: expect.stringContaining('0x21') });
    const same = inferVersion(V.activeTest, '2.0');
    expect(same?.version).toBe('2.0');
    expect(same?.reason).toMatch(/same layout in both versions/);
    expect(inferVersion(V.terminate)?.version).toBe('3.0');
  });
});
