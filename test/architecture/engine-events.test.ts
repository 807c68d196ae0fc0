// Every engine event the operator sees is worded by the shared catalogues (the Monitor's and the
// CLI's lines alike): each code that main logs through the workspace (log({ level, code, ... }))
// has its text 'monitor.event.<code>' and its label 'monitor.eventCode.<code>' in both languages,
// so neither the Chinese Monitor nor the Chinese CLI falls back to main's English (which stays for
// the support log and --json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedEn, sharedZhCN } from '../../shared/i18n/catalogue.js';
import { root, walk } from './source-tree.js';

/** The kinds of a database fault, logged as `store-${kind}` (electron/services/sending/store-faults.ts). */
const STORE_FAULT_KINDS = ['busy', 'full', 'io', 'other'];

function loggedCodes(): string[] {
  const codes = new Set<string>();
  for (const file of walk(join(root, 'electron/services'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/log\(\{\s*level:[^,]+,\s*code:\s*(['`])([^'`]+)\1/g)) {
      const code = m[2]!;
      if (code === 'store-${kind}') for (const k of STORE_FAULT_KINDS) codes.add(`store-${k}`);
      else codes.add(code);
    }
  }
  return [...codes].sort();
}

describe('engine events', () => {
  it('are found in the source (the pattern still matches how events are logged)', () => {
    expect(loggedCodes()).toEqual(expect.arrayContaining(['account-failed', 'connection-failed', 'store-full', 'lease-held']));
  });

  it('each have a text and a label in both catalogues', () => {
    const zh: Record<string, string> = sharedZhCN;
    const en: Record<string, string> = sharedEn;
    const missing = loggedCodes().flatMap((code) =>
      [`monitor.event.${code}`, `monitor.eventCode.${code}`].flatMap((key) => [...(key in zh ? [] : [`zh-CN ${key}`]), ...(key in en ? [] : [`en ${key}`])]),
    );
    expect(missing).toEqual([]);
  });
});
