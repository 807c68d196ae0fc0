// The source tree as the architecture tests see it: every TypeScript file under electron/, shared/
// and renderer/, the import specifiers each one names (static, type-only, re-export, dynamic,
// require) and where a relative specifier resolves.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

export function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every source file of the product (not tests, not build scripts). */
export function sourceFiles(): string[] {
  return [...walk(join(root, 'electron')), ...walk(join(root, 'shared')), ...walk(join(root, 'renderer'))];
}

const importRe = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importsOf(source: string): string[] {
  const specs: string[] = [];
  // Comments may mention imports; strip them first: line comments before block comments, since a
  // line comment may hold "/*" (a glob such as electron/ipc/*) that would open a block to the next "*/".
  const code = source.replace(/(^|[^:'"`])\/\/.*$/gm, '$1').replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of code.matchAll(importRe)) specs.push((m[1] ?? m[2])!);
  return specs;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` or `./x.tsx`), or null. */
export function resolveImport(fromFile: string, spec: string): string | null {
  const base = resolve(dirname(fromFile), spec);
  const stem = base.replace(/\.js$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, base, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}
