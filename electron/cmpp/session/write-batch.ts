// The writing side of one connection: every PDU queued in one event-loop turn goes out in one socket
// write (gathered, concatenated in a setImmediate flush), and a request counts as written, sent and
// resent only when its bytes really reach the socket. A dead socket writes nothing: its jobs stay
// "never written" and go back in line.
import type { Socket } from 'node:net';
import type { Counters } from './counters.js';
import type { Job } from './job.js';
import { traceEntry, type TraceEntry } from './trace.js';

export interface WriteTarget {
  readonly counters: Counters;
  /** Checked per flush; when false nothing of the trace is built. */
  readonly traceOn: boolean;
  trace(entry: TraceEntry): void;
}

export class WriteBatch {
  private out: Buffer[] = [];
  private jobs: Job[] = [];
  private scheduled = false;

  constructor(
    /** The socket while the connection may write on it, else undefined. */
    private readonly socket: () => Socket | undefined,
    private readonly target: WriteTarget,
    private readonly connectionId: number,
  ) {}

  /** Queues a frame (with its job when it is a request of the application or a link test). */
  queue(buf: Buffer, job?: Job): void {
    this.out.push(buf);
    if (job !== undefined) this.jobs.push(job);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Drops what is queued (the socket closed). */
  clear(): void {
    this.out = [];
    this.jobs = [];
  }

  readonly flush = (): void => {
    this.scheduled = false;
    const out = this.out;
    const jobs = this.jobs;
    if (out.length === 0) return;
    this.clear();
    const socket = this.socket();
    if (socket === undefined || socket.destroyed || socket.writableEnded) return;
    const counters = this.target.counters;
    for (let i = 0; i < jobs.length; i++) {
      const j = jobs[i]!;
      j.written = true;
      j.sends++;
      j.attempts++;
      if (j.kind === 'submit') {
        counters.messages += j.weight;
        if (j.sends === 1) counters.submits++;
        if (j.resending) counters.resends++;
      }
      j.resending = false;
    }
    if (this.target.traceOn) for (const b of out) this.target.trace(traceEntry(b, 'out', this.connectionId));
    socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
  };
}
