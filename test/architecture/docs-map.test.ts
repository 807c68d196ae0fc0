// The maps a newcomer reads first agree with the tree: docs/architecture.md describes every folder
// of the source and the tests, and neither it nor the README's architecture map names a file or a
// folder that does not exist (files are split and moved; the maps must follow).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './source-tree.js';

/** Every file and folder of the repository (folders with a trailing '/'), relative to the root. */
function tree(dir = root, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'test-results'].includes(e.name) || e.name.startsWith('.git')) continue;
    const p = join(dir, e.name);
    const rel = relative(root, p).split('\\').join('/');
    if (e.isDirectory()) {
      out.push(`${rel}/`);
      tree(p, out);
    } else out.push(rel);
  }
  return out;
}

const paths = tree();
const architecture = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The README's "Architecture" section, up to the next second-level heading. */
const readmeMap = readme.split(/^## /m).find((part) => part.startsWith('Architecture\n')) ?? '';

/** A path as the maps write it, as a pattern: `<domain>`, `NNNN`, `*` stand for a name, `{a,b}` for either. */
export function pathPattern(token: string): RegExp {
  const body = token
    .replace(/[.+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]*)\}/g, (_, alts: string) => `(?:${alts.split(',').join('|')})`)
    .replace(/<[^>]+>|\bN{2,}\b|\*/g, '[^/]+');
  // A relative mention (`log/`, `handlers.ts`) names a path ending so anywhere in the tree.
  return new RegExp(`(^|/)${body}/?$`);
}

/** The paths a map names: backquoted words that look like a path, and file names anywhere in the prose. */
export function namedPaths(text: string): string[] {
  const named = new Set<string>();
  for (const [, code] of text.matchAll(/`([^`\n]+)`/g)) {
    const t = code!.trim();
    if (/\s|:\/\/|^[-.]|\(/.test(t)) continue;
    if (t.includes('/') || /\.(tsx?|md|json)$/.test(t)) named.add(t.replace(/^\.\//, ''));
  }
  // The layer diagrams in fenced blocks: every word that starts at a top folder.
  for (const [, block] of text.matchAll(/^```\n([\s\S]*?)^```/gm)) {
    for (const [t] of block!.matchAll(/(?<![\w/.-])(?:electron|shared|renderer|test|docs|build)\/[\w./<>-]*/g)) named.add(t);
  }
  const prose = text.replace(/^```\n[\s\S]*?^```/gm, ' ').replace(/`[^`\n]*`/g, ' ').replace(/\]\([^)]*\)/g, ']');
  for (const [t] of prose.matchAll(/(?<![\w/.-])[\w-]+(?:\/[\w.-]+)*\.tsx?\b/g)) named.add(t);
  return [...named].sort();
}

const missing = (text: string) => namedPaths(text).filter((t) => !paths.some((p) => pathPattern(t).test(p)));

describe('the architecture maps', () => {
  it('docs/architecture.md describes every folder of electron/, shared/, renderer/src/ and test/', () => {
    const patterns = namedPaths(architecture).filter((t) => /<[^>]+>/.test(t)).map((t) => pathPattern(t.replace(/[^/]*$/, '')));
    const folders = paths.filter((p) => p.endsWith('/') && /^(electron|shared|renderer\/src|test)\//.test(p));
    expect(folders.length).toBeGreaterThan(30);
    const undescribed = folders.filter((f) => !architecture.includes(f) && !patterns.some((re) => re.test(f)));
    expect(undescribed).toEqual([]);
  });

  it('docs/architecture.md names no file or folder that does not exist', () => {
    expect(namedPaths(architecture).length).toBeGreaterThan(40);
    expect(missing(architecture)).toEqual([]);
  });

  it("the README's architecture map names no file or folder that does not exist", () => {
    expect(namedPaths(readmeMap).length).toBeGreaterThan(20);
    expect(missing(readmeMap)).toEqual([]);
  });

  it('reads paths, patterns and relative mentions the way the maps write them', () => {
    expect(namedPaths('the pump (`pump.ts`), `electron/store/log/`, see pump-lease.ts and `app://` or `a b`\n```\nelectron/cli.ts, cli/   -> shared/\n```\n')).toEqual([
      'electron/cli.ts',
      'electron/store/log/',
      'pump-lease.ts',
      'pump.ts',
      'shared/',
    ]);
    expect(pathPattern('shared/i18n/{zh-CN,en}/codes.ts').test('shared/i18n/en/codes.ts')).toBe(true);
    expect(pathPattern('migrations/NNNN-*.ts').test('electron/store/migrations/0001-accounts-and-leases.ts')).toBe(true);
    expect(pathPattern('electron/ipc/handlers/<domain>.ts').test('electron/ipc/handlers/log.ts')).toBe(true);
    expect(pathPattern('outbox.ts').test('electron/store/outbox.ts')).toBe(true);
    expect(pathPattern('store/gone.ts').test('electron/store/outbox.ts')).toBe(false);
  });
});
