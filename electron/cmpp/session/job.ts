// One request of the session: encoded once, then written, resent with the same Sequence_Id on
// timeout, or put back in line with a new one (Result 8, lost connection). A plain class with fixed
// fields so the hot path allocates one object per request and no closures.
import type { CancelOutcome, QueryOutcome, SubmitOutcome, SubmitRequest } from './outcomes.js';

export type JobKind = 'submit' | 'query' | 'cancel' | 'active-test';

/** queued: waiting for a connection; inflight: in a window awaiting its response; resend: timed out, waiting for rate tokens; done. */
export type JobPhase = 'queued' | 'inflight' | 'resend' | 'done';

export type JobResult = SubmitOutcome | QueryOutcome | CancelOutcome;

export class Job {
  seq = 0;
  /** performance.now() deadline of the current send. */
  deadline = 0;
  /** Writes since the last definite answer (bounded by maxSends, docs/protocol.md "Timers and flow control"). */
  attempts = 0;
  /** All writes, for the outcome. */
  sends = 0;
  /** Resends after Result 8. */
  flowResends = 0;
  /** Handed to a socket at least once. */
  written = false;
  /** The pending write is a timeout resend with the same Sequence_Id (for the counters). */
  resending = false;
  phase: JobPhase = 'queued';
  /** Id of the connection holding it (0 = none). */
  connectionId = 0;

  constructor(
    readonly kind: JobKind,
    /** The whole frame; bytes 8..11 (Sequence_Id) are patched when it is (re)assigned. */
    readonly buf: Buffer,
    /** Messages as the gateway counts them (DestUsr_tl for a SUBMIT, 0 otherwise). */
    readonly weight: number,
    readonly request: SubmitRequest | undefined,
    readonly resolve: (result: JobResult) => void,
  ) {}
}
