// What the account pool tells its listeners: slot and pool states, log lines, the once-a-second
// counters, and the error of an account that cannot work. The application (UI, CLI, pump) reads
// these types; the pool (pool.ts) emits them.
import type { CloseCode, CloseInfo } from './connection-state.js';
import type { CounterValues } from './counters.js';
import type { TraceEntry } from './trace.js';
import { CmppError } from '../wire/errors.js';

export type SlotState = 'idle' | 'connecting' | 'logging-in' | 'ready' | 'backing-off' | 'stopped' | 'failed';
export type PoolState = 'idle' | 'connecting' | 'ready' | 'stopping' | 'stopped' | 'failed';

export interface ConnectionStateEvent {
  at: number;
  account: string;
  slot: number;
  /** 0 when the slot has no connection (e.g. stopped while backing off). */
  connectionId: number;
  state: SlotState;
  /** Why the previous connection ended (backing-off, failed, stopped). */
  code?: CloseCode;
  reason?: string;
  /** CONNECT_RESP Status when the login was refused. */
  status?: number;
  /** Delay before the next attempt (backing-off). */
  retryInMs?: number;
}

export interface PoolStateEvent {
  at: number;
  account: string;
  state: PoolState;
  reason?: string;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEvent {
  at: number;
  account: string;
  level: LogLevel;
  /** Stable code, e.g. 'framing', 'authenticator', 'late-response', 'deliver-not-acked'. */
  code: string;
  message: string;
  connectionId?: number;
  slot?: number;
  /** The frame (or its beginning) concerned, for support. */
  hex?: string;
}

export interface ConnectionLoad {
  slot: number;
  connectionId: number;
  state: SlotState;
  /** Requests awaiting responses (window occupancy). */
  inFlight: number;
  window: number;
}

export interface CountersEvent {
  at: number;
  account: string;
  /** Length of the interval `interval` covers. */
  intervalMs: number;
  interval: CounterValues;
  totals: CounterValues;
  /** Work waiting for a connection or rate tokens. */
  queueDepth: number;
  connections: ConnectionLoad[];
  /** Messages/s in force now (lower than configured after Result 8); null = unlimited. */
  rate: number | null;
}

export interface PoolEvents {
  state: [ConnectionStateEvent];
  'pool-state': [PoolStateEvent];
  counters: [CountersEvent];
  log: [LogEvent];
  trace: [TraceEntry];
}

/** The account cannot work (fatal login error) or was stopped; carries the reason. */
export class CmppAccountError extends CmppError {
  readonly info: CloseInfo | undefined;
  constructor(message: string, info?: CloseInfo) {
    super(info ? `CMPP_${info.code.toUpperCase().replace(/-/g, '_')}` : 'CMPP_STOPPED', message);
    this.info = info;
  }
}

