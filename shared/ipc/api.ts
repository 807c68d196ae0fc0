// The shape of `window.cmppDesk`: one method per invoke channel, grouped by the
// channel's namespace (`planner.preview` -> cmppDesk.planner.preview(args)), plus
// onEvent(). Built from the channel NAME lists only, so the sandboxed preload
// bundle carries no validator code. The preload and the browser-test stand-in both
// build the object with createDeskApi(), so the tests exercise this very code.
import type { ArgsOf, EventBatch, PayloadOf, ResultOf } from './contract.js';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type InvokeChannel } from './channels.js';
import type { Envelope } from './envelope.js';

type NamespaceOf<C> = C extends `${infer N}.${string}` ? N : never;
type MethodOf<C> = C extends `${string}.${infer M}` ? M : never;

export type DeskMethod<C extends InvokeChannel> = [ArgsOf<C>] extends [void]
  ? () => Promise<Envelope<ResultOf<C>>>
  : (args: ArgsOf<C>) => Promise<Envelope<ResultOf<C>>>;

export type EventListener<E extends EventChannel> = (batch: EventBatch<PayloadOf<E>>) => void;

export type DeskApi = {
  readonly [N in NamespaceOf<InvokeChannel>]: {
    readonly [C in InvokeChannel as NamespaceOf<C> extends N ? MethodOf<C> : never]: DeskMethod<C>;
  };
} & {
  /** Subscribes to a main -> renderer event channel; returns the unsubscribe function. */
  readonly onEvent: <E extends EventChannel>(channel: E, listener: EventListener<E>) => () => void;
};

/** What createDeskApi needs from its host (ipcRenderer in the preload, a test bridge in the browser tests). */
export interface DeskTransport {
  invoke(channel: InvokeChannel, ...args: unknown[]): Promise<unknown>;
  /** Must call `listener` with the batch only (never an Electron event object); returns an unsubscribe. */
  subscribe(channel: EventChannel, listener: (batch: unknown) => void): () => void;
}

export function createDeskApi(transport: DeskTransport): DeskApi {
  const api: Record<string, unknown> = {};
  const namespaces: Record<string, Record<string, unknown>> = {};
  for (const channel of INVOKE_CHANNELS) {
    const [ns, method] = channel.split('.') as [string, string];
    // All arguments are forwarded; main validates their number and shape.
    (namespaces[ns] ??= {})[method] = (...args: unknown[]) => transport.invoke(channel, ...args);
  }
  for (const [ns, methods] of Object.entries(namespaces)) api[ns] = Object.freeze(methods);
  api.onEvent = (channel: unknown, listener: unknown): (() => void) => {
    if (!(EVENT_CHANNELS as readonly unknown[]).includes(channel)) {
      throw new TypeError(`cmppDesk.onEvent: unknown event channel ${JSON.stringify(channel)}`);
    }
    if (typeof listener !== 'function') throw new TypeError('cmppDesk.onEvent: listener must be a function');
    let unsubscribe: (() => void) | null = transport.subscribe(channel as EventChannel, (batch) => listener(batch));
    return () => {
      unsubscribe?.();
      unsubscribe = null;
    };
  };
  return Object.freeze(api) as DeskApi;
}
