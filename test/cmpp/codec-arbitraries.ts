// fast-check arbitraries: random VALID PDUs of every type for one version (used by the property
// tests and, as seeds, by the fuzzer).
import fc from 'fast-check';
import type { CmppVersion, Pdu } from '../../electron/cmpp/wire/index.js';

export const u8 = fc.integer({ min: 0, max: 255 });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });

/** An Octet String value: latin1 without NUL, at most `max` characters (a full field is legal). */
export const octets = (max: number) =>
  fc.string({ unit: fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: max });

/** Mostly printable values, like real traffic, with the odd full or high-byte one. */
export const field = (max: number) => fc.oneof({ weight: 3, arbitrary: fc.stringMatching(new RegExp(`^[0-9A-Za-z+ ]{0,${max}}$`)) }, { weight: 1, arbitrary: octets(max) });

export const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));

const sizes = (version: CmppVersion) => (version === '2.0' ? { term: 21, status: 'u8' } : { term: 32, status: 'u32' });

export function pduArb(version: CmppVersion, opts: { maxDest?: number } = {}): fc.Arbitrary<Pdu> {
  const { term } = sizes(version);
  const v3 = version === '3.0';
  const status = v3 ? u32 : u8;
  const seq = u32;
  const maxDest = opts.maxDest ?? 99;

  const connect = fc.record({
    Command_Id: fc.constant('CMPP_CONNECT' as const),
    Sequence_Id: seq,
    Source_Addr: field(6),
    AuthenticatorSource: bytes(16, 16),
    Version: u8,
    Timestamp: u32,
  });
  const connectResp = fc.record({
    Command_Id: fc.constant('CMPP_CONNECT_RESP' as const),
    Sequence_Id: seq,
    Status: status,
    AuthenticatorISMG: bytes(16, 16),
    Version: u8,
  });
  const headerOnly = (name: 'CMPP_TERMINATE' | 'CMPP_TERMINATE_RESP' | 'CMPP_ACTIVE_TEST') =>
    fc.record({ Command_Id: fc.constant(name), Sequence_Id: seq });
  const submit = fc
    .record({
      Sequence_Id: seq,
      Msg_Id: u64,
      Pk_total: u8,
      Pk_number: u8,
      Registered_Delivery: u8,
      Msg_level: u8,
      Service_Id: field(10),
      Fee_UserType: u8,
      Fee_terminal_Id: field(term),
      Fee_terminal_type: u8,
      TP_pId: u8,
      TP_udhi: u8,
      Msg_Fmt: fc.oneof(fc.constantFrom(0, 8, 15, 4), u8),
      Msg_src: field(6),
      FeeType: field(2),
      FeeCode: field(6),
      ValId_Time: field(17),
      At_Time: field(17),
      Src_Id: field(21),
      Dest_terminal_Id: fc.array(field(term), { minLength: 1, maxLength: maxDest }),
      Dest_terminal_type: u8,
      body: bytes(0, 159),
      Reserve: field(8),
      LinkID: field(20),
    })
    .map(({ body, Fee_terminal_type, Dest_terminal_type, Reserve, LinkID, ...r }) => {
      const content = body.subarray(0, r.Msg_Fmt === 0 ? 159 : 140);
      return {
        Command_Id: 'CMPP_SUBMIT' as const,
        ...r,
        DestUsr_tl: r.Dest_terminal_Id.length,
        Msg_Length: content.length,
        Msg_Content: content,
        ...(v3 ? { Fee_terminal_type, Dest_terminal_type, LinkID } : { Reserve }),
      };
    });
  const submitResp = fc.record({ Command_Id: fc.constant('CMPP_SUBMIT_RESP' as const), Sequence_Id: seq, Msg_Id: u64, Result: status });
  const deliver = fc
    .record({
      Sequence_Id: seq,
      Msg_Id: u64,
      Dest_Id: field(21),
      Service_Id: field(10),
      TP_pid: u8,
      TP_udhi: u8,
      Msg_Fmt: u8,
      Src_terminal_Id: field(term),
      Src_terminal_type: u8,
      Registered_Delivery: u8,
      Msg_Content: bytes(0, 255),
      Reserved: field(8),
      LinkID: field(20),
    })
    .map(({ Src_terminal_type, Reserved, LinkID, ...r }) => {
      const { Msg_Content, ...rest } = r;
      return {
        Command_Id: 'CMPP_DELIVER' as const,
        ...rest,
        ...(v3 ? { Src_terminal_type } : {}),
        Msg_Length: Msg_Content.length,
        Msg_Content,
        ...(v3 ? { LinkID } : { Reserved }),
      };
    });
  const deliverResp = fc.record({ Command_Id: fc.constant('CMPP_DELIVER_RESP' as const), Sequence_Id: seq, Msg_Id: u64, Result: status });
  const query = fc.record({
    Command_Id: fc.constant('CMPP_QUERY' as const),
    Sequence_Id: seq,
    Time: field(8),
    Query_Type: u8,
    Query_Code: field(10),
    Reserve: field(8),
  });
  const queryResp = fc.record({
    Command_Id: fc.constant('CMPP_QUERY_RESP' as const),
    Sequence_Id: seq,
    Time: field(8),
    Query_Type: u8,
    Query_Code: field(10),
    MT_TLMsg: u32,
    MT_Tlusr: u32,
    MT_Scs: u32,
    MT_WT: u32,
    MT_FL: u32,
    MO_Scs: u32,
    MO_WT: u32,
    MO_FL: u32,
  });
  const cancel = fc.record({ Command_Id: fc.constant('CMPP_CANCEL' as const), Sequence_Id: seq, Msg_Id: u64 });
  const cancelResp = fc.record({ Command_Id: fc.constant('CMPP_CANCEL_RESP' as const), Sequence_Id: seq, Success_Id: status });
  const activeTestResp = fc.record({ Command_Id: fc.constant('CMPP_ACTIVE_TEST_RESP' as const), Sequence_Id: seq, Reserved: u8 });

  return fc.oneof(
    connect,
    connectResp,
    headerOnly('CMPP_TERMINATE'),
    headerOnly('CMPP_TERMINATE_RESP'),
    submit,
    submitResp,
    deliver,
    deliverResp,
    query,
    queryResp,
    cancel,
    cancelResp,
    headerOnly('CMPP_ACTIVE_TEST'),
    activeTestResp,
  ) as fc.Arbitrary<Pdu>;
}

/** Every PDU type name the arbitrary produces (to check coverage). */
export const ALL_PDU_NAMES = [
  'CMPP_CONNECT',
  'CMPP_CONNECT_RESP',
  'CMPP_TERMINATE',
  'CMPP_TERMINATE_RESP',
  'CMPP_SUBMIT',
  'CMPP_SUBMIT_RESP',
  'CMPP_DELIVER',
  'CMPP_DELIVER_RESP',
  'CMPP_QUERY',
  'CMPP_QUERY_RESP',
  'CMPP_CANCEL',
  'CMPP_CANCEL_RESP',
  'CMPP_ACTIVE_TEST',
  'CMPP_ACTIVE_TEST_RESP',
] as const;
