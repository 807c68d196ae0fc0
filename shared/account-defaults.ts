// What a new gateway account starts with: one table for the store (which fills in what a caller
// leaves out) and the Settings screen's editor (which shows it), so the two cannot disagree.
//   destsPerSubmit 1 for both versions: the 2.0 text allows several destinations only without
//     reports (and reports are on by default), and for 3.0 many gateways still prefer one
//     destination per SUBMIT (docs/protocol.md "Group sends"); an operator raises it per account once the gateway is known.
//   Fee_UserType 2 (charge the SP) with FeeType 01 (free): a default must never charge a handset.
//   strictAuthenticator off: real gateways send wrong AuthenticatorISMG values (docs/protocol.md "Authenticators"); we warn.
import { detail, shownValue, type ErrorDetail } from './error-detail.js';

export const ACCOUNT_DEFAULTS = {
  port: 7890,
  connections: 1,
  window: 16,
  rate: 100,
  destsPerSubmit: 1,
  activeTestIntervalMs: 180_000,
  responseTimeoutMs: 60_000,
  maxSends: 3,
  tls: false,
  strictAuthenticator: false,
  signature: '',
  signaturePosition: 'prefix',
  gatewayAppends: '',
  feeType: '01',
  feeCode: '0',
  feeUserType: 2,
  feeTerminalId: '',
  registeredDelivery: 1,
  maxSegments: 10,
  useGbk: false,
  reportWaitMs: 48 * 3_600_000,
} as const;

/** An inclusive range of a numeric setting, or of a text setting's length. */
export interface Limit {
  readonly min: number;
  readonly max: number;
}

// What an operator may set, in the account's own units (ms, messages/s, characters): the one table
// the IPC contract validates with and the Settings editor bounds its inputs by. The store checks the
// same maxima; its timer minimum is 1 ms, because the engine's tests run the session at millisecond
// scale (C, T and the report wait are only held to whole seconds / a minute at the operator's door).
export const ACCOUNT_LIMITS = {
  port: { min: 1, max: 65_535 },
  connections: { min: 1, max: 64 },
  window: { min: 1, max: 1024 },
  rate: { min: 1, max: 1_000_000 },
  /** DestUsr_tl < 100 (docs/protocol.md "Group sends"). */
  destsPerSubmit: { min: 1, max: 99 },
  /** C, T, N of docs/protocol.md "Timers and flow control". */
  activeTestIntervalMs: { min: 1000, max: 86_400_000 },
  responseTimeoutMs: { min: 1000, max: 3_600_000 },
  maxSends: { min: 1, max: 100 },
  /** Pk_total is one byte. */
  maxSegments: { min: 1, max: 255 },
  reportWaitMs: { min: 60_000, max: 30 * 86_400_000 },
  signature: { min: 0, max: 70 },
  gatewayAppends: { min: 0, max: 70 },
} as const satisfies Record<string, Limit>;

/** The smallest positive timer the store and the engine accept (see ACCOUNT_LIMITS). */
export const ENGINE_TIMER_MIN_MS = 1;

/** Registered_Delivery values per version: 2 (a billing record, no report) exists only in 2.0. */
export function registeredDeliveryValues(version: '2.0' | '3.0'): readonly (0 | 1 | 2)[] {
  return version === '2.0' ? [0, 1, 2] : [0, 1];
}

/** Every FeeType of either version (docs/protocol.md "Message bodies"). */
export const FEE_TYPES = ['01', '02', '03', '04', '05'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

/** FeeType values per version: 04 and 05 exist only in 2.0. */
export function feeTypeValues(version: '2.0' | '3.0'): readonly FeeType[] {
  return version === '2.0' ? FEE_TYPES : FEE_TYPES.slice(0, 3);
}

/** A FeeType or Registered_Delivery that does not fit the version, as a detail (shared/error-detail.ts). */
export function feeFieldDetail(field: 'feeType' | 'registeredDelivery', value: unknown, version: '2.0' | '3.0'): ErrorDetail {
  const allowed = field === 'feeType' ? feeTypeValues(version) : registeredDeliveryValues(version);
  return detail(field === 'feeType' ? 'fee-type-version' : 'registered-delivery-version', field, { version, allowed: allowed.join(' / '), value: shownValue(value) });
}

/** Why a FeeType or Registered_Delivery does not fit the version, in the words the store and the services both say; null when it fits. */
export function feeFieldProblem(field: 'feeType' | 'registeredDelivery', value: unknown, version: '2.0' | '3.0'): string | null {
  const allowed: readonly (string | number)[] = field === 'feeType' ? feeTypeValues(version) : registeredDeliveryValues(version);
  if (allowed.includes(value as string | number)) return null;
  const name = field === 'feeType' ? 'FeeType' : 'Registered_Delivery';
  return `${name} must be one of ${allowed.join(', ')} for CMPP ${version}, got ${field === 'feeType' ? `"${String(value)}"` : String(value)}`;
}
