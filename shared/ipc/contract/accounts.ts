// Gateway accounts: their settings (validated field by field) and the connection test.
// Channel names: ../channels/accounts.ts. Values are JSON-safe (../contract.ts says what that means).
import { type } from '../spec.js';
import { boolean, type Infer, int, none, object, oneOf, optional, string } from '../validate.js';
import { ascii, digits, id, invoke } from './fields.js';
import { ACCOUNT_LIMITS as L, FEE_TYPES, type Limit } from '../../account-defaults.js';

const range = (l: Limit) => int(l.min, l.max);

export const accountSettingsArgs = object({
  name: string({ min: 1, max: 64 }),
  host: string({ min: 1, max: 253 }),
  port: range(L.port),
  version: oneOf('2.0', '3.0'),
  /** SP_Id / Source_Addr (docs/protocol.md "Message bodies" CONNECT: 6 octets). */
  spId: ascii(1, 6),
  serviceId: ascii(0, 10),
  /** Src_Id with extension (21 octets). */
  srcId: ascii(1, 21),
  connections: range(L.connections),
  window: range(L.window),
  rate: range(L.rate),
  destsPerSubmit: range(L.destsPerSubmit),
  activeTestIntervalMs: range(L.activeTestIntervalMs),
  responseTimeoutMs: range(L.responseTimeoutMs),
  maxSends: range(L.maxSends),
  tls: boolean(),
  strictAuthenticator: boolean(),
  signature: string({ max: L.signature.max }),
  signaturePosition: oneOf('prefix', 'suffix'),
  gatewayAppends: string({ max: L.gatewayAppends.max }),
  feeType: oneOf(...FEE_TYPES),
  feeCode: digits(1, 6),
  feeUserType: oneOf(0, 1, 2, 3),
  feeTerminalId: ascii(0, 32),
  // 2 only with version 2.0 (registeredDeliveryValues): checked by the store, which sees both fields.
  registeredDelivery: oneOf(0, 1, 2),
  maxSegments: range(L.maxSegments),
  useGbk: boolean(),
  reportWaitMs: range(L.reportWaitMs),
});
export type AccountSettingsArgs = Infer<typeof accountSettingsArgs>;

export interface AccountView extends AccountSettingsArgs {
  id: number;
  /** The secret is write-only: the window only learns that one is stored. */
  secretSet: true;
  createdAt: number;
  updatedAt: number;
}

export type ConnectionTestCode =
  | 'ok'
  | 'config' // the settings cannot work (checked before connecting)
  | 'network' // TCP connect failed (refused, unreachable, DNS)
  | 'tls' // TLS handshake failed
  | 'login-timeout' // no CONNECT_RESP in time
  | 'login-status' // CONNECT_RESP Status != 0
  | 'authenticator' // wrong AuthenticatorISMG with the strict setting
  | 'login-malformed'
  | 'closed-during-login' // closed without a CONNECT_RESP
  | 'closed-after-login' // accepted, then closed at once: the IP allow-list symptom
  | 'timeout' // nothing conclusive within the test's time
  | 'other';

export interface ConnectionTestResult {
  ok: boolean;
  code: ConnectionTestCode;
  /** CONNECT_RESP Status for login-status (and 0 when ok); the UI says what it means (shared/connect-status.ts). */
  status: number | null;
  /** What the client saw, in English (error text, reason). */
  detail: string;
  tookMs: number;
  /** Warnings seen during the login (e.g. a wrong AuthenticatorISMG, accepted), the UI words each by its code. */
  warnings: ConnectionTestWarning[];
}

/**
 * One warning of a connection test: the engine's event code (a connection's close code such as
 * `network`, or a session note such as `authenticator`, `version`, `late-response`) and its English
 * line for the support log and English.
 */
export interface ConnectionTestWarning {
  code: string;
  message: string;
}

export const accountsContract = {
  'accounts.list': invoke(none(), type<AccountView[]>()),
  'accounts.create': invoke(object({ settings: accountSettingsArgs, secret: string({ min: 1, max: 64 }) }), type<AccountView>()),
  /** `secret` absent = keep the stored one. */
  'accounts.update': invoke(object({ id: id(), settings: accountSettingsArgs, secret: optional(string({ min: 1, max: 64 })) }), type<AccountView>()),
  'accounts.remove': invoke(object({ id: id() }), type<null>()),
  /** Logs in once with these settings (a temporary connection); the stored secret of `id` when `secret` is absent. */
  'accounts.test': invoke(
    object({ id: optional(id()), settings: accountSettingsArgs, secret: optional(string({ min: 1, max: 64 })), timeoutMs: optional(int(1000, 120_000)) }),
    type<ConnectionTestResult>(),
  ),
} as const;
