// The requests one connection has written and awaits responses to: the sliding window of W
// Sequence_Ids, the deadlines of each send, timeout resends with the same Sequence_Id and the give-up
// after N sends (docs/protocol.md "Timers and flow control"). It remembers the SUBMITs it gave up on,
// so one handed over again is not written N more times on a connection that already ignored it.
import type { ResolvedAccountConfig } from './account-config.js';
import type { Job } from './job.js';
import { Deque } from './job-queue.js';
import { InFlightWindow } from './window.js';

/** Bounds the memory of given-up SUBMITs on a connection that keeps ignoring requests. */
const MAX_UNANSWERED = 4096;

export class RequestTracker {
  readonly window: InFlightWindow<Job>;
  /** Requests whose response timed out, to be written again (same Sequence_Id) when tokens allow. */
  readonly resendQueue = new Deque<Job>();
  /** SUBMITs given up here after maxSends unanswered writes (by their bytes after the header). */
  private readonly unanswered = new Set<string>();
  private readonly expired: Job[] = [];

  constructor(
    private readonly cfg: ResolvedAccountConfig,
    private readonly connectionId: number,
    private readonly write: (buf: Buffer, job: Job) => void,
  ) {
    this.window = new InFlightWindow<Job>(cfg.window);
  }

  /** Writes a new request (assigns its Sequence_Id). The caller checked window.free and took rate tokens. */
  send(job: Job, now: number): void {
    const seq = this.window.allocate();
    job.seq = seq;
    job.buf.writeUInt32BE(seq, 8);
    job.connectionId = this.connectionId;
    job.phase = 'inflight';
    job.resending = false;
    job.deadline = now + (job.kind === 'active-test' ? this.cfg.activeTestTimeoutMs : this.cfg.requestTimeoutMs);
    this.window.add(job);
    this.write(job.buf, job);
  }

  /** Writes a timed-out request again with the same Sequence_Id. */
  resend(job: Job, now: number): void {
    job.phase = 'inflight';
    job.resending = true;
    job.deadline = now + (job.kind === 'active-test' ? this.cfg.activeTestTimeoutMs : this.cfg.requestTimeoutMs);
    this.write(job.buf, job);
  }

  /**
   * The sends of one SUBMIT are bounded at N; an application handing the same message over again
   * after an unknown outcome must not reset that count on a connection that already ignored it N times.
   */
  hasGivenUp(job: Job): boolean {
    return job.kind === 'submit' && this.unanswered.size > 0 && this.unanswered.has(submitKey(job));
  }

  /** True when `job` is still waiting in this window for a resend. */
  ownsForResend(job: Job): boolean {
    return job.phase === 'resend' && job.connectionId === this.connectionId && this.window.get(job.seq) === job;
  }

  /**
   * Every request whose deadline passed is resent (a link test at once, the others through
   * resendQueue as rate tokens allow) or, after its N sends, taken out of the window and handed to
   * `giveUp`. 'link-dead' when a link test went unanswered N times (the rest is left for the close);
   * otherwise whether there is work for the dispatcher.
   */
  expire(now: number, giveUp: (job: Job) => void): 'link-dead' | boolean {
    const cfg = this.cfg;
    const expired = this.expired;
    this.window.collectExpired(now, expired);
    let drain = false;
    try {
      for (let i = 0; i < expired.length; i++) {
        const job = expired[i]!;
        if (job.phase !== 'inflight') continue;
        const max = job.kind === 'active-test' ? cfg.activeTestMaxSends : cfg.maxSends;
        if (job.attempts < max) {
          if (job.kind === 'active-test') {
            this.resend(job, now);
          } else {
            job.phase = 'resend';
            this.resendQueue.push(job);
            drain = true;
          }
          continue;
        }
        this.window.take(job.seq);
        job.phase = 'done';
        if (job.kind === 'active-test') return 'link-dead';
        if (job.kind === 'submit' && this.unanswered.size < MAX_UNANSWERED) this.unanswered.add(submitKey(job));
        giveUp(job);
        drain = true;
      }
    } finally {
      expired.length = 0;
    }
    return drain;
  }
}

/** The SUBMIT's bytes after the header: the same message handed over again has the same key. */
function submitKey(job: Job): string {
  return job.buf.toString('latin1', 12);
}
