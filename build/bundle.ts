// Builds everything `npm start` and electron-builder need into dist/:
//   dist/electron/main.cjs     the main process (CommonJS; electron and better-sqlite3 stay external)
//   dist/electron/preload.cjs  the sandboxed preload: ONE CommonJS file that requires only `electron`
//   dist/electron/cli.cjs      the headless CLI
//   dist/renderer/             the UI (vite build), plus web-transport.js: browser mode's page
//                              transport (electron/web/page-preload.ts), which only the web server loads
// Run with `npm run build` (tsx build/bundle.ts). The functions are exported for the tests.
import { build as esbuild, type BuildOptions } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as viteBuild } from 'vite';
import { rendererViteConfig, repoRoot } from './vite.config.js';

export const distDir = join(repoRoot, 'dist');

// Code bundled into CommonJS has no import.meta; give the usual fields their CJS values.
const cjsImportMeta: Pick<BuildOptions, 'banner' | 'define'> = {
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: {
    'import.meta.url': '__importMetaUrl',
    'import.meta.dirname': '__dirname',
    'import.meta.filename': '__filename',
  },
};

export function preloadBuildOptions(outfile: string): BuildOptions {
  return {
    entryPoints: [join(repoRoot, 'electron/preload.ts')],
    outfile,
    bundle: true,
    // A sandboxed preload is CommonJS evaluated in the renderer; only `electron` may be required.
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    legalComments: 'none',
    logLevel: 'warning',
  };
}

export function mainBuildOptions(outfile: string): BuildOptions {
  return {
    entryPoints: [join(repoRoot, 'electron/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // better-sqlite3 is a native module: loaded from node_modules (unpacked from the asar).
    external: ['electron', 'better-sqlite3'],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    ...cjsImportMeta,
  };
}

export function cliBuildOptions(outfile: string): BuildOptions {
  return { ...mainBuildOptions(outfile), entryPoints: [join(repoRoot, 'electron/cli.ts')], external: ['better-sqlite3'] };
}

/** Browser mode's page transport: one classic script for the page (no Node, no imports left). */
export function pageTransportBuildOptions(outfile: string): BuildOptions {
  return {
    entryPoints: [join(repoRoot, 'electron/web/page-preload.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    legalComments: 'none',
    logLevel: 'warning',
  };
}

export async function buildRenderer(outDir: string): Promise<void> {
  // Vite follows NODE_ENV when it is set, and vitest sets it to 'test', which would give
  // the browser tests React's development build: always build what users get.
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild(rendererViteConfig(outDir));
    // After vite, which empties outDir. The name is the one electron/web/static-files.ts serves.
    await esbuild(pageTransportBuildOptions(join(outDir, 'web-transport.js')));
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
}

export async function buildAll(out = distDir): Promise<void> {
  const electronDir = join(out, 'electron');
  await Promise.all([
    esbuild(mainBuildOptions(join(electronDir, 'main.cjs'))),
    esbuild(preloadBuildOptions(join(electronDir, 'preload.cjs'))),
    existsSync(join(repoRoot, 'electron/cli.ts')) ? esbuild(cliBuildOptions(join(electronDir, 'cli.cjs'))) : Promise.resolve(),
  ]);
  await buildRenderer(join(out, 'renderer'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildAll().then(
    () => console.log(`built into ${distDir}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
