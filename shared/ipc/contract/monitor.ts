// The monitor: per-account connections and per-second counters, the engine's log lines.
// Channel names: ../channels/monitor.ts. Values are JSON-safe (../contract.ts says what that means).
import { type } from '../spec.js';
import { none } from '../validate.js';
import type { DeskMode } from './demo.js';
import { event, id, invoke } from './fields.js';

/** Per-second and running counters of one account, as the monitor shows them. */
export interface LiveCounterValues {
  /** SUBMIT PDUs written for the first time. */
  submits: number;
  /** Messages as the gateway counts them (PDUs x destinations). */
  messages: number;
  responsesOk: number;
  /** Non-zero SUBMIT_RESP Results (flow control included). */
  responsesFailed: number;
  flowControl: number;
  timeouts: number;
  resends: number;
  /** Status reports received (DELIVER with Registered_Delivery 1). */
  reports: number;
  /** Of the reports stored: docs/protocol.md "Message bodies" classification. */
  delivered: number;
  failed: number;
  unknown: number;
  mos: number;
}

export interface LiveConnection {
  slot: number;
  connectionId: number;
  /** idle | connecting | logging-in | ready | backing-off | stopped | failed */
  state: string;
  inFlight: number;
  window: number;
}

/** `not-connected` until the account's pool is started; then the pool's state. */
export type AccountLinkState = 'not-connected' | 'idle' | 'connecting' | 'ready' | 'stopping' | 'stopped' | 'failed';

/** One account's counters, once a second while its pool runs. */
export interface LiveCounters {
  at: number;
  accountId: number;
  intervalMs: number;
  interval: LiveCounterValues;
  totals: LiveCounterValues;
  /** Messages queued in the outbox for the account (campaigns and direct sends). */
  queued: number;
  /** Messages in doubt (on the wire when a connection died, no response seen). */
  inDoubt: number;
  /** PDUs handed to the pool and not yet recorded. */
  inFlight: number;
  /** Work waiting inside the pool for a connection or rate tokens. */
  poolQueueDepth: number;
  /** Messages/s in force (lowered after Result 8); null = unlimited. */
  rate: number | null;
  linkState: AccountLinkState;
  connections: LiveConnection[];
}

/**
 * Why an account stopped trying to log in: the session's CloseCode (login-status, authenticator,
 * ...) and, for a refused login, the CONNECT_RESP Status (shared/connect-status.ts). Codes, not
 * texts: the window explains them in its own language.
 */
export interface AccountFailure {
  code: string;
  status?: number;
}

/** A fatal close (the session's CloseInfo) as the codes the window words. */
export function accountFailure(info: { code: string; status?: number | undefined }): AccountFailure {
  return { code: info.code, ...(info.status !== undefined ? { status: info.status } : {}) };
}

export interface MonitorAccount {
  id: number;
  name: string;
  host: string;
  port: number;
  version: '2.0' | '3.0';
  spId: string;
  /** Configured messages/s, connections, window. */
  rate: number;
  connectionsConfigured: number;
  window: number;
  linkState: AccountLinkState;
  /** Why the account failed (wrong secret, ...), when it did: the UI words it from its catalogue. */
  failure: AccountFailure | null;
  latest: LiveCounters | null;
  queued: number;
  inDoubt: number;
}

export interface MonitorSnapshot {
  at: number;
  mode: DeskMode;
  accounts: MonitorAccount[];
  /** Last per-second samples per account (oldest first), so the chart is not empty after a reload. */
  history: LiveCounters[];
}

export interface LiveLog {
  at: number;
  level: 'info' | 'warn' | 'error';
  code: string;
  /** English (the support log's words); the window shows `close` in its language where it is set. */
  message: string;
  accountId?: number;
  campaignId?: number;
  /**
   * The values of the event's text in the window's catalogues ('monitor.event.<code>'): the window
   * words the event in its language from them; `message` stays main's English for the support log.
   */
  params?: Record<string, string | number>;
  /** account-failed: why the account stopped trying (its fatal close), when that is known. */
  failure?: AccountFailure;
  /** connection-failed: why the connection closed (the session's CloseCode), where and what next. */
  close?: { code: string; account: string; connection: string; retryInMs?: number; status?: number };
}

export const monitorContract = {
  'monitor.snapshot': invoke(none(), type<MonitorSnapshot>()),
  'monitor.connect': invoke(id(), type<null>()),
  /** One account's per-second counters; several accounts per flush, so every item is kept. */
  'live.counters': event<LiveCounters>('all', 1200),
  'live.log': event<LiveLog>('all', 200),
} as const;
