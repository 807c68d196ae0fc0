// Released archive conversions are frozen literal SQL, like the migrations: their text is pinned by
// hash, each converts to a released schema version, in order, one per version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '../../electron/store/migrations.js';
import { archiveConversions, archiveFit, conversionsFrom } from '../../electron/store/archive/upgrades/registry.js';

// Add a line when a conversion is released; never change one. The hash is of build, finish,
// dropped and expectedIds as JSON (conversionText below).
const released: Record<number, string> = {
  13: 'ef4baa5c06089ca406baba0c3684fcdde36f0f43e7fa2505bbaebc4a238e36d9',
  15: '88f946ff89aef2736a9b001e413c0e5f6cca6dda3ae13d9b8834b1b59b1991f7',
  17: '10bcae7ee617c3c8917518d6ffcc8d961a77f4815939a51b2f5483018b219fae',
  18: '162be143aed937af6dbee5990995840d2f84e149d3630bf5a8546215d63ede3d',
  19: 'f338beadf285fc4dfcbbcfad9c3743637f20bfa321de73d8c6009f93eb1627db',
  20: '2f54da49e171dc3fb45a299554e1b3be763e30474b94a8ae96030b794df95410',
  21: 'fe46df9f05019903d4c7488d8199026f8f1e787182a9e555e43bdb8aff1878fc',
};

const conversionText = (c: ReturnType<typeof archiveConversions>[number]) => JSON.stringify([c.build, c.finish ?? null, c.dropped ?? null, c.expectedIds ?? null]);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('archive conversions', () => {
  it('are frozen: each one\'s text has its pinned SHA-256, and every one is pinned', () => {
    const all = archiveConversions();
    expect(all.map((c) => c.version)).toEqual(Object.keys(released).map(Number));
    for (const c of all) expect(sha256(conversionText(c)), `conversion to ${c.version} (${c.name}) changed`).toBe(released[c.version]);
  });

  it('convert to released schema versions, in order, one per version', () => {
    const versions = archiveConversions().map((c) => c.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    for (const v of versions) expect(v).toBeLessThanOrEqual(latestVersion);
  });

  it('are literal SQL files named for their version that interpolate nothing', () => {
    const dir = join(import.meta.dirname, '../../electron/store/archive/upgrades');
    const files = readdirSync(dir).filter((f) => f !== 'registry.ts' && f !== 'conversion.ts').sort();
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(archiveConversions().map((c) => c.version));
    for (const f of files) {
      expect(f).toMatch(/^\d{4}-[a-z0-9-]+\.ts$/);
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('${');
    }
  });

  it('an archive is current when no conversion follows its version, newer beyond this build', () => {
    expect(archiveFit(latestVersion)).toBe('current');
    expect(archiveFit(latestVersion + 1)).toBe('newer');
    const last = archiveConversions().at(-1)?.version ?? 0;
    if (last > 0) expect(archiveFit(last - 1)).toBe('older');
    expect(conversionsFrom(latestVersion)).toEqual([]);
  });
});
