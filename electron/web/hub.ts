// Browser mode's event fan-out: the engine emits into ONE hub (it satisfies LiveSession's emitter),
// and every open tab has its own EventBatcher fed from it, so all tabs see the same live events and
// each tab's readiness (`app.ready`, a reload, a slow tab) is its own. A tab that closes takes only
// its queue with it; the engine never notices.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventChannel } from '../../shared/ipc/channels.js';
import type { PayloadOf } from '../../shared/ipc/contract.js';
import type { Notice } from '../../shared/ipc/contract/app.js';
import { EventBatcher, type EventSink } from '../ipc/events.js';

/** One open page (one WebSocket). */
export interface Tab {
  readonly id: number;
  readonly events: EventBatcher;
  /** Sends a control message to the page; false when the page is gone. */
  send(message: unknown): boolean;
  readonly closed: boolean;
}

/** Notices said at start-up (the key-file cipher's, a database that failed to open) are replayed to every new tab. */
const STICKY_MAX = 20;

export class EventHub {
  private readonly tabs = new Set<Tab>();
  private readonly sticky: Notice[] = [];
  private readonly current = new AsyncLocalStorage<Tab>();
  private closed = false;
  private startingUp = true;

  constructor(private readonly flushMs?: number) {}

  emit<E extends EventChannel>(channel: E, payload: PayloadOf<E>): void {
    if (this.closed) return;
    if (channel === 'app.notice' && this.startingUp && this.sticky.length < STICKY_MAX) this.sticky.push(payload as Notice);
    for (const tab of this.tabs) tab.events.emit(channel, payload);
  }

  /** Start-up is over: later notices go to the pages open at the time only, like any event. */
  endStartup(): void {
    this.startingUp = false;
  }

  /** A new page: its own batcher, holding events until the page says app.ready. */
  open(id: number, sink: EventSink, send: (message: unknown) => boolean): Tab {
    const events = new EventBatcher(this.flushMs === undefined ? {} : { intervalMs: this.flushMs });
    events.connect(sink);
    for (const notice of this.sticky) events.emit('app.notice', notice);
    let closed = this.closed;
    const tab: Tab = {
      id,
      events,
      send: (message) => !closed && send(message),
      get closed() {
        return closed;
      },
    };
    if (!closed) this.tabs.add(tab);
    const close = () => {
      closed = true;
      events.close();
      this.tabs.delete(tab);
    };
    this.closers.set(tab, close);
    return tab;
  }

  private readonly closers = new Map<Tab, () => void>();

  closeTab(tab: Tab): void {
    this.closers.get(tab)?.();
    this.closers.delete(tab);
  }

  get tabCount(): number {
    return this.tabs.size;
  }

  /** Runs `fn` (an invoke) as the call of `tab`: setReady and the file dialogs act on that tab. */
  runAs<T>(tab: Tab, fn: () => T): T {
    return this.current.run(tab, fn);
  }

  /** The tab whose invoke is running, or null outside one. */
  callingTab(): Tab | null {
    return this.current.getStore() ?? null;
  }

  /** HandlerDeps.events: `app.ready` readies the calling tab only. */
  setReady(ready: boolean): void {
    this.callingTab()?.events.setReady(ready);
  }

  /** The most recently opened tab still open (where a file goes when the tab that asked is gone). */
  newestTab(): Tab | null {
    let newest: Tab | null = null;
    for (const tab of this.tabs) if (!newest || tab.id > newest.id) newest = tab;
    return newest;
  }

  close(): void {
    this.closed = true;
    for (const close of [...this.closers.values()]) close();
    this.closers.clear();
  }
}
