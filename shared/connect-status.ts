// CONNECT_RESP Status codes (docs/protocol.md "Result and Status codes"): the one table of them.
// Their texts are the catalogues' 'connectStatus.<code>' (shared/code-table.ts says why and how).
// Browser-safe: no Node builtins, no packages.
import { numericCodeTable } from './code-table.js';

export const ConnectStatus = {
  OK: 0,
  STRUCTURE_ERROR: 1,
  ILLEGAL_SOURCE_ADDRESS: 2,
  AUTHENTICATION_ERROR: 3,
  VERSION_TOO_HIGH: 4,
} as const;

const table = numericCodeTable('connectStatus', ConnectStatus);

export const CONNECT_STATUS_CODES = table.codes;

/** The text of a Status: its own, or "other error" (vendor codes, often a connection-count or IP limit). */
export const connectStatusMeaning = table.meaning;
