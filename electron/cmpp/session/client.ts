// The SP-side session API in one import: the account pool, its settings, outcomes and events, and
// the in-memory report matcher. (../wire/index.ts is the codec's barrel.)
export { CmppAccountPool } from './pool.js';
export { CmppAccountError } from './pool-events.js';
export type { ConnectionLoad, ConnectionStateEvent, CountersEvent, LogEvent, PoolEvents, PoolState, SlotState } from './pool-events.js';
export { CmppConfigError, resolveAccountConfig } from './account-config.js';
export type { AccountConnectionConfig, ResolvedAccountConfig } from './account-config.js';
export { isCharged } from './outcomes.js';
export type {
  CancelOutcome,
  DeliverHandler,
  DeliverInfo,
  InFlightLostContext,
  InFlightLostPolicy,
  QueryOutcome,
  QueryRequest,
  RequestFailureCode,
  RequestOutcome,
  StopOptions,
  StopResult,
  SubmitFailure,
  SubmitFailureCode,
  SubmitOk,
  SubmitOutcome,
  SubmitRequest,
} from './outcomes.js';
export type { CloseCode, CloseInfo, ConnectionState } from './connection-state.js';
export type { LogLevel } from './pool-events.js';
export type { CounterValues } from './counters.js';
export { counterDelta } from './counters.js';
export type { TraceEntry, TraceSink } from './trace.js';
export { RateLimiter, type RateLimiterOptions, type FlowControlOptions } from './rate-limiter.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export { ReportMatcher, normaliseTerminal, type ReportMatch } from './report-matcher.js';
