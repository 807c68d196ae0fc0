// Fetches the planner's result from main, debounced while the operator types;
// stale answers (for text that has changed since) are discarded.
import { useEffect, useState } from 'react';
import type { ArgsOf } from '../../../shared/ipc/contract.js';
import type { MessagePlan } from '../../../shared/plan.js';
import { desk } from '../ipc.js';

export type PreviewArgs = ArgsOf<'planner.preview'>;

export interface PreviewState {
  plan: MessagePlan | null;
  error: { code: string; message: string } | null;
  /** A request is waiting (debounce or IPC): the shown plan may be for older text. */
  pending: boolean;
}

export const PREVIEW_DEBOUNCE_MS = 100;

export function usePlanPreview(args: PreviewArgs | null, delayMs = PREVIEW_DEBOUNCE_MS): PreviewState {
  const [state, setState] = useState<PreviewState>({ plan: null, error: null, pending: false });
  const key = args === null ? null : JSON.stringify(args);
  useEffect(() => {
    if (key === null) {
      setState({ plan: null, error: null, pending: false });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      desk()
        .planner.preview(JSON.parse(key) as PreviewArgs)
        .then(
          (result) => {
            if (!current) return;
            setState(result.ok ? { plan: result.value, error: null, pending: false } : { plan: null, error: result, pending: false });
          },
          (error: unknown) => {
            if (!current) return;
            setState({ plan: null, error: { code: 'ipc', message: error instanceof Error ? error.message : String(error) }, pending: false });
          },
        );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, delayMs]);
  return state;
}
