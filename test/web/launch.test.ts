// `npm start`'s launcher as a child process on this machine, where Electron's binary is absent: one
// line saying so (with the mirror hint), then browser mode with the same arguments, the address on
// one `CMPP Desk:` line, a graceful stop on SIGTERM with exit 0, and never a stack trace.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { ELECTRON_MISSING, electronBinary, launch } from '../../electron/web/launch.js';
import { raw, rendererFixture, type RendererFixture } from './web-fixture.js';
import { until } from '../support/until.js';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const URL_LINE = /^CMPP Desk: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;
const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

let fixture: RendererFixture;
let home: string;
beforeAll(async () => {
  fixture = await rendererFixture();
  home = mkdtempSync(join(tmpdir(), 'cmpp-launch-home-'));
});
afterAll(() => {
  fixture?.close();
  rmSync(home, { recursive: true, force: true });
});

interface Child {
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  kill(signal: NodeJS.Signals): void;
}

function run(script: string, args: string[]): Child {
  const child = spawn(process.execPath, [tsx, script, ...args], {
    cwd: root,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), DISPLAY: '', WAYLAND_DISPLAY: '', CMPP_DESK_RENDERER: fixture.root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { stdout: () => out, stderr: () => err, exit, kill: (s) => child.kill(s) };
}

describe('the npm start launcher', () => {
  it('finds Electron only when path.txt and the binary it names both exist, without throwing', () => {
    const fake = mkdtempSync(join(tmpdir(), 'cmpp-electron-'));
    try {
      const dir = join(fake, 'node_modules', 'electron');
      expect(electronBinary(fake)).toBeNull();
      mkdirSync(join(dir, 'dist'), { recursive: true });
      expect(electronBinary(fake)).toBeNull();
      writeFileSync(join(dir, 'path.txt'), 'electron');
      expect(electronBinary(fake)).toBeNull();
      writeFileSync(join(dir, 'dist', 'electron'), '');
      expect(electronBinary(fake)).toBe(join(dir, 'dist', 'electron'));
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });

  it.skipIf(process.platform === 'win32')('with Electron: starts it on the app folder with the arguments passed through, and exits with its code', async () => {
    const fake = mkdtempSync(join(tmpdir(), 'cmpp-electron-'));
    try {
      const dir = join(fake, 'node_modules', 'electron');
      mkdirSync(join(dir, 'dist'), { recursive: true });
      writeFileSync(join(dir, 'path.txt'), 'electron');
      const out = join(fake, 'ran.txt');
      // A stand-in binary that records where and how it was started.
      writeFileSync(join(dir, 'dist', 'electron'), `#!/bin/sh\necho "$PWD $*" > "${out}"\nexit 3\n`);
      chmodSync(join(dir, 'dist', 'electron'), 0o755);
      expect(await launch(['--demo', '--port', '7801'], fake)).toBe(3);
      expect(readFileSync(out, 'utf8').trim()).toBe(`${fake} . --demo --port 7801`);
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });

  it.skipIf(electronBinary() !== null)('without Electron: one line saying so, then browser mode; SIGTERM stops it gracefully with exit 0, no stack trace', async () => {
    const dataDir = join(home, 'data');
    const child = run('electron/web/launch.ts', ['--no-open', '--port', '0', '--data-dir', dataDir, '--demo']);
    await until('the address line', () => URL_LINE.test(child.stdout()), 45_000).catch((e: Error) => {
      throw new Error(`${e.message}; stdout: ${child.stdout()} stderr: ${child.stderr()}`);
    });
    const lines = child.stdout().split('\n');
    expect(lines[0]).toBe(ELECTRON_MISSING);
    expect(ELECTRON_MISSING).toContain('ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/');
    expect(lines.filter((l) => URL_LINE.test(l))).toHaveLength(1);
    const url = new URL(URL_LINE.exec(child.stdout())![1]!);
    const signIn = await raw(Number(url.port), { path: `/${url.search}` });
    expect(signIn.status).toBe(303);
    const sent = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await child.exit;
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(10_000);
    expect(child.stderr()).not.toMatch(STACK_LINE);
    expect(child.stdout()).not.toMatch(STACK_LINE);
  });

  it('bad arguments and an unusable data directory: one line on stderr, a non-zero exit, no stack trace', async () => {
    const bad = run('electron/web/launch.ts', ['--no-open', '--port', 'abc']);
    expect((await bad.exit).code).toBe(2);
    expect(bad.stderr().trim().split('\n')).toHaveLength(1);
    expect(bad.stderr()).toMatch(/--port must be a number/);

    const file = join(home, 'not-a-dir');
    writeFileSync(file, 'x');
    const unusable = run('electron/web/cli.ts', ['--no-open', '--port', '0', '--data-dir', join(file, 'sub')]);
    expect((await unusable.exit).code).toBe(1);
    expect(unusable.stderr().trim().split('\n')).toHaveLength(1);
    expect(unusable.stderr()).toMatch(/^CMPP Desk could not start: /);
    expect(unusable.stderr()).not.toMatch(STACK_LINE);
  });
});
