// Shared by the browser-mode server tests: a small renderer folder (an index.html and the REAL page
// transport built from electron/web/page-preload.ts; the screens themselves are not needed to test
// the server), a real server on 127.0.0.1 over a real LiveSession in a temp data directory, and raw
// HTTP helpers that send paths and headers exactly as written (fetch would normalise them).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WsWebSocket from 'ws';
import { pageTransportBuildOptions } from '../../build/bundle.js';
import { startWebServer, type WebServer, type WebServerOptions } from '../../electron/web/server.js';
import { KEY_PARAM } from '../../electron/web/guard.js';
import { FAST_SESSION } from '../ui/live-harness.js';

export const OUTSIDE_TEXT = 'THIS FILE IS OUTSIDE THE BUNDLE';

export interface RendererFixture {
  /** The folder served (renderer/). */
  root: string;
  /** Its parent, with a file beside renderer/ that no request may reach. */
  base: string;
  close(): void;
}

export async function rendererFixture(): Promise<RendererFixture> {
  const base = mkdtempSync(join(tmpdir(), 'cmpp-web-fixture-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), OUTSIDE_TEXT);
  writeFileSync(join(base, 'renderer..txt'), OUTSIDE_TEXT);
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html>\n<html lang="zh-CN">\n  <head>\n    <title>CMPP Desk</title>\n    <script type="module" src="./assets/app.js"></script>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n',
  );
  writeFileSync(join(root, 'assets', 'app.js'), 'document.getElementById("root").textContent = "ok";\n');
  await build(pageTransportBuildOptions(join(root, 'web-transport.js')));
  return { root, base, close: () => rmSync(base, { recursive: true, force: true }) };
}

export interface TestServer {
  server: WebServer;
  fixture: RendererFixture;
  dataDir: string;
  /** The `Cookie` header value a signed-in browser sends. */
  cookie: string;
  /** Channels that reached the handler wrapper, in order. */
  calls: string[];
  logs: string[];
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<WebServerOptions> = {}): Promise<TestServer> {
  const fixture = await rendererFixture();
  const dataDir = mkdtempSync(join(tmpdir(), 'cmpp-web-data-'));
  const calls: string[] = [];
  const logs: string[] = [];
  const server = await startWebServer({
    dataDir,
    port: 0,
    demo: true,
    rendererRoot: fixture.root,
    session: FAST_SESSION,
    flushMs: 50,
    log: (line) => logs.push(line),
    onHandlerCall: (channel) => calls.push(channel),
    ...opts,
  });
  const cookie = await signIn(server);
  return {
    server,
    fixture,
    dataDir,
    cookie,
    calls,
    logs,
    async close() {
      await server.close();
      fixture.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with the path and headers exactly as given (Host defaults to ours). */
export function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { Host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The key exchange a browser does with the printed URL; returns the Cookie header to send. */
export async function signIn(server: WebServer): Promise<string> {
  const u = new URL(server.url);
  const r = await raw(server.port, { path: `${u.pathname}${u.search}` });
  if (r.status !== 303) throw new Error(`sign-in answered ${r.status}`);
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  return set[0]!.split(';')[0]!;
}

/** A WebSocket upgrade with exactly these headers; resolves with the status (101 = accepted). */
export function upgradeStatus(port: number, headers: Record<string, string>, path = '/__desk/socket'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Host: `127.0.0.1:${port}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket class for createSocketTransport that sends a signed-in page's cookie and Origin. */
export function pageSocket(ts: TestServer): typeof WebSocket {
  const headers = { Cookie: ts.cookie, Origin: ts.server.origin };
  class PageSocket extends WsWebSocket {
    constructor(url: string | URL) {
      super(url, { headers });
    }
  }
  return PageSocket as unknown as typeof WebSocket;
}

export function socketUrl(server: WebServer): string {
  return `ws://127.0.0.1:${server.port}/__desk/socket`;
}

export { KEY_PARAM };

/** Polls until `check` holds (bounded), for things that happen on the engine's own time. */
