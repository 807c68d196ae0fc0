// The catalogues domain by domain (the merged catalogues are checked by i18n.test.ts): same keys,
// same placeholders, English free of Chinese, and every key built from data present.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en as liveEn } from '../../renderer/src/i18n/en.js';
import { zhCN as liveZhCN } from '../../renderer/src/i18n/zh-CN.js';
import { MessageStates } from '../../shared/message-state.js';

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
// main's English detail of an error ({message}) is shown in the English UI only: the Chinese text of
// an error code says what happened and what to do without it.
const samePlaceholders = (key: string, en: string, zh: string) =>
  expect(placeholders(en).filter((p) => !(p === 'message' && /^error(Detail)?\./.test(key) && !zh.includes('{message}'))), key).toEqual(placeholders(zh));

// The renderer's catalogues and the shared ones main writes with (shared/i18n/).
const i18nDirs = [join(import.meta.dirname, '../../renderer/src/i18n'), join(import.meta.dirname, '../../shared/i18n')];

describe('catalogues', () => {
  it('come in pairs, one per domain, with identical keys and placeholders; English has no Chinese', async () => {
    for (const i18nDir of i18nDirs) {
      expect(readdirSync(join(i18nDir, 'en')).sort()).toEqual(readdirSync(join(i18nDir, 'zh-CN')).sort());
      for (const d of readdirSync(join(i18nDir, 'zh-CN')).map((f) => f.replace(/\.ts$/, ''))) {
        const zh = Object.values(await import(join(i18nDir, 'zh-CN', `${d}.ts`)))[0] as Record<string, string>;
        const en = Object.values(await import(join(i18nDir, 'en', `${d}.ts`)))[0] as Record<string, string>;
        expect(Object.keys(en).sort(), d).toEqual(Object.keys(zh).sort());
        for (const key of Object.keys(zh)) {
          samePlaceholders(key, en[key]!, zh[key]!);
          if (!key.endsWith('Placeholder')) expect(/\p{Script=Han}/u.test(en[key]!), key).toBe(false);
        }
      }
    }
  });

  it('name every message state, campaign state, link state and skip reason', () => {
    const keys = new Set(Object.keys(liveZhCN));
    for (const s of [...MessageStates, 'partial']) expect(keys.has(`deliveryLog.state.${s}`), s).toBe(true);
    // One name per message state, for every screen, the export and the CLI: a second table of state
    // names (which once called in_doubt two different things) fails here.
    const states = new Set<string>([...MessageStates, 'partial']);
    const twins = [...keys].filter((k) => /\.state\.[a-z_]+$/.test(k) && states.has(k.split('.').pop()!) && !k.startsWith('deliveryLog.state.'));
    expect(twins).toEqual([]);
    for (const s of ['draft', 'running', 'paused', 'completed', 'cancelled']) expect(keys.has(`live.campaignState.${s}`), s).toBe(true);
    for (const s of ['not-connected', 'idle', 'connecting', 'ready', 'stopping', 'stopped', 'failed']) expect(keys.has(`live.link.${s}`), s).toBe(true);
    for (const s of ['opt-out', 'frequency-cap', 'signature', 'sensitive-word', 'merge-field', 'unsendable']) expect(keys.has(`live.skip.${s}`), s).toBe(true);
    for (const s of ['empty', 'not-digits', 'wrong-length', 'not-mobile', 'foreign']) expect(keys.has(`live.problem.${s}`), s).toBe(true);
  });
});
