// Asks main for something derived from the composer's inputs (the account preview, the batch
// plan), debounced while the operator types; answers for inputs that have changed since are dropped.
import { useEffect, useState } from 'react';
import type { Envelope } from '../../../shared/ipc/envelope.js';

export interface CallState<T> {
  value: T | null;
  error: { code: string; message: string } | null;
  /** A request is waiting (debounce or IPC): `value` may be for older inputs. */
  pending: boolean;
}

export function useDebouncedCall<A, T>(args: A | null, call: (args: A) => Promise<Envelope<T>>, delayMs: number): CallState<T> {
  const [state, setState] = useState<CallState<T>>({ value: null, error: null, pending: false });
  const key = args === null ? null : JSON.stringify(args);
  useEffect(() => {
    if (key === null) {
      setState({ value: null, error: null, pending: false });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      call(JSON.parse(key) as A).then(
        (r) => {
          if (!current) return;
          // A plan superseded by a newer request in main: the newer answer follows.
          if (!r.ok && r.code === 'superseded') return;
          setState(r.ok ? { value: r.value, error: null, pending: false } : { value: null, error: { code: r.code, message: r.message }, pending: false });
        },
        (e: unknown) => {
          if (current) setState({ value: null, error: { code: 'ipc', message: e instanceof Error ? e.message : String(e) }, pending: false });
        },
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `call` is a stable module function in practice; the inputs are in `key`.
  }, [key, delayMs]); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
}
