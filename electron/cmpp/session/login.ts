// The login of one connection: the CONNECT it sends, the judgement of the CONNECT_RESP (Status,
// AuthenticatorISMG, the layout the gateway answered in), and what an early close means for the
// operator (a refused TCP connect, an allow-list that closes after CONNECT or right after login).
import type { ResolvedAccountConfig } from './account-config.js';
import type { CloseInfo, ConnectionState } from './connection-state.js';
import type { LogLevel } from './pool-events.js';
import { authenticatorIsmg, authenticatorSource, authenticatorsEqual } from '../wire/auth.js';
import { decodePdu, encodePdu, inferVersion } from '../wire/codec.js';
import type { ConnectResp } from '../wire/pdu.js';
import { connectStatusText, isConfigurationStatus } from '../wire/result-codes.js';
import { cmppTimestamp } from '../wire/timestamp.js';
import type { CmppVersion } from '../wire/version.js';

const LOGIN_HINT: Record<number, string> = {
  2: 'check the account SP_Id (Source_Addr)',
  3: 'check the shared secret',
  4: 'the gateway does not support this version: set the account version to 2.0',
};

const ALLOW_LIST_HINT = "check that this machine's IP is on the gateway's allow-list";

export interface ConnectRequest {
  frame: Buffer;
  /** AuthenticatorSource as sent: the CONNECT_RESP's AuthenticatorISMG is computed over it. */
  authSource: Buffer;
}

/** CONNECT with a fresh Timestamp and its AuthenticatorSource (docs/protocol.md "Authenticators"). */
export function connectRequest(cfg: ResolvedAccountConfig, sequenceId: number): ConnectRequest {
  const timestamp = cmppTimestamp(new Date());
  const authSource = authenticatorSource(cfg.spId, cfg.secret, timestamp);
  const frame = encodePdu(
    { Command_Id: 'CMPP_CONNECT', Sequence_Id: sequenceId, Source_Addr: cfg.spId, AuthenticatorSource: authSource, Version: cfg.versionByte, Timestamp: timestamp },
    cfg.version,
  );
  return { frame, authSource };
}

export interface LoginNote {
  level: LogLevel;
  code: string;
  message: string;
  hex?: string;
}

export type LoginVerdict =
  /** Logged in; `notes` are what the operator should still know (a bad authenticator tolerated, a layout mismatch). */
  | { ok: true; notes: LoginNote[] }
  | { ok: false; info: CloseInfo; notes: LoginNote[] };

/** Judges a CONNECT_RESP frame. */
export function judgeConnectResp(frame: Buffer, cfg: ResolvedAccountConfig, authSource: Buffer): LoginVerdict {
  const notes: LoginNote[] = [];
  // docs/protocol.md "Message bodies": CONNECT_RESP is 30 bytes in 2.x, 33 in 3.0; judge by the length, since a gateway
  // refusing our version may answer in its own layout.
  const layout: CmppVersion = inferVersion(frame, cfg.version)?.version ?? cfg.version;
  let resp: ConnectResp;
  try {
    resp = decodePdu(frame, layout) as ConnectResp;
  } catch (e) {
    const reason = `undecodable CONNECT_RESP: ${(e as Error).message}`;
    notes.push({ level: 'error', code: 'login-malformed', message: reason, hex: frame.toString('hex') });
    return { ok: false, info: { code: 'login-malformed', reason, fatal: false }, notes };
  }
  if (resp.Status !== 0) {
    const s = resp.Status;
    const hint = LOGIN_HINT[s];
    const reason = `login refused by the gateway: Status ${s} (${connectStatusText(s)})${hint ? `: ${hint}` : ''}`;
    return { ok: false, info: { code: 'login-status', status: s, fatal: isConfigurationStatus(s), reason }, notes };
  }
  // docs/protocol.md "Authenticators": AuthenticatorISMG = MD5(Status as sent + AuthenticatorSource + secret).
  const expected = authenticatorIsmg(resp.Status, layout, authSource, cfg.secret);
  if (!authenticatorsEqual(expected, resp.AuthenticatorISMG)) {
    const what = 'AuthenticatorISMG in CONNECT_RESP does not match the shared secret';
    if (cfg.strictAuthenticator) {
      return { ok: false, info: { code: 'authenticator', fatal: true, reason: `${what}: login refused (the account requires a valid AuthenticatorISMG)` }, notes };
    }
    notes.push({ level: 'warn', code: 'authenticator', message: `${what}; continuing (the account does not require it)` });
  }
  if (layout !== cfg.version) {
    notes.push({ level: 'warn', code: 'version', message: `CONNECT_RESP arrived in the ${layout} layout although we logged in with ${cfg.version}` });
  }
  return { ok: true, notes };
}

export interface EarlyClose {
  /** The state the connection was in when the socket closed. */
  prev: ConnectionState;
  socketError: Error | undefined;
  /** Frames received since the login succeeded. */
  receivedSinceReady: number;
  /** performance.now() of the login (0 before). */
  readyAt: number;
}

/** Why the gateway's side closed, worded for the operator. */
export function peerCloseInfo(cfg: ResolvedAccountConfig, c: EarlyClose): CloseInfo {
  const err = c.socketError;
  const detail = err ? `: ${err.message}` : '';
  const where = `${cfg.host}:${cfg.port}`;
  if (c.prev === 'connecting') {
    const code = err && cfg.tls && !(err as NodeJS.ErrnoException).syscall ? 'TLS handshake failed' : 'cannot connect';
    return { code: 'network', reason: `${code} to ${where}${detail}`, fatal: false };
  }
  if (c.prev === 'logging-in') {
    return { code: 'closed-during-login', reason: `closed by the gateway after CONNECT, without a CONNECT_RESP: ${ALLOW_LIST_HINT}${detail}`, fatal: false };
  }
  if (c.receivedSinceReady === 0 && performance.now() - c.readyAt < cfg.closedAfterLoginMs) {
    return { code: 'closed-after-login', reason: `closed by the gateway right after login: ${ALLOW_LIST_HINT}`, fatal: false };
  }
  return { code: 'peer-closed', reason: `connection closed by the gateway${detail}`, fatal: false };
}
