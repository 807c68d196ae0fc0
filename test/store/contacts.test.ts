import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../electron/store/store.js';
import { numbers, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
let store: Store;
beforeAll(() => {
  store = openTestStore(tmp.file('contacts.db'));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('contacts and groups', () => {
  it('adds 100,000 members in chunks, keeps the size, pages them back in order', () => {
    const g = store.contacts.createGroup('big');
    function* rows() {
      for (const { number } of numbers(100_000)) yield { number, name: `n${number}`, fields: { city: '北京', 积分: String(Number(number) % 97) } };
    }
    const steps = [...store.contacts.addMembers(g.id, rows(), { chunkSize: 20_000 })];
    expect(steps).toHaveLength(5);
    expect(steps.at(-1)).toMatchObject({ processed: 100_000, added: 100_000, duplicates: 0 });
    expect(store.contacts.getGroup(g.id).size).toBe(100_000);
    let count = 0;
    let last = '';
    for (const chunk of store.contacts.memberChunks(g.id, 30_000)) {
      count += chunk.length;
      last = chunk.at(-1)!.number;
    }
    expect(count).toBe(100_000);
    expect(last).toBe(String(13800000000 + 99_999));
    const one = store.contacts.findMember(g.id, '+8613800000042')!;
    expect(one.fields).toEqual({ city: '北京', 积分: String(13800000042 % 97) });
  });

  it('applies the stated duplicate rule: keep the first row, or let the later row replace it', () => {
    const g = store.contacts.createGroup('dups');
    const input = [
      { number: '13900000001', name: 'first' },
      { number: '8613900000001', name: 'second', fields: { x: '1' } },
      { number: '13900000002' },
    ];
    expect([...store.contacts.addMembers(g.id, input)].at(-1)).toMatchObject({ added: 2, duplicates: 1, replaced: 0 });
    expect(store.contacts.findMember(g.id, '13900000001')!.name).toBe('first');
    expect([...store.contacts.addMembers(g.id, input.slice(1), { rule: 'replace' })].at(-1)).toMatchObject({ added: 0, replaced: 2 });
    expect(store.contacts.findMember(g.id, '13900000001')).toMatchObject({ name: 'second', fields: { x: '1' } });
    expect(store.contacts.getGroup(g.id).size).toBe(2);
  });

  it('refuses bad rows with their row number, before writing that chunk', () => {
    const g = store.contacts.createGroup('bad');
    expect(() => [...store.contacts.addMembers(g.id, [{ number: '13900000003' }, { number: '' }])]).toThrow(/row 2: number is empty/);
    expect(() => [...store.contacts.addMembers(g.id, [{ number: '13900000003', fields: { n: 1 as never } }])]).toThrow(/merge field "n" must be text/);
    expect(store.contacts.getGroup(g.id).size).toBe(0);
  });

  it('finds the groups of a number, removes members, renames, and deletes a group in chunks', () => {
    const a = store.contacts.createGroup('a');
    const b = store.contacts.createGroup('b');
    for (const _ of store.contacts.addMembers(a.id, [{ number: '13700000001' }, { number: '13700000002' }]));
    for (const _ of store.contacts.addMembers(b.id, [{ number: '13700000001' }]));
    expect(store.contacts.groupsOf('13700000001').map((g) => g.name)).toEqual(['a', 'b']);
    expect(store.contacts.removeMember(a.id, '13700000002')).toBe(true);
    expect(store.contacts.getGroup(a.id).size).toBe(1);
    expect(() => store.contacts.createGroup('b')).toThrow(/already exists/);
    expect(store.contacts.renameGroup(b.id, 'b2').name).toBe('b2');
    const big = store.contacts.findGroup('big')!;
    const deleted = [...store.contacts.deleteGroup(big.id, 40_000)];
    expect(deleted).toEqual([40_000, 40_000, 20_000]);
    expect(store.contacts.findGroup('big')).toBeNull();
    expect(store.contacts.members(big.id)).toEqual([]);
  });
});

describe('contact field bounds (shared/input-limits.ts)', () => {
  it('refuses an over-long name, field name or value, and too many fields, whatever the entry point', () => {
    const t = tempDir();
    const store = openTestStore(t.file('bounds.db'));
    try {
      const g = store.contacts.createGroup('bounds');
      const add = (c: { number: string; name?: string; fields?: Record<string, string> }) => {
        const gen = store.contacts.addMembers(g.id, [c]);
        while (!gen.next().done);
      };
      expect(() => add({ number: '13800138000', name: 'a'.repeat(52_428_800) })).toThrow(/row 1: the name is longer than 100 characters/);
      expect(() => add({ number: '13800138000', fields: { ['k'.repeat(65)]: 'v' } })).toThrow(/name is longer than 64 characters/);
      expect(() => add({ number: '13800138000', fields: { note: 'v'.repeat(1001) } })).toThrow(/"note" is longer than 1,000 characters/);
      expect(() => add({ number: '13800138000', fields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'x'])) })).toThrow(/51 merge fields; at most 50/);
      add({ number: '13800138000', name: '张'.repeat(100), fields: { note: 'v'.repeat(1000) } });
      expect(store.contacts.findGroup('bounds')!.size).toBe(1);
    } finally {
      store.close();
      t.cleanup();
    }
  });
});
