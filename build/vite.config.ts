// Vite config for the renderer, as a function so build/bundle.ts and the browser
// tests build exactly the same thing (the tests into a temp folder). It lives in
// build/ rather than renderer/ because renderer/ may import only UI packages
// (test/architecture/layers.test.ts), and a config needs vite and node:path.
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { InlineConfig } from 'vite';

export const repoRoot = resolve(import.meta.dirname, '..');
export const rendererRoot = resolve(repoRoot, 'renderer');

export function rendererViteConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    envDir: false,
    root: rendererRoot,
    // Relative asset URLs: the same build serves from app://desk/ and from the test server.
    base: './',
    mode: 'production',
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      // Electron 45's Chromium; the test's Debian Chromium is newer.
      target: 'chrome130',
      sourcemap: false,
      // Chromium supports modulepreload natively; no polyfill code needed.
      modulePreload: { polyfill: false },
      // antd is large; one chunk is fine for a local app loaded from disk.
      chunkSizeWarningLimit: 4096,
      reportCompressedSize: false,
    },
  };
}
