// The demo gateway on its own: a separate demo database seeded once (a second start keeps the data
// and points the account at the new simulator port), the start MOs (incl. a long MO and an
// opt-out), periodic MOs, and behaviour changes validated at run time.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBehaviour, DEMO_ACCOUNT_NAME, DEMO_DB_FILE, DEMO_GROUP_SIZE, DemoGateway } from '../../electron/services/demo/demo-gateway.js';
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { until } from '../support/until.js';

const dir = mkdtempSync(join(tmpdir(), 'cmpp-demo-'));
const cipher = LocalKeyCipher.besideDatabase(join(dir, 'cmpp-desk.db'));
const fast = { pool: { backoff: { initialMs: 50, maxMs: 300, resetAfterMs: 1000 } } };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo gateway', () => {
  it('seeds its own database once, with a 50-number group, a template and the start MOs', async () => {
    const demo = await DemoGateway.start({ dataDir: dir, cipher, workspace: fast, behaviour: { moEverySeconds: 0 } });
    try {
      expect(existsSync(join(dir, DEMO_DB_FILE))).toBe(true);
      expect(existsSync(join(dir, 'cmpp-desk.db'))).toBe(false); // the real database is not touched
      const ws = demo.workspace;
      const account = ws.store.accounts.get(demo.accountId);
      expect(account).toMatchObject({ name: DEMO_ACCOUNT_NAME, host: '127.0.0.1', port: demo.simulator.port, spId: '900001', version: '3.0' });
      expect(ws.store.accounts.getSecret(demo.accountId)).toBe('888888');
      expect(ws.store.contacts.getGroup(demo.groupId!).size).toBe(DEMO_GROUP_SIZE);
      expect(ws.store.templates.get(demo.templateId!).text).toContain('{姓名}');
      // The question, the long MO (reassembled from its two parts) and the opt-out.
      const mos = await until('three start MOs', () => {
        const r = ws.inbox.recent(10);
        return r.length >= 3 ? r : undefined;
      });
      expect(mos.some((m) => m.segmentTotal === 2 && m.complete && m.text!.startsWith('您好，我上周'))).toBe(true);
      expect(mos.find((m) => m.text === '退订')?.optEvent).toBe('opt_out');
      expect(demo.status()).toMatchObject({ running: true, spId: '900001', mosSent: 4 });
    } finally {
      await demo.close();
    }
  }, 30_000);

  it('a second start keeps the data, points the account at the new port and sends no start MOs again', async () => {
    const demo = await DemoGateway.start({ dataDir: dir, cipher, workspace: fast, behaviour: { moEverySeconds: 2 } });
    try {
      const ws = demo.workspace;
      expect(ws.store.accounts.list()).toHaveLength(1);
      expect(ws.store.accounts.get(demo.accountId).port).toBe(demo.simulator.port);
      expect(ws.store.contacts.listGroups()).toHaveLength(1);
      const before = ws.inbox.recent(100).length;
      expect(before).toBe(3);
      // Periodic MO traffic every 2 s.
      await until('a periodic MO', () => ws.inbox.recent(100).length > before, 15_000);
      // Behaviour at run time; bad values refused with a clear error.
      expect(demo.setBehaviour({ undeliveredShare: 0.5, moEverySeconds: 0 })).toMatchObject({ undeliveredShare: 0.5, moEverySeconds: 0 });
      expect(() => demo.setBehaviour({ undeliveredShare: 0.7, expiredShare: 0.4 })).toThrow(/add up to more than 1/);
      expect(() => demo.setBehaviour({ reportDelayMs: { min: 10, max: 5 } })).toThrow(/below the minimum/);
      expect(() => demo.setBehaviour({ moEverySeconds: 1 })).toThrow(/MO interval/);
      await expect(demo.sendMo({ from: 'abc', text: 'x' })).rejects.toThrow(/1 to 21 digits/);
    } finally {
      await demo.close();
    }
    await expect(demo.sendMo({ from: '13900001001', text: 'x' })).rejects.toThrow(/stopped/);
  }, 30_000);

  it('checks behaviour values', () => {
    const ok = { reportDelayMs: { min: 0, max: 0 }, undeliveredShare: 0, expiredShare: 1, moEverySeconds: 0 };
    expect(checkBehaviour(ok)).toEqual(ok);
    expect(() => checkBehaviour({ ...ok, undeliveredShare: Number.NaN })).toThrow(/fraction/);
    expect(() => checkBehaviour({ ...ok, reportDelayMs: { min: 0, max: 600_001 } })).toThrow(/600000/);
  });
});
