// Browser mode: the workstation's engine in a plain Node process, its UI served to a local browser.
// The same pieces as the desktop shell (electron/main.ts): LiveSession, the handler table, the
// wrapped invoker ipcMain uses, per-page EventBatchers, the app:// file resolver and its headers.
// Only the transport differs: HTTP on the loopback interface and ONE WebSocket per page carrying
// the same envelopes and event batches (shared/ipc/socket-transport.ts is the page's side).
// Secrets: no OS keyring outside Electron, so the key-file cipher, said in a notice as on a desktop
// without a keyring.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { DESK_PREFIX, SOCKET_PATH, type PageMessage, type ServerMessage } from '../../shared/ipc/socket-transport.js';
import { openEngineOrDemo } from '../services/demo/open-desk.js';
import { createHandlerTable } from '../ipc/handlers.js';
import { REAL_DB_FILE, type LiveSession, type LiveSessionOptions } from '../services/demo/desk-session.js';
import { createInvoker } from '../ipc/register.js';
import { LocalKeyCipher } from '../store/cipher.js';
import { defaultDataDir } from '../store/data-dir.js';
import { openSupportLog } from '../services/support/support-log-file.js';
import { BrowserFiles, DOWNLOAD_PATH, UPLOAD_PATH } from './files.js';
import { Guard, KEY_PARAM, sameSecret, sendPlain, webSecurityHeaders } from './guard.js';
import { pathHider } from './hide-paths.js';
import { EventHub, type Tab } from './hub.js';
import { StaticFiles } from './static-files.js';

const repoRoot = resolve(import.meta.dirname, '../..');
export const DEFAULT_PORT = 7800;
/** The same bound as quitting the desktop app. */
export const CLOSE_BOUND_MS = 10_000;
/** One invoke's arguments (a pasted recipient list) can be large; far above any real call. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface WebServerOptions {
  /** Default: the desktop app's and CLI's per-user directory (cmpp-desk.db in it). */
  dataDir?: string;
  /** 0 = any free port; default 7800, or any free port when 7800 is taken (said in the log). */
  port?: number;
  /** Start on the demo gateway instead of the remembered mode. */
  demo?: boolean;
  /** The built renderer; default dist/renderer. */
  rendererRoot?: string;
  /** Engine options (tests pass fast timers). */
  session?: Partial<Omit<LiveSessionOptions, 'events' | 'dataDir' | 'cipher' | 'secrets'>>;
  /** Event flush interval per page (the app uses 300 ms). */
  flushMs?: number;
  /** Upload size cap in bytes (default 200 MB). */
  uploadLimitBytes?: number;
  log?: (line: string) => void;
  /** Told of every invoke that reached the handler wrapper (tests count them). */
  onHandlerCall?: (channel: string) => void;
}

export interface WebServer {
  /** The address to open: carries the per-launch key, exchanged for a cookie at once. */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  /** Invokes that reached the handler wrapper so far. */
  readonly handlerCalls: number;
  /** Pages connected now. */
  readonly tabs: number;
  readonly session: LiveSession;
  readonly dataDir: string;
  /** The private per-launch folder where uploads land and exports wait for their download. */
  readonly tempDir: string;
  /** Drops every page's socket (the pages reconnect by themselves); the engine is untouched. */
  dropConnections(): void;
  /** The graceful stop of quitting the app: engine settled (or in doubt), TERMINATE, database closed; bounded at 10 s. */
  close(): Promise<void>;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });
}

/** Refuses an upgrade on the raw socket, with the same headers as every other answer. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const head = [`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}`];
  for (const [k, v] of Object.entries({ ...webSecurityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })) head.push(`${k}: ${v}`);
  socket.end(`${head.join('\r\n')}\r\n\r\n${reason}\n`);
}

function isPageMessage(v: unknown): v is PageMessage {
  const m = v as Record<string, unknown> | null;
  if (!m || typeof m !== 'object') return false;
  if (m.t === 'invoke') return Number.isSafeInteger(m.id) && typeof m.channel === 'string' && Array.isArray(m.args);
  return m.t === 'pick-cancel' && typeof m.pickId === 'string';
}

export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const statics = new StaticFiles(resolve(options.rendererRoot ?? join(repoRoot, 'dist', 'renderer')));
  await statics.check();

  // Bind first (a taken port fails before the engine opens anything).
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((error: unknown) => {
      log(`[web] ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      sendPlain(res, 500, 'internal error');
    });
  };
  const v4 = createServer(handler);
  let port = options.port ?? DEFAULT_PORT;
  try {
    await listen(v4, port, '127.0.0.1');
  } catch (error) {
    if (options.port !== undefined || (error as { code?: string }).code !== 'EADDRINUSE') {
      throw new Error(`cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
    }
    await listen(v4, 0, '127.0.0.1');
    log(`Port ${port} is in use; using port ${(v4.address() as AddressInfo).port} instead.`);
  }
  port = (v4.address() as AddressInfo).port;
  const servers: Server[] = [v4];
  // ::1 too where the machine has it (a browser may resolve localhost to it); never any other interface.
  const v6 = createServer(handler);
  await listen(v6, port, '::1').then(
    () => servers.push(v6),
    () => undefined,
  );
  const guard = new Guard(port);
  const origin = `http://127.0.0.1:${port}`;

  // <dataDir>/logs/web.log: the support log, as the desktop app keeps desk.log.
  const supportLog = openSupportLog(dataDir, { name: 'web' });
  supportLog.info('app-start', { version: packageVersion(), platform: process.platform, mode: 'browser', node: process.versions.node });
  supportLog.info('secrets-cipher', { protection: 'key-file' });
  const hub = new EventHub(options.flushMs);
  const files = new BrowserFiles(hub, options.uploadLimitBytes);
  hub.emit('app.notice', {
    level: 'warning',
    code: 'secrets-key-file-browser',
    message: 'Browser mode has no system keyring: account secrets are protected only by a key file beside the database.',
  });
  let session: LiveSession;
  try {
    session = await openEngineOrDemo({
      dataDir,
      cipher: LocalKeyCipher.besideDatabase(join(dataDir, REAL_DB_FILE)),
      secrets: 'key-file',
      events: hub,
      onError: (error, context) => {
        supportLog.error('engine-error', { context }, error);
        log(`[engine] ${context}: ${error instanceof Error ? error.message : String(error)}`);
      },
      ...options.session,
      workspace: { autoPump: true, log: supportLog, ...options.session?.workspace },
      ...(options.demo ? { mode: 'demo' as const } : {}),
    });
  } catch (error) {
    supportLog.error('start-failed', {}, error);
    await supportLog.close();
    for (const s of servers) s.close();
    files.close();
    hub.close();
    throw error;
  }
  const engine = session;
  hub.endStartup();
  const table = createHandlerTable({
    info: { name: 'CMPP Desk', version: packageVersion(), platform: process.platform, versions: { electron: '-', chrome: '-', node: process.versions.node } },
    events: hub,
    dialogs: files,
    supportLog,
    get workspace() {
      return engine.workspace;
    },
    live: engine,
  });
  const invoke = createInvoker<Tab>(table, (tab) => !tab.closed, {
    onInternalError: (channel, error) => {
      supportLog.error('ipc-internal-error', { channel }, error);
      log(`[ipc] ${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    },
  });
  let handlerCalls = 0;

  const hidePaths = pathHider(dataDir, files.root);

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const safe = method === 'GET' || method === 'HEAD';
    const site = guard.checkSite(req, !safe);
    if (site) return sendPlain(res, site.status, site.reason);
    const url = new URL(req.url ?? '/', origin);
    const key = url.searchParams.get(KEY_PARAM);
    if (method === 'GET' && url.pathname === '/' && key !== null) {
      if (!sameSecret(key, guard.secret)) return sendPlain(res, 403, 'wrong key: open the address CMPP Desk printed when it started');
      // The key leaves the address bar at once: a clean URL, the secret kept in the cookie only.
      res.writeHead(303, { ...webSecurityHeaders(), 'Set-Cookie': guard.cookieHeader(), Location: '/', 'Content-Length': '0' });
      res.end();
      return;
    }
    const refusal = guard.check(req, !safe);
    if (refusal) return sendPlain(res, refusal.status, refusal.reason);
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (rawPath.startsWith(DOWNLOAD_PATH)) return files.serveDownload(req, res, rawPath.slice(DOWNLOAD_PATH.length));
    if (rawPath.startsWith(UPLOAD_PATH)) {
      if (method !== 'POST') return sendPlain(res, 405, 'method not allowed');
      return files.receiveUpload(req, res, rawPath.slice(UPLOAD_PATH.length));
    }
    if (rawPath.startsWith(DESK_PREFIX)) return sendPlain(res, 404, 'not found');
    return statics.serve(req, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let nextTabId = 1;
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    if ((req.url ?? '').split('?')[0] !== SOCKET_PATH) return refuseUpgrade(socket, 404, 'not found');
    const refusal = guard.check(req, true);
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason);
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  };
  for (const s of servers) s.on('upgrade', onUpgrade);

  function onSocket(ws: WebSocket): void {
    const sendMessage = (message: ServerMessage | unknown): boolean => {
      if (ws.readyState !== ws.OPEN) return false;
      ws.send(hidePaths(JSON.stringify(message)));
      return true;
    };
    const tab = hub.open(
      nextTabId++,
      {
        send(channel, batch) {
          // Throwing puts the batch back (EventBatcher): the page is going away.
          if (!sendMessage({ t: 'event', channel, batch } satisfies ServerMessage)) throw new Error('page is gone');
        },
      },
      sendMessage,
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (!isPageMessage(msg)) return;
      if (msg.t === 'pick-cancel') return files.cancelPick(tab, msg.pickId);
      const { id, channel, args } = msg;
      handlerCalls++;
      options.onHandlerCall?.(channel);
      void hub
        .runAs(tab, () => invoke(tab, channel, args))
        .then((envelope) => sendMessage({ t: 'result', id, envelope } satisfies ServerMessage));
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      files.tabClosed(tab);
      hub.closeTab(tab);
    });
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolveBound) => {
        timer = setTimeout(() => {
          log(`[engine] close took longer than ${CLOSE_BOUND_MS / 1000} s; stopping anyway (unanswered SUBMITs become in_doubt at the next start)`);
          resolveBound();
        }, CLOSE_BOUND_MS);
      });
      await Promise.race([engine.close().catch((error: unknown) => log(`[engine] close: ${String(error)}`)), bound]);
      clearTimeout(timer);
      hub.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolveClose) => {
              s.close(() => resolveClose());
              s.closeAllConnections();
            }),
        ),
      );
      files.close();
      supportLog.info('app-quit');
      await supportLog.close();
    })();
    return closing;
  };

  return {
    url: guard.entryUrl(origin),
    origin,
    port,
    get handlerCalls() {
      return handlerCalls;
    },
    get tabs() {
      return hub.tabCount;
    },
    session: engine,
    dataDir,
    tempDir: files.root,
    dropConnections() {
      for (const client of wss.clients) client.terminate();
    },
    close,
  };
}
