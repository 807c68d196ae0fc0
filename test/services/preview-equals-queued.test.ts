// The Composer's batch plan and campaign creation walk the recipients the same way
// (electron/services/campaigns/recipient-walk.ts), so the preview's counts are the counts queued:
// members stored as +86..., a number repeated after normalisation, an unusable stored number, an
// opted-out number and a pasted duplicate all count the same in both.
import { afterEach, describe, expect, it } from 'vitest';
import { BatchPlanner } from '../../electron/services/composer/batch-plan.js';
import { startEngine, type Engine } from './fixtures/engine.js';

let e: Engine | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

describe('preview counts = queued counts', () => {
  it('for a group with numbers to normalise, duplicates, an invalid and an opted-out member', async () => {
    e = await startEngine({ account: { signature: '【店】' } });
    const { ws } = e;
    const g = ws.store.contacts.createGroup('mixed');
    const members = ['13800000001', '+8613800000002', '8613800000001', '13800000003', '13800000004', '13800000005', '12345'];
    // Stored as given (the store keeps what the import kept); the campaign checks them again.
    ws.store.db
      .prepare(`INSERT INTO contacts (group_id, number, name, fields, created_at) SELECT ?, value, '', '{}', 0 FROM json_each(?)`)
      .run(g.id, JSON.stringify(members));
    ws.store.optOuts.add('13800000004', 'manual');
    const numbers = '13800000005\n13900000009';
    const group = ws.store.contacts.getGroup(g.id);
    const plan = await new BatchPlanner().plan(ws, e.account, '【店】周末快乐', [group], numbers);
    const made = await ws.campaigns.create({ accountId: e.account.id, text: '【店】周末快乐', groupIds: [g.id], numbers });
    expect(plan.toSend).toBe(made.queued);
    expect(plan.skipped).toBe(made.skipped);
    expect(plan.skippedByReason).toEqual(made.skippedByReason);
    expect(plan.duplicates).toBe(made.duplicates);
    expect(plan.invalidCount).toBe(made.invalid.length);
    expect(plan.recipients).toBe(made.messages);
    // The fixture's own numbers: 13800000001..5 and 13900000009 distinct; 8613800000001 repeats;
    // 12345 refused; 13800000004 opted out.
    expect(made).toMatchObject({ queued: 5, skipped: 1, duplicates: 2 });
  });
});
