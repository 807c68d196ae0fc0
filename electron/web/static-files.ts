// The renderer bundle over HTTP, through the same file resolver as the desktop's app:// protocol
// (serveAppRequest: no traversal, no symlink out of the folder, the production headers), plus the
// one browser-mode addition: index.html gets a <script src> for the page transport (a file of the
// same origin, so the CSP's script-src 'self' holds with no inline script).
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { APP_ORIGIN, serveAppRequest } from '../ipc/app-protocol.js';
import { sendPlain, webSecurityHeaders } from './guard.js';

/** The page transport's file in the renderer bundle (build/bundle.ts writes it beside index.html). */
export const PAGE_SCRIPT_FILE = 'web-transport.js';

const PAGE_SCRIPT_TAG = `<script src="/${PAGE_SCRIPT_FILE}"></script>`;

/**
 * index.html with the transport's script before the bundle's: a classic script in <head> runs
 * before the deferred module scripts, so `window.cmppDesk` exists when the renderer starts.
 */
export function injectPageScript(html: string): string {
  const at = html.indexOf('</head>');
  if (at < 0) throw new Error('index.html has no </head>');
  return `${html.slice(0, at)}    ${PAGE_SCRIPT_TAG}\n  ${html.slice(at)}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Refuses a raw request path that tries to leave the bundle in any spelling: `..` plain, percent-
 * encoded once or twice, or with an encoded (back)slash. Asset URLs never contain any of these, so
 * refusing beats normalising (the URL parser would quietly turn `/a/%2e%2e/b` into `/b`).
 */
export function traversalProblem(rawPath: string): string | null {
  if (/%(25)*(2f|5c|00)/i.test(rawPath) || rawPath.includes('\\') || rawPath.includes('\0')) return 'forbidden character in path';
  const once = safeDecode(rawPath);
  const twice = safeDecode(once);
  for (const form of [rawPath, once, twice]) {
    if (form.split(/[\\/]/).some((seg) => seg === '..' || seg === '.')) return 'path traversal';
  }
  return null;
}

export class StaticFiles {
  private indexHtml: string | null = null;

  constructor(readonly root: string) {}

  /** Fails at start-up, with the fix, when the bundle is missing or was built before browser mode. */
  async check(): Promise<void> {
    const missing = async (file: string) => readFile(join(this.root, file)).then(() => false, () => true);
    if ((await missing('index.html')) || (await missing(PAGE_SCRIPT_FILE))) {
      throw new Error(`the UI is not built in ${this.root}: run npm run build (npm start does it)`);
    }
  }

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return sendPlain(res, 405, 'method not allowed');
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (!rawPath.startsWith('/')) return sendPlain(res, 400, 'malformed path');
    const problem = traversalProblem(rawPath);
    if (problem) return sendPlain(res, problem === 'path traversal' ? 403 : 400, problem);
    if (rawPath === '/' || rawPath === '/index.html') {
      this.indexHtml ??= injectPageScript(await readFile(join(this.root, 'index.html'), 'utf8'));
      const body = Buffer.from(this.indexHtml, 'utf8');
      res.writeHead(200, { ...webSecurityHeaders(), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length) });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    const response = await serveAppRequest(new Request(`${APP_ORIGIN}${rawPath}`, { method }), this.root);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    // Fetch's header names are lower case: ours replace theirs instead of doubling them.
    for (const [name, value] of Object.entries(webSecurityHeaders())) headers[name.toLowerCase()] = value;
    res.writeHead(response.status, headers);
    if (!response.body) {
      res.end();
      return;
    }
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
  }
}
