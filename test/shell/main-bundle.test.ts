// The main process bundle: it must build, and at run time require only Electron,
// the native better-sqlite3 (unpacked from the asar) and Node built-ins.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainBuildOptions } from '../../build/bundle.js';
import packageJson from '../../package.json' with { type: 'json' };

describe('the bundled main process', () => {
  it('builds into the file package.json "main" names, requiring only electron, better-sqlite3 and built-ins', async () => {
    const options = mainBuildOptions(join(process.cwd(), packageJson.main));
    expect(options.outfile?.endsWith(packageJson.main)).toBe(true);
    expect(options.format).toBe('cjs');
    const result = await build({ ...options, write: false, sourcemap: false, metafile: true });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.text)).toEqual([]);
    const code = result.outputFiles.find((f) => f.path.endsWith('.cjs'))!.text;
    const builtins = new Set(builtinModules);
    const requires = new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    for (const id of requires) {
      const ok = id === 'electron' || id === 'better-sqlite3' || id.startsWith('node:') || builtins.has(id.split('/')[0]!);
      expect(ok, `main.cjs requires ${id}`).toBe(true);
    }
    expect(requires.has('electron')).toBe(true);
    // The renderer is never part of main.
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((i) => i.startsWith('renderer/'))).toBe(false);
    expect(inputs).toContain('electron/main.ts');
  });
});
