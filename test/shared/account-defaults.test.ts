// Account defaults and limits: one table (shared/account-defaults.ts) that the IPC contract, the
// store and the engine's session all follow, so the Settings editor, the CLI and the engine agree.
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAccountConfig } from '../../electron/cmpp/session/account-config.js';
import { ACCOUNT_DEFAULTS, ACCOUNT_LIMITS, registeredDeliveryValues } from '../../shared/account-defaults.js';
import { accountSettingsArgs } from '../../shared/ipc/contract/accounts.js';
import { accountInput, openTestStore, tempDir } from '../store/helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const numeric = Object.entries(ACCOUNT_LIMITS).filter(([k]) => k !== 'signature' && k !== 'gatewayAppends') as [
  keyof typeof ACCOUNT_DEFAULTS & keyof typeof ACCOUNT_LIMITS,
  { min: number; max: number },
][];

const contractAccepts = (field: string, value: unknown): boolean => {
  try {
    accountSettingsArgs.shape[field as keyof typeof accountSettingsArgs.shape].check(value, field);
    return true;
  } catch {
    return false;
  }
};

describe('account defaults and limits', () => {
  it('every default lies within its limit', () => {
    for (const [k, l] of numeric) {
      if (k === 'port') continue; // the port has no useful default beyond the custom 7890
      expect(ACCOUNT_DEFAULTS[k], k).toBeGreaterThanOrEqual(l.min);
      expect(ACCOUNT_DEFAULTS[k], k).toBeLessThanOrEqual(l.max);
    }
    expect(registeredDeliveryValues('3.0')).toContain(ACCOUNT_DEFAULTS.registeredDelivery);
  });

  it('the IPC contract accepts exactly the table\'s range', () => {
    for (const [k, l] of numeric) {
      expect(contractAccepts(k, l.min), `${k} min`).toBe(true);
      expect(contractAccepts(k, l.max), `${k} max`).toBe(true);
      expect(contractAccepts(k, l.min - 1), `${k} below min`).toBe(false);
      expect(contractAccepts(k, l.max + 1), `${k} above max`).toBe(false);
    }
    for (const k of ['signature', 'gatewayAppends'] as const) {
      expect(contractAccepts(k, 'x'.repeat(ACCOUNT_LIMITS[k].max))).toBe(true);
      expect(contractAccepts(k, 'x'.repeat(ACCOUNT_LIMITS[k].max + 1))).toBe(false);
    }
  });

  it('the store accepts the table\'s range and refuses past it; Registered_Delivery 2 only in 2.0', () => {
    const store = openTestStore(tmp.file('limits.db'));
    let n = 0;
    const tryCreate = (over: Record<string, unknown>) => {
      try {
        store.accounts.create(accountInput({ name: `a${++n}`, ...over }));
        return true;
      } catch {
        return false;
      }
    };
    for (const [k, l] of numeric) {
      expect(tryCreate({ [k]: l.max }), `${k} max`).toBe(true);
      expect(tryCreate({ [k]: l.max + 1 }), `${k} above max`).toBe(false);
    }
    expect(tryCreate({ version: '2.0', registeredDelivery: 2 })).toBe(true);
    expect(tryCreate({ version: '3.0', registeredDelivery: 2 })).toBe(false);
    store.close();
  });

  it('the engine\'s session takes the same maxima', () => {
    const base = { host: '127.0.0.1', port: 7890, version: '3.0' as const, spId: '900001', secret: 's', onDeliver: () => undefined };
    const L = ACCOUNT_LIMITS;
    expect(() => resolveAccountConfig({ ...base, window: L.window.max })).not.toThrow();
    expect(() => resolveAccountConfig({ ...base, window: L.window.max + 1 })).toThrow();
    expect(() => resolveAccountConfig({ ...base, connections: L.connections.max + 1 })).toThrow();
    expect(() => resolveAccountConfig({ ...base, maxDestinations: L.destsPerSubmit.max + 1 })).toThrow();
    expect(() => resolveAccountConfig({ ...base, port: L.port.max + 1 })).toThrow();
  });
});
