// Comments and strings cite what a reader of the repository has: docs/*.md, or the CMPP spec's own
// section numbers ("[7.4.3]", "CMPP 规范 7.4.3"), or public standards (RFC 4180 §2.1, 3GPP 23.040).
// Never an issue number, a tracker section, a document outside the repository or a brief.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const folders = ['electron', 'shared', 'renderer', 'test', 'build', 'docs', '.ci'];
/** Files at the root a reader meets first. */
const rootFiles = ['README.md', 'package.json'];
const self = 'test/architecture/citations.test.ts';
const text = /\.(ts|tsx|js|cjs|mjs|json|css|html|md|sql)$/;

const forbidden: { name: string; re: RegExp }[] = [
  { name: 'an issue number', re: /\bissues?\s*#?\d/i },
  // "as the issue says": an issue without a number is still a document the reader does not have.
  { name: 'an issue', re: /\b(the|this|that)\s+issue('s)?\b(?!\s+(is|was)\b)/i },
  { name: 'a section of an outside reference', re: /\bref(erence)?\s*§/i },
  // A bare section mark: allowed only after a public standard's name (RFC 4180 §2.1, 23.040 §9.2.3.24).
  { name: 'a bare section mark', re: /(?<!\bRFC \d+ |\b\d\d\.\d{3} )§\s*\d/ },
  { name: 'the product notes', re: /product[ -]notes/i },
  { name: 'a brief', re: /\b(the|product|developers'?|helper)\s+brief\b/i },
  { name: 'a file outside the repository', re: /cmpp-reference|\/work\/|\bseeds\// },
];

// Released migrations are frozen (their text is in every database's sqlite_master): these lines
// predate the rule and stay. Each must still exist, so the list cannot go stale.
const frozen: Record<string, string[]> = {
  'electron/store/migrations/0001-accounts-and-leases.ts': [
    '          rate INTEGER NOT NULL CHECK (rate >= 1), -- messages/s as the gateway counts them (ref §7)',
  ],
  'electron/store/migrations/0003-campaigns-outbox-reports.ts': [
    '          src_id TEXT,                        -- overrides for direct sends / replies (ref §10)',
  ],
};

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (text.test(e.name) || dir.endsWith('.ci')) yield p;
  }
}

function* allFiles(): Generator<string> {
  for (const folder of folders) yield* files(join(root, folder));
  for (const f of rootFiles) yield join(root, f);
}

describe('citations', () => {
  it('no file (source, tests, build, docs, README, CI) cites an issue, a tracker section, an outside document or a brief', () => {
    const found: string[] = [];
    let scanned = 0;
    for (const path of allFiles()) {
      const rel = relative(root, path).split('\\').join('/');
      if (rel === self) continue;
      scanned++;
      const allowed = frozen[rel] ?? [];
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (allowed.includes(line)) return;
          for (const f of forbidden) if (f.re.test(line)) found.push(`${rel}:${i + 1}: ${f.name}: ${line.trim()}`);
        });
    }
    expect(scanned).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it('the frozen exceptions still exist, word for word', () => {
    for (const [rel, lines] of Object.entries(frozen)) {
      const body = readFileSync(join(root, rel), 'utf8').split('\n');
      for (const line of lines) expect(body, rel).toContain(line);
    }
  });

  it('catches each kind of citation', () => {
    const samples = ['see issue 4 §2', '(ref §6)', 'the §12 vectors', 'product notes, "Must-haves"', 'from the brief', '/work/shared/x.md', 'seeds/accounts.json', "as the issue's contract says"];
    for (const s of samples) expect(forbidden.some((f) => f.re.test(s)), s).toBe(true);
    for (const ok of ['RFC 4180 §2.1', '23.040 §9.2.3.24', 'docs/protocol.md "Msg_Id"', '[7.4.3]', 'the issue is that a gateway resends']) {
      expect(forbidden.some((f) => f.re.test(ok)), ok).toBe(false);
    }
  });
});
