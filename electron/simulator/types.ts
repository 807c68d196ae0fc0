// The simulator's public types: the contract between the SP client's tests and the simulator.
import type { CmppVersion } from '../cmpp/wire/version.js';
import type { Pdu } from '../cmpp/wire/pdu.js';
import type { SimClock } from './timer-queue.js';

export interface SimAccount {
  spId: string;
  secret: string;
  /** Layout family. '2.0' accepts CONNECT Version 0x20 and 0x21 (and 0x00/0x01); '3.0' accepts 0x30 and, in the 2.x layout, 0x2x clients. */
  version: CmppVersion;
  /** ISMG code stamped into this account's Msg_Ids (22 bits); default SimulatorOptions.ismgCode. */
  ismgCode?: number;
  /** '3.0' accounts only: also accept 2.x clients, speaking the 2.x layout to them (default true). */
  acceptOlder?: boolean;
  /** When set, a SUBMIT whose Src_Id does not start with it gets Result 10. */
  srcIdPrefix?: string;
  /** When set, a SUBMIT with another Service_Id gets Result 7. */
  serviceIds?: string[];
}

export interface ReportBehaviour {
  /** Delay before the report; default { min: 0, max: 1000 } ("every report within a second"). */
  delayMs?: number | { min: number; max: number };
  /** Stat weights, e.g. { DELIVRD: 0.9, UNDELIV: 0.05, 'MK:0012': 0.05 }; default { DELIVRD: 1 }. */
  statMix?: Record<string, number>;
  /**
   * The Stat of every report to these destinations, whatever the mix draws: handsets a real gateway
   * always fails (a number out of service), so a run fails exactly the recipients a test chose.
   */
  statByNumber?: Record<string, string>;
  /** Report content length; 'version' = 60 on a 2.x connection, 71 on a 3.0 one (default). */
  form?: 60 | 71 | 'version';
  /** Fraction of reports sent twice (the second copy is a new DELIVER with its own Msg_Id). */
  duplicateRate?: number;
  /** Fraction of reports written before their SUBMIT_RESP. */
  beforeResponseRate?: number;
  /** Fraction of reports never sent. */
  neverRate?: number;
  /** Fraction of reports delayed by lateMs instead of delayMs. */
  lateRate?: number;
  lateMs?: number;
}

export interface SimulatorOptions {
  /** Default '127.0.0.1' (never 0.0.0.0 unless asked). */
  host?: string;
  /** Default 7890; tests pass 0 for an ephemeral port. */
  port?: number;
  accounts: SimAccount[];
  /** ISMG code for Msg_Ids (22 bits), default 1. */
  ismgCode?: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  reports?: ReportBehaviour;
  /** Messages/s per account, each SUBMIT counted DestUsr_tl times; above it SUBMIT_RESP Result 8. */
  rateLimit?: number;
  /** Max outstanding requests tolerated per connection (default 16); violations are recorded, not refused. */
  window?: number;
  /** Resend an unacknowledged DELIVER after this (default 60000), and again on the account's next connection. */
  deliverResendMs?: number;
  /** Sends of one DELIVER on one connection before it waits for the account's next connection (default 3, docs/protocol.md "Timers and flow control" N). */
  deliverMaxSends?: number;
  /** 0 = the simulator never sends ACTIVE_TEST itself (default 0). */
  activeTestIntervalMs?: number;
  /** Record every received PDU in `received` (default true; benchmarks and the CLI turn it off). */
  record?: boolean;
  /** Diagnostic lines (framing errors, unknown commands, ...); default: discarded. */
  log?: (line: string) => void;
  /**
   * Where time comes from for every delay the simulator schedules (reports, DELIVER resends, delayed
   * responses, link tests), the rate limit's sliding second and Msg_Id timestamps; default the system
   * clock. Tests pass a manual clock to move time themselves.
   */
  clock?: SimClock;
}

export interface MoRequest {
  spId?: string;
  /** Src_terminal_Id: the handset. */
  from: string;
  /** Dest_Id: the number the user texted, e.g. Src_Id + extension. */
  to: string;
  text: string;
  serviceId?: string;
  /** Default: 0 when the text is printable ASCII, else 8 (UCS2). */
  msgFmt?: 0 | 8 | 15;
  /** UDH for long MOs: 6 (8-bit reference, default) or 7 (16-bit reference). */
  udhLength?: 6 | 7;
  /** TP_udhi value on segments with a UDH: 1 (default) or 0x40 as many gateways send. */
  tpUdhi?: 1 | 0x40;
  /** LinkID (3.0 connections only). */
  linkId?: string;
  /** Send the segments in random order. */
  shuffle?: boolean;
  /** Send one segment twice (as a fresh DELIVER). */
  duplicate?: boolean;
}

export interface RecordedPdu {
  at: number;
  connectionId: number;
  spId?: string;
  pdu: Pdu;
}

export interface SimStats {
  maxOutstanding: number;
  windowViolations: number;
  submits: number;
  reportsSent: number;
  reportsAcked: number;
  deliversResent: number;
  flowControlled: number;
  /** Most SUBMITted messages (PDUs x DestUsr_tl, accepted or not) received in any sliding 1-second window. */
  maxMessagesInAnySecond: number;
  /** MO DELIVERs written (first sends only). */
  mosSent: number;
  mosAcked: number;
  /** Frames the simulator could not take: framing errors, undecodable bodies, unknown Command_Ids. */
  badFrames: number;
}

export interface SimFaults {
  /** 0..1 of requests get no response at all (the request itself is still processed, like a lost response). */
  dropResponses(rate: number): void;
  delayResponses(ms: number): void;
  /** Close each connection when it receives its N-th PDU (that PDU is neither processed nor answered). */
  disconnectAfter(pdus: number | undefined): void;
  /** Per received PDU: that PDU is neither processed nor answered and the connection is destroyed. */
  disconnectRandomly(rate: number): void;
  /** Answer Result 8 to this fraction of SUBMITs. */
  flowControl(rate: number): void;
  /** Bad AuthenticatorISMG in CONNECT_RESP. */
  wrongAuthenticator(on: boolean): void;
  /** Accept the login, then close at once (the symptom of an IP allow-list). */
  closeAfterLogin(on: boolean): void;
  /** To every live connection: 'too-long' (Total_Length 5000, default), 'too-short' (Total_Length 5) or 'bad-body' (a DELIVER whose Msg_Length disagrees with its length). */
  sendMalformedFrame(kind?: MalformedKind): void;
  /** Stop answering everything incl. ACTIVE_TEST and hold every DELIVER (a dead peer). */
  silence(on: boolean): void;
  /** Destroy sockets now. */
  killConnections(spId?: string): void;
}

export type MalformedKind = 'too-long' | 'too-short' | 'bad-body';
