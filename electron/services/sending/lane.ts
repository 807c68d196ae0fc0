// One account's sending, as the pump keeps it: the account's pool, where its work comes from (the
// direct sends, then its running campaigns oldest first), the claimed work waiting for the window
// (the backlog), what is in flight and the outcomes not yet recorded.
import type { CmppAccountPool, SubmitOutcome } from '../../cmpp/session/client.js';
import type { Account } from '../../store/accounts.js';
import type { Campaign } from '../../store/campaigns.js';
import type { PduJob } from '../campaigns/submit-batches.js';

/** A PDU's outcome as the pool settled it, waiting to be recorded. */
export interface Done {
  job: PduJob;
  o: SubmitOutcome;
}

export class Lane {
  account: Account;
  pool: CmppAccountPool;
  /** PDUs handed over and not yet recorded, at most `capacity`. */
  inFlight = 0;
  backlog: PduJob[] = [];
  outcomes: Done[] = [];
  flushScheduled = false;
  /** Running campaigns of the account, oldest first (null = the direct sends, always first). */
  sources: (Campaign | null)[] = [null];
  /** Sources found empty since the last refresh (no claim attempts until then or a kick). */
  empty = new Set<number | null>();
  failed = false;
  /** Set while this lane's outcomes wait for their retry (the store refused their last write). */
  retryTimer: NodeJS.Timeout | undefined;
  /** Segments claimed whose PDUs could not be built (a write failed): back to the queue next fill. */
  orphans: number[] = [];

  constructor(account: Account, pool: CmppAccountPool) {
    this.account = account;
    this.pool = pool;
  }

  /** The window of every connection: how many PDUs may be handed over and not yet recorded. */
  get capacity(): number {
    return this.account.connections * this.account.window;
  }
}
