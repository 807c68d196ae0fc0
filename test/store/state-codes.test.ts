import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MessageStates } from '../../shared/message-state.js';
import { sqlState, sqlStates, STATE_CODES, stateFromColumn, stateNameSql, stateToColumn } from '../../electron/store/state-codes.js';

describe('stored state codes', () => {
  it('give every state one code and read each back', () => {
    expect([...STATE_CODES].sort()).toEqual([...MessageStates].sort());
    STATE_CODES.forEach((s, i) => expect(stateToColumn(s)).toBe(i));
    for (const s of MessageStates) expect(stateFromColumn(BigInt(stateToColumn(s)))).toBe(s);
    expect(() => stateFromColumn(99)).toThrow(/state code 99/);
  });

  it('keep the released codes: delivered 0, failed 1, unknown 2 (as report outcomes)', () => {
    expect(STATE_CODES.slice(0, 3)).toEqual(['delivered', 'failed', 'unknown']);
    expect(sqlState('delivered')).toBe('0');
    expect(sqlStates(['queued', 'submitting'])).toBe('3, 4');
  });

  it('read codes back as names in SQL', () => {
    const db = new Database(':memory:');
    for (const s of MessageStates) expect(db.prepare(`SELECT ${stateNameSql('?')} AS n`).get(stateToColumn(s))).toEqual({ n: s });
    db.close();
  });
});
