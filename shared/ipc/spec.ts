// The building blocks of the IPC contract, shared by contract.ts and the per-domain contract files.
import type { Validator } from './validate.js';

/** Type-only carrier for a result or event payload type (the value is an empty object). */
export interface TypeOf<T> {
  readonly __type?: T;
}
export const type = <T>(): TypeOf<T> => ({});

export interface InvokeSpec<A, R> {
  readonly kind: 'invoke';
  readonly args: Validator<A>;
  readonly result: TypeOf<R>;
}

/**
 * How queued events of a channel are kept until the next flush:
 * 'all' keeps every payload (bounded by max; the oldest overflow is counted as dropped),
 * 'latest' keeps only the newest (for snapshots such as live counters).
 */
export interface EventSpec<P> {
  readonly kind: 'event';
  readonly keep: 'all' | 'latest';
  readonly max: number;
  readonly payload: TypeOf<P>;
}
