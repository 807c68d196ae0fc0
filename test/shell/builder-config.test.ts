import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };

const root = join(import.meta.dirname, '../..');
const config = JSON.parse(readFileSync(join(root, 'build/electron-builder.json'), 'utf8'));

describe('electron-builder config', () => {
  it('is valid for the installed electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('unpacks better-sqlite3 (a native module cannot load from inside the asar)', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
  });

  it('never rebuilds native modules, so no C/C++ compiler is needed (better-sqlite3 ships Node-API binaries, ABI-stable across Node and Electron)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.buildDependenciesFromSource ?? false).toBe(false);
    expect(config.nodeGypRebuild ?? false).toBe(false);
  });

  it('npm install compiles nothing either: better-sqlite3 loads the binary it ships, so its implied node-gyp build is denied', () => {
    // A package with a binding.gyp gets `node-gyp rebuild` as its install script; on a machine
    // without a compiler or without access to Node's headers that fails the whole `npm install`.
    const allow = (packageJson as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    expect(allow['better-sqlite3']).toBe(false);
    // Electron's own installer fetches its binary; esbuild and node pick their platform package.
    for (const name of ['electron', 'esbuild', 'node']) expect(allow[name]).toBe(true);
  });

  it('leaves browser mode\'s page transport out of the desktop app', () => {
    expect(config.files).toContain('!dist/renderer/web-transport.js');
  });

  it('turns the dangerous Electron fuses off', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('targets Windows NSIS, macOS dmg, Linux AppImage and deb', () => {
    const names = (targets: (string | { target: string })[]) => targets.map((t) => (typeof t === 'string' ? t : t.target));
    expect(names(config.win.target)).toEqual(['nsis']);
    expect(names(config.mac.target)).toEqual(['dmg']);
    expect(names(config.linux.target)).toEqual(['AppImage', 'deb']);
  });

  it('packs the bundles package.json points at, and no sources', () => {
    expect(packageJson.main).toBe('dist/electron/main.cjs');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**/*', 'dist/renderer/**/*']));
    expect(config.files.some((f: string) => /^(electron|shared|renderer|test)\//.test(f))).toBe(false);
  });

  it('npm scripts: build runs here, start launches electron (or browser mode), dist runs electron-builder with this config', () => {
    const scripts = packageJson.scripts as Record<string, string>;
    expect(scripts.build).toBe('tsx build/bundle.ts');
    // node itself (not the tsx CLI) under npm's shell, so the launcher sees its parent shell go away.
    expect(scripts.start).toBe('npm run build && node --import tsx electron/web/launch.ts');
    expect(scripts.web).toBe('npm run build && node --import tsx electron/web/cli.ts');
    expect(scripts.dist).toContain('electron-builder --config build/electron-builder.json');
    for (const kept of ['typecheck', 'test', 'bench', 'fuzz', 'cli']) expect(scripts[kept]).toBeTruthy();
  });
});
