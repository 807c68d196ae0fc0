// The live screens' catalogues on their own (the merged catalogues are checked by i18n.test.ts):
// same keys, same placeholders, English free of Chinese, and every key built from data present.
import { describe, expect, it } from 'vitest';
import { liveEn } from '../../renderer/src/i18n/live.en.js';
import { liveZhCN } from '../../renderer/src/i18n/live.zh-CN.js';
import { MessageStates } from '../../shared/message-state.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('live catalogues', () => {
  it('have identical keys and placeholders; English has no Chinese', () => {
    expect(Object.keys(liveEn).sort()).toEqual(Object.keys(liveZhCN).sort());
    for (const key of Object.keys(liveZhCN) as (keyof typeof liveZhCN)[]) {
      expect(placeholders(liveEn[key]), key).toEqual(placeholders(liveZhCN[key]));
      if (!key.endsWith('Placeholder')) expect(/\p{Script=Han}/u.test(liveEn[key]), key).toBe(false);
    }
  });

  it('name every message state, campaign state, link state and skip reason', () => {
    const keys = new Set(Object.keys(liveZhCN));
    for (const s of [...MessageStates, 'partial']) expect(keys.has(`live.state.${s}`), s).toBe(true);
    for (const s of ['draft', 'running', 'paused', 'completed', 'cancelled']) expect(keys.has(`live.campaignState.${s}`), s).toBe(true);
    for (const s of ['not-connected', 'idle', 'connecting', 'ready', 'stopping', 'stopped', 'failed']) expect(keys.has(`live.link.${s}`), s).toBe(true);
    for (const s of ['opt-out', 'frequency-cap', 'signature', 'sensitive-word', 'merge-field', 'unsendable']) expect(keys.has(`live.skip.${s}`), s).toBe(true);
    for (const s of ['empty', 'not-digits', 'wrong-length', 'not-mobile', 'foreign']) expect(keys.has(`live.problem.${s}`), s).toBe(true);
  });
});
