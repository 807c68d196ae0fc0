// What a new gateway account starts with: one table for the store (which fills in what a caller
// leaves out) and the Settings screen's editor (which shows it), so the two cannot disagree.
//   destsPerSubmit 1 for both versions: the 2.0 text allows several destinations only without
//     reports (and reports are on by default), and for 3.0 many gateways still prefer one
//     destination per SUBMIT (docs/protocol.md "Group sends"); an operator raises it per account once the gateway is known.
//   Fee_UserType 2 (charge the SP) with FeeType 01 (free): a default must never charge a handset.
//   strictAuthenticator off: real gateways send wrong AuthenticatorISMG values (docs/protocol.md "Authenticators"); we warn.
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
