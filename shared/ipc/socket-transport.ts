// The browser-mode transport of createDeskApi(): the same invoke/subscribe contract the Electron
// preload gives, over ONE WebSocket per page to the local server (electron/web/). Invokes are
// request/response messages with ids carrying the envelopes main's wrapped handler produced; event
// batches are pushed by the server. Pure browser code (WebSocket only), so the page script and the
// tests (Node's global WebSocket) share it. The message shapes below are the wire vocabulary of
// both sides.
import type { EventChannel, InvokeChannel } from './channels.js';
import type { DeskTransport } from './api.js';
import type { Envelope } from './envelope.js';

/** The socket's path on the server. */
export const SOCKET_PATH = '/__desk/socket';
/** Internal URLs of browser mode live under this prefix (never a file of the renderer bundle). */
export const DESK_PREFIX = '/__desk/';

/** Page -> server. */
export type PageMessage =
  | { t: 'invoke'; id: number; channel: string; args: unknown[] }
  /** The file picker the server asked for (`pick`) was dismissed. */
  | { t: 'pick-cancel'; pickId: string };

/** Server -> page. */
export type ServerMessage =
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'event'; channel: EventChannel; batch: unknown }
  /** Show a file picker; upload the chosen file with POST to `uploadUrl`, or send pick-cancel. */
  | { t: 'pick'; pickId: string; uploadUrl: string; accept: string; title: string }
  /** A file the page's export wrote is ready: save it through the browser from this one-time URL. */
  | { t: 'download'; url: string; name: string };

export type SocketState = 'connecting' | 'open' | 'lost';

/** The code of the envelope an invoke gets when the connection drops before its answer. */
export const DISCONNECTED = 'disconnected';

export interface SocketTransportOptions {
  /** ws://host:port/__desk/socket */
  url: string;
  /** The WebSocket constructor (the page's global by default). */
  WebSocketImpl?: typeof WebSocket;
  onState?(state: SocketState): void;
  /** Messages other than results and events (pick, download). */
  onControl?(message: Extract<ServerMessage, { t: 'pick' | 'download' }>): void;
  /** Reconnect delays grow from this to maxRetryMs (defaults 250 ms and 5 s). */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface SocketTransport extends DeskTransport {
  send(message: PageMessage): void;
  readonly state: SocketState;
  close(): void;
}

export function createSocketTransport(options: SocketTransportOptions): SocketTransport {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const listeners = new Map<string, Set<(batch: unknown) => void>>();
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  /** Sent once the socket opens (the page may invoke before it has). */
  let outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let state: SocketState = 'connecting';
  let closed = false;
  let retryMs = options.retryMs ?? 250;
  // The server holds events for a tab until its app.ready: a new socket after a drop is a new tab
  // to the server, so the page's readiness is said again on its behalf.
  let readySaid = false;
  let everOpened = false;

  const setState = (next: SocketState) => {
    if (state === next) return;
    state = next;
    options.onState?.(next);
  };

  const deliver = (text: string) => {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if (msg.t === 'result') {
      const settle = pending.get(msg.id);
      pending.delete(msg.id);
      settle?.(msg.envelope);
    } else if (msg.t === 'event') {
      for (const l of listeners.get(msg.channel) ?? []) l(msg.batch);
    } else {
      options.onControl?.(msg);
    }
  };

  const connect = () => {
    const ws = new Impl(options.url);
    socket = ws;
    ws.onopen = () => {
      retryMs = options.retryMs ?? 250;
      const reconnected = everOpened;
      everOpened = true;
      setState('open');
      if (reconnected && readySaid) ws.send(JSON.stringify({ t: 'invoke', id: nextId++, channel: 'app.ready', args: [] } satisfies PageMessage));
      const queued = outbox;
      outbox = [];
      for (const m of queued) ws.send(m);
    };
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') deliver(e.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Calls in flight have no answer coming: they fail now, with a code the screens show as is.
      for (const settle of pending.values()) {
        settle({ ok: false, code: DISCONNECTED, message: 'the connection to CMPP Desk was lost; reconnecting' });
      }
      pending.clear();
      if (closed) return;
      setState('lost');
      const delay = retryMs;
      retryMs = Math.min(retryMs * 2, options.maxRetryMs ?? 5000);
      setTimeout(() => {
        if (!closed) connect();
      }, delay);
    };
  };

  const send = (message: PageMessage) => {
    const text = JSON.stringify(message);
    if (socket && socket.readyState === Impl.OPEN) socket.send(text);
    else outbox.push(text);
  };

  connect();
  return {
    get state() {
      return state;
    },
    send,
    invoke(channel: InvokeChannel, ...args: unknown[]) {
      if (channel === 'app.ready') readySaid = true;
      if (state === 'lost') {
        return Promise.resolve({ ok: false, code: DISCONNECTED, message: 'not connected to CMPP Desk; reconnecting' });
      }
      const id = nextId++;
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        send({ t: 'invoke', id, channel, args });
      });
    },
    subscribe(channel: EventChannel, listener: (batch: unknown) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => {
        listeners.get(channel)?.delete(listener);
      };
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
