// Tests cannot flake: none sleeps a fixed time to prove that something happened or did not (they
// move an injected clock or fake timers, or poll until a condition with test/support/until.ts), and
// none draws unseeded random numbers (a seeded generator, the seed printed so a failure repeats;
// fast-check prints its own). Benchmarks and the long fuzz run measure time and are outside this.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './source-tree.js';

const self = 'test/architecture/test-determinism.test.ts';
const outside = ['test/bench/', 'test/fuzz/'];

const rules: { what: string; re: RegExp; allowed: Record<string, string> }[] = [
  {
    what: 'a fixed sleep (an awaited timer, a sleep() or delay() helper)',
    re: /await new Promise\(\(?(\w+)\)? => setTimeout\(\1,|\bawait (sleep|delay)\(|\bwaitForTimeout\(/,
    allowed: {
      'test/services/crash-kill.test.ts': 'picks the moment of a kill -9 from a printed seed; it proves nothing by waiting',
    },
  },
  {
    what: 'an unseeded random number (Math.random, crypto randomInt / randomBytes)',
    re: /\bMath\.random\(|\brandomInt\(|\brandomBytes\(/,
    allowed: {},
  },
];

function* testFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* testFiles(p);
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(e.name)) yield p;
  }
}

const files = [...testFiles(join(root, 'test'))]
  .map((p) => relative(root, p).split('\\').join('/'))
  .filter((rel) => rel !== self && !outside.some((o) => rel.startsWith(o)))
  .map((rel) => ({ rel, lines: readFileSync(join(root, rel), 'utf8').split('\n') }));

describe('tests that cannot flake', () => {
  for (const rule of rules) {
    it(`${rule.what}: none`, () => {
      const found = files.flatMap(({ rel, lines }) =>
        rel in rule.allowed ? [] : lines.flatMap((line, i) => (rule.re.test(line) ? [`${rel}:${i + 1}: ${line.trim()}`] : [])),
      );
      expect(files.length).toBeGreaterThan(100);
      expect(found).toEqual([]);
    });
  }

  it('every allowed file exists and still does what it is allowed to (the lists cannot go stale)', () => {
    for (const rule of rules) {
      for (const rel of Object.keys(rule.allowed)) {
        const file = files.find((f) => f.rel === rel);
        expect(file?.lines.some((line) => rule.re.test(line)), `${rel}: ${rule.what}`).toBe(true);
      }
    }
  });

  it('the rules see what they forbid', () => {
    const [sleep, random] = rules;
    for (const s of ['await new Promise((r) => setTimeout(r, 50));', 'await new Promise(resolve => setTimeout(resolve, 5))', 'await sleep(250);', 'await page.waitForTimeout(100)']) {
      expect(sleep!.re.test(s), s).toBe(true);
    }
    // A bound in a race, and polling, are fine.
    for (const s of ["Promise.race([p, new Promise((r) => setTimeout(() => r('timeout'), 60_000))])", "await until('ready', () => done)"]) {
      expect(sleep!.re.test(s), s).toBe(false);
    }
    for (const s of ['Math.random()', 'randomInt(10)', 'crypto.randomBytes(16)']) expect(random!.re.test(s), s).toBe(true);
    expect(random!.re.test('const random = prng(seed);')).toBe(false);
  });
});
