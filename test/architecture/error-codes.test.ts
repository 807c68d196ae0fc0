// One error-code style: every code that can reach a caller is in shared/error-codes.ts, kebab-case,
// with a text in both of the renderer's languages; no snake_case code is left in the sources. One
// catalogue of their texts (`error.<code>`) and one renderer helper that reads it (renderer/src/call.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.js';
import { zhCN } from '../../renderer/src/i18n/zh-CN.js';
import type { IoErrorCode } from '../../electron/formats/io-errors.js';
import { DETAIL_CODES, ERROR_CODES, KEBAB_CASE, type ErrorCode } from '../../shared/error-codes.js';
import { IpcErrorCode } from '../../shared/ipc/envelope.js';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

describe('error codes', () => {
  it('are kebab-case, each once, the IPC layer\'s included', () => {
    for (const c of ERROR_CODES) expect(c).toMatch(KEBAB_CASE);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const c of Object.values(IpcErrorCode)) expect(ERROR_CODES).toContain(c);
  });

  it('each has a text in Chinese and in English', () => {
    const missing = ERROR_CODES.flatMap((c) => [
      ...(Object.hasOwn(zhCN, `error.${c}`) ? [] : [`zh-CN ${c}`]),
      ...(Object.hasOwn(en, `error.${c}`) ? [] : [`en ${c}`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('have one catalogue: error.<code> for the codes of the table (and unknown), no second prefix for a code', () => {
    for (const catalogue of [en, zhCN]) {
      const keys = Object.keys(catalogue);
      expect(keys.filter((k) => k.startsWith('error.')).sort()).toEqual([...ERROR_CODES, 'unknown'].map((c) => `error.${c}`).sort());
      // Another catalogue of the same codes (`live.error.busy`, `dataError.busy`) is a second wording.
      const codes = new Set<string>(ERROR_CODES);
      const twins = keys.filter((k) => !k.startsWith('error.') && /error\.([a-z0-9-]+)$/i.test(k) && codes.has(/error\.([a-z0-9-]+)$/i.exec(k)![1]!));
      expect(twins).toEqual([]);
    }
  });

  it('details (the rule an input broke, shared/error-detail.ts) are kebab-case, each once, no error code twice, with a text in both languages', () => {
    for (const c of DETAIL_CODES) expect(c).toMatch(KEBAB_CASE);
    expect(new Set(DETAIL_CODES).size).toBe(DETAIL_CODES.length);
    expect(DETAIL_CODES.filter((c) => (ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
    const missing = DETAIL_CODES.flatMap((c) => [
      ...(Object.hasOwn(zhCN, `detail.${c}`) ? [] : [`zh-CN ${c}`]),
      ...(Object.hasOwn(en, `detail.${c}`) ? [] : [`en ${c}`]),
    ]);
    expect(missing).toEqual([]);
    // A detail's text for a code outside the table would never be shown: a stale wording.
    const known = new Set<string>(DETAIL_CODES);
    const stale = Object.keys(zhCN).filter((k) => /^detail\.[a-z0-9-]+$/.test(k) && !known.has(k.slice('detail.'.length)));
    expect(stale).toEqual([]);
  });

  it('are turned into text by one renderer helper (renderer/src/call.ts)', () => {
    const builders = sources(join(root, 'renderer/src'))
      .filter((f) => !f.endsWith(join('renderer', 'src', 'call.ts')))
      .filter((f) => /[`'"][\w.]*[eE]rror\.\$\{|[eE]rror\.['"]\s*\+/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(root.length + 1));
    expect(builders).toEqual([]);
  });

  it('no snake_case code is thrown, compared or translated anywhere', () => {
    const found: string[] = [];
    const code = /(?:code\b[^\n]{0,60}|Error\(\s*|Failure\(\s*|Error\.)['"]([a-z]+_[a-z0-9_]+)['"]/g;
    for (const f of [...sources(join(root, 'electron')), ...sources(join(root, 'shared')), ...sources(join(root, 'renderer/src'))]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(code)) found.push(`${f.slice(root.length + 1)}: ${m[1]}`);
      for (const m of text.matchAll(/'error\.([a-z]+_[a-z0-9_]+)'/g)) found.push(`${f.slice(root.length + 1)}: ${m[1]}`);
    }
    expect(found).toEqual([]);
  });
});

// electron/formats/ imports nothing of the application, so its codes are checked here: this line
// does not compile if IoErrorCode holds a code outside the table.
export const ioCodesInTable: (c: IoErrorCode) => ErrorCode = (c) => c;
