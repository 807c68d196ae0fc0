// Browser mode's server against what any page in the user's browser (or a DNS-rebinding attacker)
// could send it: a real server on 127.0.0.1 over a real engine; every refusal is checked to have
// reached NO handler (the server counts the invokes that reach the handler wrapper).
import { createServer as createTcpServer, connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../electron/web/server.js';
import { createDeskApi } from '../../shared/ipc/api.js';
import { createSocketTransport } from '../../shared/ipc/socket-transport.js';
import { OUTSIDE_TEXT, pageSocket, raw, socketUrl, startTestServer, upgradeStatus, type RawResponse, type TestServer } from './web-fixture.js';

let ts: TestServer;
const seen: RawResponse[] = [];
const record = (r: RawResponse) => (seen.push(r), r);

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts?.close();
});

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('browser-mode server security', () => {
  it('listens on the loopback interface only', async () => {
    expect(await reachable('127.0.0.1', ts.server.port)).toBe(true);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of external) expect(await reachable(address, ts.server.port), address).toBe(false);
  });

  it('an explicitly asked port that is taken is an error, never another port', async () => {
    const blocker = createTcpServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    try {
      await expect(startWebServer({ port, rendererRoot: ts.fixture.root, dataDir: ts.dataDir, log: () => undefined })).rejects.toThrow(`cannot listen on 127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });

  it('exchanges the key in the printed URL for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const u = new URL(ts.server.url);
    expect(u.origin).toBe(ts.server.origin);
    expect(ts.server.origin).toBe(`http://127.0.0.1:${ts.server.port}`);
    const r = record(await raw(ts.server.port, { path: `/${u.search}` }));
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = ([] as string[]).concat(r.headers['set-cookie'] ?? [])[0]!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    const page = record(await raw(ts.server.port, { path: '/', headers: { Cookie: ts.cookie } }));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/web-transport.js"></script>');
    expect(page.body).not.toContain(ts.server.url.split('=')[1]!);
    const script = record(await raw(ts.server.port, { path: '/web-transport.js', headers: { Cookie: ts.cookie } }));
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses every request without the secret, or with a wrong one, and sets no cookie for a wrong key', async () => {
    const before = ts.server.handlerCalls;
    for (const path of ['/', '/index.html', '/web-transport.js', '/assets/app.js', '/__desk/download/x']) {
      const r = record(await raw(ts.server.port, { path }));
      expect(r.status, path).toBe(401);
      expect(r.body).not.toContain('web-transport');
      const wrong = record(await raw(ts.server.port, { path, headers: { Cookie: `${ts.cookie.split('=')[0]}=not-the-secret` } }));
      expect(wrong.status, path).toBe(401);
    }
    const wrongKey = record(await raw(ts.server.port, { path: '/?desk-key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
    expect(wrongKey.status).toBe(403);
    expect(wrongKey.headers['set-cookie']).toBeUndefined();
    expect(await upgradeStatus(ts.server.port, { Origin: ts.server.origin })).toBe(401);
    expect(await upgradeStatus(ts.server.port, { Origin: ts.server.origin, Cookie: `${ts.cookie.split('=')[0]}=wrong` })).toBe(401);
    expect(ts.server.handlerCalls).toBe(before);
  });

  it('refuses the WebSocket upgrade from a foreign Origin or with none, even with the cookie', async () => {
    const before = ts.server.handlerCalls;
    for (const origin of ['https://evil.example', 'http://evil.example', 'null', `http://127.0.0.1:${ts.server.port + 1}`, `https://127.0.0.1:${ts.server.port}`]) {
      expect(await upgradeStatus(ts.server.port, { Cookie: ts.cookie, Origin: origin }), origin).toBe(403);
    }
    expect(await upgradeStatus(ts.server.port, { Cookie: ts.cookie })).toBe(403);
    expect(await upgradeStatus(ts.server.port, { Cookie: ts.cookie, Origin: ts.server.origin })).toBe(101);
    expect(ts.server.handlerCalls).toBe(before);
  });

  it('refuses a Host of another name (DNS rebinding), on requests and on the upgrade', async () => {
    const before = ts.server.handlerCalls;
    for (const host of [`evil.example:${ts.server.port}`, 'evil.example', `127.0.0.1:${ts.server.port + 1}`, `127.0.0.2:${ts.server.port}`]) {
      const r = record(await raw(ts.server.port, { path: '/', headers: { Host: host, Cookie: ts.cookie } }));
      expect(r.status, host).toBe(403);
      expect(await upgradeStatus(ts.server.port, { Host: host, Cookie: ts.cookie, Origin: `http://${host}` }), host).toBe(403);
    }
    const keyed = record(await raw(ts.server.port, { path: new URL(ts.server.url).search.replace(/^/, '/'), headers: { Host: `evil.example:${ts.server.port}` } }));
    expect(keyed.status).toBe(403);
    expect(keyed.headers['set-cookie']).toBeUndefined();
    // The loopback names with our port are ours.
    for (const host of [`localhost:${ts.server.port}`, `[::1]:${ts.server.port}`]) {
      expect((await raw(ts.server.port, { path: '/', headers: { Host: host, Cookie: ts.cookie } })).status, host).toBe(200);
    }
    expect(ts.server.handlerCalls).toBe(before);
  });

  it('refuses a cross-site form POST, to the upload URL and to any other, even with the cookie', async () => {
    const before = ts.server.handlerCalls;
    const form = { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: ts.cookie };
    for (const path of ['/', '/__desk/upload/anything', '/__desk/socket', '/index.html']) {
      const foreign = record(await raw(ts.server.port, { method: 'POST', path, headers: { ...form, Origin: 'https://evil.example' }, body: 'a=1' }));
      expect(foreign.status, path).toBe(403);
      // A POST must name its origin: without one it is refused too.
      const none = record(await raw(ts.server.port, { method: 'POST', path, headers: form, body: 'a=1' }));
      expect(none.status, path).toBe(403);
      // And without the cookie (what a cross-site POST really carries under SameSite=Strict).
      const noCookie = record(await raw(ts.server.port, { method: 'POST', path, headers: { 'Content-Type': 'text/plain', Origin: ts.server.origin }, body: 'a=1' }));
      expect(noCookie.status, path).toBe(401);
    }
    // Our own origin with the cookie reaches the upload route, which knows no such pick.
    const own = record(await raw(ts.server.port, { method: 'POST', path: '/__desk/upload/unknown', headers: { 'Content-Type': 'application/octet-stream', Cookie: ts.cookie, Origin: ts.server.origin }, body: 'x' }));
    expect(own.status).toBe(404);
    expect(ts.server.handlerCalls).toBe(before);
  });

  it('refuses every path outside the served bundle, in any encoding', async () => {
    const before = ts.server.handlerCalls;
    const paths = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/.%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2fetc%2fpasswd',
      '/..%5csecret.txt',
      '/assets%5c..%5c..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/%252e%252e%252fsecret.txt',
      '/..\\secret.txt',
      '/assets/%00',
      '/../renderer..txt',
      '/etc/passwd',
      `/${'..%2f'.repeat(8)}etc/passwd`,
    ];
    for (const path of paths) {
      const r = record(await raw(ts.server.port, { path, headers: { Cookie: ts.cookie } }));
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain(OUTSIDE_TEXT);
      expect(r.body, path).not.toContain('root:');
    }
    expect(ts.server.handlerCalls).toBe(before);
  });

  it('sends the production CSP and the security headers on every response, errors and redirects included', async () => {
    // Plus a 405 and a 404 to the list already seen.
    record(await raw(ts.server.port, { method: 'PUT', path: '/', headers: { Cookie: ts.cookie, Origin: ts.server.origin } }));
    record(await raw(ts.server.port, { path: '/nope.js', headers: { Cookie: ts.cookie } }));
    const statuses = new Set(seen.map((r) => r.status));
    for (const s of [200, 303, 400, 401, 403, 404, 405]) expect(statuses.has(s), `status ${s} seen`).toBe(true);
    for (const r of seen) {
      const csp = String(r.headers['content-security-policy']);
      expect(csp, `${r.status}`).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('a signed-in page reaches the handlers over its socket (the count the refusals above kept at zero)', async () => {
    const before = ts.server.handlerCalls;
    const transport = createSocketTransport({ url: socketUrl(ts.server), WebSocketImpl: pageSocket(ts) });
    const api = createDeskApi(transport);
    const info = await api.app.info();
    transport.close();
    expect(info).toMatchObject({ ok: true, value: { name: 'CMPP Desk' } });
    expect(ts.server.handlerCalls).toBe(before + 1);
    expect(ts.calls.at(-1)).toBe('app.info');
  });
});
