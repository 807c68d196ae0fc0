// Who may talk to the browser-mode server. A local web server is reachable by every page the
// user's browser opens, so every request and the WebSocket upgrade must prove three things:
// - the Host header names the loopback address and our port (a DNS-rebinding page has its own
//   name in Host, even though its name now resolves to 127.0.0.1);
// - the Origin, where one is sent (always on the upgrade and on anything but GET/HEAD), is ours
//   (a cross-site form POST or script carries its own);
// - the per-launch secret, handed over once in the opened URL and then kept in an HttpOnly,
//   SameSite=Strict cookie (other sites' requests do not carry it; pages cannot read it).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from '../ipc/app-protocol.js';

/** The query parameter of the opened URL that carries the secret. */
export const KEY_PARAM = 'desk-key';

export type Refusal = { status: 400 | 401 | 403; reason: string };

/** Headers on EVERY response of the server, errors and redirects included. */
export function webSecurityHeaders(): Record<string, string> {
  return {
    ...securityHeaders(),
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** A short plain-text answer (errors, refusals) with the security headers. */
export function sendPlain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...webSecurityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison (of fixed-length digests, so the length leaks nothing either). */
export function sameSecret(given: string, secret: string): boolean {
  return timingSafeEqual(digest(given), digest(secret));
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export class Guard {
  readonly secret = randomBytes(32).toString('base64url');
  /** Cookies are not separated by port: two servers on 127.0.0.1 must not overwrite each other's. */
  readonly cookieName: string;
  private readonly hosts: Set<string>;

  constructor(readonly port: number) {
    this.cookieName = `cmpp-desk-${port}`;
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  }

  /** Host header check: only the loopback names with our port. */
  hostOk(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.hosts.has(host.toLowerCase());
  }

  /** Origin check; `required` on the upgrade and on state-changing methods. */
  originOk(req: IncomingMessage, required: boolean): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return !required;
    return this.hosts.has(origin.toLowerCase().replace(/^http:\/\//, '')) && origin.toLowerCase().startsWith('http://');
  }

  cookieOk(req: IncomingMessage): boolean {
    const value = cookieValue(req.headers.cookie, this.cookieName);
    return value !== null && sameSecret(value, this.secret);
  }

  /** Host and Origin (not the cookie): checked first, on every request. */
  checkSite(req: IncomingMessage, originRequired: boolean): Refusal | null {
    if (!this.hostOk(req)) return { status: 403, reason: 'this server answers only to 127.0.0.1, localhost and [::1] on its own port' };
    if (!this.originOk(req, originRequired)) return { status: 403, reason: 'cross-site request refused' };
    return null;
  }

  /** Everything but the key exchange itself. */
  check(req: IncomingMessage, originRequired: boolean): Refusal | null {
    const site = this.checkSite(req, originRequired);
    if (site) return site;
    if (!this.cookieOk(req)) return { status: 401, reason: 'not signed in: open the address CMPP Desk printed when it started (it carries the key)' };
    return null;
  }

  /** The Set-Cookie header that keeps the secret for this browser. */
  cookieHeader(): string {
    return `${this.cookieName}=${this.secret}; Path=/; HttpOnly; SameSite=Strict`;
  }

  /** The URL to open: the key in the query, exchanged for the cookie at the first request. */
  entryUrl(origin: string): string {
    return `${origin}/?${KEY_PARAM}=${this.secret}`;
  }
}
