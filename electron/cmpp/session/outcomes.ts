// What the application hands to the account pool and what it gets back. PDU field names at the wire
// boundary (docs/protocol.md "Message bodies"), camelCase for the session's own values.
import type { CancelResp, Deliver, QueryResp, Submit } from '../wire/pdu.js';
import type { StatusReport } from '../wire/report.js';

/**
 * The SUBMIT PDU fields except the header and Msg_Id (the SP sends 0, docs/protocol.md "Message bodies"). DestUsr_tl and
 * Msg_Length follow from Dest_terminal_Id and Msg_Content; when given they must agree.
 */
export type SubmitRequest = Omit<Submit, 'Command_Id' | 'Sequence_Id' | 'Msg_Id' | 'DestUsr_tl' | 'Msg_Length' | 'nonCanonical'> & {
  DestUsr_tl?: number;
  Msg_Length?: number;
};

export type SubmitFailureCode =
  /** SUBMIT_RESP with a non-zero Result other than 8: refused, definitely not sent. */
  | 'result'
  /** Result 8 still after the configured number of flow-control resends. */
  | 'flow-control'
  /** N sends without a response (docs/protocol.md "Timers and flow control"): in doubt. */
  | 'timeout'
  /** Written on a connection that died before the response, and not resubmitted: in doubt. */
  | 'connection-lost'
  /** The pool was stopped before a response. */
  | 'stopped'
  /** The account cannot log in (Status 2, 3, 4 or a strict AuthenticatorISMG mismatch). */
  | 'login-failed'
  /** The request cannot be encoded or breaks an account setting; nothing was sent. */
  | 'invalid';

export interface SubmitOk {
  ok: true;
  /** SUBMIT_RESP Msg_Id; for N destinations it stands for Msg_Id .. Msg_Id + N - 1 (docs/protocol.md "Msg_Id"). */
  msgId: bigint;
  connectionId: number;
  sequenceId: number;
  /** Times the PDU was written (resends and resubmissions included). */
  sends: number;
}

export interface SubmitFailure {
  ok: false;
  code: SubmitFailureCode;
  /** One line for the operator, with the code's meaning. */
  reason: string;
  /** The PDU was handed to a socket at least once. */
  written: boolean;
  /** Written and no definite answer: the gateway may or may not have it (the outbox marks it in_doubt). */
  inDoubt: boolean;
  /** SUBMIT_RESP Result, for 'result' and 'flow-control'. */
  result?: number;
  /** SUBMIT_RESP Msg_Id when the gateway sent one with a failure. */
  msgId?: bigint;
  connectionId?: number;
  /** The last Sequence_Id used, so a late response logged by the pool can be correlated. */
  sequenceId?: number;
  sends: number;
  /** For 'invalid': the field at fault. */
  field?: string;
}

export type SubmitOutcome = SubmitOk | SubmitFailure;

export type RequestFailureCode = 'timeout' | 'connection-lost' | 'stopped' | 'login-failed' | 'invalid';

export type RequestOutcome<T> =
  | { ok: true; value: T; connectionId: number }
  | { ok: false; code: RequestFailureCode; reason: string; field?: string };

export type QueryOutcome = RequestOutcome<QueryResp>;
export type CancelOutcome = RequestOutcome<CancelResp>;

export interface QueryRequest {
  /** YYYYMMDD; default today (local time). */
  time?: string;
  /** 0 totals (default), 1 by service (then `code` is the Service_Id). */
  type?: 0 | 1;
  code?: string;
}

export interface DeliverInfo {
  /** The account's name (AccountConnectionConfig.name, default SP_Id). */
  account: string;
  connectionId: number;
  slot: number;
  /** Date.now() when the frame was read. */
  receivedAt: number;
  /** Decoded Msg_Content when Registered_Delivery = 1 and it decodes. */
  report?: StatusReport;
  /** Why a status report's content did not decode (the DELIVER is still handed over). */
  reportError?: string;
}

/**
 * Receives a DELIVER (MO or status report). DELIVER_RESP (Result 0) is sent when it returns or its
 * promise resolves; if it throws or rejects, no DELIVER_RESP is sent and the gateway resends later
 * (the same Msg_Id: recognising the duplicate is the application's business).
 */
export type DeliverHandler = (deliver: Deliver, info: DeliverInfo) => Promise<void> | void;

export interface InFlightLostContext {
  connectionId: number;
  sends: number;
  /** The recipient pays (FeeType not "01" and a non-zero FeeCode): a resend may bill twice (docs/protocol.md "Timers and flow control"). */
  charged: boolean;
}

/** 'resubmit' on another connection, or 'hand-back' as in doubt (SubmitFailure code 'connection-lost'). */
export type InFlightLostPolicy = (request: SubmitRequest, ctx: InFlightLostContext) => 'resubmit' | 'hand-back';

export interface StopOptions {
  /** Bound on waiting for responses to what is in flight. Default 5000. */
  timeoutMs?: number;
  /** Bound on waiting for TERMINATE_RESP. Default 2000. */
  terminateTimeoutMs?: number;
}

export interface StopResult {
  /** Requests never written to a socket, handed back ('stopped', written false). */
  notSent: SubmitRequest[];
  /** Requests written without a response by the deadline ('stopped', in doubt). */
  inDoubt: SubmitRequest[];
  /** Connections that exchanged TERMINATE / TERMINATE_RESP. */
  terminated: number;
  /** Connections that were open when the stop began. */
  connections: number;
}

/** "Recipient pays" per docs/protocol.md "Message bodies" FeeType / FeeCode. */
export function isCharged(req: Pick<Submit, 'FeeType' | 'FeeCode'>): boolean {
  return req.FeeType !== '01' && /[1-9]/.test(req.FeeCode ?? '');
}
