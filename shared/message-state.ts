// The one message-state enum used by the store, the CLI and the UI (docs/glossary.md "Message states"),
// and the rules that roll segment states up into a message state.
// Browser-safe: no Node builtins, no packages.
import { classifyStat, type StatClass } from './stat.js';

export const MessageStates = [
  'queued', // waiting for the pump
  'submitting', // claimed by the pump / on the wire, SUBMIT_RESP not seen yet
  'submitted', // SUBMIT_RESP Result 0; waiting for the status report (if one was requested)
  'delivered', // Stat DELIVRD
  'failed', // non-zero Result (other than 8, flow control) or a failing Stat
  'unknown', // Stat UNKNOWN, or no report within the report wait (48 h); a late report still updates it
  'in_doubt', // was on the wire when the app died and no SUBMIT_RESP was seen: may have been delivered
  'skipped', // never sent: opted out or blocked by a sending rule (reason says which)
  'cancelled', // never sent (or not completely): cancelled by the operator
] as const;

export type MessageState = (typeof MessageStates)[number];

/**
 * States in which nothing more will happen without an outside event. `unknown` is final for
 * progress and counts ("every message accounted for") but a late report still moves it to
 * delivered/failed (docs/protocol.md "Message bodies"). `submitted` is also final when no report was requested
 * (Registered_Delivery 0): see `isSettled`.
 */
export const FinalMessageStates: readonly MessageState[] = ['delivered', 'failed', 'unknown', 'skipped', 'cancelled'];

/** States that wait for the operator rather than for the pump or the gateway. */
export const OperatorMessageStates: readonly MessageState[] = ['in_doubt'];

export function isMessageState(value: unknown): value is MessageState {
  return typeof value === 'string' && (MessageStates as readonly string[]).includes(value);
}

/** Still moving: queued, on the wire, waiting for a report, or waiting for the operator (in doubt). */
export function isMessageInProgress(state: MessageState): boolean {
  return state === 'queued' || state === 'submitting' || state === 'submitted' || state === 'in_doubt';
}

export function isFinalState(state: MessageState): boolean {
  return FinalMessageStates.includes(state);
}

/** Final, or `submitted` when no report will ever come (Registered_Delivery 0). */
export function isSettled(state: MessageState, reportExpected: boolean): boolean {
  return isFinalState(state) || (state === 'submitted' && !reportExpected);
}

/**
 * What a status report's Stat means for its segment (docs/protocol.md "Result and Status codes"): the one classifier in shared/stat.ts
 * (DELIVRD delivered; ACCEPTD pending, keep waiting; UNKNOWN unknown, the same bucket as no report
 * in time; anything else failed with that Stat). Re-exported here under the store's name.
 */
export type StatOutcome = StatClass;
export const statOutcome: (stat: string) => StatOutcome = classifyStat;

/**
 * Precedence for the stored message state, first match wins:
 *   failed     any segment failed (the message cannot be delivered whole; its Stat/Result is kept)
 *   in_doubt   any segment in doubt (the operator, or the free-message policy, decides first)
 *   queued     any segment still queued (there is work for the pump)
 *   submitting any segment on the wire
 *   submitted  any segment waiting for its report
 *   unknown    any segment unknown (the rest delivered/cancelled)
 *   cancelled  any segment cancelled (the rest delivered)
 *   delivered  every segment delivered: a long message is delivered only when all segments are
 * `skipped` is a message-only state (skipped messages never get segments).
 */
const precedence: readonly MessageState[] = [
  'failed',
  'in_doubt',
  'queued',
  'submitting',
  'submitted',
  'unknown',
  'cancelled',
  'delivered',
];

/**
 * The stored message state derived from its segments' states. Returns null for a message without
 * segments (not yet claimed, or skipped): its own stored state stands.
 */
export function messageStateFromSegments(segmentStates: readonly MessageState[]): MessageState | null {
  if (segmentStates.length === 0) return null;
  for (const s of precedence) if (segmentStates.includes(s)) return s;
  // Only 'skipped' segments, which the store never writes; say so rather than guess.
  return 'skipped';
}

/** A message state for display: the stored states plus the derived `partial`. */
export type MessageRollup = MessageState | 'partial';

/**
 * `partial` is a display rollup, never stored: a long message some of whose segments are delivered
 * while others are still in progress (queued, submitting, submitted, in_doubt) and none failed.
 * Once the rest settle the message shows its stored state: delivered when all are delivered,
 * failed if any failed, unknown if the rest got no report within the wait.
 */
export function displayRollup(segmentStates: readonly MessageState[], storedState: MessageState): MessageRollup {
  const derived = messageStateFromSegments(segmentStates) ?? storedState;
  const inProgress = derived === 'queued' || derived === 'submitting' || derived === 'submitted' || derived === 'in_doubt';
  if (inProgress && segmentStates.includes('delivered')) return 'partial';
  return derived;
}

/** Counts of messages per state, every state present (0 when none), as `campaign status` prints them. */
export type StateCounts = Record<MessageState, number>;

export function emptyStateCounts(): StateCounts {
  const counts = {} as StateCounts;
  for (const s of MessageStates) counts[s] = 0;
  return counts;
}
