// No source file over 400 lines (tests and generated code aside): a file is read whole, so it has
// to fit in a reader's head. A long file is split along a seam that has a name (the outbox's
// operator operations, the import's crash journal, ...), never cut by line count.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, walk } from './source-tree.js';

const MAX_LINES = 400;

/** Generated files, exempt from the limit (none today; name each one here with its generator). */
const generated: string[] = [];

/**
 * Files still over the limit, waiting for their split. Each must still be over it (so the list
 * cannot go stale) and the list only shrinks: a new long file fails the test.
 */
const awaitingSplit = new Set<string>([
]);

function lineCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const dir of ['electron', 'shared', 'renderer', 'build']) {
    for (const file of walk(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      counts.set(relative(root, file).split('\\').join('/'), text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
    }
  }
  return counts;
}

describe('file size', () => {
  const counts = lineCounts();

  it(`no source file is over ${MAX_LINES} lines`, () => {
    const over = [...counts].filter(([f, n]) => n > MAX_LINES && !generated.includes(f) && !awaitingSplit.has(f)).map(([f, n]) => `${f}: ${n} lines`);
    expect(over).toEqual([]);
  });

  it('every listed exception exists and is still over the limit', () => {
    for (const f of [...generated, ...awaitingSplit]) expect(counts.get(f) ?? 0, f).toBeGreaterThan(MAX_LINES);
  });
});
