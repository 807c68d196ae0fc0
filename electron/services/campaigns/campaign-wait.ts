// Waiting for a campaign to settle (the CLI's `campaign start --wait`, tests): polled, woken early
// by the engine's events, ended by an account that cannot log in or by an abort signal.
import type { Campaign, CampaignCounts } from '../../store/campaigns.js';
import type { Listens, WorkspaceLogEvent } from '../engine.js';

export interface WaitOptions {
  signal?: AbortSignal;
  /** Called on every check with the counts. */
  onProgress?: (counts: CampaignCounts) => void;
  /** Poll period; events from this process wake it earlier. Default 250 ms. */
  intervalMs?: number;
  /** Also wait for reports (true, default) or only until nothing is queued or on the wire (false). */
  reports?: boolean;
}

/** What the wait reads of the campaigns (CampaignService is one). */
export interface SettledSource {
  get(id: number): Campaign;
  status(id: number): CampaignCounts;
}

/**
 * Resolves when the campaign has settled: every message final or waiting for the operator (the
 * pump then marks it completed), or the campaign was cancelled. With reports: false, when
 * nothing is queued or on the wire any more. Rejects when an account of it cannot log in.
 */
export function waitUntilSettled(ws: Listens<'log', [WorkspaceLogEvent]>, campaigns: SettledSource, id: number, opts: WaitOptions = {}): Promise<CampaignCounts> {
  const interval = opts.intervalMs ?? 250;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (err: Error | null, counts?: CampaignCounts) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      ws.off('log', onLog);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(counts!);
    };
    const check = () => {
      try {
        const c = campaigns.get(id);
        const n = campaigns.status(id);
        opts.onProgress?.(n);
        const waitingReports = c.registeredDelivery === 1 && opts.reports !== false ? n.submitted : 0;
        const freeInDoubt = c.charged ? 0 : n.in_doubt;
        const idle = n.queued + n.submitting + waitingReports + freeInDoubt === 0;
        if (c.state === 'completed' || c.state === 'cancelled' || (idle && c.state !== 'draft' && opts.reports === false)) finish(null, n);
      } catch (e) {
        finish(e as Error);
      }
    };
    const onLog = (e: { code: string; message: string; accountId?: number }) => {
      if (e.code !== 'account-failed') return;
      try {
        if (e.accountId === undefined || e.accountId === campaigns.get(id).accountId) finish(new Error(e.message));
      } catch {
        // campaign vanished: check() reports it
      }
    };
    const onAbort = () => finish(new Error('aborted'));
    ws.on('log', onLog);
    opts.signal?.addEventListener('abort', onAbort);
    timer = setInterval(check, interval);
    check();
  });
}
