// PDU objects at the wire boundary. Field names are exactly the CMPP spec's (docs/protocol.md "Message bodies"), one
// discriminated union on Command_Id. Octet strings are JS strings (latin1, read up to the first
// NUL); 64-bit fields are bigint; raw byte fields are Buffers (on decode: views of the frame).
// Fields marked 2.0 / 3.0 exist only in that version's layout: when encoding, a missing field of
// the target version defaults to 0 / "", and a non-empty field of the other version is an error
// (never silently dropped).
import type { QueryCounts } from './query.js';

export interface PduBase {
  Sequence_Id: number;
  /**
   * Octet fields whose bytes after the first NUL were not all zero (field name, or
   * "Dest_terminal_Id[i]" for list entries -> exact raw bytes). The encoder writes these bytes
   * back while the string value still equals their text up to the NUL, so re-encoding is
   * byte-exact. ACTIVE_TEST_RESP records a 12-byte form as `Reserved` -> empty Buffer.
   */
  nonCanonical?: Record<string, Buffer>;
}

export interface Connect extends PduBase {
  Command_Id: 'CMPP_CONNECT';
  /** SP_Id, 6 octets. */
  Source_Addr: string;
  /** 16 bytes, see authenticatorSource(). */
  AuthenticatorSource: Buffer;
  /** Version byte as sent: 0x20, 0x21, 0x30 (high nibble major). */
  Version: number;
  /** MMDDHHMMSS as a number; see formatTimestamp() for its 10-digit text. */
  Timestamp: number;
}

export interface ConnectResp extends PduBase {
  Command_Id: 'CMPP_CONNECT_RESP';
  /** 1 byte in 2.0, 4 in 3.0. */
  Status: number;
  AuthenticatorISMG: Buffer;
  Version: number;
}

export interface Terminate extends PduBase {
  Command_Id: 'CMPP_TERMINATE';
}

export interface TerminateResp extends PduBase {
  Command_Id: 'CMPP_TERMINATE_RESP';
}

export interface Submit extends PduBase {
  Command_Id: 'CMPP_SUBMIT';
  Msg_Id: bigint;
  Pk_total: number;
  Pk_number: number;
  Registered_Delivery: number;
  Msg_level: number;
  Service_Id: string;
  Fee_UserType: number;
  Fee_terminal_Id: string;
  /** 3.0 only. */
  Fee_terminal_type?: number;
  TP_pId: number;
  /** Raw byte; test it with hasUdh(). */
  TP_udhi: number;
  Msg_Fmt: number;
  Msg_src: string;
  FeeType: string;
  FeeCode: string;
  ValId_Time: string;
  At_Time: string;
  Src_Id: string;
  /** 1..99, equals Dest_terminal_Id.length. */
  DestUsr_tl: number;
  Dest_terminal_Id: string[];
  /** 3.0 only: one byte after the whole list. */
  Dest_terminal_type?: number;
  /** Equals Msg_Content.length; Msg_Fmt 0: at most 159, otherwise at most 140. */
  Msg_Length: number;
  Msg_Content: Buffer;
  /** 2.0 only. */
  Reserve?: string;
  /** 3.0 only. */
  LinkID?: string;
}

export interface SubmitResp extends PduBase {
  Command_Id: 'CMPP_SUBMIT_RESP';
  Msg_Id: bigint;
  /** 1 byte in 2.0, 4 in 3.0. */
  Result: number;
}

export interface Deliver extends PduBase {
  Command_Id: 'CMPP_DELIVER';
  Msg_Id: bigint;
  Dest_Id: string;
  Service_Id: string;
  TP_pid: number;
  /** Raw byte; test it with hasUdh(). */
  TP_udhi: number;
  Msg_Fmt: number;
  Src_terminal_Id: string;
  /** 3.0 only. */
  Src_terminal_type?: number;
  /** 0 = MO, 1 = status report (decode Msg_Content with decodeReport()). */
  Registered_Delivery: number;
  Msg_Length: number;
  Msg_Content: Buffer;
  /** 2.0 only. */
  Reserved?: string;
  /** 3.0 only. */
  LinkID?: string;
}

export interface DeliverResp extends PduBase {
  Command_Id: 'CMPP_DELIVER_RESP';
  Msg_Id: bigint;
  /** 1 byte in 2.0, 4 in 3.0. */
  Result: number;
}

export interface Query extends PduBase {
  Command_Id: 'CMPP_QUERY';
  /** YYYYMMDD. */
  Time: string;
  /** 0 totals, 1 by service. */
  Query_Type: number;
  Query_Code: string;
  Reserve: string;
}

/** The eight counters are QUERY_COUNTERS (query.ts). */
export interface QueryResp extends PduBase, QueryCounts {
  Command_Id: 'CMPP_QUERY_RESP';
  Time: string;
  Query_Type: number;
  Query_Code: string;
}

export interface Cancel extends PduBase {
  Command_Id: 'CMPP_CANCEL';
  Msg_Id: bigint;
}

export interface CancelResp extends PduBase {
  Command_Id: 'CMPP_CANCEL_RESP';
  /** 0 ok, 1 failed; 1 byte in 2.0, 4 in 3.0. */
  Success_Id: number;
}

export interface ActiveTest extends PduBase {
  Command_Id: 'CMPP_ACTIVE_TEST';
}

export interface ActiveTestResp extends PduBase {
  Command_Id: 'CMPP_ACTIVE_TEST_RESP';
  /**
   * Absent only when a 12-byte response was received (then nonCanonical.Reserved is an empty
   * Buffer and re-encoding gives 12 bytes again); otherwise 13 bytes are sent, Reserved
   * defaulting to 0 (docs/protocol.md "Message bodies").
   */
  Reserved?: number;
}

export type Pdu =
  | Connect
  | ConnectResp
  | Terminate
  | TerminateResp
  | Submit
  | SubmitResp
  | Deliver
  | DeliverResp
  | Query
  | QueryResp
  | Cancel
  | CancelResp
  | ActiveTest
  | ActiveTestResp;

/** The Command_Id names this codec encodes and decodes (the SP <-> ISMG set). */
export type PduName = Pdu['Command_Id'];

/** The PDU type of one command, e.g. PduOf<'CMPP_SUBMIT'>. */
export type PduOf<N extends PduName> = Extract<Pdu, { Command_Id: N }>;

/** TP_udhi as real gateways send it (1 or 0x40): docs/protocol.md "Long messages and encodings" reads it as (TP_udhi & 0x41) != 0. */
export function hasUdh(tpUdhi: number): boolean {
  return (tpUdhi & 0x41) !== 0;
}
