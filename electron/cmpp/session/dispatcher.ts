// Load balancing of one account: the FIFO of waiting work and the connection each job goes to. A job
// goes to the ready connection with the most free window slots (ties rotate) while the rate limiter
// the connections share allows; drain() is coalesced to once per microtask turn, and waiting for
// rate tokens costs one timer, never polling.
import type { CmppConnection } from './connection.js';
import type { Job } from './job.js';
import { Deque } from './job-queue.js';
import type { PoolState } from './pool-events.js';
import type { RateLimiter } from './rate-limiter.js';

/** What the dispatcher reads of its pool. */
export interface DispatchHost {
  readonly state: PoolState;
  /** The connections that have logged in and not closed. */
  readonly live: readonly CmppConnection[];
}

export class Dispatcher {
  private readonly queue = new Deque<Job>();
  /** SUBMITs every ready connection has already given up on (docs/protocol.md "Timers and flow control" N): they wait for a new connection. */
  private readonly parked: Job[] = [];
  private rr = 0;
  private scheduled = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly host: DispatchHost,
  ) {}

  /** Work waiting for a connection or for rate tokens, parked work included. */
  get depth(): number {
    return this.queue.length + this.parked.length;
  }

  /** Work in line for a connection (parked work excluded). */
  get queued(): number {
    return this.queue.length;
  }

  enqueue(job: Job): void {
    this.queue.push(job);
    this.request();
  }

  /** Puts jobs back at the front of the line, in their order (handed back, refused with Result 8). */
  requeueFront(jobs: readonly Job[]): void {
    for (let i = jobs.length - 1; i >= 0; i--) this.queue.unshift(jobs[i]!);
  }

  /** Parked work goes back to the front of the line when the set of connections changes. */
  unpark(): void {
    this.requeueFront(this.parked);
    this.parked.length = 0;
  }

  /** Takes everything waiting out of line, parked work first (the account stops or fails). */
  takeAll(): Job[] {
    this.unpark();
    return this.queue.drain();
  }

  /** Schedules a drain for the end of this microtask turn (many calls, one drain). */
  request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.drain);
  }

  stop(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    const st = this.host.state;
    if (st === 'failed' || st === 'stopped' || st === 'idle') return;
    const now = performance.now();
    const live = this.host.live;
    // Timed-out requests first: they already hold their window slots (docs/protocol.md "Timers and flow control": same Sequence_Id).
    for (let i = 0; i < live.length; i++) {
      const c = live[i]!;
      const rq = c.resendQueue;
      while (rq.length > 0) {
        const job = rq.peek()!;
        if (c.state !== 'ready' || !c.ownsForResend(job)) {
          rq.shift();
          continue;
        }
        // A resend is a message to the gateway's counter too.
        if (!this.takeTokens(job, now)) return;
        rq.shift();
        c.resend(job, now);
      }
    }
    if (st === 'stopping') return;
    const queue = this.queue;
    while (queue.length > 0) {
      const conn = this.pickConnection();
      if (conn === undefined) return;
      const job = queue.peek()!;
      const target = conn.hasGivenUp(job) ? this.connectionFor(job) : conn;
      if (target === undefined) {
        // Another ready connection that has not given up on it takes it once its window frees.
        if (live.some((c) => c.state === 'ready' && !c.hasGivenUp(job))) return;
        queue.shift();
        this.parked.push(job);
        // Every connection already sent it N times unanswered: a fresh connection is the only way
        // it goes out again (the operator's resend, a free message's automatic one), so replace
        // this one rather than leave the work parked while a connection that ignores it stays up.
        conn.fail({ code: 'unanswered', reason: 'the gateway left a SUBMIT unanswered on this connection after every allowed send; reconnecting to send it again', fatal: false });
        continue;
      }
      if (!this.takeTokens(job, now)) return;
      queue.shift();
      target.send(job, now);
    }
  };

  /** Takes the job's messages from the limiter; false (and a wake-up armed) when it must wait. */
  private takeTokens(job: Job, now: number): boolean {
    if (job.weight === 0) return true;
    const wait = this.limiter.take(job.weight, now);
    if (wait <= 0) return true;
    this.wakeIn(wait, now);
    return false;
  }

  /** A ready connection with a free slot that has not given up on `job`. */
  private connectionFor(job: Job): CmppConnection | undefined {
    for (const c of this.host.live) if (c.state === 'ready' && c.window.free > 0 && !c.hasGivenUp(job)) return c;
    return undefined;
  }

  /** The ready connection with the most free window slots; ties rotate. */
  private pickConnection(): CmppConnection | undefined {
    const live = this.host.live;
    const n = live.length;
    let best: CmppConnection | undefined;
    let bestFree = 0;
    for (let k = 0; k < n; k++) {
      const c = live[(this.rr + k) % n]!;
      const free = c.window.free;
      if (free > bestFree && c.state === 'ready') {
        best = c;
        bestFree = free;
      }
    }
    if (best !== undefined) this.rr = (this.rr + 1) % n;
    return best;
  }

  private wakeIn(waitMs: number, now: number): void {
    const at = now + waitMs;
    if (this.wakeTimer !== undefined && this.wakeAt <= at) return;
    clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(this.wake, Math.max(1, Math.ceil(waitMs)));
  }

  private readonly wake = (): void => {
    this.wakeTimer = undefined;
    this.wakeAt = Infinity;
    this.drain();
  };
}
