// Settings of one gateway account as the SP-side session uses them, with the spec defaults
// (docs/protocol.md "Timers and flow control": C = 180 s, T = 60 s, N = 3, W = 16) and their validation. Everything is configurable;
// tests use small timer values.
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { BackoffOptions } from './backoff.js';
import { CmppError } from '../wire/errors.js';
import type { FlowControlOptions } from './rate-limiter.js';
import type { DeliverHandler, InFlightLostPolicy } from './outcomes.js';
import { VERSION_BYTE, layoutOfVersionByte, type CmppVersion } from '../wire/version.js';
import { ACCOUNT_DEFAULTS as D, ACCOUNT_LIMITS as L } from '../../../shared/account-defaults.js';

export interface AccountConnectionConfig {
  /** Label used in events and DeliverInfo.account; default spId. */
  name?: string;
  host: string;
  port: number;
  /** TLS options (ca, rejectUnauthorized, servername, cert/key, ...), or true for the defaults. */
  tls?: boolean | TlsConnectionOptions;
  version: CmppVersion;
  /** Version byte sent in CONNECT; default 0x20 / 0x30. Must belong to `version`'s layout (e.g. 0x21 for 2.0). */
  versionByte?: number;
  /** Source_Addr, 6 characters. */
  spId: string;
  secret: string;
  /** A wrong AuthenticatorISMG refuses the login (true) or is a warning (false, default; docs/protocol.md "Authenticators"). */
  strictAuthenticator?: boolean;
  /** Connections kept open for this account. Default: the account default. */
  connections?: number;
  /** W: requests awaiting responses per connection. Default: the account default. */
  window?: number;
  /** Messages/second as the gateway counts them (PDUs x destinations); shared by the connections. Default: unlimited until a Result 8. */
  rate?: number;
  /** Extra length of the rate limiter's hard window (see rate-limiter.ts). Default 50 ms. */
  rateGuardMs?: number;
  /** Adaptive slow-down on Result 8. */
  flowControl?: FlowControlOptions;
  /** At most this many resends of one SUBMIT after Result 8, then it fails with code 'flow-control'. Default 5. */
  maxFlowControlResends?: number;
  /** Destinations per SUBMIT accepted by submit() (docs/protocol.md "Message bodies", "Group sends": an account setting). Default 99. */
  maxDestinations?: number;
  /** T: wait for a response before resending the same PDU. Default: the account default (shared/account-defaults.ts). */
  requestTimeoutMs?: number;
  /** N: sends of one request without an answer before giving up. Default: the account default. */
  maxSends?: number;
  /** C: idle time (nothing received) before an ACTIVE_TEST. Default: the account default. */
  activeTestIntervalMs?: number;
  /** T for ACTIVE_TEST. Default: the account's T. */
  activeTestTimeoutMs?: number;
  /** N for ACTIVE_TEST: unanswered sends before the peer is declared dead. Default: the account's N. */
  activeTestMaxSends?: number;
  /** TCP (+TLS) connect and CONNECT_RESP wait. Default 30000. */
  loginTimeoutMs?: number;
  /** A close by the gateway this soon after a successful login, with nothing received since, is reported as the IP allow-list symptom. Default 3000. */
  closedAfterLoginMs?: number;
  /** Reconnect back-off; `resetAfterMs`: a connection that stayed ready this long starts the next back-off from the beginning (default 10000). */
  backoff?: BackoffOptions & { resetAfterMs?: number };
  /** Receives every MO and status report of the account; DELIVER_RESP is sent when it resolves. */
  onDeliver: DeliverHandler;
  /** What to do with a SUBMIT that was written on a connection that died before its response. Default: resubmit free messages, hand back charged ones. */
  onInFlightLost?: InFlightLostPolicy;
}

export type ResolvedAccountConfig = Required<Omit<AccountConnectionConfig, 'tls' | 'rate' | 'flowControl' | 'onInFlightLost' | 'backoff'>> & {
  tls: TlsConnectionOptions | undefined;
  rate: number | undefined;
  flowControl: FlowControlOptions;
  onInFlightLost: InFlightLostPolicy | undefined;
  backoff: BackoffOptions & { resetAfterMs: number };
};

/** A setting that cannot work; thrown by the pool's constructor. */
export class CmppConfigError extends CmppError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('CMPP_CONFIG', `${field}: ${message}`);
    this.field = field;
  }
}

function positiveInt(field: string, v: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new CmppConfigError(field, `must be an integer from 1 to ${max}, got ${v}`);
  return v;
}

function positiveMs(field: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new CmppConfigError(field, `must be a positive number of milliseconds, got ${v}`);
  return v;
}

export function resolveAccountConfig(c: AccountConnectionConfig): ResolvedAccountConfig {
  if (c.version !== '2.0' && c.version !== '3.0') throw new CmppConfigError('version', `must be "2.0" or "3.0", got ${JSON.stringify(c.version)}`);
  // docs/protocol.md "Message bodies": Source_Addr is 6 octets; the codec would refuse a longer one at every login.
  if (typeof c.spId !== 'string' || c.spId.length === 0 || c.spId.length > 6) throw new CmppConfigError('spId', `must be 1 to 6 characters, got ${JSON.stringify(c.spId)}`);
  if (typeof c.secret !== 'string') throw new CmppConfigError('secret', 'must be a string');
  if (typeof c.host !== 'string' || c.host === '') throw new CmppConfigError('host', 'is required');
  if (!Number.isInteger(c.port) || c.port < L.port.min || c.port > L.port.max) throw new CmppConfigError('port', `must be ${L.port.min}..${L.port.max}, got ${c.port}`);
  if (typeof c.onDeliver !== 'function') throw new CmppConfigError('onDeliver', 'a handler is required: DELIVER_RESP is only sent once it has kept the message');
  const versionByte = c.versionByte ?? VERSION_BYTE[c.version];
  if (!Number.isInteger(versionByte) || versionByte < 0 || versionByte > 255 || layoutOfVersionByte(versionByte) !== c.version) {
    throw new CmppConfigError('versionByte', `0x${Number(versionByte).toString(16)} does not select the ${c.version} layout`);
  }
  if (c.rate !== undefined && c.rate !== 0 && !(c.rate > 0 && Number.isFinite(c.rate))) throw new CmppConfigError('rate', `must be a positive number of messages/s, got ${c.rate}`);
  const maxFc = c.maxFlowControlResends ?? 5;
  if (!Number.isInteger(maxFc) || maxFc < 0) throw new CmppConfigError('maxFlowControlResends', `must be an integer >= 0, got ${maxFc}`);
  const guard = c.rateGuardMs ?? 50;
  if (!(guard >= 0)) throw new CmppConfigError('rateGuardMs', `must be >= 0, got ${guard}`);
  return {
    name: c.name ?? c.spId,
    host: c.host,
    port: c.port,
    tls: c.tls === true ? {} : c.tls === false || c.tls === undefined ? undefined : c.tls,
    version: c.version,
    versionByte,
    spId: c.spId,
    secret: c.secret,
    strictAuthenticator: c.strictAuthenticator ?? false,
    connections: positiveInt('connections', c.connections ?? D.connections, L.connections.max),
    window: positiveInt('window', c.window ?? D.window, L.window.max),
    rate: c.rate === 0 ? undefined : c.rate,
    rateGuardMs: guard,
    flowControl: c.flowControl ?? {},
    maxFlowControlResends: maxFc,
    maxDestinations: positiveInt('maxDestinations', c.maxDestinations ?? L.destsPerSubmit.max, L.destsPerSubmit.max),
    requestTimeoutMs: positiveMs('requestTimeoutMs', c.requestTimeoutMs ?? D.responseTimeoutMs),
    maxSends: positiveInt('maxSends', c.maxSends ?? D.maxSends, L.maxSends.max),
    activeTestIntervalMs: positiveMs('activeTestIntervalMs', c.activeTestIntervalMs ?? D.activeTestIntervalMs),
    activeTestTimeoutMs: positiveMs('activeTestTimeoutMs', c.activeTestTimeoutMs ?? D.responseTimeoutMs),
    activeTestMaxSends: positiveInt('activeTestMaxSends', c.activeTestMaxSends ?? D.maxSends, L.maxSends.max),
    loginTimeoutMs: positiveMs('loginTimeoutMs', c.loginTimeoutMs ?? 30_000),
    closedAfterLoginMs: positiveMs('closedAfterLoginMs', c.closedAfterLoginMs ?? 3000),
    backoff: { ...c.backoff, resetAfterMs: c.backoff?.resetAfterMs ?? 10_000 },
    onDeliver: c.onDeliver,
    onInFlightLost: c.onInFlightLost,
  };
}
