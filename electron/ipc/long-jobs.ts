// Long operations (exports, imports, deleting a big group): each runs under a
// key the renderer chose, reports `data.progress` events and can be cancelled with `jobs.cancel`
// while its invoke is still pending. A cancelled job ends with the service's 'cancelled' error.
import type { JobKind, JobProgress } from '../../shared/ipc/contract/jobs.js';
import { IpcFailure } from '../../shared/ipc/envelope.js';

export type ProgressEmitter = (progress: JobProgress) => void;

export interface JobContext {
  signal: AbortSignal;
  /** Reports progress; at most one event per `minIntervalMs` while running (the batcher sends them every ~300 ms anyway). */
  progress(processed: number, total?: number | null): void;
}

interface Running {
  controller: AbortController;
  cancellable: boolean;
}

export class LongJobs {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly emit: ProgressEmitter,
    private readonly minIntervalMs = 100,
  ) {}

  /** Runs `fn` as job `jobKey`; refuses a key that is still running. */
  async run<T>(kind: JobKind, jobKey: string, fn: (ctx: JobContext) => Promise<T>, opts: { cancellable?: boolean } = {}): Promise<T> {
    if (this.running.has(jobKey)) throw new IpcFailure('job-running', `a job with key ${jobKey} is already running`);
    const job: Running = { controller: new AbortController(), cancellable: opts.cancellable ?? true };
    this.running.set(jobKey, job);
    let processed = 0;
    let total: number | null = null;
    let lastAt = 0;
    const ctx: JobContext = {
      signal: job.controller.signal,
      progress: (n, t) => {
        processed = n;
        if (t !== undefined) total = t;
        const now = performance.now();
        if (now - lastAt < this.minIntervalMs) return;
        lastAt = now;
        this.emit({ jobKey, kind, processed, total, phase: 'running' });
      },
    };
    this.emit({ jobKey, kind, processed, total, phase: 'running' });
    try {
      const value = await fn(ctx);
      this.emit({ jobKey, kind, processed, total, phase: 'done' });
      return value;
    } catch (e) {
      const cancelled = job.controller.signal.aborted || (e as { code?: unknown })?.code === 'cancelled';
      this.emit({ jobKey, kind, processed, total, phase: cancelled ? 'cancelled' : 'failed' });
      throw e;
    } finally {
      this.running.delete(jobKey);
    }
  }

  /** true when the job was running and is now asked to stop. */
  cancel(jobKey: string): boolean {
    const job = this.running.get(jobKey);
    if (!job || !job.cancellable || job.controller.signal.aborted) return false;
    job.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const job of this.running.values()) if (job.cancellable) job.controller.abort();
  }
}
