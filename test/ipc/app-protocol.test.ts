import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, resolveAppPath, serveAppRequest } from '../../electron/ipc/app-protocol.js';
import { CSP_HEADER } from '../../shared/ipc/csp.js';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'cmpp-app-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'assets', 'app-1.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', '中文 名.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'top secret');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.js'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAppPath', () => {
  it('maps app://desk URLs to files under the root', () => {
    expect(resolveAppPath(root, APP_ENTRY_URL)).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://desk/')).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://desk/assets/app-1.js?v=1#x')).toEqual({ ok: true, path: join(root, 'assets', 'app-1.js') });
    expect(resolveAppPath(root, 'app://desk/assets/%E4%B8%AD%E6%96%87%20%E5%90%8D.css')).toEqual({ ok: true, path: join(root, 'assets', '中文 名.css') });
    expect(resolveAppPath(root, 'app://desk/assets//app-1.js')).toEqual({ ok: true, path: join(root, 'assets', 'app-1.js') });
  });

  it('rejects every traversal trick', () => {
    const attempts = [
      'app://desk/%2e%2e/secret.txt',
      'app://desk/assets/%2E%2E/%2E%2E/secret.txt',
      'app://desk/..%2fsecret.txt',
      'app://desk/assets%2f..%2f..%2fsecret.txt',
      'app://desk/..%5csecret.txt',
      'app://desk/assets/..%5C..%5Csecret.txt',
      'app://desk/index.html%00.js',
      'app://desk/C:%5Cwindows%5Cwin.ini',
      'app://desk/index.html:stream',
      'app://desk/%',
      'app://desk/%E4%B8',
      'app://desk/.%2e/secret.txt',
    ];
    for (const url of attempts) {
      const r = resolveAppPath(root, url);
      // The URL parser itself folds %2e%2e into '..' and clamps it at '/', so some of these
      // land on a (missing) file inside the root; none may point outside it.
      if (r.ok) expect(r.path.startsWith(root + '/'), url).toBe(true);
      else expect([400, 403], url).toContain(r.status);
    }
    // Decoded separators and dot segments that survive parsing are refused, not normalised.
    expect(resolveAppPath(root, 'app://desk/..%2fsecret.txt')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://desk/..%5csecret.txt')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://desk/index.html%00.js')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://desk/%2e%2e/secret.txt')).toEqual({ ok: true, path: join(root, 'secret.txt') });
  });

  it('serves only our own scheme and host', () => {
    for (const url of ['https://desk/index.html', 'file:///index.html', 'app://evil/index.html', 'app://desk.evil/index.html', 'garbage']) {
      expect(resolveAppPath(root, url).ok, url).toBe(false);
    }
  });

  it('never resolves outside the root, whatever the URL (fuzz)', () => {
    const pieces = ['..', '.', '%2e', '%2E%2e', '%2f', '%5c', '/', '\\', 'a', '%00', ':', '%3a', '~', ' ', '%20', '中'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      let path = '';
      const n = 1 + Math.floor(rnd() * 8);
      for (let j = 0; j < n; j++) path += pieces[Math.floor(rnd() * pieces.length)];
      const r = resolveAppPath(root, `app://desk/${path}`);
      if (r.ok) expect(r.path.startsWith(root + '/'), path).toBe(true);
    }
  });
});

describe('serveAppRequest', () => {
  const get = (url: string, method = 'GET') => serveAppRequest(new Request(url, { method }), root);

  it('serves files with type, CSP and nosniff headers', async () => {
    const res = await get('app://desk/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP_HEADER);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('<!doctype html><title>x</title>');
    const js = await get('app://desk/assets/app-1.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://desk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://desk/index.html', 'POST')).status).toBe(405);
  });

  it('404s missing files and folders, 403s traversal and symlinks that lead outside', async () => {
    expect((await get('app://desk/missing.js')).status).toBe(404);
    expect((await get('app://desk/assets')).status).toBe(404);
    expect((await get('app://desk/index.html/x')).status).toBe(404);
    for (const url of ['app://desk/%2e%2e/secret.txt', 'app://desk/assets/..%2f..%2fsecret.txt', 'app://desk/..%5Csecret.txt']) {
      const traversal = await get(url);
      expect([400, 403, 404], url).toContain(traversal.status);
      expect(await traversal.text()).not.toContain('top secret');
    }
    const link = await get('app://desk/assets/link.js');
    expect(link.status).toBe(403);
    expect(await link.text()).not.toContain('top secret');
    // Error answers carry the CSP too.
    expect(link.headers.get('content-security-policy')).toBe(CSP_HEADER);
  });
});
