// A connection's states and why it closes: the codes the pool turns into reconnects, a failed
// account or a stop, and the operator reads in the log (docs/protocol.md "Timers and flow control").

export type ConnectionState = 'connecting' | 'logging-in' | 'ready' | 'terminating' | 'closed';

export type CloseCode =
  /** CONNECT_RESP Status != 0. */
  | 'login-status'
  /** AuthenticatorISMG mismatch with strictAuthenticator. */
  | 'authenticator'
  | 'login-timeout'
  /** CONNECT_RESP that could not be decoded. */
  | 'login-malformed'
  /** Closed by the gateway after CONNECT, without a CONNECT_RESP. */
  | 'closed-during-login'
  /** Closed by the gateway right after a successful login, nothing else received. */
  | 'closed-after-login'
  /** TCP connect or TLS handshake failed. */
  | 'network'
  /** Closed by the gateway (or reset) while ready. */
  | 'peer-closed'
  | 'peer-terminate'
  /** Link test or watchdog: nothing received for C + N x T. */
  | 'dead-peer'
  /** Unframeable bytes from the gateway (docs/protocol.md "Gateway quirks tolerated"). */
  | 'framing'
  /** Closed by us: the gateway left a SUBMIT unanswered N times here and it must go out again. */
  | 'unanswered'
  /** Closed by us: stop() or the account failed. */
  | 'stopped';

export interface CloseInfo {
  code: CloseCode;
  reason: string;
  /** Reconnecting cannot help (docs/protocol.md "Timers and flow control": login Status 2, 3, 4; strict authenticator). */
  fatal: boolean;
  /** CONNECT_RESP Status for 'login-status'. */
  status?: number;
}
