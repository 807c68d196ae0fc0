// Main -> renderer events, batched: live updates are pushed
// every 250-500 ms (docs/glossary.md "Live feed"), never one IPC message per status report. Events are queued
// until the renderer says it is ready (`app.ready`), because reports can arrive
// before the window has loaded; and again after a reload or a renderer crash.
import { contract, type EventBatch, type EventSpec, type PayloadOf } from '../../shared/ipc/contract.js';
import type { EventChannel } from '../../shared/ipc/channels.js';

export interface EventSink {
  /** One call per channel per flush (webContents.send in main). May throw if the window is gone. */
  send(channel: EventChannel, batch: EventBatch<unknown>): void;
}

export const DEFAULT_FLUSH_MS = 300;

interface Queue {
  items: unknown[];
  dropped: number;
}

export class EventBatcher {
  readonly intervalMs: number;
  private readonly queues = new Map<EventChannel, Queue>();
  private sink: EventSink | null = null;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(options: { intervalMs?: number } = {}) {
    const ms = options.intervalMs ?? DEFAULT_FLUSH_MS;
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`intervalMs must be a positive number, got ${ms}`);
    this.intervalMs = ms;
  }

  emit<E extends EventChannel>(channel: E, payload: PayloadOf<E>): void {
    if (this.closed) return;
    const spec: EventSpec<unknown> = contract[channel];
    let q = this.queues.get(channel);
    if (!q) this.queues.set(channel, (q = { items: [], dropped: 0 }));
    if (spec.keep === 'latest') {
      // A newer snapshot supersedes the older one: nothing is lost.
      q.items = [payload];
    } else {
      q.items.push(payload);
      // Bounded while the renderer is away; the overflow is counted, not hidden, so the
      // screen can say it missed some and reload its state from main.
      if (q.items.length > spec.max) q.dropped += q.items.splice(0, q.items.length - spec.max).length;
    }
    this.schedule();
  }

  /** The window's webContents is available (it is not ready to receive until setReady(true)). */
  connect(sink: EventSink): void {
    this.sink = sink;
    this.ready = false;
  }

  /** The window is gone: keep queueing. */
  disconnect(): void {
    this.sink = null;
    this.setReady(false);
  }

  /** true on `app.ready`; false when the renderer reloads or crashes. Becoming ready flushes at once. */
  setReady(ready: boolean): void {
    this.ready = ready;
    if (ready) this.flush();
    else this.cancelTimer();
  }

  get isReady(): boolean {
    return this.ready && this.sink !== null;
  }

  /** Events waiting for the next flush, per channel (for diagnostics and tests). */
  pending(channel: EventChannel): number {
    return this.queues.get(channel)?.items.length ?? 0;
  }

  /** Sends everything queued now, one message per channel. */
  flush(): void {
    this.cancelTimer();
    const sink = this.sink;
    if (!sink || !this.ready) return;
    for (const [channel, q] of this.queues) {
      if (q.items.length === 0 && q.dropped === 0) continue;
      const batch: EventBatch<unknown> = { items: q.items, dropped: q.dropped };
      this.queues.set(channel, { items: [], dropped: 0 });
      try {
        sink.send(channel, batch);
      } catch {
        // The window went away mid-flush: put the batch back and wait for the next app.ready.
        const now = this.queues.get(channel)!;
        const spec: EventSpec<unknown> = contract[channel];
        if (spec.keep === 'latest') {
          if (now.items.length === 0) now.items = batch.items;
        } else {
          now.items = [...batch.items, ...now.items];
          if (now.items.length > spec.max) now.dropped += now.items.splice(0, now.items.length - spec.max).length;
        }
        now.dropped += batch.dropped;
        this.ready = false;
        return;
      }
    }
  }

  close(): void {
    this.closed = true;
    this.cancelTimer();
    this.queues.clear();
    this.sink = null;
  }

  private schedule(): void {
    if (this.timer !== null || !this.ready || !this.sink) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.intervalMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
