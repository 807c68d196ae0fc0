// The auto-reply rules and quick replies repositories (migration 7) over a real SQLite file: bad
// input refused with the field named and nothing written, rules deleted with their account, quick
// replies trimmed, unique and limited; the daily-cap count reads the audit log.
import { afterAll, describe, expect, it } from 'vitest';
import { AUTO_REPLY_SENT } from '../../electron/store/auto-replies.js';
import { AUTO_REPLY_LIMITS } from '../../shared/auto-reply.js';
import { accountInput, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('auto-reply rules', () => {
  it('stores rules per account and extension, refuses bad fields, and goes with its account', () => {
    const store = openTestStore(tmp.file('rules.db'));
    try {
      const acc = store.accounts.create(accountInput()).id;
      const r = store.autoReplies.add({ matchKind: 'prefix', keyword: '查询', reply: '请登录APP', accountId: acc, srcExt: '88' }, 1000);
      expect(store.autoReplies.list()).toEqual([{ id: r.id, matchKind: 'prefix', keyword: '查询', reply: '请登录APP', accountId: acc, srcExt: '88', createdAt: 1000 }]);
      const bad = (over: object) => () => store.autoReplies.add({ matchKind: 'exact', keyword: 'k', reply: 'r', accountId: null, srcExt: null, ...over } as never);
      expect(bad({ matchKind: 'fuzzy' })).toThrow(/match kind must be exact, prefix or pattern/);
      expect(bad({ keyword: '' })).toThrow(/keyword must not be empty/);
      expect(bad({ reply: 'x'.repeat(AUTO_REPLY_LIMITS.replyChars + 1) })).toThrow(/reply text is 501 characters long/);
      expect(bad({ srcExt: '8a' })).toThrow(/Src_Id extension must be up to 20 digits/);
      expect(store.autoReplies.list()).toHaveLength(1);
      expect(() => store.autoReplies.delete(999)).toThrow(/auto-reply rule 999 does not exist/);
      store.accounts.remove(acc);
      expect(store.autoReplies.list()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('counts a number\'s auto-replies since a time from the audit log', () => {
    const store = openTestStore(tmp.file('count.db'));
    try {
      for (const at of [100, 200, 300]) store.audit.append({ actor: 'auto-reply', action: AUTO_REPLY_SENT, number: '13800138000', details: {}, at });
      store.audit.append({ actor: 'auto-reply', action: 'autoreply.skipped', number: '13800138000', details: {}, at: 400 });
      expect(store.autoReplies.sentSince('13800138000', 200)).toBe(2);
      expect(store.autoReplies.sentSince('+86 138 0013 8000', 0)).toBe(3);
      expect(store.autoReplies.sentSince('13900139000', 0)).toBe(0);
    } finally {
      store.close();
    }
  });
});

describe('quick replies', () => {
  it('are trimmed, unique and limited; delete names a missing one', () => {
    const store = openTestStore(tmp.file('quick.db'));
    try {
      const q = store.quickReplies.add('  您好，已收到。 ', 5);
      expect(store.quickReplies.list()).toEqual([{ id: q.id, text: '您好，已收到。', createdAt: 5 }]);
      expect(() => store.quickReplies.add('您好，已收到。')).toThrow(/saved already/);
      expect(() => store.quickReplies.add('   ')).toThrow(/quick reply must not be empty/);
      for (let i = 1; i < AUTO_REPLY_LIMITS.quickReplies; i++) store.quickReplies.add(`回复 ${i}`);
      expect(() => store.quickReplies.add('one too many')).toThrow(/at most 100 quick replies/);
      store.quickReplies.delete(q.id);
      expect(store.quickReplies.list()).toHaveLength(AUTO_REPLY_LIMITS.quickReplies - 1);
      expect(() => store.quickReplies.delete(q.id)).toThrow(/does not exist/);
    } finally {
      store.close();
    }
  });
});
