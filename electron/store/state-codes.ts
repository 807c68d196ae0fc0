// How a message or segment state is stored: a small INTEGER code instead of its name (docs/glossary.md
// "Message states"). A name costs up to 10 bytes in the row and again in every index that holds the
// state; a code costs one byte, and none for 0 and 1 (SQLite stores those in the record header), so
// the most common final states take 0 and 1. Delivered, failed and unknown share their codes with
// status_reports.outcome (report-columns.ts). The names stay the one vocabulary of shared/message-state.ts:
// these codes never leave the store.
import { MessageStates, type MessageState } from '../../shared/message-state.js';

/**
 * The stored code of each state. Released databases hold these codes: never change one. A state
 * added to shared/message-state.ts without a code here does not compile.
 */
export const STATE_CODE: Readonly<Record<MessageState, number>> = {
  delivered: 0,
  failed: 1,
  unknown: 2,
  queued: 3,
  submitting: 4,
  submitted: 5,
  in_doubt: 6,
  skipped: 7,
  cancelled: 8,
};

/** The state of each code (the code is the index). */
export const STATE_CODES: readonly MessageState[] = [...MessageStates].sort((a, b) => STATE_CODE[a] - STATE_CODE[b]);

export function stateToColumn(state: MessageState): number {
  return STATE_CODE[state];
}

export function stateFromColumn(code: bigint | number): MessageState {
  const s = STATE_CODES[Number(code)];
  if (s === undefined) throw new Error(`state code ${String(code)} is not one of 0..${STATE_CODES.length - 1}`);
  return s;
}

/**
 * A state's code as a fixed SQL fragment, for statements built from constants
 * (`WHERE state = ${sqlState('queued')}`): a number from the table above, never input.
 */
export function sqlState(state: MessageState): string {
  return String(STATE_CODE[state]);
}

/** Several states' codes as an SQL list for IN (...). */
export function sqlStates(states: readonly MessageState[]): string {
  return states.map(sqlState).join(', ');
}

/** An SQL expression reading a code column back as the state's name (for SQL that must return names). */
export function stateNameSql(column: string): string {
  return `CASE ${column} ${STATE_CODES.map((s, i) => `WHEN ${i} THEN '${s}'`).join(' ')} END`;
}
