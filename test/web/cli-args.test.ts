// The browser-mode command line and the secret comparison, without a server.
import { describe, expect, it } from 'vitest';
import { parseWebArgs } from '../../electron/web/cli.js';
import { Guard, sameSecret } from '../../electron/web/guard.js';

describe('npm run web arguments', () => {
  it('reads every flag, in both spellings of a value', () => {
    expect(parseWebArgs([])).toEqual({ demo: false, open: true });
    expect(parseWebArgs(['--port', '0', '--data-dir', '/d', '--demo', '--no-open'])).toEqual({ port: 0, dataDir: '/d', demo: true, open: false });
    expect(parseWebArgs(['--port=7801', '--data-dir=/x y'])).toEqual({ port: 7801, dataDir: '/x y', demo: false, open: true });
  });

  it('refuses what it does not understand, saying what is wrong', () => {
    expect(() => parseWebArgs(['--port', '-1'])).toThrow(/--port must be a number/);
    expect(() => parseWebArgs(['--port', '70000'])).toThrow(/--port must be a number/);
    expect(() => parseWebArgs(['--port'])).toThrow(/--port needs a value/);
    expect(() => parseWebArgs(['--data-dir='])).toThrow(/--data-dir needs a value/);
    expect(() => parseWebArgs(['--host', '0.0.0.0'])).toThrow(/unknown option "--host"/);
  });
});

describe('the per-launch secret', () => {
  it('is long, random per launch, URL-safe, and compared in full', () => {
    const a = new Guard(7800);
    const b = new Guard(7800);
    expect(a.secret).not.toBe(b.secret);
    expect(a.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sameSecret(a.secret, a.secret)).toBe(true);
    expect(sameSecret(a.secret.slice(0, -1), a.secret)).toBe(false);
    expect(sameSecret(`${a.secret}x`, a.secret)).toBe(false);
    expect(sameSecret('', a.secret)).toBe(false);
    expect(a.cookieHeader()).toBe(`cmpp-desk-7800=${a.secret}; Path=/; HttpOnly; SameSite=Strict`);
  });
});
