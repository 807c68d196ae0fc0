// The app:// scheme that serves the renderer's built files (dist/renderer) to the
// window, instead of file://, so origin checks and the CSP work as in a browser.
// Pure Node (fs + path + the web Request/Response that both Node and Electron's
// protocol.handle use), so path handling is tested without Electron.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { CSP_HEADER } from '../../shared/ipc/csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged: a standard, secure origin with fetch. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

export type AppPathResult =
  | { ok: true; path: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an app:// URL to a file under `root`, or says why not. Traversal is
 * rejected outright rather than normalised away: no legitimate asset URL contains
 * `..`, an encoded slash or backslash, a NUL, or a colon (Windows drive letters and
 * NTFS alternate data streams).
 */
export function resolveAppPath(root: string, url: string): AppPathResult {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 404, reason: 'not an app URL' };
  const rawSegments = u.pathname.split('/');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (/[\\/\0:]/.test(seg)) return { ok: false, status: 400, reason: 'forbidden character in path' };
    if (seg === '..' || seg === '.') return { ok: false, status: 403, reason: 'path traversal' };
    if (seg !== '') segments.push(seg);
  }
  if (u.pathname.endsWith('/')) segments.push('index.html');
  const path = join(root, ...segments);
  const rel = relative(root, path);
  // Belt and braces: whatever join did, the result must stay strictly inside root.
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    return { ok: false, status: 403, reason: 'outside the application folder' };
  }
  return { ok: true, path };
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(path: string): string {
  return mimeTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers on every app:// response: the production CSP and no MIME sniffing. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CSP_HEADER,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The protocol.handle('app', ...) handler body: serves files from `root` (an absolute path). */
export async function serveAppRequest(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
  const resolved = resolveAppPath(root, request.url);
  if (!resolved.ok) return plain(resolved.status, resolved.reason);
  try {
    const info = await stat(resolved.path);
    if (!info.isFile()) return plain(404, 'not found');
    // A symlink inside dist/renderer must not lead outside it either.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(resolved.path)]);
    const rel = relative(realRoot, realFile);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return plain(403, 'outside the application folder');
    const body = request.method === 'HEAD' ? null : await readFile(realFile);
    return new Response(body, {
      status: 200,
      headers: { ...securityHeaders(), 'Content-Type': mimeTypeOf(realFile), 'Content-Length': String(info.size) },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return plain(404, 'not found');
    return plain(500, 'cannot read file');
  }
}
